"""The updates section, a post, the feeds and the key-figures page in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from .browsing import Site

pytestmark = pytest.mark.browser

POST = "/updates/2026/11/18/yunnan-register/"


def visit_index(site: Site, path: str) -> None:
    """Open a blog view (its content is a div, not the article that Site.visit expects)."""
    response = site.page.goto(site.url(path), wait_until="load")
    assert response is not None and response.status == 200, path
    site.page.wait_for_load_state("networkidle")
    assert site.page.locator(".md-content__inner h1").first.inner_text().startswith("动态")


def test_updates_list_newest_first(site: Site) -> None:
    visit_index(site, "/updates/")
    titles = site.page.locator("article.md-post h2").all_inner_texts()
    assert len(titles) >= 3, titles
    dates = site.page.eval_on_selector_all("article.md-post time", "ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True), dates
    oldest = site.page.locator("article.md-post").nth(len(titles) - 1)
    # the title and the excerpt are written from the data: no typed figure, no call left in the text
    assert oldest.locator("h2").inner_text().strip() == "云南：在档困难职工家庭降至2513户"
    excerpt = oldest.inner_text()
    assert "下降96.5%" in excerpt and "7.1万户" in excerpt and "{{" not in excerpt and "figure(" not in excerpt
    site.screenshot("updates-index")
    site.watch.assert_clean()


def test_post_with_figures_and_footnotes(site: Site) -> None:
    site.visit(POST)
    body = site.page.locator("article.md-content__inner").inner_text()
    assert "7.1万户" in body and "2513户" in body and "下降96.5%" in body
    notes = site.page.locator(".footnote li")
    assert notes.count() >= 5
    source = site.page.locator(".footnote li a[href*='sources/#src-yunnan-2020']").first
    assert source.is_visible()
    href = source.get_attribute("href")
    assert href
    source.click()
    site.page.wait_for_load_state("networkidle")
    assert urlsplit(site.page.url).path == "/sources/"
    assert site.page.locator("#src-yunnan-2020").is_visible()
    site.visit(POST)
    og = site.page.eval_on_selector_all(
        "meta[property^='og:']", "ms => Object.fromEntries(ms.map(m => [m.getAttribute('property'), m.content]))")
    assert og["og:image"].endswith("/images/charts/530000-households-on-file-national.png")
    image = site.page.request.get(site.url("/images/charts/530000-households-on-file-national.png"))
    assert image.status == 200 and image.body()[:4] == b"\x89PNG"
    site.screenshot("post-yunnan")
    site.watch.assert_clean()


def test_feeds_parse(site: Site) -> None:
    visit_index(site, "/updates/")
    for name in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        response = site.page.request.get(site.url(name))
        assert response.status == 200
        feed = feedparser.parse(response.body())
        assert not feed.bozo, f"{name}: {feed.bozo_exception}"
        assert feed.version == "rss20"
        titles = [e.title for e in feed.entries]
        assert "云南：在档困难职工家庭降至2513户" in titles, titles
        assert all(e.link.startswith(("http://", "https://")) and e.published_parsed for e in feed.entries)
    site.watch.assert_clean()


def test_key_figures_copy_and_charts(site: Site) -> None:
    site.visit("/key-figures/")
    page = site.page
    sentences = page.locator(".jk-press-text")
    assert sentences.count() > 3
    assert any("2513户" in t for t in sentences.all_inner_texts())
    button = page.locator("button.jk-copy").first
    assert button.is_visible(), "the copy button was not enabled by its script"
    button.click()
    page.wait_for_function("b => b.textContent !== '复制'", arg=button.element_handle())
    assert button.inner_text() in {"已复制", "请手动复制"}
    copied = button.get_attribute("data-copied") or ""
    assert re.search(r"[0-9]户。（来源：《.+》.*）\n.+/key-figures/#fig-[a-z0-9-]+$", copied), copied
    charts = page.locator(".jk-press-item figure.jk-chart img")
    assert charts.count() > 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    pngs = page.eval_on_selector_all("a[href$='.png']", "as => as.map(a => a.getAttribute('href'))")
    assert pngs
    for href in pngs:
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200 and response.body()[:4] == b"\x89PNG", href
    page.evaluate("window.scrollTo(0, 0)")
    site.screenshot("key-figures")
    site.watch.assert_clean()
