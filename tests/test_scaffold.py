"""`jiekun new`: one valid row appended without touching any other byte; anything else refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import tree_digest
from jiekun.cli import main
from jiekun.data.validate import validate
from jiekun.tools.scaffold import Checker, add_row, append_bytes, field_specs, read_schema

CASES = Path("datasets/case-studies/case-studies.csv")
SOURCES = Path("datasets/reference/sources.csv")

CASE = {
    "id": "lankao-second-case", "title_zh": "兰考职工获得助学金", "display_as": "pseudonym",
    "display_name": "李某", "basis": "published-in-press", "region": "410225", "year_end": "2018",
    "causes": "illness", "interventions": "medical-aid", "outcome": "receiving-aid",
    "source": "test-report", "locator": "¶10", "health_info": "false",
    "summary_zh": "一名职工的孩子考上大学，家里拿不出学费，工会为他申请了金秋助学金。",
}


def case_args(**changes: str) -> list[str]:
    values = {**CASE, **changes}
    return [arg for name, value in values.items() for arg in ("--" + name.replace("_", "-"), value)]


def run(project: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--root", str(project)], input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_options_come_from_the_schema(project: Path) -> None:
    specs = {s.name: s for s in field_specs(read_schema(project, "case-studies"))}
    assert specs["display_as"].choices == ("full-name", "pseudonym", "initials")
    assert specs["causes"].separator == ";" and specs["region"].required and not specs["title_en"].required
    code, out = run(project, "case-study", "--help")
    assert code == 0, out
    for spec in specs.values():
        assert spec.option in out
    assert "[full-name|pseudonym|initials]" in out


def test_valid_case_keeps_every_previous_byte(project: Path) -> None:
    before = (project / CASES).read_bytes()
    code, out = run(project, "case-study", "--no-input", *case_args())
    assert code == 0, out
    after = (project / CASES).read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode() == (
        "lankao-second-case,兰考职工获得助学金,,pseudonym,李某,published-in-press,,410225,,,2018,illness,"
        "medical-aid,,receiving-aid,,,test-report,¶10,一名职工的孩子考上大学，家里拿不出学费，工会为他申请了金秋助学金。,,false,,,\n")
    assert f"added line {len(before.splitlines()) + 1}" in out
    assert validate(project).ok()


def test_crlf_file_stays_crlf_and_no_final_newline_is_kept(project: Path) -> None:
    path = project / SOURCES
    crlf = path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n")
    path.write_bytes(crlf)
    code, out = run(project, "source", "--no-input", "--id", "new-report", "--title", "新的报道, 第二篇",
                    "--published", "2019-01", "--published-estimated", "false", "--language", "zh")
    assert code == 0, out
    after = path.read_bytes()
    assert after == crlf + b'\r\nnew-report,"\xe6\x96\xb0\xe7\x9a\x84\xe6\x8a\xa5\xe9\x81\x93, ' \
                           b'\xe7\xac\xac\xe4\xba\x8c\xe7\xaf\x87",,,,2019-01,false,,zh,'
    assert b"\n" not in after.replace(b"\r\n", b"")


@pytest.mark.parametrize(("changes", "message"), [
    ({"region": "999999"}, "--region (Region): '999999' is not listed in datasets/reference/regions.csv"),
    ({"id": "lankao-medical-aid"}, "'lankao-medical-aid' is already used (line 2 of datasets/case-studies/"),
    ({"id": "Bad_Id"}, "--id (Case id): 'Bad_Id' should be written in lower-case letters a-z, digits 0-9 and "
                       "single hyphens, e.g. bad-id"),
    ({"causes": "illness;no-such-cause"}, "'no-such-cause' not in the hardship-cause list"),
    ({"year_end": "2018.5"}, "--year-end (Last year): '2018.5' is not a whole number"),
])
def test_bad_values_are_refused_and_nothing_is_written(project: Path, changes: dict[str, str], message: str) -> None:
    before = tree_digest(project)
    code, out = run(project, "case-study", "--no-input", *case_args(**changes))
    assert code == 1, out
    assert message in out
    assert "nothing written" in out
    assert tree_digest(project) == before


def test_bad_enum_is_a_usage_error(project: Path) -> None:
    before = tree_digest(project)
    code, out = run(project, "case-study", "--no-input", *case_args(basis="rumour"))
    assert code == 2, out
    assert "'rumour' is not one of 'published-in-press', 'written-consent', 'public-record'" in out
    assert tree_digest(project) == before


def test_missing_required_without_input_names_the_options(project: Path) -> None:
    code, out = run(project, "source", "--no-input", "--id", "x-report")
    assert code == 1, out
    assert "--title (Title): is required" in out and "--language (Language): is required" in out


def test_row_that_breaks_a_cross_table_rule_is_refused(project: Path) -> None:
    """Each value is fine alone; together they break the privacy rule, found by the full validation."""
    before = tree_digest(project)
    code, out = run(project, "case-study", "--no-input",
                    *case_args(display_as="full-name", display_name="李明", health_info="true"))
    assert code == 1, out
    assert "refused" in out and "[privacy-error]" in out
    assert f"{CASES.as_posix()}:3: " in out
    assert tree_digest(project) == before


def test_prompts_ask_for_missing_fields_and_ask_again_after_a_bad_answer(project: Path) -> None:
    before = (project / SOURCES).read_bytes()
    answers = "test-report\nnew-report\n新的报道\n2019-13\n2019-01\nfalse\nfr\nzh\n"
    code, out = run(project, "source", "--publisher", "测试日报", input=answers)
    assert code == 0, out
    assert "'test-report' is already used" in out
    assert "'2019-13' should be a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD" in out
    assert "Error: 'fr'" in out
    assert (project / SOURCES).read_bytes() == before + "new-report,新的报道,,测试日报,,2019-01,false,,zh,\n".encode()


def test_dry_run_prints_the_row_and_writes_nothing(project: Path) -> None:
    before = tree_digest(project)
    code, out = run(project, "case-study", "--dry-run", "--no-input", *case_args(causes="illness"))
    assert code == 0, out
    # the row, after any warning about it (this case has no English summary: missing-translation)
    assert any(line.startswith("lankao-second-case,兰考职工获得助学金,") for line in out.splitlines()), out
    assert "dry run" in out
    assert tree_digest(project) == before


def test_repeated_option_and_separated_list_make_one_cell(project: Path) -> None:
    with (project / "datasets/reference/categories.csv").open("a", encoding="utf-8") as handle:
        handle.write("hardship-cause,schooling,因学致困,Schooling costs,\n")
    args = [a for a in case_args() if a not in ("--causes", "illness")]
    code, out = run(project, "case-study", "--no-input", *args, "--causes", "illness", "--causes", " schooling ; ")
    assert code == 0, out
    assert ",2018,illness;schooling,medical-aid," in (project / CASES).read_text(encoding="utf-8")


def test_append_bytes_respects_the_file() -> None:
    assert append_bytes(b"a,b\n", ["1", "x,y"]) == (b'a,b\n1,"x,y"\n', 2)
    assert append_bytes(b"a,b\r\n1,2", ["3", "4"]) == (b"a,b\r\n1,2\r\n3,4", 3)
    assert append_bytes(b'a,b\n1,"two\nlines"\n', ["3", "4"]) == (b'a,b\n1,"two\nlines"\n3,4\n', 4)


def test_python_api_refuses_and_reports(project: Path) -> None:
    before = tree_digest(project)
    added = add_row(project, "case-studies", {**CASE, "region": "999999"})
    assert not added.written
    assert [(i.line, i.field, i.code) for i in added.report.errors] == [(3, "region", "foreign-key")]
    assert tree_digest(project) == before
    assert Checker(project, "case-studies").problem(field_specs(read_schema(project, "case-studies"))[0], "") \
        == "is required but empty"


@pytest.mark.parametrize("table", [CASES, SOURCES])
def test_non_utf8_file_is_refused_clearly(project: Path, table: Path) -> None:
    """A GBK file (Excel's 'CSV' on Chinese Windows) is named with the fix, never read as empty."""
    path = project / table
    path.write_bytes(path.read_bytes().decode("utf-8").encode("gbk", errors="ignore") + "湖北\n".encode("gbk"))
    before = tree_digest(project)
    code, out = run(project, "case-study", "--no-input", *case_args())
    assert code == 1, out
    assert table.as_posix() in out and "not UTF-8" in out and "UTF-8" in out
    assert tree_digest(project) == before


def test_a_case_study_takes_region_names_and_chinese_labels(project: Path) -> None:
    """jiekun new case-study --region 兰考县 --causes 因病致困: names and labels are written as codes."""
    code, out = run(project, "case-study", "--no-input",
                    *case_args(region="兰考县", causes="因病致困", interventions="医疗救助"))
    assert code == 0, out
    last = (project / CASES).read_text(encoding="utf-8").splitlines()[-1]
    assert ",410225," in last and ",illness,medical-aid," in last, last


def test_a_name_one_character_off_gets_did_you_mean(project: Path) -> None:
    code, out = run(project, "case-study", "--no-input", *case_args(region="兰考"))
    assert code == 1 and "did you mean '410225' (兰考县)" in out, out


def test_a_question_mark_lists_the_choices(project: Path) -> None:
    code, out = run(project, "case-study", "--no-input", "--region", "?")
    assert code == 0, out
    assert "410225  兰考县" in out and "410000  河南省" in out
    code, out = run(project, "case-study", "--no-input", "--causes", "?")
    assert code == 0 and "illness  因病致困" in out, out
