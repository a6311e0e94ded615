"""The staged folder follows its sources: files linked, not copied; nothing rewritten when nothing
changed; whatever is no longer produced removed, with the folders it leaves empty."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO
from jiekun.model.model import Site
from jiekun.pipeline.stage import stage
from jiekun.site.generate import load


@pytest.fixture(scope="module")
def site() -> Site:
    return load(REPO)[0]


def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    root, generated, staged = tmp_path / "project", tmp_path / "generated", tmp_path / "staged"
    (root / "docs").mkdir(parents=True)
    (root / "overrides").mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("---\ntitle: Home\n---\n# Home\n", encoding="utf-8")
    (root / "docs" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (root / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    for rel in ("charts/a.svg", "charts/b.svg", "chart/b/index.html", "data/one.csv"):
        (generated / rel).parent.mkdir(parents=True, exist_ok=True)
        (generated / rel).write_text(rel, encoding="utf-8")
    (generated / "regions").mkdir()
    (generated / "regions" / "x.md").write_text("---\ntitle: X\n---\n# X\n", encoding="utf-8")
    return root, generated, staged


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: (inode, modification time in ns)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_files_are_linked_and_left_alone_when_unchanged(tmp_path: Path, site: Site) -> None:
    root, generated, staged = project(tmp_path)
    stage(root, generated, staged, site, {})
    docs = staged / "docs"
    assert sorted(files(docs)) == ["chart/b/index.html", "charts/a.svg", "charts/b.svg", "data/one.csv", "index.md",
                                   "logo.svg", "regions/x.md"]
    assert os.path.samestat((docs / "charts" / "a.svg").stat(), (generated / "charts" / "a.svg").stat())
    assert os.path.samestat((docs / "logo.svg").stat(), (root / "docs" / "logo.svg").stat())
    assert os.path.samestat((staged / "overrides" / "main.html").stat(), (root / "overrides" / "main.html").stat())
    before = files(staged)
    stage(root, generated, staged, site, {})
    assert files(staged) == before  # the same inodes and times: nothing was written again


def test_changes_reach_the_staged_folder_and_leftovers_go(tmp_path: Path, site: Site) -> None:
    root, generated, staged = project(tmp_path)
    stage(root, generated, staged, site, {})
    (generated / "charts" / "a.svg").unlink()
    (generated / "chart" / "b" / "index.html").unlink()
    (generated / "chart" / "b").rmdir()
    new = generated / "charts" / "b.svg.new"
    new.write_text("redrawn", encoding="utf-8")
    new.replace(generated / "charts" / "b.svg")  # a new file (inode) in its place, as the generator writes
    (staged / "docs" / "stray" / "deep").mkdir(parents=True)
    (staged / "docs" / "stray" / "deep" / "old.html").write_text("old", encoding="utf-8")
    (staged / "docs" / "charts" / "c.svg.tmp").write_text("half", encoding="utf-8")
    (staged / "notes.txt").write_text("outside the staged folders", encoding="utf-8")
    (staged / "docs" / "left" / "by" / "a-killed-run").mkdir(parents=True)  # its files pruned, not its folders
    (staged / "overrides-not-staged" / "empty").mkdir(parents=True)
    stage(root, generated, staged, site, {})
    docs = staged / "docs"
    assert (docs / "charts" / "b.svg").read_text(encoding="utf-8") == "redrawn"
    assert os.path.samestat((docs / "charts" / "b.svg").stat(), (generated / "charts" / "b.svg").stat())
    assert not (docs / "charts" / "a.svg").exists()
    assert not (docs / "chart").exists() and not (docs / "stray").exists()  # emptied folders go too
    assert not (docs / "left").exists()  # and empty ones
    assert not (docs / "charts" / "c.svg.tmp").exists()
    assert (docs / "charts").is_dir() and (docs / "data" / "one.csv").is_file()
    assert (staged / "overrides-not-staged" / "empty").is_dir()
    assert (staged / "notes.txt").is_file()  # only the docs and overrides folders are the stage's to prune
