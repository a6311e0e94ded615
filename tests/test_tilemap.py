"""The tile-grid map and the region roll-ups, from the site model (the browser suite drives them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO
from jiekun.core.vocab import ROLLUP_CASES, ROLLUP_ROWS
from jiekun.model.model import Site
from jiekun.model.rollups import counts, descendants, rollup_cases, rollup_table
from jiekun.site.generate import load
from jiekun.site.render import environment
from jiekun.site.tilemap import NO_DATA, PALETTE, classes, contrast, ink, metric_map, overview_map, spread_palette


@pytest.fixture(scope="module")
def real() -> Site:
    return load(REPO)[0]


@pytest.mark.parametrize("fill", [*PALETTE, NO_DATA])
def test_tile_text_contrast_at_least_4_5(fill: str) -> None:
    assert contrast(ink(fill), fill) >= 4.5, fill


def test_palette_runs_light_to_dark() -> None:
    from jiekun.site.tilemap import luminance

    steps = [luminance(c) for c in PALETTE]
    assert steps == sorted(steps, reverse=True)
    for count in range(1, len(PALETTE) + 1):
        chosen = spread_palette(count)
        assert len(chosen) == count and len(set(chosen)) == count


def test_classes_cover_every_value() -> None:
    values = [3.0, 1.0, 10.0, 7.0, 7.0, 2.0, 100.0]
    bins = classes(values)
    assert bins[0][0] == min(values) and bins[-1][1] == max(values)
    for value in values:
        assert any(low <= value <= high for low, high in bins), value
    assert classes([]) == [] and classes([5.0]) == [(5.0, 5.0)]


def test_real_grid_has_every_province_level_region(real: Site) -> None:
    tiles = {t["region"] for t in real.tiles}
    assert len(real.tiles) == len(tiles) == 34
    assert all(real.regions[c]["level"] == "province" and not real.regions[c].get("parent") for c in tiles)
    assert tiles >= set(real.top_regions()), "a top-level region with data has no tile"


def test_metric_map_colours_comparable_figures_only(real: Site) -> None:
    text = metric_map(environment(), real, "households-on-file", "metrics/households-on-file.md")
    assert "地图" in re.search(r'aria-label="([^"]*)"', text).group(1)  # type: ignore[union-attr]
    tile = r'<a href="([^"]+)" aria-label="([^"]+)"><title>[^<]*</title><rect [^>]*fill="(#[0-9a-f]{6})"'
    links = re.findall(tile, text)
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">', text)
    assert sorted(h for h, _, _ in links) == sorted(rows), "every linked tile has a row in the table beside"
    coloured = [f for _, _, f in links if f in PALETTE]
    assert coloured, "no tile coloured"
    assert text.count("口径不同") == sum(1 for _, _, f in links if f not in PALETTE)
    assert "<path" not in text  # tiles, no boundary


def test_home_map_links_regions_that_hold_figures_of_their_sub_regions(real: Site) -> None:
    text = overview_map(environment(), real, "index.md")
    linked = set(re.findall(r'<a href="regions/(\d{6})/"', text))
    with_data = {c for c in real.top_regions() if counts(real, c)["all_figures"] or counts(real, c)["all_cases"]}
    assert linked == with_data
    assert "620000" in linked  # Gansu: only its prefecture Baiyin holds figures


def test_another_grid_is_data_not_code(project: Path) -> None:
    """A programme elsewhere brings its own grid: positions come from the table alone."""
    grid = project / "datasets/reference/tile-grid.csv"
    grid.write_text("region,label,label_en,row,column\n410000,A,,3,5\n410100,B,,0,0\n", encoding="utf-8")
    site = load(project)[0]
    text = overview_map(environment(), site, "index.md")
    assert len(re.findall(r'<rect x="\d+" y="\d+" width="40"', text)) == 2  # the legend's squares aside
    assert 'x="220" y="132"' in text and 'x="0" y="0"' in text  # column 5, row 3 at 44 units a cell
    assert ">A</text>" in text and ">B</text>" in text


def _tree(children: int, grandchildren: int, cases_each: int = 0) -> Site:
    regions = {"100000": {"code": "100000", "name_zh": "甲", "parent": None}}
    cases = []
    for i in range(children):
        code = f"10{i + 1:02d}00"
        regions[code] = {"code": code, "name_zh": f"乙{i}", "parent": "100000"}
        for j in range(grandchildren):
            sub = f"10{i + 1:02d}{j + 1:02d}"
            regions[sub] = {"code": sub, "name_zh": f"丙{i}{j}", "parent": code}
            cases += [{"id": f"c-{sub}-{k}", "region": sub, "title_zh": "t", "year_end": 2018}
                      for k in range(cases_each)]
    return Site(regions=regions, metrics={}, figures=[], breakdowns={}, dimensions={}, categories={}, sources={},
                organisations={}, cases=cases, packages=[])


def test_rollup_lists_every_sub_region_up_to_the_limit() -> None:
    site = _tree(3, 2)
    table = rollup_table(site, "100000", "regions/100000.md")
    assert [r["depth"] for r in table["rows"]] == [1, 2, 2] * 3 and table["more"] == 0
    assert [c for c, _ in descendants(site, "100000")][:3] == ["100100", "100101", "100102"]


def test_rollup_beyond_the_limit_lists_the_direct_sub_regions() -> None:
    children = 4
    site = _tree(children, ROLLUP_ROWS // children + 1, cases_each=1)
    table = rollup_table(site, "100000", "regions/100000.md")
    assert len(table["rows"]) == children and all(r["depth"] == 1 for r in table["rows"])
    assert table["more"] == table["total"] - children and table["index"] == "index.md"
    listed = rollup_cases(site, "100000", "regions/100000.md")
    total = counts(site, "100000")["all_cases"]
    assert total > ROLLUP_CASES and len(listed["cases"]) == ROLLUP_CASES and listed["more"] == total - ROLLUP_CASES
