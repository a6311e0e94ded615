"""Read one sheet of an exported workbook as a table: headers back to fields, cells to CSV text.

A cell holding a formula is refused (``formula-cell``): the workbook is read with its formulas,
not the values they computed, so that no computed value is ever taken for typed data.

Problems are :class:`SheetIssue` values that say where they are the way a spreadsheet user
looks for them: the sheet, the row number at the left, the column letter at the top and the
column's title.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from openpyxl.utils import get_column_letter

from jiekun.core.i18n import _
from jiekun.core.issues import Severity
from jiekun.data.catalog import Resource
from jiekun.tools.sheetio import cell_text


@dataclasses.dataclass(frozen=True)
class SheetIssue:
    """One problem in a workbook (or, for a file the workbook does not hold, in that file)."""

    code: str
    message: str
    sheet: str | None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    title: str | None = None
    file: str | None = None
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def where(self) -> str:
        if self.sheet is None:
            return f"{self.file}:{self.row}" if self.file and self.row else (self.file or "workbook")
        parts = [f"sheet {self.sheet}"]
        if self.row:
            parts.append(f"row {self.row}")
        if self.column and self.field:
            parts.append(f"column {self.column} ({self.title}, field {self.field})")
        elif self.column:
            parts.append(f"column {self.column}")
        elif self.field:
            parts.append(f"field {self.field}" + (f" ({self.title})" if self.title else ""))
        return ", ".join(parts)

    def text(self) -> str:
        mark = "" if self.severity is Severity.ERROR else " (warning)"
        hint = f"\n  → {self.hint}" if self.hint else ""
        return f"{self.where()}: {self.message} [{self.code}]{mark}{hint}"

    def to_dict(self) -> dict[str, object]:
        return {**{k: v for k, v in dataclasses.asdict(self).items() if k != "severity"},
                "severity": self.severity.value}


@dataclasses.dataclass
class SheetTable:
    """A sheet read as a table: where each field's column is, and the rows with their numbers."""

    resource: Resource
    sheet: str
    columns: dict[str, str]  # field name -> column letter
    titles: dict[str, str]  # field name -> title
    rows: list[tuple[int, list[str]]]  # (sheet row, cells in the schema's field order)
    exported: tuple[str, str] | None = None  # SHA-256 of the file and of the rows at export


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _header_names(resource: Resource) -> dict[str, str]:
    """Accepted header text (normalised) → field name: titles, then field names."""
    names: dict[str, str] = {}
    for field in resource.schema.get("fields", []):
        names.setdefault(_norm(str(field.get("title") or field["name"])), field["name"])
    for field in resource.schema.get("fields", []):
        names.setdefault(_norm(field["name"]), field["name"])
    return names


def _map_header(header: list[str], sheet: str, resource: Resource,
                recorded: dict[tuple[str, str], tuple[str, str]]) -> tuple[dict[str, int], list[SheetIssue]]:
    accepted, fields = _header_names(resource), set(resource.field_names)
    titles = {f["name"]: str(f.get("title") or f["name"]) for f in resource.schema.get("fields", [])}
    positions: dict[str, int] = {}
    issues: list[SheetIssue] = []
    for pos, text in enumerate(header):
        letter = get_column_letter(pos + 1)
        if not text:
            continue
        field, title = recorded.get((sheet, letter), ("", ""))
        name = accepted.get(_norm(text)) or (field if field in fields and _norm(title) == _norm(text) else None)
        if name is None:
            issues.append(SheetIssue("extra-label", _("header {0!r} is not a field of table {1}").format(
                text, resource.name),
                                     sheet, 1, letter, hint=_("use one of: ") + ", ".join(titles.values())))
        elif name in positions:
            issues.append(SheetIssue("duplicate-label", _("a second column for {0!r}").format(titles[name]),
                                     sheet, 1, letter, name, titles[name]))
        else:
            positions[name] = pos
    issues += [SheetIssue("missing-label", _("no column for this field"), sheet, 1, None, name, titles[name],
                          hint=_("add a column headed {0!r} (or restore its header)").format(titles[name]))
               for name in resource.field_names if name not in positions]
    return positions, issues


def _texts(cells: tuple[Any, ...], strip: bool = True) -> list[str]:
    return [cell_text(c.value, getattr(c, "number_format", None) or "General", strip) for c in cells]


def formula_issues(sheet: str, number: int, cells: tuple[Any, ...]) -> list[SheetIssue]:
    """A cell holding a formula is refused: the CSV keeps what was typed, never a computed value."""
    return [SheetIssue("formula-cell", _("the cell holds a formula ({0!r})").format(
        str(getattr(c.value, 'text', c.value))[:40]),
                       sheet, number, get_column_letter(pos + 1),
                       hint=_("type the value itself; to keep text that starts with '=', format the cell as text "
                              "first (Format › Cells › Text)"))
            for pos, c in enumerate(cells) if getattr(c, "data_type", None) == "f"]


def trim(table: SheetTable, spaced: dict[str, set[str]]) -> None:
    """Remove the spaces around each cell, except on a value that is exactly one of ``spaced``
    (field → the file's values with spaces around them): such a value came from the file."""
    names = table.resource.field_names
    table.rows = [(row, [text if text in spaced.get(name, ()) else text.strip()
                         for name, text in zip(names, cells, strict=True)]) for row, cells in table.rows]


def read_sheet(ws: Any, resource: Resource, recorded: dict[tuple[str, str], tuple[str, str]],
               ) -> tuple[SheetTable, list[SheetIssue]]:
    """The table in ``ws``; rows with no value at all are left out (spreadsheets keep many).

    Cells keep the spaces around them: :func:`trim` removes them once the file's values are known.
    """
    rows = ws.iter_rows()
    head = next(rows, ())
    header = _texts(head)
    positions, issues = _map_header(header, ws.title, resource, recorded)
    issues += formula_issues(ws.title, 1, head)
    titles = {f["name"]: str(f.get("title") or f["name"]) for f in resource.schema.get("fields", [])}
    table = SheetTable(resource, ws.title, {n: get_column_letter(p + 1) for n, p in positions.items()}, titles, [])
    if not header or not any(header):
        issues.append(SheetIssue("blank-header", _("row 1 must hold the column titles"), ws.title, 1))
    labelled = {pos for pos, text in enumerate(header) if text}  # an unknown header is reported once, above
    for number, cells in enumerate(rows, start=2):
        issues += formula_issues(ws.title, number, cells)
        raw = _texts(cells, strip=False)  # spaces are removed by trim(), which knows the file's values
        texts = [text.strip() for text in raw]
        if not any(texts):
            continue
        issues += [SheetIssue("extra-cell", _("a value ({0!r}) in a column with no header").format(
            text), ws.title, number,
                              get_column_letter(pos + 1), hint=_("move it into a titled column or delete it"))
                   for pos, text in enumerate(texts) if text and pos not in labelled]
        table.rows.append((number, [raw[positions[n]] if n in positions and positions[n] < len(raw) else ""
                                    for n in resource.field_names]))
    return table, issues
