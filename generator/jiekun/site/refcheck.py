"""The validation stage for prose: every ``figure(...)``/``change(...)`` in ``docs/**/*.md`` resolves.

A data change that removes, renames or duplicates a figure a page cites is caught by
``jiekun validate`` (and so in the pull request), not only by the site build; so is any
``{{ name(...) }}`` call the build would stop on (an unknown function, arguments that do not
parse or fit), checked by the same :func:`jiekun.site.expand.read_call`.  Cheap by design: only
a page that contains ``{{`` is searched for calls, and the figures table is
consulted only for the ids, regions and metrics the pages name (one polars filter), so the
cost does not grow with the number of rows beyond that filter.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from jiekun.core.i18n import _, mark
from jiekun.core.issues import Issue, Report, error
from jiekun.core.suggest import did_you_mean
from jiekun.data.catalog import Catalog
from jiekun.data.checked import Checked
from jiekun.data.validate import check as check_data
from jiekun.model.refs import CALL, Ref, RefError, check_pair, make_ref, region_code, resolve
from jiekun.site import frontmatter, handtyped
from jiekun.site.expand import UnreadableCall, meta_lines, read_call

NAMES = ("figure", "change")
FRONT_MATTER = ("title", "description")
PREFILTER = "{{"
POSTS = "docs/updates/posts/"
HINTS = {  # translated where they are shown
    "unresolved-reference": mark("cite an existing figure id (datasets/outcomes/outcomes.csv) or fix the keywords"),
    "ambiguous-reference": mark("cite one of the figures by id, or add period=, register=, category= or source="),
    "mismatched-change": mark("compare two figures of one region, metric, unit and register, the earlier first"),
    "bad-reference": mark('write figure("id"), figure(region=..., metric=..., period=...) or change(a, b)'),
}


@dataclasses.dataclass
class Call:
    file: str
    line: int
    name: str
    refs: list[Ref]
    by: str = "percent"


def _calls(root: Path) -> Iterator[Call | Issue]:
    """The figure calls of every page under ``root/docs`` (or an Issue for one that cannot be read)."""

    for path in sorted((root / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        if PREFILTER not in text:
            continue
        file = path.relative_to(root).as_posix()
        body, keys = _body_start(text), meta_lines(text)
        for match in CALL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            try:
                name, args, kwargs = read_call(match.group(1))
                if match.start() < body:  # under the last key that starts on or before its line
                    _check_front_matter(name, max(((n, k) for k, n in keys.items() if n <= line), default=(0, ""))[1])
                if name not in NAMES:
                    continue
                yield _call(file, line, name, args, kwargs)
            except (SyntaxError, UnreadableCall):
                yield error(file, line, None, "bad-reference", *unreadable(match.group(0)))
            except (ValueError, TypeError) as exc:
                code = exc.code if isinstance(exc, RefError) else "bad-reference"
                yield error(file, line, None, code, _("{0}: {1}").format(match.group(0), exc), _(HINTS[code]))


def unreadable(call: str) -> tuple[str, str]:
    """(message, hint) for a call that cannot be read, in words a writer acts on, never the parser's."""
    message = _("{call} cannot be read").format(call=call)
    if any(q in call for q in "“”‘’"):
        return message, _("use half-width quotes: write \" (or ') in place of “ ” (or ‘ ’), "
                          "e.g. {{ figure(\"id\") }}")
    if '\\"' in call or "\\'" in call:
        return message, _("remove the backslashes before the quotes; in a title or description, put the whole "
                          "value in single quotes: description: '…{{ figure(\"id\") }}…'")
    if call.count("(") != call.count(")"):
        return message, _("a bracket is missing: a call is written {{ figure(\"id\") }}, with ( and )")
    return message, _("write it as {{ figure(\"id\") }}: the id in half-width double quotes, "
                      "keywords as region=\"…\", separated by half-width commas")


def _check_front_matter(name: str, key: str) -> None:
    """Front matter: figures only, and only in ``title`` and ``description`` (the keys the site
    build writes out, as plain text; see :func:`jiekun.site.expand.expand_plain`)."""
    if key not in FRONT_MATTER:
        message = _("front matter: calls are written out only in {0}, not in {1}")
        raise RefError("bad-reference", message.format(" and ".join(FRONT_MATTER), key))
    if name not in NAMES:
        message = _("{0}: only figure() and change() can be used in a title or description")
        raise RefError("bad-reference", message.format(name))


def _body_start(text: str) -> int:
    """Where a page's Markdown starts: after its YAML front matter, if it has one."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return end + 5
    return 0


def _call(file: str, line: int, name: str, args: list[Any], kwargs: dict[str, Any]) -> Call:
    if name == "figure":
        return Call(file, line, name, [make_ref(*args, **kwargs)])
    by = kwargs.pop("by", "percent")
    if not isinstance(kwargs.pop("since", True), bool):
        raise RefError("bad-reference", _("change(): since= is True or False"))
    if len(args) != 2 or kwargs:
        raise RefError("bad-reference", _("change() takes two figures (ids or dicts of filters), by= and since="))
    return Call(file, line, name, [make_ref(args[0]), make_ref(args[1])], str(by))


def _names(tables: dict[str, Any]) -> tuple[set[str], dict[str, list[str]]]:
    if "regions" not in tables:
        return set(), {}
    codes: set[str] = set()
    names: dict[str, list[str]] = {}
    for code, name in tables["regions"].typed.select("code", "name_zh").iter_rows():
        codes.add(code)
        names.setdefault(name, []).append(code)
    return codes, names


def _figures(tables: dict[str, Any], calls: list[Call], regions: set[str]) -> list[dict[str, Any]]:
    """Only the figures the calls could mean: by id, or of a named region and metric."""
    refs = [ref for call in calls for ref in call.refs]
    ids = [r.id for r in refs if r.id is not None]
    metrics = [r.get("metric") for r in refs if r.id is None]
    if "outcomes" not in tables:
        return []
    frame: pl.DataFrame = tables["outcomes"].typed
    wanted = pl.col("id").is_in(ids) | (pl.col("metric").is_in(metrics) & pl.col("region").is_in(list(regions)))
    return frame.filter(wanted).drop("__line").to_dicts()


def docs_issues(root: Path, tables: dict[str, Any]) -> list[Issue]:
    """An Issue for every figure reference in ``root/docs`` that resolves to none or several figures."""
    if not (root / "docs").is_dir():
        return []
    found = list(_calls(root))
    issues = [i for i in found if isinstance(i, Issue)]
    calls = [c for c in found if isinstance(c, Call)]
    if not calls:
        return issues
    codes, names = _names(tables)
    regions = set()
    for ref in (r for c in calls for r in c.refs if r.id is None):
        with contextlib.suppress(RefError):  # reported below, with its page and line
            regions.add(region_code(str(ref.get("region")), names, codes))
    rows = _figures(tables, calls, regions)
    by_id = {row["id"]: row for row in rows}
    by_region: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_region.setdefault(row["region"], []).append(row)
    for call in calls:
        try:
            figs = [_resolve(ref, by_id, by_region, names, codes) for ref in call.refs]
            if call.name == "change":
                check_pair(figs[0], figs[1], call.by)
        except RefError as exc:
            message = _("{0}({1}): {2}").format(call.name, ", ".join(map(str, call.refs)), exc)
            issues.append(error(call.file, call.line, None, exc.code, message + _near_id(call, exc, tables),
                                _(HINTS[exc.code])))
    return issues


def _near_id(call: Call, exc: RefError, tables: dict[str, Any]) -> str:
    """"; did you mean …?" for a figure id that is not in the data (one letter off)."""
    if exc.code != "unresolved-reference" or "outcomes" not in tables:
        return ""
    ids = tables["outcomes"].typed["id"]
    missing = [r.id for r in call.refs if r.id is not None and not ids.is_in([r.id]).any()]
    return did_you_mean(missing[0], ids.to_list()) if missing else ""


def _resolve(ref: Ref, by_id: dict[str, Any], by_region: dict[str, list[dict[str, Any]]],
             names: dict[str, list[str]], codes: set[str]) -> Any:
    if ref.id is not None:
        return resolve(ref, by_id, [])
    code = region_code(str(ref.get("region")), names, codes)
    return resolve(ref, {}, by_region.get(code, []), code)


def page_issues(root: Path, tables: dict[str, Any]) -> list[Issue]:
    """Each page's front matter as YAML (a post with one title); a warning for each figure typed by
    hand in a post, or in a page that cites figures with calls."""
    known = handtyped.wordings(tables["outcomes"].typed.select("id", "value_as_published").iter_rows(named=True)
                               if "outcomes" in tables and "value_as_published" in tables["outcomes"].typed.columns
                               else [])
    found = []
    for path in sorted((root / "docs").rglob("*.md")):
        file = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        found += frontmatter.issues(file, text, post=file.startswith(POSTS))
        if file.startswith(POSTS) or CALL.search(text):
            found += handtyped.issues(file, text, known)
    return found


def check(root: Path | str = ".", catalog: Catalog | None = None) -> tuple[Report, dict[str, Checked]]:
    """Validate a project: its data packages (:func:`jiekun.data.validate.check`), then every
    figure its ``docs/`` pages cite.  What ``jiekun validate`` and the build report."""
    start = time.perf_counter()
    report, tables = check_data(root, catalog)
    report.extend(docs_issues(Path(root), tables))
    if (Path(root) / "docs").is_dir():
        report.extend(page_issues(Path(root), tables))
    report.seconds = time.perf_counter() - start
    return report, tables


def validate(root: Path | str = ".") -> Report:
    """The report of :func:`check`."""
    return check(root)[0]
