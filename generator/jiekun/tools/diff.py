"""What a change does to the published data: rows and site figures between two revisions.

Each side is read with the validator (:func:`jiekun.data.validate.check`), so a table is
named by its data package resource and a row by its primary key: a moved file, reordered
rows or other line endings are not changes.  Figures are written with the very functions the
site pages use (:func:`jiekun.model.views.figure_value`, :func:`jiekun.core.text.period_label`).
Invalid data is still compared as far as it could be read, and the result says so.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from jiekun.core.i18n import _
from jiekun.core.issues import Report
from jiekun.core.periods import period_key
from jiekun.core.report import issue_line
from jiekun.core.text import period_label
from jiekun.data import revisions
from jiekun.data.checked import Checked
from jiekun.data.load import LINE
from jiekun.data.validate import check
from jiekun.model.model import Row, Site, build_site
from jiekun.model.views import figure_value
from jiekun.site.headlines import HeadlineChange, headline_changes

FORMAT = "jiekun-diff/1"
Key = tuple[str, ...]


@dataclasses.dataclass
class Snapshot:
    """One side of a comparison: a revision's tables as validated, and its site model if it could be built."""

    label: str
    commit: str | None
    report: Report
    tables: dict[str, Checked]
    site: Site | None


@dataclasses.dataclass
class RowChange:
    key: dict[str, str]
    line: int
    fields: dict[str, tuple[str, str]]  # field -> (old, new)


@dataclasses.dataclass
class TableDiff:
    name: str
    path: str
    old_path: str | None
    key: list[str]
    columns_added: list[str] = dataclasses.field(default_factory=list)
    columns_removed: list[str] = dataclasses.field(default_factory=list)
    added: list[tuple[int, dict[str, str]]] = dataclasses.field(default_factory=list)
    removed: list[tuple[int, dict[str, str]]] = dataclasses.field(default_factory=list)
    changed: list[RowChange] = dataclasses.field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.columns_added or self.columns_removed or self.added or self.removed or self.changed)


Shown = dict[str, str]  # region, metric, part, period, value: a figure as the site shows it


@dataclasses.dataclass
class FigureChange:
    id: str
    before: Shown | None
    after: Shown | None


@dataclasses.dataclass
class DataDiff:
    base: Snapshot
    head: Snapshot
    tables: list[TableDiff]
    figures: list[FigureChange]
    problems: list[str]
    headlines: list[HeadlineChange] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.tables)


def snapshot(root: Path, label: str, commit: str | None) -> Snapshot:
    """Read the data of ``commit`` (None: the working tree under ``root``)."""
    if commit is None:
        report, tables = check(root)
    else:
        with tempfile.TemporaryDirectory(prefix="jiekun-diff-") as tmp:
            revisions.checkout_data(root, commit, Path(tmp))
            report, tables = check(tmp)
    try:
        site: Site | None = build_site(tables, [])
    except (KeyError, ValueError, TypeError):  # data too broken for the site model: rows are still compared
        site = None
    return Snapshot(label, commit, report, tables, site)


def _rows(checked: Checked, columns: list[str], key: list[str]) -> dict[Key, tuple[int, dict[str, str]]]:
    """Rows by key; a repeated key (or a repeated whole row) gets its occurrence number added."""
    out: dict[Key, tuple[int, dict[str, str]]] = {}
    seen: dict[Key, int] = {}
    present = [c for c in columns if c in checked.table.frame.columns]
    for record in checked.table.frame.select(LINE, *present).iter_rows(named=True):
        row = {c: record.get(c) or "" for c in columns}  # a column the revision lacks reads as empty
        ident = tuple(row[k] for k in key)
        seen[ident] = seen.get(ident, 0) + 1
        out[ident + (str(seen[ident]),)] = (record[LINE], row)
    return out


def _columns(checked: Checked) -> list[str]:
    present = set(checked.table.frame.columns)
    return [name for name in checked.resource.field_names if name in present]


def _primary_key(checked: Checked, columns: list[str]) -> list[str]:
    pk = list(checked.resource.table_schema.primary_key)
    return pk if pk and set(pk) <= set(columns) else columns


def table_diff(old: Checked | None, new: Checked | None) -> TableDiff:
    """Rows added, removed and changed (by primary key; by whole row where there is none)."""
    ref = new or old
    assert ref is not None
    old_cols, new_cols = (_columns(old) if old else []), (_columns(new) if new else [])
    columns = new_cols + [c for c in old_cols if c not in new_cols]
    key = _primary_key(ref, [c for c in columns if c in old_cols and c in new_cols] if old and new else columns)
    moved = old.file if old and new and old.file != new.file else None
    result = TableDiff(ref.resource.name, ref.file, moved, key)
    if old and new:
        result.columns_added = [c for c in new_cols if c not in old_cols]
        result.columns_removed = [c for c in old_cols if c not in new_cols]
    before = _rows(old, columns, key) if old else {}
    after = _rows(new, columns, key) if new else {}
    result.added = [after[k] for k in after if k not in before]
    result.removed = [before[k] for k in before if k not in after]
    for k, (line, row) in after.items():
        if k in before:
            was = before[k][1]
            fields = {c: (was[c], row[c]) for c in columns if was[c] != row[c]}
            if fields:
                result.changed.append(RowChange(dict(zip(key, k, strict=False)), line, fields))
    result.added.sort(key=lambda r: r[0])
    result.removed.sort(key=lambda r: r[0])
    result.changed.sort(key=lambda c: c.line)
    return result


def shown(site: Site, fig: Row) -> Shown | None:
    """A figure as its pages show it, or None when the data is too broken to say."""
    try:
        part = ""
        if fig.get("breakdown"):
            part = site.category_label(site.breakdowns[fig["breakdown"]]["dimension"], fig["category"])
        return {"region": str(site.regions[fig["region"]]["name_zh"]),
                "metric": str(site.metrics[fig["metric"]]["label_zh"]), "part": part,
                "period": period_label(fig["period_kind"], fig["period_start"], fig["period_end"]),
                "value": figure_value(site, fig)}
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None


def _differs(old: dict[str, Shown | None], new: dict[str, Shown | None], fig: str) -> bool:
    """Whether the site shows figure ``fig`` differently; one that a side cannot show (its data is
    invalid, which the diff reports as a problem) is not a change of figure."""
    if fig in old and fig in new:
        return old[fig] is not None and new[fig] is not None and old[fig] != new[fig]
    return (old.get(fig) or new.get(fig)) is not None


def figure_changes(base: Site | None, head: Site | None) -> list[FigureChange]:
    """Every figure whose value, region, metric, part or period reads differently on the site."""
    if base is None or head is None:
        return []
    old = {f["id"]: shown(base, f) for f in base.figures}
    new = {f["id"]: shown(head, f) for f in head.figures}
    rows = base.figure_by_id | head.figure_by_id
    ids = [i for i in rows if _differs(old, new, i)]
    ids.sort(key=lambda i: (str(rows[i].get("region")), str(rows[i].get("metric")),
                            period_key(rows[i].get("period_end")), i))
    return [FigureChange(i, old.get(i), new.get(i)) for i in ids]


def _problems(side: Snapshot) -> list[str]:
    notes = []
    if side.report.errors:
        first = issue_line(side.report.errors[0])
        notes.append(_("{side}: the data has {n} error(s), e.g. {first}; the diff shows what could be read").format(
            side=side.label, n=len(side.report.errors), first=first))
    if side.site is None:
        notes.append(_("{side}: the site model could not be built, so figures are not compared").format(
            side=side.label))
    return notes


def compare(base: Snapshot, head: Snapshot) -> DataDiff:
    names = list(head.tables) + [n for n in base.tables if n not in head.tables]
    tables = [d for d in (table_diff(base.tables.get(n), head.tables.get(n)) for n in names) if d]
    return DataDiff(base, head, tables, figure_changes(base.site, head.site), _problems(base) + _problems(head),
                    headline_changes(base.site, head.site))


def diff(root: Path | str = ".", base: str | None = None, head: str | None = None) -> DataDiff:
    """Compare the data at ``base`` (default: merge-base of HEAD with main) and ``head`` (default:
    the working tree).  Raises :class:`~jiekun.data.revisions.GitError` for a bad revision or no repository."""
    root = Path(root)
    revisions.repository(root)
    if base is None:
        base_commit, base_label = revisions.default_base(root)
    else:
        base_commit, base_label = revisions.resolve(root, base), base
    head_commit = revisions.resolve(root, head) if head is not None else None
    return compare(snapshot(root, base_label, base_commit), snapshot(root, head or "working tree", head_commit))


def to_dict(result: DataDiff) -> dict[str, Any]:
    """The diff as plain data (the stable ``jiekun-diff/1`` JSON shape)."""
    return {
        "format": FORMAT,
        "base": {"label": result.base.label, "commit": result.base.commit},
        "head": {"label": result.head.label, "commit": result.head.commit},
        "changed": result.changed,
        "problems": result.problems,
        "tables": [{"name": t.name, "path": t.path, "old_path": t.old_path, "key": t.key,
                    "columns_added": t.columns_added, "columns_removed": t.columns_removed,
                    "added": [{"line": line, "row": row} for line, row in t.added],
                    "removed": [{"line": line, "row": row} for line, row in t.removed],
                    "changed": [{"key": c.key, "line": c.line,
                                 "fields": {f: {"old": o, "new": n} for f, (o, n) in c.fields.items()}}
                                for c in t.changed]}
                   for t in result.tables],
        "figures": [{"id": f.id, "before": f.before, "after": f.after} for f in result.figures],
        "headlines": [h.to_dict() for h in result.headlines],
    }
