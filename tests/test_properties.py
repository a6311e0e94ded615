"""Property-based tests: no cell value crashes the validator; the scan agrees with csv."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from conftest import make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.issues import Report
from generator.scan import scan
from generator.validate import validate

CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["", "-5", "1,900", "３０００", "NaN", "2018-02-30", "=1+1", '"', "\n", "\r\n", "万", "true", "410000"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(CELL, min_size=1, max_size=17), row=st.integers(0, 5))
def test_random_cells_never_crash_the_validator(tmp_path: Path, cells: list[str], row: int) -> None:
    project = tmp_path / "p"
    shutil.rmtree(project, ignore_errors=True)
    make_project(project)
    path = project / "datasets/outcomes/outcomes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[1 + row] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8", newline="")
    report = validate(project)
    assert isinstance(report, Report)
    total_lines = path.read_bytes().count(b"\n") + 1
    for issue in report:
        assert issue.file and issue.code and issue.message
        assert issue.line is None or 1 <= issue.line <= total_lines


RECORD = st.lists(st.text(alphabet='ab,"\n 中', max_size=6), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(records=st.lists(RECORD, min_size=1, max_size=8))
def test_scan_agrees_with_the_csv_module(records: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    text = buf.getvalue()
    expected, line = [], 1
    reader = csv.reader(io.StringIO(text, newline=""))
    for parsed in reader:
        expected.append((line, len(parsed) if parsed else 0))
        line = reader.line_num + 1
    sc = scan(text.encode("utf-8"))
    assert list(zip(sc.lines.tolist(), sc.cells.tolist(), strict=True)) == expected
