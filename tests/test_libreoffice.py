"""The workbook round trip through a real office suite: LibreOffice Calc, headless.

LibreOffice starts twice per session (a few seconds each): once to open the exported
workbook and save it in its own flat format (.fods), where a test edits a cell as typing
would; once to save every workbook back as .xlsx.  A private user profile keeps parallel
runs apart.  ``scripts/system-deps.sh`` installs LibreOffice Calc (``soffice``).
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, make_project, tree_digest
from jiekun.tools.xlsx import export_xlsx
from jiekun.tools.xlsximport import import_xlsx
from test_xlsx_safety import _note as _put_note

pytestmark = pytest.mark.debian  # LibreOffice Calc, installed by scripts/system-deps.sh

OUTCOMES = "datasets/outcomes/outcomes.csv"
ROW = "yunnan-national-on-file-2020-10"  # its value is 2513, as published 2513户
TRICKY = '=HYPERLINK("http://example.org/?"&A1,"点此查看")'


def _soffice(fmt: str, out: Path, files: list[Path], profile: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is missing: run scripts/system-deps.sh"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", fmt, "--outdir", str(out), *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=False)
    missing = [f for f in files if not (out / f"{f.stem}.{fmt}").is_file()]
    assert done.returncode == 0 and not missing, done.stdout + done.stderr


def _row(fods: str, row_id: str) -> tuple[int, int]:
    """Where the table row holding ``row_id`` (the first one: the outcomes sheet) starts and ends."""
    cell = fods.index(f"<text:p>{row_id}</text:p>")
    start = fods.rindex("<table:table-row", 0, cell)
    return start, fods.index("</table:table-row>", cell)


def _type_into(fods: str, row_id: str, old_cell: str, new_cell: str) -> str:
    start, end = _row(fods, row_id)
    row = fods[start:end]
    assert row.count(old_cell) == 1, old_cell
    return fods[:start] + row.replace(old_cell, new_cell) + fods[end:]


VALUE_CELL = '<table:table-cell table:content-validation-name="val7" office:value-type="float" office:value="2513"' \
             ' calcext:value-type="float">\n      <text:p>2513</text:p>'


@dataclasses.dataclass
class Calc:
    root: Path  # the real project as exported
    books: dict[str, Path]  # name → workbook saved by LibreOffice
    note: str  # the note of ROW, as exported


@pytest.fixture(scope="session")
def calc(tmp_path_factory: pytest.TempPathFactory) -> Calc:
    """The real project, its workbooks exported, and those workbooks edited and saved by LibreOffice."""
    base = tmp_path_factory.mktemp("calc")
    root = base / "project"
    for folder in ("datasets", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    books = export_xlsx(root, base / "books")
    profile = base / "profile"
    _soffice("fods", base / "fods", [base / "books/outcomes.xlsx"], profile)
    flat = (base / "fods/outcomes.fods").read_text(encoding="utf-8")
    start, end = _row(flat, ROW)
    note = re.findall(r"<text:p>([^<]{20,})</text:p>", flat[start:end])[-1]  # the row's note, the last long text
    edits = {
        "note": _type_into(flat, ROW, f"<text:p>{note}</text:p>", f"<text:p>{note} Checked again.</text:p>"),
        "value": _type_into(flat, ROW, VALUE_CELL, VALUE_CELL.replace("2513", "2514")),
        "formula": _type_into(flat, ROW, VALUE_CELL, VALUE_CELL.replace(
            'office:value-type="float"', 'table:formula="of:=2500+13" office:value-type="float"', 1)),
    }
    for name, text in edits.items():
        (base / f"fods/edited-{name}.fods").write_text(text, encoding="utf-8")
    tricky = make_project(base / "tricky")
    _put_note(tricky, TRICKY)
    (book,) = [b for b in export_xlsx(tricky, base / "tricky-books", force=True) if b.name == "outcomes.xlsx"]
    book = book.rename(book.with_name("tricky.xlsx"))
    _soffice("xlsx", base / "calc", [*books, book, *(base / f"fods/edited-{n}.fods" for n in edits)], profile)
    return Calc(root, {p.stem: p for p in (base / "calc").iterdir()}, html.unescape(note))


def _project(calc: Calc, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(calc.root, root)
    return root


@pytest.mark.parametrize("book", ["outcomes", "case-studies"])
def test_resaved_by_libreoffice_changes_no_byte(calc: Calc, tmp_path: Path, book: str) -> None:
    root = _project(calc, tmp_path)
    with zipfile.ZipFile(calc.books[book]) as archive:
        assert "LibreOffice" in archive.read("docProps/app.xml").decode()  # really written by Calc
    before = tree_digest(root)
    result = import_xlsx(root, calc.books[book])
    assert result.ok and result.written == [], [i.text() for i in result.issues]
    assert tree_digest(root) == before


def test_one_cell_edited_in_libreoffice_changes_one_line(calc: Calc, tmp_path: Path) -> None:
    root = _project(calc, tmp_path)
    before = (root / OUTCOMES).read_text(encoding="utf-8").splitlines()
    result = import_xlsx(root, calc.books["edited-note"])
    assert result.ok and result.written == [root / OUTCOMES], [i.text() for i in result.issues]
    after = (root / OUTCOMES).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    note = calc.note
    assert len(after) == len(before) and len(changed) == 1
    assert changed[0][0].startswith(ROW + ",")
    assert changed[0][1] == changed[0][0].replace(note, note + " Checked again.")


def test_value_edited_against_its_wording_is_refused(calc: Calc, tmp_path: Path) -> None:
    """The case the issue found: 2513 → 2514 while the source's wording still says 2513户."""
    root = _project(calc, tmp_path)
    before = tree_digest(root)
    result = import_xlsx(root, calc.books["edited-value"])
    assert [(i.code, i.sheet, i.column, i.field) for i in result.errors] == \
        [("published-mismatch", "outcomes", "G", "value")]
    assert "2513户" in result.errors[0].message and tree_digest(root) == before


def test_formula_typed_in_libreoffice_is_refused(calc: Calc, tmp_path: Path) -> None:
    root = _project(calc, tmp_path)
    before = tree_digest(root)
    with zipfile.ZipFile(calc.books["edited-formula"]) as archive:
        assert re.search(r"<f[ >][^<]*2500\+13</f>", archive.read("xl/worksheets/sheet1.xml").decode())
    result = import_xlsx(root, calc.books["edited-formula"])
    row = next(n for n, line in enumerate((root / OUTCOMES).read_text(encoding="utf-8").splitlines(), start=1)
               if line.startswith(ROW + ","))  # the sheet's rows are the file's lines
    assert [(i.code, i.sheet, i.row, i.column) for i in result.errors] == [("formula-cell", "outcomes", row, "G")]
    assert tree_digest(root) == before


def test_text_that_looks_like_a_formula_stays_text_in_libreoffice(calc: Calc) -> None:
    """Calc opens the exported workbook and saves it: the text is still text, no formula was made."""
    with zipfile.ZipFile(calc.books["tricky"]) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(re.search(r"<f[ >]", xml) for xml in sheets)
    wb = openpyxl.load_workbook(calc.books["tricky"])
    ws = wb["outcomes"]
    note = ws.cell(ws.max_row, ws.max_column)  # the last column
    assert (note.value, note.data_type) == (TRICKY, "s")
