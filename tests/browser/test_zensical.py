"""The site built by the successor engine, Zensical, in the real browser: every page (search: test_search.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from .browsing import Watch, watch_page
from .conftest import VIEWPORT

#: the article's text without code (the validation guide shows the call syntax in code)
PROSE = ("a => { const c = a.cloneNode(true); c.querySelectorAll('code, pre').forEach(e => e.remove()); "
         "return c.innerText; }")



def test_every_page_loads_cleanly(browser: Browser, zensical_site: tuple[Path, str]) -> None:
    site, url = zensical_site
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 100
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", service_workers="block")
    page, watch = context.new_page(), Watch()
    watch_page(context, page, watch)
    try:
        for path in pages:
            response = page.goto(url + ("" if path == "." else f"{path}/"), wait_until="load")
            assert response is not None and response.status == 200, path
            assert page.locator("h1").first.inner_text().strip(), f"{path}: no page heading"
            prose = page.locator("article").first.evaluate(PROSE)
            assert "{{" not in prose, f"{path}: a call was not expanded"
        # a request still under way when the next page is opened is aborted by the browser: not a fault
        watch.failed = [f for f in watch.failed if not f.endswith("net::ERR_ABORTED")]
        watch.assert_clean()
    finally:
        context.close()
