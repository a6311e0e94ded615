"""`jiekun diff` on real history: a throw-away git repository, real commits, exact diffs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_project
from jiekun.cli import main
from jiekun.data.revisions import GitError
from jiekun.tools.diff import DataDiff, FigureChange, diff
from jiekun.tools.diffview import to_text

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
OUTCOMES = "datasets/outcomes/outcomes.csv"
CASES = "datasets/case-studies/case-studies.csv"
NEW_ROW = ("zhengzhou-on-file-2018,410100,households-on-file,point,,2018-11,71000,household,exact,national,,,"
           "7.1万户,test-report,¶6,original,,,false,\n")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], env=os.environ | GIT_ENV, capture_output=True, text=True,
                          check=True)
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def init_repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``project`` committed on main in a new repository, with a fixed author and dates."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    git(project, "init", "-q", "-b", "main")
    commit(project, "data")
    return project


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture committed on main in a new repository."""
    return init_repo(make_project(tmp_path / "repo"), monkeypatch)


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def append(repo: Path, rel: str, line: str) -> None:
    with (repo / rel).open("a", encoding="utf-8", newline="") as fh:
        fh.write(line)


def summary(result: DataDiff) -> dict[str, object]:
    """Each changed table's rows (lines and keys, changed fields) for exact comparison."""
    return {t.name: {"added": [(line, row.get("id")) for line, row in t.added],
                     "removed": [(line, row.get("id")) for line, row in t.removed],
                     "changed": [(c.line, c.key, c.fields) for c in t.changed]}
            for t in result.tables}


def figures(result: DataDiff) -> list[tuple[str, str | None, str | None]]:
    def value(side: dict[str, str] | None) -> str | None:
        return side["value"] if side else None
    return [(f.id, value(f.before), value(f.after)) for f in result.figures]


def test_added_removed_and_changed_rows_and_the_figures_they_change(repo: Path) -> None:
    append(repo, OUTCOMES, NEW_ROW)
    edit(repo, OUTCOMES, "2018,2018,190000000,yuan,more-than,,,,1.9亿多元",
         "2018,2018,210000000,yuan,more-than,,,,2.1亿多元")
    lines = (repo / CASES).read_text(encoding="utf-8").splitlines(keepends=True)
    (repo / CASES).write_text(lines[0], encoding="utf-8")
    commit(repo, "edits")
    result = diff(repo, "HEAD~1", "HEAD")
    assert result.problems == []
    assert summary(result) == {
        "outcomes": {"added": [(8, "zhengzhou-on-file-2018")], "removed": [],
                     "changed": [(7, {"id": "henan-aid-funds-2018"},
                                  {"value": ("190000000", "210000000"),
                                   "value_as_published": ("1.9亿多元", "2.1亿多元")})]},
        "case-studies": {"added": [], "removed": [(2, "lankao-medical-aid")], "changed": []},
    }
    aid = {"region": "河南省", "metric": "筹集帮扶资金", "part": "", "period": "2018年"}
    assert result.figures == [
        FigureChange("henan-aid-funds-2018", aid | {"value": "1.9亿多元"}, aid | {"value": "2.1亿多元"}),
        FigureChange("zhengzhou-on-file-2018", None,
                     {"region": "郑州市", "metric": "在档困难职工户数", "part": "", "period": "2018年11月",
                      "value": "7.1万户"}),
    ]


def test_a_removed_figure(repo: Path) -> None:
    lines = (repo / OUTCOMES).read_text(encoding="utf-8").splitlines(keepends=True)
    (repo / OUTCOMES).write_text("".join(lines[:-1]), encoding="utf-8")
    commit(repo, "remove the last figure")
    result = diff(repo, "HEAD~1", "HEAD")
    assert summary(result) == {"outcomes": {"added": [], "removed": [(7, "henan-aid-funds-2018")], "changed": []}}
    assert figures(result) == [("henan-aid-funds-2018", "1.9亿多元", None)]
    assert to_text(result).endswith("Figures on the site that change (1):\n"
                                    "  河南省 · 筹集帮扶资金 · 2018年: 1.9亿多元 → (removed)  [henan-aid-funds-2018]\n"
                                    "\nHeadline figures and press sentences replaced (1):\n"
                                    "  河南省 · 筹集帮扶资金\n"
                                    "    - 2018年，河南省筹集帮扶资金1.9亿多元。\n"
                                    "    + (none)\n")


def test_a_changed_label_changes_every_figure_shown_with_it(repo: Path) -> None:
    edit(repo, "datasets/reference/categories.csv", "低保边缘户", "低保边缘家庭")
    result = diff(repo, "main")  # against the working tree
    key = {"dimension": "hardship-category", "code": "dibao-marginal"}
    assert summary(result) == {"categories": {"added": [], "removed": [], "changed": [
        (3, key, {"label_zh": ("低保边缘户", "低保边缘家庭")})]}}
    assert [(f.id, f.before and f.before["part"], f.after and f.after["part"]) for f in result.figures] == [
        ("henan-on-file-marginal-2018", "低保边缘户", "低保边缘家庭"),
        ("henan-share-marginal-2018", "低保边缘户", "低保边缘家庭")]


def reorder(repo: Path) -> None:
    for rel in (OUTCOMES, "datasets/reference/regions.csv"):
        header, *rows = (repo / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        (repo / rel).write_text(header + "".join(reversed(rows)), encoding="utf-8")


def crlf(repo: Path) -> None:
    for path in (repo / "datasets").rglob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def bom(repo: Path) -> None:
    path = repo / OUTCOMES
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def rename(repo: Path) -> None:
    git(repo, "mv", OUTCOMES, "datasets/outcomes/figures.csv")
    git(repo, "mv", "datasets/reference/regions.csv", "datasets/regions.csv")
    moves = {'"path": "outcomes/outcomes.csv"': '"path": "outcomes/figures.csv"',
             '"path": "reference/regions.csv"': '"path": "regions.csv"'}
    for descriptor in (repo / "datasets").glob("*.datapackage.json"):
        text = descriptor.read_text(encoding="utf-8")
        for old, new in moves.items():
            text = text.replace(old, new)
        descriptor.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("change", [reorder, crlf, bom, rename], ids=lambda f: f.__name__)
def test_reordered_rows_line_endings_and_moved_files_are_not_changes(repo: Path, change) -> None:  # type: ignore[no-untyped-def]
    change(repo)
    assert git(repo, "status", "--porcelain")  # the bytes did change
    uncommitted = diff(repo, "main")
    commit(repo, change.__name__)
    committed = diff(repo, "HEAD~1", "HEAD")
    for result in (uncommitted, committed):
        assert result.problems == []
        assert result.tables == [] and result.figures == [] and not result.changed


def test_a_moved_file_with_an_edit_names_both_paths(repo: Path) -> None:
    rename(repo)
    append(repo, "datasets/outcomes/figures.csv", NEW_ROW)
    (table,) = diff(repo, "main").tables
    assert (table.name, table.path, table.old_path) == ("outcomes", "datasets/outcomes/figures.csv", OUTCOMES)
    assert [line for line, _ in table.added] == [8]


def test_default_base_is_the_merge_base_with_main(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    append(repo, OUTCOMES, NEW_ROW)
    commit(repo, "a figure on the branch")
    git(repo, "checkout", "-q", "main")
    edit(repo, "datasets/reference/regions.csv", "Henan", "Henan Province")
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")
    result = diff(repo)
    assert result.base.label == "merge-base of HEAD and main"
    assert result.base.commit == git(repo, "rev-parse", "main~1").strip()
    assert summary(result) == {"outcomes": {"added": [(8, "zhengzhou-on-file-2018")], "removed": [], "changed": []}}


def test_invalid_data_is_still_compared_and_said_to_be_invalid(repo: Path) -> None:
    edit(repo, OUTCOMES, "2018-11,3000,household", "2018-11,3千,household")
    append(repo, OUTCOMES, NEW_ROW)
    result = diff(repo, "main")
    assert len(result.problems) == 1
    assert result.problems[0].startswith("working tree: the data has 1 error(s), e.g. "
                                         "datasets/outcomes/outcomes.csv:2: value:")
    assert summary(result) == {"outcomes": {"added": [(8, "zhengzhou-on-file-2018")], "removed": [], "changed": [
        (2, {"id": "henan-on-file-2018"}, {"value": ("3000", "3千")})]}}
    assert figures(result) == [("zhengzhou-on-file-2018", None, "7.1万户")]  # the unreadable value is not a figure


def test_bad_revision_and_no_repository(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitError, match="unknown revision 'no-such-branch'"):
        diff(repo, "no-such-branch")
    with pytest.raises(GitError, match="is not in a git repository"):
        diff(make_project(tmp_path / "plain"), "main")
    git(repo, "branch", "-q", "-m", "main", "trunk")
    with pytest.raises(GitError, match="no main branch"):
        diff(repo)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


TEXT = """\
Data diff: HEAD~1 ({base}) → HEAD ({head})

outcomes (datasets/outcomes/outcomes.csv; key: id): 1 added, 0 removed, 1 changed
  + line 8: id=zhengzhou-on-file-2018; region=410100; metric=households-on-file; period_kind=point; \
period_end=2018-11; value=71000; unit=household; qualifier=exact; register=national; value_as_published=7.1万户; \
source=test-report; locator=¶6; role=original; period_estimated=false
  ~ line 7: id=henan-aid-funds-2018
      value: 190000000 → 210000000
      value_as_published: 1.9亿多元 → 2.1亿多元

Figures on the site that change (2):
  河南省 · 筹集帮扶资金 · 2018年: 1.9亿多元 → 2.1亿多元  [henan-aid-funds-2018]
  郑州市 · 在档困难职工户数 · 2018年11月: (new) → 7.1万户  [zhengzhou-on-file-2018]

Headline figures and press sentences replaced (1):
  河南省 · 筹集帮扶资金
    - 2018年，河南省筹集帮扶资金1.9亿多元。
    + 2018年，河南省筹集帮扶资金2.1亿多元。
"""


def test_cli_text_json_and_markdown(repo: Path) -> None:
    append(repo, OUTCOMES, NEW_ROW)
    edit(repo, OUTCOMES, "2018,2018,190000000,yuan,more-than,,,,1.9亿多元",
         "2018,2018,210000000,yuan,more-than,,,,2.1亿多元")
    commit(repo, "edits")
    base, head = (git(repo, "rev-parse", rev).strip()[:10] for rev in ("HEAD~1", "HEAD"))
    code, out, err = run("--root", str(repo), "HEAD~1", "HEAD")
    assert (code, err) == (0, ""), out
    assert out == TEXT.format(base=base, head=head)
    code, out, _ = run("--root", str(repo), "HEAD~1", "HEAD", "--format", "json")
    data = json.loads(out)
    assert (code, data["format"], data["changed"]) == (0, "jiekun-diff/1", True)
    assert data["tables"][0]["changed"] == [{"key": {"id": "henan-aid-funds-2018"}, "line": 7,
                                             "fields": {"value": {"old": "190000000", "new": "210000000"},
                                                        "value_as_published": {"old": "1.9亿多元",
                                                                               "new": "2.1亿多元"}}}]
    assert data["figures"][1] == {"id": "zhengzhou-on-file-2018", "before": None, "after": {
        "region": "郑州市", "metric": "在档困难职工户数", "part": "", "period": "2018年11月", "value": "7.1万户"}}
    code, out, _ = run("--root", str(repo), "HEAD~1", "HEAD", "--format", "markdown")
    assert code == 0
    assert "| 7 | id&#61;henan-aid-funds-2018 | value | 190000000 | 210000000 |" in out
    assert "| 河南省 | 筹集帮扶资金 |  | 2018年 | 1.9亿多元 | 2.1亿多元 |" in out


def test_cli_exit_code_option_and_no_change(repo: Path) -> None:
    base = git(repo, "rev-parse", "main").strip()[:10]
    assert run("--root", str(repo), "--exit-code") == (
        0, f"Data diff: merge-base of HEAD and main ({base}) → working tree\nNo change to the data.\n", "")
    append(repo, OUTCOMES, NEW_ROW)
    assert run("--root", str(repo), "--exit-code")[0] == 1
    assert run("--root", str(repo))[0] == 0


@pytest.mark.parametrize("args, message", [
    (["no-such-branch"], "Error: unknown revision 'no-such-branch': not a branch, tag or commit of this repository\n"),
    (["main", "--bad"], None),
])
def test_cli_errors_exit_2_without_a_traceback(repo: Path, args: list[str], message: str | None) -> None:
    code, out, err = run("--root", str(repo), *args)
    assert code == 2, out + err
    assert "Traceback" not in out + err
    if message:
        assert (out, err) == ("", message)


def test_cli_outside_a_repository(tmp_path: Path) -> None:
    code, out, err = run("--root", str(make_project(tmp_path / "plain")))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {tmp_path / 'plain'} is not in a git repository")


def test_row_text_keeps_one_line_and_unambiguous_fields() -> None:
    from jiekun.tools.diffview import row_text

    row = {"id": "a", "causes": "illness;schooling", "note": "two\nlines", "title": " padded", "plain": "7.1万户"}
    assert row_text(row, ["id"]) == ('id=a; causes="illness;schooling"; note="two\\nlines"; title=" padded"; '
                                     "plain=7.1万户")


LATER = ("henan-on-file-2018-12,410000,households-on-file,point,,2018-12,2500,household,exact,national,,,"
         "2500户,test-report,¶7,original,,,false,\n")


def test_a_new_figure_that_replaces_a_headline_is_said_old_and_new(repo: Path) -> None:
    """Issue 16, item 6: a later figure silently became Henan's headline card, preview and press sentence."""
    append(repo, OUTCOMES, LATER)
    result = diff(repo, "main")
    [change] = result.headlines
    assert (change.region, change.metric) == ("河南省", "在档困难职工户数")
    assert change.before and change.after
    assert change.before.sentence == "2018年11月，河南省在档困难职工（全国级档案）3000户。"
    assert change.after.sentence == "2018年12月，河南省在档困难职工（全国级档案）2500户。"
    text = to_text(result)
    assert "Headline figures and press sentences replaced (1):" in text
    assert "- 2018年11月，河南省在档困难职工（全国级档案）3000户。" in text
    assert "+ 2018年12月，河南省在档困难职工（全国级档案）2500户。" in text
    code, out, _err = run("--root", str(repo), "main", "--format", "json")
    assert json.loads(out)["headlines"][0]["after"]["id"] == "henan-on-file-2018-12"


def test_a_figure_that_is_not_a_headline_replaces_none(repo: Path) -> None:
    append(repo, OUTCOMES, NEW_ROW.replace(",2018-11,", ",2017-11,"))
    assert diff(repo, "main").headlines == []  # Zhengzhou's first headline figure replaces none


def test_the_preview_says_when_a_headline_is_replaced(repo: Path) -> None:
    from jiekun.core.progress import Progress
    from jiekun.pipeline.live import Headlines
    from jiekun.site.generate import load

    said: list[str] = []
    watch = Headlines(Progress(said.append))
    watch(load(repo)[0])
    assert said == []
    append(repo, OUTCOMES, LATER)
    watch(load(repo)[0])
    assert said and "headline figure replaced: 河南省 · 在档困难职工户数" in said[0]
    assert "  - 2018年11月" in said[0] and "  + 2018年12月" in said[0]
