"""Every page type of the built site renders in Chromium, self-contained and without errors."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from .browsing import Site

pytestmark = pytest.mark.browser

#: (path, screenshot name, a selector that must be visible on the page)
SIMPLE_PAGES = [
    ("/regions/", "regions-index", "article a[href*='530000']"),
    ("/metrics/households-on-file/", "metric-households-on-file", "article .jk-table table"),
    ("/sources/", "sources", "article h2"),
    ("/data-dictionary/", "data-dictionary", "article table"),
    ("/methodology/", "methodology", "article h2"),
]


def test_home(site: Site) -> None:
    site.visit("/")
    cards = site.page.locator(".jk-region-card")
    assert cards.count() > 0, "no headline cards (.jk-region-card) on the home page"
    assert cards.first.is_visible()
    assert site.page.locator(".jk-region-card .jk-fig-value").count() > 0
    site.screenshot("home")
    site.watch.assert_clean()


def test_home_mobile(site: Site) -> None:
    site.page.set_viewport_size({"width": 390, "height": 844})
    site.visit("/")
    assert site.page.locator(".jk-region-card").first.is_visible()
    site.screenshot("home-mobile")
    site.watch.assert_clean()


@pytest.mark.parametrize(("path", "name", "selector"), SIMPLE_PAGES, ids=[p[1] for p in SIMPLE_PAGES])
def test_page_renders(site: Site, path: str, name: str, selector: str) -> None:
    site.visit(path)
    assert site.page.locator(selector).first.is_visible(), f"{path}: {selector} not visible"
    site.screenshot(name)
    site.watch.assert_clean()


def test_region_page_charts_load(site: Site) -> None:
    site.visit("/regions/530000/")
    assert "云南省" in site.page.locator("article h1").inner_text()
    charts = site.page.locator("figure.jk-chart img[src$='.svg']")
    assert charts.count() > 0, "no chart images (figure.jk-chart img[src$=.svg]) on the Yunnan page"
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()  # the charts are loading="lazy"
        src = chart.get_attribute("src")
        chart.evaluate("img => img.decode()")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), f"chart {src} did not load"
        assert (chart.get_attribute("alt") or "").strip(), f"chart {src} has no alt text"
    site.page.evaluate("window.scrollTo(0, 0)")
    site.screenshot("region-530000")
    site.watch.assert_clean()


def test_case_index_and_first_case(site: Site) -> None:
    site.visit("/cases/")
    links = site.page.locator(".jk-case-list a")
    assert links.count() > 0, "the case list (.jk-case-list) has no links"
    site.screenshot("cases-index")
    href = links.first.get_attribute("href")
    assert href
    links.first.click()
    site.page.wait_for_load_state("networkidle")
    assert urlsplit(site.page.url).path.startswith("/cases/")
    heading = site.page.locator("article h1")
    assert heading.inner_text().strip()
    assert site.page.locator("article .jk-tag").count() > 0, "the case page shows no tags"
    site.screenshot("case-first")
    site.watch.assert_clean()


def test_data_downloads(site: Site) -> None:
    site.visit("/data/")
    hrefs: list[str] = site.page.eval_on_selector_all(
        "article a[href]", "links => links.map(a => a.getAttribute('href'))")
    kinds = (".csv", ".json", ".zip", ".parquet", ".cff")
    downloads = sorted({h for h in hrefs if h.endswith(kinds) and "://" not in h})
    assert any("/v" in h or h.startswith("v") for h in downloads), "no download of a released version on /data/"
    for ext in kinds:
        assert any(h.endswith(ext) for h in downloads), f"no {ext} download link on /data/"
    for href in downloads:
        url = urljoin(site.page.url, href)
        response = site.page.request.get(url)
        assert response.status == 200, f"{url}: HTTP {response.status}"
        body = response.body()
        assert body, f"{url}: empty"
        if href.endswith(".zip"):
            assert body[:2] == b"PK", f"{url}: not a zip file"
        if href.endswith(".parquet"):
            assert body[:4] == body[-4:] == b"PAR1", f"{url}: not a Parquet file"
    site.screenshot("data")
    site.watch.assert_clean()


def _items(site: Site) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = site.page.eval_on_selector_all(
        "li.jk-case",
        """items => items.map(li => ({
            href: li.querySelector('a').getAttribute('href'),
            causes: (li.dataset.causes || '').split(' ').filter(Boolean),
            region: (li.dataset.region || '').split(' ').filter(Boolean),
            visible: li.getClientRects().length > 0,
        }))""")
    return items


def _visible(items: list[dict[str, Any]]) -> set[str]:
    return {i["href"] for i in items if i["visible"]}


def _count_text(site: Site) -> tuple[int, int]:
    text = site.page.locator(".jk-filter-count").inner_text()
    match = re.search(r"显示\s*(\d+)\s*/\s*(\d+)", text)
    assert match, f"filter count text {text!r} does not read 显示 N / M"
    return int(match[1]), int(match[2])


def test_case_filters(site: Site) -> None:
    site.visit("/cases/")
    page = site.page
    for name in ("causes", "interventions", "outcome", "region"):
        assert page.locator(f"select[data-filter='{name}']").count() == 1, f"no select[data-filter={name}]"
    items = _items(site)
    total = len(items)
    assert total > 1
    every = {i["href"] for i in items}
    assert _visible(items) == every
    assert _count_text(site) == (total, total)

    # a cause that some but not all cases have, the most common such one
    codes = page.eval_on_selector_all("select[data-filter='causes'] option", "os => os.map(o => o.value)")
    counts = {c: sum(c in i["causes"] for i in items) for c in codes if c}
    cause = max((c for c, n in counts.items() if 0 < n < total), key=lambda c: counts[c])
    page.select_option("select[data-filter='causes']", cause)
    items = _items(site)
    expected = {i["href"] for i in items if cause in i["causes"]}
    assert _visible(items) == expected
    assert _count_text(site) == (len(expected), total)
    assert f"causes={cause}" in page.url

    # and a region: the intersection
    region_codes = page.eval_on_selector_all("select[data-filter='region'] option", "os => os.map(o => o.value)")
    region = next(r for i in items if cause in i["causes"] for r in i["region"] if r in region_codes)
    page.select_option("select[data-filter='region']", region)
    items = _items(site)
    both = {i["href"] for i in items if cause in i["causes"] and region in i["region"]}
    assert both and both <= expected
    assert _visible(items) == both
    assert _count_text(site) == (len(both), total)
    site.screenshot("cases-filtered")

    # back to 全部: everything again
    for name in ("causes", "region"):
        select = page.locator(f"select[data-filter='{name}']")
        select.select_option(label="全部")
        assert select.input_value() == ""
    assert _visible(_items(site)) == every
    assert _count_text(site) == (total, total)

    # a shared address preselects the filter
    site.visit(f"/cases/?causes={cause}")
    assert page.locator("select[data-filter='causes']").input_value() == cause
    assert _visible(_items(site)) == expected
    assert _count_text(site) == (len(expected), total)
    site.watch.assert_clean()


def test_watch_catches_problems(site: Site) -> None:
    """The harness itself: an external font, a missing image and a script error are all caught."""
    site.visit("/")
    site.page.evaluate("""() => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = 'https://fonts.googleapis.com/css2?family=Noto+Sans+SC';
        document.head.append(link);
        const img = document.createElement('img');
        img.src = '/no-such-image.png';
        document.body.append(img);
        setTimeout(() => { throw new Error('boom'); }, 0);
    }""")
    site.page.wait_for_load_state("networkidle")
    site.page.wait_for_timeout(200)
    watch = site.watch
    assert any("fonts.googleapis.com" in u for u in watch.external), watch.problems()
    assert any("no-such-image.png" in f and "404" in f for f in watch.failed), watch.problems()
    assert any("boom" in e for e in watch.page_errors), watch.problems()
    with pytest.raises(AssertionError, match="another host"):
        watch.assert_clean()
    watch.external.clear()
    watch.failed.clear()
    watch.page_errors.clear()
    watch.console_errors.clear()
    watch.checked = 0
