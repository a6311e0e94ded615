"""A figure typed by hand in a post (2461户 instead of a call) is a warning of jiekun validate, naming
the call that writes it; --strict fails on it (issue 16, item 3)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from jiekun.cli import main
from jiekun.site.refcheck import validate

POST = "docs/updates/posts/2026-01-02-typed.md"


def write_post(project: Path, text: str) -> None:
    path = project / POST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_typed_figure_is_a_warning_naming_the_call(project: Path) -> None:
    write_post(project, "---\ndate:\n  created: 2026-01-02\n---\n# 河南\n\n到2018年11月，全省在档3000户，"
                        "其中200户是新的。\n")
    found = [(i.file, i.line, i.code, i.severity.value) for i in validate(project)]
    assert found == [(POST, 7, "hand-typed-figure", "warning"), (POST, 7, "hand-typed-figure", "warning")]
    hints = [i.hint or "" for i in validate(project)]
    assert any('figure("henan-on-file-2018")' in h for h in hints), hints  # 3000户 is a figure of the data
    assert any("jiekun new figure" in h for h in hints), hints  # 200户 is not


def test_calls_dates_and_links_are_not_typed_figures(project: Path) -> None:
    write_post(project, '---\ndate:\n  created: 2026-01-02\ndescription: 全省{{ figure("henan-on-file-2018") }}\n'
                        '---\n# 河南2018年11月\n\n见[页面](../../regions/410000.md)，<!-- 3000户 -->\n')
    assert [i for i in validate(project) if i.code == "hand-typed-figure"] == []


def test_strict_fails_on_a_typed_figure(project: Path) -> None:
    write_post(project, "---\ndate:\n  created: 2026-01-02\n---\n# 河南\n\n在档3000户。\n")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--root", str(project)]).exit_code == 0
    strict = runner.invoke(main, ["validate", "--root", str(project), "--strict"])
    assert strict.exit_code == 1 and "hand-typed-figure" in strict.output, strict.output
