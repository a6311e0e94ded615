"""`jiekun validate` on a valid project and on one tiny fixture per defect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INVALID, apply_defect, tree_digest
from jiekun.core.issues import Severity
from jiekun.data.load import LINE
from jiekun.data.validate import check, validate

DEFECTS = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def triples(project: Path) -> list[list[object]]:
    return sorted(([i.file, i.line, i.field, i.code] for i in validate(project)
                   if i.severity is Severity.ERROR), key=str)


def test_valid_fixture_has_no_issue(project: Path) -> None:
    report = validate(project)
    assert list(report) == []
    assert report.tables == 10  # nine tables and the tile grid
    assert report.rows > 15


@pytest.mark.parametrize("defect", DEFECTS)
def test_defect_is_reported_with_file_line_and_field(project: Path, defect: str) -> None:
    expected = apply_defect(project, defect)
    before = tree_digest(project)
    assert triples(project) == sorted(expected, key=str)
    assert tree_digest(project) == before, "validate must never modify the files it reads"


def test_bom_and_crlf_are_accepted(project: Path) -> None:
    path = project / "datasets/outcomes/outcomes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert list(validate(project)) == []


def test_quoted_newline_keeps_physical_lines(project: Path) -> None:
    path = project / "datasets/reference/regions.csv"
    path.write_text(path.read_text().replace("Zhengzhou", '"Zheng\nzhou"') + "410300,洛阳市,Luoyang,city,410000\n")
    assert triples(project) == [["datasets/reference/regions.csv", 6, "level", "constraint-error"]]


def test_partial_breakdown_may_fall_short(project: Path) -> None:
    b = project / "datasets/outcomes/breakdowns.csv"
    b.write_text(b.read_text().replace("henan-on-file-2018,true", "henan-on-file-2018,false"))
    o = project / "datasets/outcomes/outcomes.csv"
    o.write_text(o.read_text().replace(",2000,household", ",1500,household").replace(",2000户,", ",1500户,"))
    assert list(validate(project)) == []


def test_conflicting_figures_warn_until_they_name_each_other(project: Path) -> None:
    o = project / "datasets/outcomes/outcomes.csv"
    row = ("henan-aid-funds-2018b,410000,aid-funds-raised,interval,2018,2018,200000000,yuan,about,,,,"
           "约2亿元,test-report,¶6,original,,{},false,\n")
    o.write_text(o.read_text() + row.format(""))
    report = validate(project)
    assert {(i.code, i.severity) for i in report} == {("conflicting-figures", Severity.WARNING)}
    assert report.ok() and not report.ok(strict=True)
    o.write_text(o.read_text().replace(",¶6,original,,,", ",¶6,original,,henan-aid-funds-2018,"))
    assert {i.code for i in validate(project)} == {"disagreement-one-way"}, "the link must go both ways"
    o.write_text(o.read_text().replace(",¶5,original,,,", ",¶5,original,,henan-aid-funds-2018b,"))
    assert list(validate(project)) == []


def test_schema_drift_is_reported(project: Path) -> None:
    schema = project / "schemas/regions.schema.json"
    schema.write_text(schema.read_text().replace('"Region code"', '"Code"'))
    codes = {(i.file, i.code) for i in validate(project)}
    assert ("datasets/outcomes.datapackage.json", "schema-drift") in codes


def test_every_problem_is_reported_at_once(project: Path) -> None:
    for defect in ("negative-count", "duplicate-key", "unknown-list-item"):
        apply_defect(project, defect)
    codes = {i.code for i in validate(project)}
    assert {"constraint-error", "primary-key", "foreign-key"} <= codes


def test_rows_of_the_wrong_width_are_kept_out_of_the_rules(project: Path) -> None:
    """A short row is padded to be type-checked, but the cross-table rules do not see it."""
    path = project / "datasets/reference/regions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "410300,洛阳市,Luoyang,county\n410400,平顶山市,Pingdingshan,"
                    "prefecture,410000\n", encoding="utf-8")
    report, tables = check(project)
    assert sorted((i.line, i.field, i.code) for i in report) == [(5, None, "missing-cell")]
    regions = tables["regions"].typed
    assert regions[LINE].to_list() == [2, 3, 4, 6, 5], "rows of the wrong width come last"
    assert regions.row(-1, named=True)["parent"] is None


def test_validate_does_not_import_pandera(project: Path) -> None:
    """pandera and pandas take half a second to import; only the Python loaders need them."""
    code = ("import sys; from jiekun.data.validate import validate; validate(sys.argv[1]); "
            "sys.exit(sorted({'pandera', 'pandas'} & set(sys.modules)) != [])")
    proc = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr or "pandera or pandas was imported"


def test_a_date_on_an_estimated_publication_date_must_be_marked(project: Path) -> None:
    apply_defect(project, "estimated-date-unmarked")
    report = validate(project)
    found = [(i.file, i.line, i.field, i.code, i.severity) for i in report]
    assert found == [("datasets/outcomes/outcomes.csv", 8, "period_estimated", "estimated-date-unmarked",
                      Severity.WARNING)]
    o = project / "datasets/outcomes/outcomes.csv"
    marked = o.read_text(encoding="utf-8").replace(",¶7,original,,,false,", ",¶7,original,,,true,")
    o.write_text(marked, encoding="utf-8")
    assert list(validate(project)) == []


def test_an_english_text_the_edition_needs_is_a_warning(project: Path) -> None:
    apply_defect(project, "missing-translation")
    report = validate(project)
    assert [(i.file, i.line, i.field, i.code, i.severity) for i in report] == [
        ("datasets/reference/metrics.csv", 3, "definition_en", "missing-translation", Severity.WARNING)]
    assert report.ok() and not report.ok(strict=True)
