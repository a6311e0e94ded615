"""The site built by the successor engine, Zensical, in the real browser: every page (search: test_search.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from .a11y import PHONE, audit_site, site_pages
from .browsing import Watch, watch_page
from .conftest import VIEWPORT
from .keyboard import tab_through

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


def test_every_page_passes_axe_and_fits_a_phone(browser: Browser, zensical_site: tuple[Path, str]) -> None:
    """The audit of tests/browser/test_a11y.py on the Zensical build: axe-core on every page at 1280
    and 390 px, no sideways scroll and no table row over 240 px on a phone."""
    site, url = zensical_site
    paths = site_pages(site)
    assert len(paths) > 100 and "404.html" in paths, paths[:5]
    found = audit_site(browser, url, paths)
    summary = found.report("zensical")
    assert found.pages == len(paths), summary
    assert not found.problems, summary + "\n  " + "\n  ".join(found.problems[:60])


def test_the_keyboard_reaches_every_control_and_the_focus_shows(browser: Browser,
                                                                zensical_site: tuple[Path, str]) -> None:
    _, url = zensical_site
    failures = []
    for viewport in (VIEWPORT, PHONE):
        context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
        page = context.new_page()
        try:
            for path in ("", "cases/", "metrics/households-on-file/"):
                page.goto(url + path, wait_until="load")
                problems, missed = tab_through(page)
                failures += [f"{path or '/'} @{viewport['width']}: {p}" for p in problems]
                failures += [f"{path or '/'} @{viewport['width']}: never reached by Tab: {m}" for m in missed]
        finally:
            context.close()
    assert not failures, "\n  ".join(failures)
