"""The communications officer's mistakes, each with a message that says what to type (issue 16):
front matter read as YAML (items 1, 2), calls that cannot be read and "did you mean" (item 4),
and the preview's note under a page's problem (item 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jiekun.cli import main
from jiekun.core.issues import Report, error
from jiekun.data.validate import validate as validate_data
from jiekun.pipeline.engines import QUIET
from jiekun.pipeline.live import problem_note
from jiekun.site.refcheck import validate
from jiekun.tools.posts import new_post

POST = "docs/updates/posts/2026-01-02-x.md"
HEAD = "---\ndate:\n  created: 2026-01-02\n"


def write(project: Path, text: str, name: str = POST) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def found(project: Path, code: str) -> list[tuple[str, int | None, str, str]]:
    return [(i.file, i.line, i.message, i.hint or "") for i in validate(project) if i.code == code]


def test_a_call_inside_a_double_quoted_value_is_a_front_matter_error_with_the_fix(project: Path) -> None:
    write(project, HEAD + 'description: "降至{{ figure("henan-on-file-2018") }}"\n---\n# 河南\n')
    [(file, line, message, hint)] = found(project, "front-matter-error")
    assert (file, line) == (POST, 4)
    assert "single quotes" in hint and "description: '" in hint
    for parser_words in ("expected", "scanner", "parser", "<block"):
        assert parser_words not in message + hint


def test_the_single_quoted_value_the_message_asks_for_validates(project: Path) -> None:
    write(project, HEAD + "description: '降至{{ figure(\"henan-on-file-2018\") }}'\n---\n# 河南\n")
    assert [i for i in validate(project) if i.file == POST] == []


def test_escaped_quotes_and_full_width_quotes_get_plain_words(project: Path) -> None:
    write(project, HEAD + 'description: "降至{{ figure(\\"henan-on-file-2018\\") }}"\n---\n'
                          '# 河南\n\n共{{ figure(“henan-on-file-2018”) }}。\n')
    messages = [(line, hint) for _f, line, _m, hint in found(project, "bad-reference")]
    assert [line for line, _hint in messages] == [4, 8]
    assert "remove the backslashes" in messages[0][1]
    assert "use half-width quotes" in messages[1][1]
    text = " ".join(m + h for _f, _l, m, h in found(project, "bad-reference"))
    assert "U+201C" not in text and "line continuation" not in text and "invalid character" not in text


def test_a_post_with_two_titles_is_warned(project: Path) -> None:
    write(project, "---\ntitle: 河南在档户数\ndate:\n  created: 2026-01-02\n---\n# 河南在档户数降了\n")
    [(file, line, _message, hint)] = found(project, "two-titles")
    assert (file, line) == (POST, 2) and "delete the title" in hint


def test_the_new_post_template_has_one_title_and_its_calls_validate(project: Path) -> None:
    path = new_post(project, "河南降至3000户", "henan")
    text = path.read_text(encoding="utf-8")
    assert "\ntitle:" not in text and "\n# 河南降至3000户\n" in text
    rel = path.relative_to(project).as_posix()
    text = text.replace("# 河南降至3000户", '# 河南降至{{ figure("henan-on-file-2018") }}')
    text = text.replace("description: '", "description: '共{{ figure(\"henan-on-file-2018\") }}；", 1)
    path.write_text(text, encoding="utf-8")
    assert [i for i in validate(project) if i.file == rel and i.code != "hand-typed-figure"] == []


def test_did_you_mean_for_a_figure_id_a_region_name_and_a_keyword(project: Path) -> None:
    write(project, HEAD + "---\n# 河南\n\n"
                          '{{ figure("henan-on-file-2108") }}\n'
                          '{{ figure(region="河南", metric="households-on-file", period="2018-11") }}\n'
                          '{{ figure(region="410000", metrik="households-on-file") }}\n')
    messages = {i.line: i.message for i in validate(project) if i.file == POST}
    assert "did you mean 'henan-on-file-2018'" in messages[7]
    assert "did you mean '河南省'" in messages[8]
    assert "did you mean 'metric'" in messages[9]


def test_did_you_mean_for_a_region_and_a_category_in_the_data(project: Path) -> None:
    cases = project / "datasets/case-studies/case-studies.csv"
    text = cases.read_text(encoding="utf-8")
    assert ",410225," in text
    cases.write_text(text.replace(",410225,", ",410252,", 1), encoding="utf-8")
    messages = [i.message for i in validate_data(project) if i.code == "foreign-key"]
    assert any("did you mean '410225' (兰考县)?" in m for m in messages), messages


def test_no_regular_expression_in_a_message(project: Path) -> None:
    regions = project / "datasets/reference/regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace("410100,", "41010,", 1), encoding="utf-8")
    [issue] = [i for i in validate_data(project) if i.code == "constraint-error"]
    assert "6 digits, the first not 0" in issue.message and "^" not in issue.message and "{5}" not in issue.message


def test_a_problem_in_a_post_is_not_announced_as_invalid_data() -> None:
    post = Report([error(POST, 3, None, "bad-reference", "x")])
    assert "a page has a problem" in problem_note(post) and "not valid" not in problem_note(post)
    data = Report([error("datasets/outcomes/outcomes.csv", 3, "value", "type-error", "x"), *post.issues])
    assert "the data is not valid" in problem_note(data)


def test_the_engine_is_asked_not_to_print_its_english_end_of_life_banner() -> None:
    """mkdocs-material prints its banner when run as mkdocs, unless the variable the engine adapter sets."""
    code = "import sys; sys.argv = ['mkdocs']; import material.templates"
    env = {"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8"}
    bare = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env | QUIET, check=True)
    if "end of life" not in bare.stderr:
        pytest.skip("this mkdocs-material prints no banner")
    assert "end of life" not in quiet.stderr + quiet.stdout


def test_the_cli_says_it_in_chinese(project: Path) -> None:
    write(project, HEAD + 'description: "降至{{ figure("henan-on-file-2018") }}"\n---\n# 河南\n')
    result = CliRunner().invoke(main, ["--lang", "zh", "validate", "--root", str(project)])
    assert result.exit_code == 1
    assert "文件头（两行 --- 之间的内容）在这一行无法读取" in result.output and "单引号" in result.output
