"""Read a workbook made by ``jiekun export --xlsx`` back into the CSVs, only when it is valid.

Only the tables edited in the workbook are written: a table whose rows are the ones exported
(the ``_export`` sheet records their digest) is left alone, even if its file changed since, so
importing one workbook never reverts what was done through the other or ``jiekun new``.  An
edited table whose file changed since the export is refused (unless ``force``): the edit
would undo that change.

Sheets map to tables through the hidden ``_fields`` sheet (else by the sheet's name) and
header cells to fields by title, field name or the title recorded at export.  The tables
are written as candidate CSVs into a temporary copy of the project and validated there;
each problem is reported at its sheet, row and column.  Only when there is no error are
the CSVs written, all of them or none, in the canonical form: UTF-8, LF, the schema's column
order, the canonical quoting for new and changed rows.  Rows keep the file's order (sorting a
sheet changes nothing): a row whose primary key is in the file takes that record's place, new
rows go last in the workbook's order, deleted rows go; a table without a primary key is
written in the workbook's order.  A row
whose values did not change keeps the exact text it had, so an import with no edit
gives no diff at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
import zlib
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from jiekun.core.i18n import _, mark
from jiekun.core.issues import Issue, Severity
from jiekun.data.catalog import Catalog, Resource, discover
from jiekun.tools.csvrows import Record, UnreadableFile, format_row, read_records, replace_files, validate_candidates
from jiekun.tools.sheetio import cell_text
from jiekun.tools.xlsx import EXPORT_SHEET, FIELDS_SHEET, primary_key, rows_digest
from jiekun.tools.xlsxread import SheetIssue, SheetTable, read_sheet, trim

NOT_XLSX = mark("{0} is not an .xlsx workbook (Excel: File › Save As › Excel Workbook (.xlsx))")
# what a damaged workbook raises while it is read: a broken zip, missing parts, broken XML (ParseError is a
# SyntaxError), values openpyxl cannot make sense of
DAMAGED = (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, IndexError, TypeError, ValueError,
           AttributeError, SyntaxError)


@dataclasses.dataclass
class Imported:
    """What an import found and did: every problem, and the files written (none on error)."""

    issues: list[SheetIssue]
    written: list[Path] = dataclasses.field(default_factory=list)
    tables: list[str] = dataclasses.field(default_factory=list)

    @property
    def errors(self) -> list[SheetIssue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def _index(wb: Any) -> tuple[dict[str, str], dict[tuple[str, str], tuple[str, str]], set[str]]:
    """From ``_fields``: sheet → table, (sheet, column) → (field, title) at export, the packages."""
    tables: dict[str, str] = {}
    titles: dict[tuple[str, str], tuple[str, str]] = {}
    packages: set[str] = set()
    if FIELDS_SHEET not in wb.sheetnames:
        return tables, titles, packages
    for row in wb[FIELDS_SHEET].iter_rows(min_row=2, values_only=True):
        cells = [cell_text(v) for v in (*row, None, None, None, None, None, None)[:6]]
        package, table, sheet, column, field, title = cells
        if table and sheet:
            packages.add(package)
            tables[sheet] = table
            titles[(sheet, column)] = (field, title)
    return tables, titles, packages


def _exported(wb: Any) -> dict[str, tuple[str, str]]:
    """From ``_export``: table → (SHA-256 of its file, of its rows) when the workbook was made."""
    if EXPORT_SHEET not in wb.sheetnames:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for row in wb[EXPORT_SHEET].iter_rows(min_row=2, values_only=True):
        table, _file, file_sha, rows_sha = [cell_text(v) for v in (*row, None, None, None, None)[:4]]
        if table:
            out[table] = (file_sha, rows_sha)
    return out


def _sheets(wb: Any, catalog: Catalog) -> tuple[list[tuple[Any, Resource]], list[SheetIssue]]:
    tables, _titles, packages = _index(wb)
    found: list[tuple[Any, Resource]] = []
    issues: list[SheetIssue] = []
    for ws in wb.worksheets:
        if ws.title.startswith("_") or ws.sheet_state != "visible":
            continue
        resource = catalog.resource(tables.get(ws.title, ws.title))
        if resource is None:
            issues.append(SheetIssue("unknown-sheet",
                _("sheet {0!r} is not a table of this project (tables: {1})").format(
                ws.title, ', '.join(r.name for r in catalog.resources())), ws.title))
        else:
            found.append((ws, resource))
    present = {r.name for _ws, r in found}
    for package in catalog.packages:
        if package.name in packages:
            issues += [SheetIssue("missing-sheet", _("the workbook has no sheet for table {0!r}").format(r.name), None)
                       for r in package.resources if r.name not in present]
    return found, issues


def _existing(records: list[Record]) -> dict[tuple[str, ...], str]:
    """The current text of each record, by its cells (line ending made LF)."""
    out: dict[tuple[str, ...], str] = {}
    for rec in records:
        body = rec.text.removesuffix("\n").removesuffix("\r")
        out.setdefault(tuple(rec.cells), body + "\n")
    return out


def _spaced(resource: Resource) -> dict[str, set[str]]:
    """The file's values with spaces around them, by field (kept as they are by an import)."""
    records = read_records(resource.path)
    head = records[0].cells if records else []
    spaced: dict[str, set[str]] = {}
    for rec in records[1:]:
        for name, text in zip(head, rec.cells, strict=False):
            if text != text.strip():
                spaced.setdefault(name, set()).add(text)
    return spaced


def file_order(table: SheetTable, records: list[Record]) -> list[tuple[int, list[str]]]:
    """The sheet's rows in the file's order: a row whose key is in the file takes that record's place,
    new rows come last in the sheet's order.  A table without a primary key keeps the sheet's order."""
    key, names = primary_key(table.resource), table.resource.field_names
    head = records[0].cells if records else []
    if not key or not set(key) <= set(head) or not set(key) <= set(names):
        return table.rows
    in_file, in_sheet = [head.index(k) for k in key], [names.index(k) for k in key]
    place: dict[tuple[str, ...], int] = {}
    for number, rec in enumerate(records[1:]):
        place.setdefault(tuple(rec.cells[p] if p < len(rec.cells) else "" for p in in_file), number)

    def rank(item: tuple[int, tuple[int, list[str]]]) -> tuple[int, int]:
        index, (_row, cells) = item
        return place.get(tuple(cells[p] for p in in_sheet), len(records)), index

    return [row for _index, row in sorted(enumerate(table.rows), key=rank)]


def csv_bytes(table: SheetTable) -> tuple[bytes, dict[int, int]]:
    """The canonical CSV of a sheet's table, and its map from file line to sheet row."""
    records = read_records(table.resource.path)
    keep = _existing(records)
    header = table.resource.field_names
    parts = [keep.get(tuple(header)) or format_row(header)]
    lines: dict[int, int] = {1: 1}
    line = 1 + parts[0].count("\n")
    for row, cells in file_order(table, records):
        text = keep.get(tuple(cells)) or format_row(cells)
        lines[line] = row
        parts.append(text)
        line += text.count("\n")
    return "".join(parts).encode("utf-8"), lines


def _locate(issue: Issue, where: dict[str, tuple[SheetTable, dict[int, int]]]) -> SheetIssue:
    if issue.file not in where:
        return SheetIssue(issue.code, issue.message, None, issue.line, None, issue.field, None, issue.file,
                          issue.severity, issue.hint)
    table, lines = where[issue.file]
    letter = table.columns.get(issue.field or "")
    title = table.titles.get(issue.field or "")
    return SheetIssue(issue.code, issue.message, table.sheet, lines.get(issue.line or 0), letter, issue.field,
                      title, None, issue.severity, issue.hint)


def _damaged(path: Path, sheet: str | None, exc: Exception) -> SheetIssue:
    where = _("sheet {0} cannot be read: ").format(sheet) if sheet else ""
    return SheetIssue("source-error", _("{0} is damaged: {1}{2}").format(
        path.name, where, exc or type(exc).__name__), None,
                      hint=_("open it in Excel or WPS and save it again as .xlsx, or export again"))


def read_workbook(root: Path, path: Path) -> tuple[list[SheetTable], list[SheetIssue]]:
    """The tables of a workbook, or the problems that stop it from being read."""
    catalog = discover(root)
    if catalog.issues:
        return [], [SheetIssue(i.code, i.message, None, i.line, None, i.field, None, i.file) for i in catalog.issues]
    try:
        wb = load_workbook(path, read_only=True, data_only=False)  # formulas as formulas: refused
    except (InvalidFileException, zipfile.BadZipFile):
        return [], [SheetIssue("source-error", _(NOT_XLSX).format(path.name), None)]
    except DAMAGED as exc:
        return [], [_damaged(path, None, exc)]
    sheet = None
    try:
        found, issues = _sheets(wb, catalog)
        _tables, titles, _packages = _index(wb)
        exported = _exported(wb)
        tables = []
        for ws, resource in found:
            sheet = ws.title
            table, sheet_issues = read_sheet(ws, resource, titles)
            table.exported = exported.get(resource.name)
            tables.append(table)
            issues += sheet_issues
    except DAMAGED as exc:
        return [], [_damaged(path, sheet, exc)]
    finally:
        wb.close()
    return tables, issues


def edited(table: SheetTable) -> bool:
    """Whether the sheet's rows differ from those exported (True when the workbook has no record)."""
    return table.exported is None or table.exported[1] != rows_digest(table.resource, [c for _n, c in table.rows])


def _stale(table: SheetTable, data: bytes) -> SheetIssue | None:
    """The refusal of an edited table whose file changed since the export (None when it did not)."""
    current = table.resource.path.read_bytes()
    if data == current or (table.exported and table.exported[0] == hashlib.sha256(current).hexdigest()):
        return None
    why = _("changed since this workbook was exported") if table.exported else \
        _("may have changed since this workbook was exported (the workbook does not record its state)")
    return SheetIssue("changed-since-export", _("{0} {1} (by `jiekun new`, the other workbook's import or a hand "
                                                "edit) and this sheet was edited; export again and redo your edits "
                                                "in the new workbook").format(table.resource.relpath, why), table.sheet,
                      hint=_("or import with --force to replace the file by this sheet (that change is then lost)"))


def import_xlsx(root: Path, path: Path, force: bool = False) -> Imported:
    """Validate the workbook's edited tables with the rest of the project; write them only if valid.

    An edited table whose file changed since the export is refused, unless ``force``.
    """
    root = Path(root)
    tables, issues = read_workbook(root, Path(path))
    if issues:
        return Imported(issues)
    names = [t.resource.name for t in tables]
    try:
        for table in tables:
            trim(table, _spaced(table.resource))
        tables = [t for t in tables if edited(t)]
        built = {t.resource.path: csv_bytes(t) for t in tables}
    except UnreadableFile as exc:
        return Imported([SheetIssue(exc.code, exc.message, None, exc.line, file=exc.file, hint=exc.hint)])
    stale = [] if force else [i for t in tables if (i := _stale(t, built[t.resource.path][0]))]
    if stale:
        return Imported(stale, tables=names)
    report = validate_candidates(root, {p: data for p, (data, _lines) in built.items()})
    where = {t.resource.relpath: (t, built[t.resource.path][1]) for t in tables}
    result = Imported([_locate(i, where) for i in report.sorted()], tables=names)
    if result.ok:
        result.written = replace_files({p: data for p, (data, _lines) in built.items()})
    return result

