"""A staged source that is current is not made again: neither the site model nor the staged
pages (jiekun.pipeline.stagestamp, used by jiekun.pipeline.build.prepare)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from conftest import make_project
from jiekun.core.progress import Progress
from jiekun.pipeline.build import prepare
from jiekun.pipeline.stagestamp import STAMP, recorded_digest
from jiekun.pipeline.uptodate import STAGED, tree_digest
from test_build import site_project


def _prepare(root: Path, engine: str = "mkdocs") -> list[str]:
    said: list[str] = []
    prepare(root, Progress(say=said.append), engine=engine)
    return [line.split(" in ")[0].split(" (")[0] for line in said[1:]]  # the lines after validation


def _staged(root: Path) -> dict[str, bytes]:
    staged = root / "build" / "staged"
    return {p.relative_to(staged).as_posix(): p.read_bytes() for p in staged.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = site_project(make_project(tmp_path / "project"))
    assert _prepare(root)[-1].startswith("staged the source")
    return root


SKIPPED = ["generated and staged: unchanged since the last run"]


def test_an_unchanged_project_is_neither_generated_nor_staged_again(project: Path) -> None:
    before = _staged(project)
    assert _prepare(project) == SKIPPED
    assert _staged(project) == before


def test_an_edited_page_a_touched_staged_file_or_another_engine_stages_again(project: Path) -> None:
    before = _staged(project)
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n一句新的话。\n", encoding="utf-8")
    assert _prepare(project) == ["generated: unchanged since the last run", "staged the source"]
    assert "一句新的话" in (project / "build" / "staged" / "docs" / "about.md").read_text(encoding="utf-8")
    staged_page = project / "build" / "staged" / "docs" / "methodology.md"
    staged_page.write_text("edited by hand", encoding="utf-8")
    assert _prepare(project)[-1] == "staged the source"
    assert staged_page.read_bytes() == before["docs/methodology.md"], "the hand edit is undone"
    assert _prepare(project, engine="zensical")[-1] == "staged the source"  # raw addresses differ
    assert _prepare(project, engine="zensical") == SKIPPED
    staged = project / "build" / "staged"
    assert recorded_digest(staged) == tree_digest(staged, STAGED), "the build takes the staged digest from the stamp"
    assert (staged / ".docs-aside" / "charts").is_dir() and not (staged / "docs" / "charts").exists()


def test_a_data_change_or_an_interrupted_staging_makes_everything_again(project: Path) -> None:
    table = project / "datasets" / "outcomes" / "outcomes.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    rows[0]["note"] = "一条新的说明"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")
    lines = _prepare(project)
    assert lines[0].startswith("generated ") and "unchanged" not in lines[0] and lines[-1] == "staged the source"
    stamp = project / "build" / STAMP
    assert stamp.is_file()
    stamp.unlink()  # as if staging had stopped half-way: no stamp vouches for the folder
    assert _prepare(project) == ["generated: unchanged since the last run", "staged the source"]
    os.utime(project / "mkdocs.yml")  # a configuration touched: its time is part of the inputs
    assert _prepare(project)[-1] == "staged the source"
