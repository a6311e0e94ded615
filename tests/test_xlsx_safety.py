"""No live formula in an exported workbook, no export of invalid data, no formula taken in on import."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import tree_digest
from jiekun.cli import main
from jiekun.core.issues import DataError
from jiekun.tools.xlsx import export_xlsx
from jiekun.tools.xlsximport import import_xlsx

OUTCOMES = "datasets/outcomes/outcomes.csv"
# what a spreadsheet program may run or turn into something else than the text typed
TRICKY = ['=HYPERLINK("http://example.org/?"&A1,"点此查看")', "+1+1", "-2-3", "@SUM(A1)", "\tTab", "\rCR",
          "=1", "#N/A", "#DIV/0!", "==", "=\"x\""]


def _note(project: Path, text: str) -> None:
    """Put ``text`` in the note of the fixture's last outcome (a field of free text)."""
    path = project / OUTCOMES
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[-1][-1] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _sheet_xml(book: Path) -> dict[str, str]:
    with zipfile.ZipFile(book) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")}


@pytest.mark.parametrize("text", TRICKY)
def test_text_is_never_written_as_a_formula(project: Path, tmp_path: Path, text: str) -> None:
    _note(project, text)
    (book,) = [b for b in export_xlsx(project, tmp_path / "books", force=True) if b.name == "outcomes.xlsx"]
    for name, xml in _sheet_xml(book).items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert not re.search(r'<c [^>]*t="e"', xml), f"{name}: an error cell"
    ws = openpyxl.load_workbook(book)["outcomes"]
    cell = ws.cell(ws.max_row, ws.max_column)  # the note, the last column
    # XML reads a bare CR as LF (openpyxl writes it unescaped): the text stays text all the same
    assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s")


def test_export_of_invalid_data_writes_nothing(project: Path, tmp_path: Path) -> None:
    _note(project, "=HYPERLINK(1)")
    with pytest.raises(DataError) as caught:
        export_xlsx(project, tmp_path / "books")
    assert {i.code for i in caught.value.report.errors} == {"formula-injection"}
    assert not (tmp_path / "books").exists()


def test_cli_export_prints_the_report_and_goes_on_only_when_forced(project: Path, tmp_path: Path) -> None:
    _note(project, "=HYPERLINK(1)")
    books = tmp_path / "books"
    result = CliRunner().invoke(main, ["export", "--root", str(project), "--xlsx", str(books)])
    assert result.exit_code == 1, result.output
    assert f"{OUTCOMES}:7: note: " in result.output and "[formula-injection]" in result.output
    assert "no workbook written" in result.output and not books.exists()
    result = CliRunner().invoke(main, ["export", "--root", str(project), "--xlsx", str(books), "--force"])
    assert result.exit_code == 0, result.output
    assert "[formula-injection]" in result.output and "exported anyway" in result.output
    assert sorted(p.name for p in books.iterdir()) == ["case-studies.xlsx", "outcomes.xlsx"]


def test_formula_typed_into_a_cell_is_refused_on_import(project: Path, tmp_path: Path) -> None:
    (book,) = [b for b in export_xlsx(project, tmp_path) if b.name == "outcomes.xlsx"]
    wb = openpyxl.load_workbook(book)
    wb["outcomes"]["G3"] = "=G2/3"  # a value computed by a formula, as a user would type it
    wb.save(book)
    before = tree_digest(project)
    result = import_xlsx(project, book)
    assert [(i.code, i.sheet, i.row, i.column) for i in result.errors] == [("formula-cell", "outcomes", 3, "G")]
    assert "G2/3" in result.errors[0].text() and "sheet outcomes, row 3, column G" in result.errors[0].text()
    assert result.written == [] and tree_digest(project) == before
