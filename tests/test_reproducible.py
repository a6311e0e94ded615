"""Reproducible builds: the same inputs give the same site, byte for byte, wherever and whenever built."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from conftest import REPO, tree_digest
from jiekun.pipeline.build import build
from jiekun.pipeline.sourcedate import build_environment, content_epoch

#: what a clean clone does not hold: top-level outputs, the benchmarks' work folder and tools'
#: caches anywhere
TOP_LEVEL = {".git", ".venv", "site", "build"}
BENCH_OUT = REPO / "bench" / "out"
CACHES = shutil.ignore_patterns(".site.*", "__pycache__", ".*_cache", ".hypothesis", "*.egg-info")


def clone(dest: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {name for name in names if name in TOP_LEVEL} if Path(folder) == REPO else set()
        out = {BENCH_OUT.name} if Path(folder) == BENCH_OUT.parent else set()
        return top | out | set(CACHES(folder, names))

    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def test_two_clones_built_apart_give_identical_sites(tmp_path: Path) -> None:
    first = tmp_path / "a"
    second = tmp_path / "elsewhere" / "deeper" / "b"
    clone(first)
    clone(second)
    one = tree_digest(build(first))
    time.sleep(2)  # a time stamp in the output would now differ (feeds write seconds)
    two = tree_digest(build(second))
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "feed_rss_created.xml" in one


def test_build_date_comes_from_the_content(tmp_path: Path) -> None:
    posts = tmp_path / "docs" / "updates" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ndate:\n  created: 2026-11-18\n  updated: 2026-11-21\n---\n# a\n",
                                encoding="utf-8")
    (posts / "b.md").write_text("---\ndate: 2026-11-19\n---\ntext with date: 2030-01-01 below the front matter\n",
                                encoding="utf-8")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "CHANGELOG.md").write_text("# Data changelog\n\n## 0.2.0 — 2026-11-20\n\n"
                                                         "## 0.1.0 — 2026-11-02\n", encoding="utf-8")
    assert content_epoch(tmp_path) == 1795219200  # 2026-11-21 00:00 UTC, the newest (updated) date
    assert build_environment(tmp_path, {})["SOURCE_DATE_EPOCH"] == "1795219200"
    assert build_environment(tmp_path, {"SOURCE_DATE_EPOCH": "5"})["SOURCE_DATE_EPOCH"] == "5"
    assert "SOURCE_DATE_EPOCH" not in build_environment(tmp_path / "empty", {})
