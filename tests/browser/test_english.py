"""The English edition in Chromium: every kind of page renders at desktop and phone widths, the
language switch leads to the same page in the other language, and the English search finds
English words."""

from __future__ import annotations

from urllib.parse import urlsplit

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
    ("en/about/", "en-about"), ("en/updates/", "en-updates"),
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
