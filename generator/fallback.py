"""Resources the fast path does not implement are validated by frictionless itself.

:func:`frictionless_issues` runs frictionless on one resource, in the context of its data
package (so foreign keys into the other resources are checked), and maps each error to an
:class:`~generator.issues.Issue`: frictionless' error type is the code, its field name the
field, and its row number (a count of CSV records) becomes the physical line the record
starts on.  frictionless is imported only here, and only when a resource needs it.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .catalog import Resource
from .issues import Issue, error
from .schema import Dialect, read_dialect

#: frictionless error types about the descriptor, not the data: reported without a line
DESCRIPTOR_ERRORS = frozenset({"package-error", "resource-error", "schema-error", "field-error",
                               "dialect-error", "checklist-error", "inquiry-error", "detector-error"})


def record_lines(text: str, dialect: Dialect) -> list[int]:
    """The physical line each CSV record starts on, in the order frictionless numbers rows (from 1)."""
    options: dict[str, Any] = {"delimiter": dialect.delimiter[:1] or ",", "quotechar": dialect.quote_char[:1] or None,
                               "doublequote": dialect.double_quote, "escapechar": dialect.escape_char,
                               "skipinitialspace": dialect.skip_initial_space}
    if options["quotechar"] is None:
        options["quoting"] = csv.QUOTE_NONE
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    starts, line = [], 1
    try:
        for _row in reader:  # blank and comment lines are records too: frictionless numbers them
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        pass
    return starts


def _text(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    try:
        name = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        name = "utf-8"
    text = data.decode(name, errors="replace")
    return text.removeprefix("\ufeff")


def _line(row: int | None, starts: list[int]) -> int | None:
    if row is None:
        return None
    return starts[row - 1] if 0 < row <= len(starts) else row


#: reported once per row, without a field, as the fast path reports them
ROW_SHAPE = frozenset({"missing-cell", "extra-cell"})


def _issues(errors: Iterator[Any], file: str, starts: list[int]) -> Iterator[Issue]:
    seen: set[tuple[int | None, str]] = set()
    for err in errors:
        code = str(err.type)
        row = getattr(err, "row_number", None)
        if row is None and getattr(err, "row_numbers", None):
            row = err.row_numbers[0]
        line = None if code in DESCRIPTOR_ERRORS else _line(row, starts)
        if code in ROW_SHAPE:
            if (line, code) not in seen:
                seen.add((line, code))
                yield error(file, line, None, code, "this row's cells do not match the header" if code == "missing-cell"
                            else "this row has more cells than the header")
            continue
        field = getattr(err, "field_name", None)
        yield error(file, line, field or None, code, str(err.message))


def frictionless_issues(resource: Resource, descriptor_path: Path) -> list[Issue]:
    """Every error frictionless finds in ``resource``, as issues (never an exception)."""
    import frictionless

    file = resource.relpath
    try:
        package = frictionless.Package(str(descriptor_path))
        target = package.get_resource(resource.name)
        report = target.validate(limit_errors=10**9)
    except frictionless.FrictionlessException as exc:
        return [error(f"datasets/{descriptor_path.name}", None, None, str(exc.error.type), str(exc.error.note))]
    except Exception as exc:  # noqa: BLE001 - a crash inside frictionless is reported, never raised
        return [error(file, None, None, "source-error", f"frictionless could not read this resource: {exc}")]
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    if not errors:
        return []
    try:
        starts = record_lines(_text(resource.path, target.encoding), read_dialect(resource.descriptor.get("dialect")))
    except OSError:
        starts = []
    return list(_issues(iter(errors), file, starts))


#: descriptor properties the fast path reads or that carry metadata only; a descriptor with any other
#: (or with a resource frictionless validates) is also checked against frictionless' Data Package profile
PACKAGE_KEYS = frozenset({"name", "title", "description", "version", "resources", "licenses", "sources",
                          "contributors", "keywords", "homepage", "created", "id", "image", "$schema"})
RESOURCE_KEYS = frozenset({"name", "path", "title", "description", "schema", "format", "mediatype", "encoding",
                           "bytes", "hash", "sources", "licenses", "type", "scheme", "$schema"})


def descriptor_issues(descriptor: Any, descriptor_path: Path, slow: bool) -> list[Issue]:
    """frictionless' own check of a package descriptor, where it has properties jiekun does not read."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return []
    usual = set(descriptor) <= PACKAGE_KEYS and all(isinstance(r, dict) and set(r) <= RESOURCE_KEYS
                                                     for r in resources)
    if usual and not slow:
        return []
    import frictionless

    file = f"datasets/{descriptor_path.name}"
    try:
        frictionless.Package(str(descriptor_path))
    except frictionless.FrictionlessException as exc:
        reasons = exc.reasons or [exc.error]
        return [error(file, None, None, str(e.type), str(e.note)) for e in reasons]
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        return [error(file, None, None, "package-error", str(exc))]
    return []
