"""Resources the fast path does not implement are validated by frictionless itself.

:func:`frictionless_issues` runs frictionless on one resource, in the context of its data
package (so foreign keys into the other resources are checked), and maps each error to an
:class:`~jiekun.core.issues.Issue`: frictionless' error type is the code, its field name the
field, and its row number (a count of CSV records) becomes the physical line the record
starts on.  frictionless is imported only here, and only when a resource needs it.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error
from jiekun.data.catalog import Resource
from jiekun.data.schema import Dialect, read_dialect

#: frictionless error types about the descriptor, not the data: reported without a line
DESCRIPTOR_ERRORS = frozenset({"package-error", "resource-error", "schema-error", "field-error",
                               "dialect-error", "checklist-error", "inquiry-error", "detector-error"})
#: frictionless' error type -> jiekun's code: the same name where jiekun has that code; the rarer
#: types become the nearest documented code (any other type becomes source-error, its name in the message)
FRICTIONLESS_CODES = {
    "type-error": "type-error", "constraint-error": "constraint-error", "missing-cell": "missing-cell",
    "extra-cell": "extra-cell", "blank-row": "blank-row", "primary-key": "primary-key",
    "foreign-key": "foreign-key", "unique-error": "unique-error", "blank-label": "blank-label",
    "duplicate-label": "duplicate-label", "extra-label": "extra-label", "missing-label": "missing-label",
    "incorrect-label": "incorrect-label", "blank-header": "blank-header", "encoding-error": "encoding-error",
    "source-error": "source-error", "package-error": "package-error", "schema-error": "schema-error",
    "field-error": "schema-error", "resource-error": "package-error", "dialect-error": "package-error",
}


def code_of(frictionless_type: str) -> str:
    return FRICTIONLESS_CODES.get(frictionless_type, "source-error")


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
        kind = str(err.type)
        code = code_of(kind)
        row = getattr(err, "row_number", None)
        if row is None and getattr(err, "row_numbers", None):
            row = err.row_numbers[0]
        line = None if kind in DESCRIPTOR_ERRORS else _line(row, starts)
        if code in ROW_SHAPE:
            if (line, code) not in seen:
                seen.add((line, code))
                yield error(file, line, None, code,
                    _("this row's cells do not match the header") if code == "missing-cell"
                            else _("this row has more cells than the header"))
            continue
        field = getattr(err, "field_name", None)
        cell = getattr(err, "cell", None)
        shown = f"{cell!r}: {err.note}" if cell is not None and err.note else str(err.message)
        yield error(file, line, field or None, code, shown if kind == code else _("[{0}] {1}").format(kind, shown))


def frictionless_issues(resource: Resource, descriptor_path: Path) -> tuple[list[Issue], int]:
    """Every error frictionless finds in ``resource``, as issues (never an exception), and the rows it read."""
    with warnings.catch_warnings():
        # frictionless may leave a file open when it fails to read one: collect it here, quietly
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return _frictionless_issues(resource, descriptor_path)
        finally:
            gc.collect()


def _frictionless_issues(resource: Resource, descriptor_path: Path) -> tuple[list[Issue], int]:
    import frictionless

    file = resource.relpath
    try:
        package = frictionless.Package(str(descriptor_path))
        target = package.get_resource(resource.name)
        report = target.validate(limit_errors=10**9)
    except frictionless.FrictionlessException as exc:
        code = code_of(str(exc.error.type))
        return [error(f"datasets/{descriptor_path.name}", None, None, code, str(exc.error.note))], 0
    except Exception as exc:  # noqa: BLE001 - a crash inside frictionless is reported, never raised
        return [error(file, None, None, "source-error", _("frictionless could not read this resource: {0}").format(
            exc))], 0
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    rows = sum(int(task.stats.get("rows") or 0) for task in report.tasks)
    if not errors:
        return [], rows
    try:
        starts = record_lines(_text(resource.path, target.encoding), read_dialect(resource.descriptor.get("dialect")))
    except OSError:
        starts = []
    return list(_issues(iter(errors), file, starts)), rows


#: descriptor properties the fast path reads or that carry metadata only; a descriptor with any other
#: (or with a resource frictionless validates) is also checked against frictionless' Data Package profile
PACKAGE_KEYS = frozenset({"name", "title", "description", "version", "resources", "licenses", "sources",
                          "contributors", "keywords", "homepage", "created", "id", "image", "$schema"})
RESOURCE_KEYS = frozenset({"name", "path", "title", "description", "schema", "format", "mediatype", "encoding",
                           "bytes", "hash", "sources", "licenses", "type", "scheme", "$schema"})


def _known(descriptor: dict[str, Any], keys: frozenset[str]) -> bool:
    """Whether every property is one of ``keys`` or an extension (``x-…``), which frictionless ignores."""
    return all(k in keys or k.startswith("x-") for k in descriptor)


def descriptor_issues(descriptor: Any, descriptor_path: Path, slow: bool) -> list[Issue]:
    """frictionless' own check of a package descriptor, where it has properties jiekun does not read."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return []
    usual = _known(descriptor, PACKAGE_KEYS) and all(isinstance(r, dict) and _known(r, RESOURCE_KEYS)
                                                     for r in resources)
    if usual and not slow:
        return []
    import frictionless

    file = f"datasets/{descriptor_path.name}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            frictionless.Package(str(descriptor_path))
    except frictionless.FrictionlessException as exc:
        return [_descriptor_issue(file, e) for e in exc.reasons or [exc.error]]
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        return [error(file, None, None, "package-error", str(exc))]
    return []


def _descriptor_issue(file: str, err: Any) -> Issue:
    code = code_of(str(err.type))
    return error(file, None, None, code, str(err.note))
