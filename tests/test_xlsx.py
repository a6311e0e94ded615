"""Spreadsheet round trip with real openpyxl workbooks: export, edit as Excel/WPS would, import."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import REPO, tree_digest
from jiekun.cli import main
from jiekun.data.catalog import Resource
from jiekun.tools.sheetio import cell_text, number_text, to_cell
from jiekun.tools.xlsx import EXPORT_SHEET, FIELDS_SHEET, ZIP_TIME, export_xlsx
from jiekun.tools.xlsximport import csv_bytes, edited, import_xlsx, read_workbook
from jiekun.tools.xlsxread import SheetTable

OUTCOMES = "datasets/outcomes/outcomes.csv"


def real_project(tmp_path: Path) -> Path:
    dest = tmp_path / "real"
    for folder in ("datasets", "schemas"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def edit(book: Path, change: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(book)
    change(wb)
    wb.save(book)
    return book


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_round_trip_without_edit_changes_no_byte(project: Path, tmp_path: Path, which: str) -> None:
    root = project if which == "fixture" else real_project(tmp_path)
    before = tree_digest(root / "datasets")
    books = export_xlsx(root, tmp_path / "books")
    assert [b.name for b in books] == ["case-studies.xlsx", "outcomes.xlsx"]
    for book in books:
        tables, issues = read_workbook(root, book)
        assert issues == [] and [t.resource.name for t in tables if edited(t)] == []  # the rows as exported
        result = import_xlsx(root, book)
        assert result.ok, [i.text() for i in result.issues]
        assert result.written == []
    assert tree_digest(root / "datasets") == before


def test_workbook_layout(project: Path, tmp_path: Path) -> None:
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["outcomes", "breakdowns", "regions"]
    assert wb.sheetnames[-2:] == [FIELDS_SHEET, EXPORT_SHEET]
    assert wb[FIELDS_SHEET].sheet_state == "hidden"
    ws = wb["outcomes"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["Figure id", "Region", "Metric"]
    assert ws["B2"].value == "410000" and ws["B2"].number_format == "@"  # a code stays text
    assert ws["G2"].value == 3000 and ws["G5"].value == 33.33  # numbers where the text is exact
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists["D2:D1048576"] == '"point,interval,per-year"'
    assert ws.column_dimensions["A"].width > 8


def test_export_is_deterministic(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = {p.name: p.read_bytes() for p in export_xlsx(project, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in export_xlsx(project, tmp_path / "b")}
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "outcomes.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1545609600")
    (book,) = [p for p in export_xlsx(project, tmp_path / "c") if p.name == "outcomes.xlsx"]
    with zipfile.ZipFile(book) as archive:
        assert b"2018-12-24T00:00:00Z" in archive.read("docProps/core.xml")


def test_one_cell_edit_gives_that_one_line(project: Path, tmp_path: Path) -> None:
    root = real_project(tmp_path)
    before = tree_digest(root)
    csv = (root / OUTCOMES).read_bytes()
    (book,) = [b for b in export_xlsx(root, tmp_path / "books") if b.name == "outcomes.xlsx"]
    assert openpyxl.load_workbook(book)["outcomes"]["G2"].value == 62000000
    edit(book, lambda wb: wb["outcomes"].cell(2, 7, 62500000.0))  # typed as Excel/WPS stores it
    assert [i.code for i in import_xlsx(root, book).issues] == ["published-mismatch"]  # 6200万元 says otherwise
    edit(book, lambda wb: wb["outcomes"].cell(2, 13, "6250万元"))  # the wording, on the same row
    result = import_xlsx(root, book)
    assert result.ok, [i.text() for i in result.issues]
    assert result.written == [root / OUTCOMES]
    after = (root / OUTCOMES).read_bytes()
    line = csv.decode().splitlines()[1]
    assert changed_lines(csv, after) == [(line, line.replace(",62000000,", ",62500000,").replace(",6200万元,",
                                                                                                 ",6250万元,"))]
    assert {k: v for k, v in tree_digest(root).items() if k != OUTCOMES} == \
        {k: v for k, v in before.items() if k != OUTCOMES}


def _refused(root: Path, book: Path, expected: str) -> None:
    before = tree_digest(root)
    code, out = cli("import", str(book), "--root", str(root))
    assert code == 1, out
    assert expected in out
    assert "no file written" in out
    assert tree_digest(root) == before


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("G3", "lots", "sheet outcomes, row 3, column G (Value, field value): 'lots' is not a number [type-error]"),
    ("B4", "419999", "sheet outcomes, row 4, column B (Region, field region): '419999' is not a code in regions"),
    ("G2", -5, "sheet outcomes, row 2, column G (Value, field value): must be ≥ 0, got -5 [constraint-error]"),
])
def test_invalid_cell_is_refused_with_sheet_row_and_column(project: Path, tmp_path: Path, cell: str,
                                                           value: object, expected: str) -> None:
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]
    edit(book, lambda wb: wb["outcomes"].__setitem__(cell, value))
    _refused(project, book, expected)


def test_missing_sheet_and_renamed_header_are_refused(project: Path, tmp_path: Path) -> None:
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]

    def damage(wb: Any) -> None:
        wb.remove(wb["metrics"])
        wb["outcomes"]["G1"] = "Amount"

    edit(book, damage)
    result = import_xlsx(project, book)
    assert {i.text().split("\n")[0] for i in result.errors} == {
        "workbook: the workbook has no sheet for table 'metrics' [missing-sheet]",
        "sheet outcomes, row 1, column G: header 'Amount' is not a field of table outcomes [extra-label]",
        "sheet outcomes, row 1, field value (Value): no column for this field [missing-label]",
    }
    _refused(project, book, "[missing-sheet]")


def test_spreadsheet_quirks_are_read_sensibly(project: Path, tmp_path: Path) -> None:
    """Floats for whole numbers, date cells, spaces around text, moved columns and empty rows."""
    csv = (project / OUTCOMES).read_bytes()
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]

    def quirks(wb: Any) -> None:
        ws = wb["outcomes"]
        ws["G2"] = 3000.0
        ws["F2"] = dt.datetime(2018, 11, 1)
        ws["F2"].number_format = "mmm-yy"  # what Excel makes of a typed 2018-11
        ws["B3"] = " 410000 "
        ws["H3"] = "household\u3000"
        for row in range(9, 30):  # formatted but empty rows, as spreadsheets keep them
            ws.cell(row, 1).number_format = "@"
            ws.cell(row, 2, "")

    edit(book, quirks)
    result = import_xlsx(project, book)
    assert result.ok, [i.text() for i in result.issues]
    assert result.written == [] and (project / OUTCOMES).read_bytes() == csv


def test_cli_export_and_import(project: Path, tmp_path: Path) -> None:
    code, out = cli("export", "--xlsx", str(tmp_path / "books"), "--root", str(project))
    assert code == 0, out
    assert "outcomes.xlsx" in out
    code, out = cli("import", str(tmp_path / "books" / "outcomes.xlsx"), "--root", str(project))
    assert code == 0, out
    assert "valid; 0 file(s) updated" in out
    not_a_book = tmp_path / "fake.xlsx"
    not_a_book.write_text("id,value\n", encoding="utf-8")
    _refused(project, not_a_book, "fake.xlsx is not an .xlsx workbook")


@pytest.mark.parametrize(("text", "kind", "cell"), [
    ("62000000", "number", 62000000), ("0.9995", "number", 0.9995), ("1.50", "number", "1.50"),
    ("2018", "integer", 2018), ("1e3", "number", "1e3"), ("007", "integer", "007"), ("410000", "string", "410000"),
    ("", "number", ""), ("99.95", "number", 99.95),
])
def test_cells_keep_the_exact_text(text: str, kind: str, cell: object) -> None:
    assert to_cell(text, kind) == cell and type(to_cell(text, kind)) is type(cell)
    assert cell_text(to_cell(text, kind)) == text


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (62000000.0, "General", "62000000"), (0.1 + 0.2, "General", "0.3"), (1e20, "General", "100000000000000000000"),
    (True, "General", "true"), (dt.datetime(2018, 12, 24), "yyyy-mm-dd", "2018-12-24"),
    (dt.datetime(2018, 12, 1), "mmm-yy", "2018-12"), (dt.date(2018, 12, 1), "yyyy/m/d", "2018-12-01"),
    ("  text \n", "@", "text"), (None, "General", ""),
])
def test_cell_text_of_spreadsheet_values(value: object, fmt: str, text: str) -> None:
    assert cell_text(value, fmt) == text
    assert number_text(2.5) == "2.5"


def test_added_row_is_written_in_canonical_form_at_the_end(project: Path, tmp_path: Path) -> None:
    csv = (project / "datasets/reference/sources.csv").read_bytes()
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "case-studies.xlsx"]
    row = ["new-report", "新的报道, 第二篇", None, None, None, "2019-01", "false", None, "zh"]
    edit(book, lambda wb: wb["sources"].append(row))
    result = import_xlsx(project, book)
    assert result.ok, [i.text() for i in result.issues]
    assert (project / "datasets/reference/sources.csv").read_bytes() == \
        csv + 'new-report,"新的报道, 第二篇",,,,2019-01,false,,zh,\n'.encode()


def _to_gbk(path: Path) -> None:
    path.write_bytes(path.read_bytes().decode("utf-8").encode("gbk", errors="ignore"))


def test_non_utf8_csv_is_never_read_as_empty(tmp_path: Path) -> None:
    """A CSV saved as GBK stops export and import: it is never exported as an empty sheet nor emptied."""
    root = real_project(tmp_path)
    cases = root / "datasets/case-studies/case-studies.csv"
    (book,) = [b for b in export_xlsx(root, tmp_path / "before") if b.name == "case-studies.xlsx"]
    _to_gbk(cases)
    before = tree_digest(root)
    code, out = cli("export", "--xlsx", str(tmp_path / "books"), "--root", str(root))
    assert code == 1, out
    assert "datasets/case-studies/case-studies.csv" in out and "not UTF-8" in out and "UTF-8" in out
    assert not (tmp_path / "books" / "case-studies.xlsx").exists()
    code, out = cli("import", str(book), "--root", str(root))
    assert code == 1, out
    assert "datasets/case-studies/case-studies.csv" in out and "not UTF-8" in out
    assert tree_digest(root) == before


SOURCES = "datasets/reference/sources.csv"
REGIONS = "datasets/reference/regions.csv"


def _books(root: Path, folder: Path) -> dict[str, Path]:
    return {b.stem: b for b in export_xlsx(root, folder)}


def test_stale_workbook_never_undoes_a_later_change(project: Path, tmp_path: Path) -> None:
    books = _books(project, tmp_path / "books")
    code, out = cli("new", "source", "--root", str(project), "--no-input", "--id", "gansu-2019-01",
                    "--title", "甘肃报道", "--published", "2019-01", "--published-estimated", "false",
                    "--language", "zh")
    assert code == 0, out
    added = (project / SOURCES).read_bytes()
    assert b"gansu-2019-01" in added
    # the sources sheet was not edited: importing the old workbook leaves the new row alone
    result = import_xlsx(project, books["case-studies"])
    assert result.ok, [i.text() for i in result.issues]
    assert result.written == [] and (project / SOURCES).read_bytes() == added
    # the sources sheet was edited: the import is refused, nothing is touched
    edit(books["case-studies"], lambda wb: wb["sources"].cell(2, 2, "测试报道（修订）"))
    before = tree_digest(project)
    code, out = cli("import", str(books["case-studies"]), "--root", str(project))
    assert code == 1, out
    assert f"sheet sources: {SOURCES} changed since this workbook was exported (by `jiekun new`, the other " \
        "workbook's import or a hand edit) and this sheet was edited; export again and redo your edits in the " \
        "new workbook [changed-since-export]" in out
    assert tree_digest(project) == before
    # --force overrides: the workbook's table replaces the file
    code, out = cli("import", str(books["case-studies"]), "--root", str(project), "--force")
    assert code == 0, out
    after = (project / SOURCES).read_text(encoding="utf-8")
    assert "测试报道（修订）" in after and "gansu-2019-01" not in after


def test_each_workbook_writes_only_the_tables_edited_in_it(project: Path, tmp_path: Path) -> None:
    """Regions are in both workbooks: edit them in one, then the outcomes in the other."""
    books = _books(project, tmp_path / "books")
    edit(books["case-studies"], lambda wb: wb["regions"].cell(2, 3, "Henan Province"))
    result = import_xlsx(project, books["case-studies"])
    assert result.ok, [i.text() for i in result.issues]
    assert result.written == [project / REGIONS]
    regions = (project / REGIONS).read_bytes()
    edit(books["outcomes"], lambda wb: wb["outcomes"].cell(2, 20, "checked again"))
    result = import_xlsx(project, books["outcomes"])
    assert result.ok, [i.text() for i in result.issues]
    assert result.written == [project / OUTCOMES]
    assert (project / REGIONS).read_bytes() == regions and b"Henan Province" in regions


def test_workbook_records_what_it_was_exported_from(project: Path, tmp_path: Path) -> None:
    import hashlib

    wb = openpyxl.load_workbook(_books(project, tmp_path)["outcomes"])
    ws = wb[EXPORT_SHEET]
    assert ws.sheet_state == "hidden"
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["outcomes"][1] == OUTCOMES
    assert rows["outcomes"][2] == hashlib.sha256((project / OUTCOMES).read_bytes()).hexdigest()


def _rezip(book: Path, dest: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(dest, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info.filename)))
    return dest


@pytest.mark.parametrize(("name", "expected"), [
    ("old.xls", "old.xls is not an .xlsx workbook (Excel: File › Save As › Excel Workbook (.xlsx))"),
    ("table.csv", "table.csv is not an .xlsx workbook (Excel: File › Save As › Excel Workbook (.xlsx))"),
    ("fake.xlsx", "fake.xlsx is not an .xlsx workbook (Excel: File › Save As › Excel Workbook (.xlsx))"),
    ("broken-sheet.xlsx", "broken-sheet.xlsx is damaged: "),
    ("bad-number.xlsx", "bad-number.xlsx is damaged: sheet outcomes cannot be read: "),
    ("no-sheet.xlsx", "the workbook has no sheet for table 'breakdowns' [missing-sheet]"),
])
def test_unreadable_workbook_is_one_clear_line(project: Path, tmp_path: Path, name: str, expected: str) -> None:
    (book,) = [b for b in export_xlsx(project, tmp_path / "books") if b.name == "outcomes.xlsx"]
    path = tmp_path / name
    if name == "old.xls":  # an Excel 97-2003 file: an OLE2 compound document
        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    elif name == "table.csv":
        shutil.copy(project / OUTCOMES, path)
    elif name == "fake.xlsx":
        path.write_text("id,value\n", encoding="utf-8")
    elif name == "broken-sheet.xlsx":
        _rezip(book, path, lambda n, d: d[: len(d) // 2] if n == "xl/worksheets/sheet1.xml" else d)
    elif name == "bad-number.xlsx":
        _rezip(book, path, lambda n, d: d.replace(b"<v>3000</v>", b"<v>3k</v>", 1) if n.endswith("sheet1.xml") else d)
    else:
        with zipfile.ZipFile(book) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                if info.filename != "xl/worksheets/sheet2.xml":
                    dst.writestr(info, src.read(info.filename))
    _refused(project, path, expected)


def _data_rows(ws: Any) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def _rewrite(ws: Any, rows: list[list[object]]) -> None:
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append(row)


def test_sorting_a_sheet_keeps_the_file_order(project: Path, tmp_path: Path) -> None:
    """Rows keep their place in the file; a sort in Excel plus one edit changes that one line only."""
    csv = (project / OUTCOMES).read_bytes()
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]

    def sort_and_edit(wb: Any) -> None:
        ws = wb["outcomes"]
        rows = sorted(_data_rows(ws), key=lambda r: str(r[0]), reverse=True)
        rows[0][19] = "checked again"
        _rewrite(ws, rows)

    edit(book, sort_and_edit)
    result = import_xlsx(project, book)
    assert result.ok, [i.text() for i in result.issues]
    after = (project / OUTCOMES).read_bytes()
    changes = changed_lines(csv, after)
    assert len(changes) == 1 and changes[0][1] == changes[0][0] + "checked again"


def test_new_rows_go_last_and_deleted_rows_go(project: Path, tmp_path: Path) -> None:
    path = project / SOURCES
    path.write_text(path.read_text(encoding="utf-8") + "b-report,乙,,,,2018-11,false,,zh,\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "case-studies.xlsx"]

    def change(wb: Any) -> None:
        ws = wb["sources"]
        rows = [r for r in _data_rows(ws) if r[0] != "b-report"]
        _rewrite(ws, [["a-report", "甲", None, None, None, "2019-01", "false", None, "zh", None], *reversed(rows),
                      ["c-report", "丙", None, None, None, "2019-02", "false", None, "zh", None]])

    edit(book, change)
    result = import_xlsx(project, book)
    assert result.ok, [i.text() for i in result.issues]
    assert path.read_text(encoding="utf-8").splitlines() == [
        *[line for line in before if not line.startswith("b-report,")],
        "a-report,甲,,,,2019-01,false,,zh,", "c-report,丙,,,,2019-02,false,,zh,"]


def test_table_without_primary_key_keeps_the_workbook_order(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("day,text\n2,b\n1,a\n", encoding="utf-8")
    resource = Resource("notes", "p", path, "notes.csv", {"fields": [{"name": "day"}, {"name": "text"}]})
    table = SheetTable(resource, "notes", {"day": "A", "text": "B"}, {"day": "day", "text": "text"},
                       [(2, ["1", "a"]), (3, ["3", "c"]), (4, ["2", "b"])])
    data, lines = csv_bytes(table)
    assert data == b"day,text\n1,a\n3,c\n2,b\n"
    assert lines == {1: 1, 2: 2, 3: 3, 4: 4}


def test_spaces_from_the_file_survive_a_round_trip(project: Path, tmp_path: Path) -> None:
    """A value with spaces around it (a whitespace warning) is not changed by an import; typed spaces go."""
    path = project / SOURCES
    added = "b-report, 乙报道 ,,,,2018-11,false,,zh,see p. 3 \n"
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    csv = path.read_bytes()
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "case-studies.xlsx"]
    assert openpyxl.load_workbook(book)["sources"]["B3"].value == " 乙报道 "
    result = import_xlsx(project, book)
    assert result.ok and result.written == [] and path.read_bytes() == csv

    def change(wb: Any) -> None:
        wb["sources"]["J2"] = "  checked  "
        wb["sources"]["J3"] = "see p. 4 "

    edit(book, change)
    result = import_xlsx(project, book)
    assert result.ok, [i.text() for i in result.issues]
    assert path.read_text(encoding="utf-8").splitlines()[1:] == [
        "test-report,测试报道,A test report,测试日报,,2018-12,false,https://example.org/report,zh,checked",
        "b-report, 乙报道 ,,,,2018-11,false,,zh,see p. 4"]


def _lists(ws: Any) -> dict[str, tuple[str, str]]:
    return {str(dv.sqref): (dv.formula1, dv.errorStyle or "stop")
            for dv in ws.data_validations.dataValidation if dv.type == "list"}


def test_code_columns_have_drop_downs(project: Path, tmp_path: Path) -> None:
    """Foreign keys list the referenced sheet's column; a dimension's codes come from a hidden sheet."""
    books = _books(project, tmp_path)
    outcomes = openpyxl.load_workbook(books["outcomes"])
    assert _lists(outcomes["outcomes"])["B2:B1048576"] == ("'regions'!$A$2:$A$1048576", "stop")
    assert _lists(outcomes["regions"])["E2:E1048576"] == ("'regions'!$A$2:$A$1048576", "stop")  # parent
    cases = openpyxl.load_workbook(books["case-studies"])
    lists = _lists(cases["case-studies"])
    assert lists["R2:R1048576"] == ("'sources'!$A$2:$A$1048576", "stop")  # source (after monthly_income_qualifier)
    formula, style = lists["O2:O1048576"]  # outcome: one code of the case-outcome dimension
    assert style == "warning" and formula.startswith("'_lists'!$")
    ws = cases["_lists"]
    assert ws.sheet_state == "hidden"
    column = formula.split("!")[1].split(":")[0].split("$")[1]
    codes = [c.value for c in ws[column][1:] if c.value]
    assert codes == [line.split(",")[1] for line in (project / "datasets/reference/categories.csv")
                     .read_text(encoding="utf-8").splitlines() if line.startswith("case-outcome,")]
    assert ws[f"{column}1"].value == "case-outcome"
    assert "L2:L1048576" not in lists  # causes: several codes in one cell, no list possible
    assert cases.sheetnames[-3:] == ["_lists", FIELDS_SHEET, EXPORT_SHEET]


def test_workbook_without_export_record_is_written_only_with_force(project: Path, tmp_path: Path) -> None:
    """A workbook from before the _export sheet cannot tell what changed since: an edit needs --force."""
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "case-studies.xlsx"]

    def old_style(wb: Any) -> None:
        del wb[EXPORT_SHEET]
        wb["sources"]["J2"] = "checked"

    edit(book, old_style)
    _refused(project, book, f"{SOURCES} may have changed since this workbook was exported (the workbook does not "
                            "record its state)")
    code, out = cli("import", str(book), "--root", str(project), "--force")
    assert code == 0, out
    assert f"updated {project / SOURCES}" in out and "1 file(s) updated, 6 unchanged" in out
