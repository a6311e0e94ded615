"""The region pages written by forked workers are the pages written in this process, all of them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, tree_digest
from jiekun.charts.charts import start_context
from jiekun.site import regionpages
from jiekun.site.generate import load


def test_region_pages_by_workers_are_those_made_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if start_context().get_start_method() != "fork":
        pytest.skip("the workers are forked only where this process runs no other thread")
    site, _ = load(REPO)
    monkeypatch.setattr(regionpages, "CHUNK", 2)
    monkeypatch.setattr(regionpages, "POOL_MIN", 2)
    pools: list[int] = []

    def counted(task: Callable[[list[str]], Any], chunks: list[list[str]], workers: int,
                meanwhile: Callable[[], None], tasks_per_worker: int | None = None) -> Iterator[Any]:
        pools.append(len(chunks))
        return regionpages_pooled(task, chunks, workers, meanwhile, 2)  # fresh workers along the way too

    regionpages_pooled = regionpages.pooled
    monkeypatch.setattr(regionpages, "pooled", counted)
    trees, calls = {}, []
    for workers in (1, 2):
        out, ticks = tmp_path / f"w{workers}", []
        regions = regionpages.Regions.of(site, out, "https://example.org/site/", english=True)
        written = regionpages.write_regions(regions, workers, functools.partial(calls.append, workers), ticks.append)
        assert sorted(written) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        assert sum(ticks) == len(site.regions)
        trees[workers] = tree_digest(out)
    assert pools == [(len(site.regions) + 1) // 2]  # the second run went through the pool, in chunks of two
    assert calls == [1, 2]  # the other pages' writer ran once in each
    assert trees[1] == trees[2]
    assert {"regions/530000.md", "en/regions/530000.md"} <= trees[2].keys()
    pages = [name for name in trees[2] if name.startswith(("chart/", "en/chart/"))]
    embeds = [name for name in trees[2] if name.startswith(("embed/", "en/embed/"))]
    charts = sum(len(specs) for specs in regions.charts.values())
    assert len(pages) == len(embeds) == 2 * charts > 0  # every chart of each edition has its page and embed view
