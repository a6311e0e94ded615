"""The tile-grid map, region roll-ups and chart pages with their embed views, in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from .browsing import Site

pytestmark = pytest.mark.browser

MAP = "figure.jk-tilemap svg[role=group]"


def _map_name(site: Site) -> str:
    svg = site.page.locator(MAP)
    assert svg.count() == 1, f"{site.page.url}: expected one tile-grid map ({MAP})"
    return svg.get_attribute("aria-label") or ""


@pytest.mark.parametrize("path", ["/", "/metrics/households-on-file/"])
def test_map_tiles_take_keyboard_focus(site: Site, path: str) -> None:
    site.visit(path)
    assert "地图" in _map_name(site)
    links = site.page.locator(f"{MAP} a[href]")
    assert links.count() >= 1, f"{path}: no linked tile"
    assert site.page.locator(f"{MAP} rect").count() == 34, f"{path}: one tile per top-level region"
    assert site.page.locator(f"{MAP} path").count() == 0, f"{path}: a tile map draws no boundary"
    first = links.first
    first.focus()
    focused = site.page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == first.get_attribute("aria-label") and focused, "a tile link did not take focus"
    width = first.locator("rect").evaluate("r => parseFloat(getComputedStyle(r).strokeWidth)")
    assert width >= 3, f"{path}: a focused tile shows no visible focus (stroke {width})"
    site.screenshot("map-" + (path.strip("/").replace("/", "-") or "home"))
    site.watch.assert_clean()


def test_map_tab_order_reaches_tiles(site: Site) -> None:
    site.visit("/")
    tile = site.page.locator(f"{MAP} a[href]").first
    for _ in range(200):
        site.page.keyboard.press("Tab")
        if site.page.evaluate("document.activeElement.closest('figure.jk-tilemap svg') !== null"):
            break
    else:
        pytest.fail("Tab never reached a tile of the map")
    href = site.page.evaluate("document.activeElement.getAttribute('href')")
    assert href == tile.get_attribute("href")
    with site.page.expect_navigation():
        site.page.keyboard.press("Enter")
    assert re.search(r"/regions/\d{6}/$", site.page.url), site.page.url
    site.watch.assert_clean()


def test_metric_map_colours_and_table(site: Site) -> None:
    site.visit("/metrics/households-on-file/")
    table = site.page.locator("figure.jk-tilemap table")
    assert table.is_visible(), "the map's numbers are not in a table beside it"
    coloured = site.page.locator(f"{MAP} a rect")
    fills = {coloured.nth(i).get_attribute("fill") for i in range(coloured.count())}
    assert "#e6e6e6" in {site.page.locator(f"{MAP} g rect").first.get_attribute("fill")}
    assert len(fills) >= 2, f"tiles of regions with figures share one colour: {fills}"
    assert table.locator("tbody tr").count() == coloured.count()
    site.screenshot("metric-map")
    site.watch.assert_clean()


def test_province_rolls_up_its_prefectures(site: Site) -> None:
    site.visit("/regions/620000/")
    text = site.page.locator("article").inner_text()
    assert "本地区还没有数字" not in text
    assert re.search(r"含 \d+ 个下辖地区共 \d+ 个数字、[1-9]\d* 个案例", text), text[:400]
    rollup = site.page.locator(".jk-rollup table")
    assert rollup.is_visible()
    assert rollup.locator("a[href*='620400']").count() == 1, "白银市 is not a row of Gansu's table"
    cases = site.page.locator("article h2:has-text('案例') + p + ul li, article h2:has-text('案例') + ul li")
    assert cases.count() >= 1, "Gansu lists none of Baiyin's cases"
    site.screenshot("region-rollup")
    site.watch.assert_clean()


def test_chart_page_and_embed(site: Site) -> None:
    site.visit("/regions/530000/")
    link = site.page.locator("a:has-text('本图页面')").first
    with site.page.expect_navigation():
        link.click()
    site.page.wait_for_load_state("networkidle")
    assert re.search(r"/chart/[a-z0-9-]+/$", site.page.url), site.page.url
    page = site.page.locator("main")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("img[src$='.svg']").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("table tbody tr").count() >= 1
    for kind in (".csv", ".png", ".svg"):
        href = page.locator(f"a[href$='{kind}']").first.get_attribute("href") or ""
        response = site.page.request.get(urljoin(site.page.url, href))
        assert response.status == 200, f"{kind} download: HTTP {response.status}"
    assert page.locator("a[href*='/sources/#src-']").count() >= 1
    snippet = page.locator("pre code").inner_text()
    match = re.search(r'<iframe src="([^"]+)" title="[^"]+"', snippet)
    assert match, snippet
    embed = match.group(1).split("/embed/")[1]
    site.screenshot("chart-page")
    site.page.goto(site.url("/embed/" + embed), wait_until="load")
    site.page.wait_for_load_state("networkidle")
    assert site.page.locator("nav, header, .md-header").count() == 0, "the embed view carries the site's navigation"
    assert site.page.locator("img[src$='.svg']").evaluate("img => img.complete && img.naturalWidth > 0")
    assert site.page.locator("a[target=_top]").count() >= 2
    site.watch.assert_clean()


def test_disagreement_is_not_a_line(site: Site) -> None:
    site.visit("/regions/410000/")
    figure = site.page.locator("figure.jk-chart img[src*='disagreement-']")
    assert figure.count() >= 1, "河南省's disagreeing reports have no chart of their own"
    alt = figure.first.get_attribute("alt") or ""
    assert "不一致" in alt and "不是前后变化" in alt, alt
    lines = site.page.locator("figure.jk-chart img[src*='410000-aid-funds-raised']")
    assert lines.count() == 0, "筹集帮扶资金 is still drawn as a line"
    site.watch.assert_clean()
