"""jiekun new figure: region by name, metric by label, the period and the wording as published; the
value, unit and qualifier are read from the wording (issue 16, item 5)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from jiekun.cli import main
from jiekun.data.validate import validate

OUTCOMES = Path("datasets/outcomes/outcomes.csv")


def run(project: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", "figure", *args, "--root", str(project)], input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_figure_from_names_and_the_wording_as_published(project: Path) -> None:
    code, out = run(project, "--no-input", "--region", "郑州市", "--metric", "在档困难职工户数", "--period", "2018-11",
                    "--published", "约2.99万户", "--source", "test-report", "--locator", "¶8")
    assert code == 0, out
    assert "value 29900, unit household, qualifier about" in out
    last = (project / OUTCOMES).read_text(encoding="utf-8").splitlines()[-1]
    assert last == ("410100-households-on-file-2018-11,410100,households-on-file,point,,2018-11,29900,household,"
                    "about,,,,约2.99万户,test-report,¶8,original,,,false,")
    assert validate(project).ok()


def test_a_flow_gets_its_span_and_more_than(project: Path) -> None:
    code, out = run(project, "--no-input", "--region", "410100", "--metric", "筹集帮扶资金", "--period", "2017/2018",
                    "--published", "2000多万元", "--source", "test-report", "--locator", "¶9", "--dry-run")
    assert code == 0, out
    assert "410100-aid-funds-raised-2018,410100,aid-funds-raised,interval,2017,2018,20000000,yuan,more-than" in out


def test_prompts_ask_for_what_is_missing_and_list_choices(project: Path) -> None:
    answers = "?\n郑州\n郑州市\n在档困难职工户数\n2018\n两千户\ntest-report\n¶8\n"
    code, out = run(project, "--dry-run", input=answers)
    assert code == 0, out
    assert "410225  兰考县" in out  # ? listed the regions
    assert "did you mean '410100' (郑州市)" in out  # 郑州 is one character short
    assert "value 2000, unit household, qualifier exact" in out


def test_unreadable_wording_is_refused_with_an_example(project: Path) -> None:
    before = (project / OUTCOMES).read_bytes()
    code, out = run(project, "--no-input", "--region", "郑州市", "--metric", "在档困难职工户数", "--period", "2018",
                    "--published", "数千户", "--source", "test-report", "--locator", "¶8")
    assert code == 1 and "as the source prints it" in out and "nothing written" in out, out
    assert (project / OUTCOMES).read_bytes() == before
