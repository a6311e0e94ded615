"""`jiekun check`: strict validation and a real strict site build, with the job-summary report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from jiekun.cli import main
from test_build import site_project
from test_diff import GIT_ENV, OUTCOMES, commit, edit, git


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture data with the real site configuration, committed on main; a branch 'change' checked out."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("JIEKUN_DIFF_BASE", raising=False)
    site_project(project)
    git(project, "init", "-q", "-b", "main")
    commit(project, "data")
    git(project, "checkout", "-q", "-b", "change")
    return project


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], env=env)
    return result.exit_code, result.output


def test_check_passes_builds_the_site_and_writes_the_summary(repo: Path, tmp_path: Path) -> None:
    edit(repo, OUTCOMES, "2018,2018,190000000,yuan,more-than,,,,1.9亿多元",
         "2018,2018,210000000,yuan,more-than,,,,2.1亿多元")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, out = run("--root", str(repo), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 0, out
    assert out.startswith("valid: 0 errors, 0 warnings")
    assert f"site built in {repo / 'site'}" in out
    assert (repo / "site/index.html").is_file()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# ✅ jiekun check passed\n")  # appended, as GitHub expects
    assert "## ✅ Data valid" in text and "## ✅ Site built" in text
    assert "| 河南省 | 筹集帮扶资金 |  | 2018年 | 1.9亿多元 | 2.1亿多元 |" in text


def test_check_fails_on_a_warning_and_builds_nothing(repo: Path, tmp_path: Path) -> None:
    edit(repo, "datasets/reference/regions.csv", "Zhengzhou", "Zhengzhou ")
    summary = tmp_path / "summary.md"
    code, out = run("--root", str(repo), "--summary", str(summary), "--base", "main")
    assert code == 1, out
    assert "[whitespace] (warning)" in out
    assert "site: not built: the data does not pass `jiekun validate --strict`" in out
    assert not (repo / "site").exists()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# ❌ jiekun check failed")
    assert "## ❌ Data invalid" in text and "`whitespace`" in text and "## ❌ Site not built" in text
    assert "| 3 | code&#61;410100 | name&#95;en | Zhengzhou | Zhengzhou␠ |" in text


def test_without_a_summary_no_diff_is_needed(project: Path) -> None:
    """Outside git (a downloaded copy) the checks still run; only the diff needs a repository."""
    site_project(project)
    code, out = run("--root", str(project), "--summary", os.devnull)
    assert code == 0, out
    code, out = run("--root", str(project / "nothing"))
    assert code == 2 and "has no datasets/ folder" in out
