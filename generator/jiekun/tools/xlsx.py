"""Export each data package as a spreadsheet workbook that Excel and WPS users can edit.

Layout of ``DIR/<package>.xlsx`` (read back by :mod:`jiekun.tools.xlsximport`):

* one sheet per table, named after the table, in the descriptor's order;
* row 1 holds the fields' titles (bold, frozen), in the language in use (a field's ``x-title-zh`` when the
  tool speaks Chinese and the schema gives one); rows 2… the records in the CSV's order;
* a field with an enum (or a boolean) has a drop-down list of its values; a foreign key, the
  referenced column of the referenced sheet (so rows added there are offered too); a field
  with ``x-dimension`` (one code per cell), that dimension's codes from the categories table,
  listed in a hidden sheet ``_lists`` (a warning only, since a code may be added meanwhile);
  every column shows the field's description when a cell is selected;
* a hidden sheet ``_fields`` lists, for every column of every sheet, the package, table,
  sheet, column letter, field name and title: it is how an import maps titles back to
  fields (titles alone work too, and so do field names typed as headers);
* a hidden sheet ``_export`` records, for every table, its file, the SHA-256 of the file's
  bytes and of the rows as exported (:func:`rows_digest`): an import writes only the tables
  edited in the workbook, and refuses one whose file changed since the export;
* cells keep the CSV's exact text (see :mod:`jiekun.tools.sheetio` for when a cell is a number);
  every text cell is written as text (an inline string), never as a formula or an error value,
  whatever it starts with (``=``, ``+``, ``-``, ``@``, a tab, ``#N/A``…): openpyxl would store a
  string starting with ``=`` as a live formula.

Data with errors is not exported (:class:`~jiekun.core.issues.DataError` carries the report),
unless ``force``: a reviewer should not be handed a workbook of figures known to be wrong.

The output is deterministic: the same data gives a byte-identical file (fixed document
times, honouring ``SOURCE_DATE_EPOCH``, and fixed zip entry dates).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from jiekun.core import i18n
from jiekun.core.i18n import _
from jiekun.core.issues import DataError
from jiekun.data.catalog import Package, Resource, discover
from jiekun.data.validate import validate
from jiekun.tools.csvrows import read_records, replace_files
from jiekun.tools.sheetio import display_width, fixed_time, to_cell

FIELDS_SHEET = "_fields"
FIELDS_HEADER = ["package", "table", "sheet", "column", "field", "title"]
EXPORT_SHEET = "_export"
EXPORT_HEADER = ["table", "file", "file_sha256", "rows_sha256"]
TEXT_FORMAT = "@"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LIST_LIMIT = 255  # Excel's limit for a drop-down list written in the rule itself
MAX_ROW = 1048576
LISTS_SHEET = "_lists"
CATEGORIES = "categories"  # the table listing each dimension's codes, as in generator/rules.py


def sheet_title(resource_name: str) -> str:
    """A sheet name Excel accepts (at most 31 characters)."""
    return resource_name[:31]


def primary_key(resource: Resource) -> list[str]:
    """The fields of the table's primary key (none for a table without one)."""
    return list(resource.table_schema.primary_key)


def rows_digest(resource: Resource, rows: list[list[str]]) -> str:
    """SHA-256 of a table's rows; their order counts only in a table without a primary key."""
    ordered = sorted(rows) if primary_key(resource) else rows
    return hashlib.sha256(json.dumps(ordered, ensure_ascii=False).encode("utf-8")).hexdigest()


def _table_rows(resource: Resource) -> list[list[str]]:
    """The records of a table as cells in the schema's field order (missing columns empty)."""
    rows = read_records(resource.path)
    if not rows:
        return []
    pos = {label: i for i, label in enumerate(rows[0].cells)}
    return [[rec.cells[pos[name]] if name in pos and pos[name] < len(rec.cells) else ""
             for name in resource.field_names] for rec in rows[1:]]


def _range(sheet: str, letter: str, last: int = MAX_ROW) -> str:
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!${letter}$2:${letter}${last}"


class Lists:
    """Where each field's drop-down list comes from, and the hidden sheet holding dimension codes."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.columns: dict[str, list[str]] = {}  # dimension -> codes, in the order of first use

    def _codes(self, dimension: str) -> list[str]:
        table = next((r for r in self.package.resources if r.name == CATEGORIES), None)
        rows = read_records(table.path) if table else []
        head = rows[0].cells if rows else []
        if not {"dimension", "code"} <= set(head):
            return []
        at, code = head.index("dimension"), head.index("code")
        return [r.cells[code] for r in rows[1:] if len(r.cells) > max(at, code) and r.cells[at] == dimension]

    def source(self, resource: Resource, field: dict[str, Any]) -> tuple[str, bool] | None:
        """A range listing the field's values, and whether a value not listed is refused."""
        for fk in resource.table_schema.foreign_keys:
            names, refs = list(fk.fields), list(fk.reference_fields)
            target = next((r for r in self.package.resources if r.name == (fk.resource or resource.name)), None)
            if names == [field["name"]] and target and len(refs) == 1 and refs[0] in target.field_names:
                return _range(sheet_title(target.name), get_column_letter(target.field_names.index(refs[0]) + 1)), True
        dimension = field.get("x-dimension")
        if not dimension or field.get("x-separator"):
            return None
        if dimension not in self.columns:
            self.columns[dimension] = self._codes(dimension)
        codes = self.columns[dimension]
        letter = get_column_letter(list(self.columns).index(dimension) + 1)
        return (_range(LISTS_SHEET, letter, len(codes) + 1), False) if codes else None

    def write(self, wb: Workbook) -> None:
        if not self.columns:
            return
        ws = wb.create_sheet(LISTS_SHEET)
        for col, (dimension, codes) in enumerate(self.columns.items(), start=1):
            for row, text in enumerate([dimension, *codes], start=1):
                ws.cell(row, col, text).number_format = TEXT_FORMAT
        ws.sheet_state = "hidden"


def field_title(field: dict[str, Any]) -> str:
    """The header of a field's column: its title in the language in use (``x-title-zh`` when the
    tool speaks Chinese and the schema gives one), else its title, else its name."""
    return i18n.localized(field, "title") or str(field["name"])


def field_help(field: dict[str, Any]) -> str:
    """A column's input help: the field's description in the language in use (``x-description-zh``)."""
    return i18n.localized(field, "description") or field_title(field)


def _validation(field: dict[str, Any], letter: str, source: tuple[str, bool] | None) -> DataValidation:
    cons = field.get("constraints", {})
    choices = [str(v) for v in cons.get("enum", [])] or (["true", "false"] if field.get("type") == "boolean" else [])
    listed = ",".join(choices)
    title = field_title(field)[:32]
    if choices and len(listed) + 2 <= LIST_LIMIT:
        rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=not cons.get("required"),
                              showErrorMessage=True, errorTitle=title[:32],
                              error=_("Choose one of: {choices}").format(choices=", ".join(choices))[:LIST_LIMIT])
    elif source:
        rule = DataValidation(type="list", formula1=source[0], allow_blank=True, showErrorMessage=True,
                              errorStyle="stop" if source[1] else "warning", errorTitle=title,
                              error=_("Choose a value from the list"))
    else:
        rule = DataValidation(allow_blank=True)
    rule.showInputMessage = True
    rule.promptTitle = title
    rule.prompt = field_help(field)[:LIST_LIMIT]
    rule.add(f"{letter}2:{letter}{MAX_ROW}")
    return rule


def _write_sheet(wb: Workbook, resource: Resource, rows: list[list[str]], lists: Lists) -> list[list[str]]:
    ws = wb.create_sheet(sheet_title(resource.name))
    fields = resource.schema.get("fields", [])
    ws.append([field_title(f) for f in fields])
    for row in rows:
        ws.append([to_cell(text, f.get("type", "string")) for text, f in zip(row, fields, strict=True)])
    for col, field in enumerate(fields, start=1):
        letter = get_column_letter(col)
        head = ws.cell(1, col)
        head.font, head.fill = HEADER_FONT, HEADER_FILL
        head.comment = Comment(_("field: {name}").format(name=field["name"]), "jiekun")
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, str):
                cell.number_format = TEXT_FORMAT
        ws.column_dimensions[letter].number_format = TEXT_FORMAT if field.get("type") not in (
            "number", "integer") else "General"
        widest = max([display_width(str(head.value))] + [display_width(r[col - 1]) for r in rows])
        ws.column_dimensions[letter].width = min(max(widest + 2, 8), 60)
        ws.add_data_validation(_validation(field, letter, lists.source(resource, field)))
    ws.freeze_panes = "A2"
    return [[resource.name, ws.title, get_column_letter(c), f["name"], field_title(f)]
            for c, f in enumerate(fields, start=1)]


def workbook(package: Package) -> Workbook:
    """The workbook of one data package (see the module's docstring for its layout)."""
    wb = Workbook()
    wb.remove(wb.active)
    index, record, lists = [FIELDS_HEADER], [EXPORT_HEADER], Lists(package)
    for resource in package.resources:
        data = resource.path.read_bytes()
        rows = _table_rows(resource)
        index += [[package.name, *row] for row in _write_sheet(wb, resource, rows, lists)]
        record.append([resource.name, resource.relpath, hashlib.sha256(data).hexdigest(),
                       rows_digest(resource, rows)])
    lists.write(wb)
    for name, lines in ((FIELDS_SHEET, index), (EXPORT_SHEET, record)):
        ws = wb.create_sheet(name)
        for row in lines:
            ws.append(row)
        ws.sheet_state = "hidden"
    wb.active = 0
    when = fixed_time()
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "jiekun"
    wb.properties.title = package.name
    return wb


def as_text(wb: Workbook) -> None:
    """Make every text cell of ``wb`` an inline string: openpyxl binds a ``str`` starting with
    ``=`` to a formula and one such as ``#N/A`` to an error value; either would be written as such."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx bytes of ``wb``, the same for the same content (fixed times in and on the zip);
    no cell is written as a formula (:func:`as_text`)."""
    as_text(wb)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # save_workbook would stamp the current time
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def export_xlsx(root: Path, out_dir: Path, force: bool = False) -> list[Path]:
    """Write ``out_dir/<package>.xlsx`` for every data package under ``root``; return the files.

    Raises DataError (nothing written) when the data has errors, unless ``force``.
    """
    catalog = discover(root)
    if catalog.issues:
        raise ValueError("; ".join(f"{i.file}: {i.message}" for i in catalog.issues))
    if not force and not (report := validate(root)).ok():
        raise DataError(report)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {out_dir / f"{package.name}.xlsx": workbook_bytes(workbook(package)) for package in catalog.packages}
    replace_files(files)
    return sorted(files)
