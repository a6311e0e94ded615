"""The English edition in Chromium: every kind of page renders at desktop and phone widths, the
language switch leads to the same page in the other language, and the English search finds
English words."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from .browsing import Site

pytestmark = pytest.mark.browser

#: (address, screenshot name) of every kind of English page
PAGES = [
    ("en/", "en-home"), ("en/regions/", "en-regions"), ("en/regions/620400/", "en-region-baiyin"),
    ("en/metrics/", "en-metrics"), ("en/metrics/households-on-file/", "en-metric"), ("en/cases/", "en-cases"),
    ("en/cases/baiyin-laid-off-father-student-aid-job/", "en-case"), ("en/sources/", "en-sources"),
    ("en/data/", "en-data"), ("en/data-dictionary/", "en-data-dictionary"), ("en/key-figures/", "en-key-figures"),
    ("en/methodology/", "en-methodology"), ("en/validation/", "en-validation"), ("en/privacy/", "en-privacy"),
    ("en/about/", "en-about"), ("en/accessibility/", "en-accessibility"), ("en/updates/", "en-updates"),
    ("en/regions/620000/", "en-region-gansu"), ("en/regions/410000/", "en-region-henan"),
    ("en/updates/2026/11/24/baiyin-exits/", "en-post-baiyin"),
]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def open_page(site: Site, path: str) -> None:
    """Visit ``path``; the blog's index has its heading outside the article (blog layout)."""
    if not path.endswith("updates/"):
        site.visit(path)
        return
    response = site.page.goto(site.url(path), wait_until="load")
    assert response is not None and response.status == 200, path
    site.page.wait_for_load_state("networkidle")
    assert site.page.locator(".md-content h1").first.is_visible(), f"{path}: no visible page heading"


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize(("path", "name"), PAGES, ids=[p[1] for p in PAGES])
def test_english_page_renders(site: Site, path: str, name: str, width: str) -> None:
    site.page.set_viewport_size(WIDTHS[width])
    open_page(site, path)
    page = site.page
    assert page.locator("html").get_attribute("lang") == "en"
    hreflang = page.eval_on_selector_all("link[rel~=alternate][hreflang]", "ls => ls.map(l => l.hreflang)")
    assert {"zh", "en"} <= set(hreflang), hreflang
    switch = page.locator("a.jk-lang-switch")
    assert switch.is_visible() and switch.inner_text() == "中文"
    scroll = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert scroll <= 1, f"{path}: the page scrolls sideways by {scroll}px at {width} width"
    site.screenshot(f"{name}-{width}")
    site.watch.assert_clean()


@pytest.mark.parametrize("path", ["regions/620400/", "cases/baiyin-laid-off-father-student-aid-job/",
                                  "updates/2026/11/24/baiyin-exits/", "data-dictionary/", ""])
def test_switch_leads_to_the_twin_and_back(site: Site, path: str) -> None:
    site.visit(path)
    site.page.locator("a.jk-lang-switch").click()
    site.page.wait_for_load_state("load")
    assert urlsplit(site.page.url).path == f"/en/{path}"
    assert site.page.locator("html").get_attribute("lang") == "en"
    site.page.locator("a.jk-lang-switch").click()
    site.page.wait_for_load_state("load")
    assert urlsplit(site.page.url).path == f"/{path}"
    assert site.page.locator("html").get_attribute("lang") == "zh"
    site.watch.assert_clean()


@pytest.mark.parametrize(("query", "expect"), [("student aid", "student aid"), ("Baiyin", "Baiyin")])
def test_english_search_finds_english_words(site: Site, query: str, expect: str) -> None:
    site.visit("en/")
    page = site.page
    box = page.get_by_role("searchbox", name="Search this site")  # the site's one search box, in English here
    box.click()
    box.press_sequentially(query, delay=30)
    page.wait_for_function("q => document.querySelector('#jk-search-results')?.dataset.query === q", arg=query)
    found: list[dict[str, str]] = page.eval_on_selector_all(
        "#jk-search-results a[href]", "links => links.map(a => ({href: a.href, text: a.innerText}))")
    assert found and all(urlsplit(r["href"]).path.startswith("/en/") for r in found), found[:3]
    assert any(expect.lower() in r["text"].lower() for r in found), found[:3]
    assert "page" in page.locator("#jk-search-status").inner_text()  # the status speaks English too
    site.watch.assert_clean()


MAP = "figure.jk-tilemap svg[role=group]"


@pytest.mark.parametrize("path", ["en/", "en/metrics/households-on-file/"])
def test_english_map_is_named_in_english_and_its_tiles_take_focus(site: Site, path: str) -> None:
    site.visit(path)
    svg = site.page.locator(MAP)
    assert svg.count() == 1, f"{path}: no tile-grid map"
    assert "map" in (svg.get_attribute("aria-label") or "").lower()
    tile = site.page.locator(f"{MAP} a[href*='/410000/']")
    assert (tile.get_attribute("aria-label") or "").startswith("Henan")
    assert tile.locator("text").text_content() == "HA"
    tile.focus()
    assert site.page.evaluate("document.activeElement.getAttribute('aria-label')") == tile.get_attribute("aria-label")
    with site.page.expect_navigation():
        site.page.keyboard.press("Enter")
    assert urlsplit(site.page.url).path == "/en/regions/410000/"
    site.watch.assert_clean()


def test_english_province_rolls_up_baiyin(site: Site) -> None:
    site.visit("en/regions/620000/")
    text = site.page.locator("article").inner_text()
    assert re.search(r"with its 1 sub-region: \d+ figures and [1-9]\d* case studies", text), text[:400]
    rollup = site.page.locator(".jk-rollup table")
    assert rollup.is_visible() and rollup.locator("a[href*='620400']").inner_text() == "Baiyin"
    assert "3,195 households" in rollup.inner_text()
    assert site.page.locator("article h2:has-text('Case studies') + p + ul li").count() >= 1
    site.watch.assert_clean()


def test_english_disagreement_chart_and_its_own_page(site: Site) -> None:
    site.visit("en/regions/410000/")
    img = site.page.locator("figure.jk-chart img[src*='disagreement-henan-aid-funds-raised']")
    assert "not change over time" in (img.get_attribute("alt") or "")
    assert img.evaluate("img => img.complete && img.naturalWidth > 0")
    link = site.page.locator("a:has-text('own page')").first
    with site.page.expect_navigation():
        link.click()
    site.page.wait_for_load_state("networkidle")
    assert re.search(r"/en/chart/[a-z0-9-]+/$", site.page.url), site.page.url
    assert site.page.locator("html").get_attribute("lang") == "en"
    main = site.page.locator("main")
    assert main.locator("img[src$='.svg']").evaluate("img => img.complete && img.naturalWidth > 0")
    for kind in (".csv", ".png", ".svg"):
        href = main.locator(f"a[href$='{kind}']").first.get_attribute("href") or ""
        assert site.page.request.get(urljoin(site.page.url, href)).status == 200, kind
    embed = re.search(r'<iframe src="[^"]*/en/embed/([^"]+)"', main.locator("pre code").inner_text())
    assert embed, "the snippet does not frame the English embed view"
    site.page.goto(site.url("en/embed/" + embed.group(1)), wait_until="load")
    assert site.page.locator("html").get_attribute("lang") == "en"
    assert site.page.locator("a[target=_top]").count() >= 2
    site.watch.assert_clean()
