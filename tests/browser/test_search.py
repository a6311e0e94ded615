"""Search as a visitor uses it: queries typed into the site's search box, with either engine.

The search box is the site's own (docs/assets/javascripts/search.js over search/index.json,
which the build writes from the built pages): the same box and the same results whichever
engine built the site.  Each query names the page that must come first.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from .browsing import Watch, watch_page

#: (query as typed, the page that must come first or None for no result, words that page must hold)
QUERIES: list[tuple[str, str | None, tuple[str, ...]]] = [
    # a case's distinctive word, which the themes' search split and marked 缺少 on every other result
    ("金秋助学", "/cases/luoyang-student-aid-graduate-founder/", ("金秋助学",)),
    # parts of longer words (针织厂, 肝移植, 养殖场, 出租屋, 小额贷款 as jieba cuts them)
    ("针织", "/cases/baiyin-knitting-mill-worker-housing/", ("针织",)),
    ("移植", "/cases/xiangyun-teacher-liver-transplant/", ("移植",)),
    ("养殖", "/cases/puer-bereaved-worker-farm-recovery/", ("养殖",)),
    ("出租", "/cases/puer-family-public-rental-housing/", ("出租",)),
    ("贷款", "/metrics/microloans-issued/", ("贷款",)),
    # whole words
    ("挨家挨户", "/cases/baiyin-outreach-withdrawn-worker/", ("挨家挨户",)),
    ("离异", "/cases/sinohydro-divorced-mother-reemployed/", ("离异",)),
    # region names, whole and in part: the region's page before the cases that mention it
    ("杭锦后旗", "/regions/150826/", ("杭锦后旗",)),
    ("白银市", "/regions/620400/", ("白银市",)),
    ("楚雄", "/regions/532300/", ("楚雄",)),
    ("红河", "/regions/532500/", ("红河",)),
    ("兰考", "/regions/410225/", ("兰考",)),
    ("baiyin", "/regions/620400/", ("Baiyin",)),  # a region's name in Latin letters, any case
    # metric terms
    ("错评率", "/metrics/wrong-registration-rate/", ("错评率",)),
    ("满意度", "/metrics/satisfaction-rate/", ("满意度",)),
    # several words, with a space and without
    ("呼和浩特 月嫂", "/cases/hohhot-laid-off-maternity-nurse/", ("呼和浩特", "月嫂")),
    ("郑州月嫂", "/cases/zhengzhou-laid-off-maternity-nurse/", ("郑州", "月嫂")),
    ("白银 电焊", "/cases/baiyin-welder-training/", ("白银", "电焊")),
    # found nowhere: no page at all, not a page holding one of its characters
    ("火星基地", None, ()),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: the article's text, as the page shows it
ARTICLE = "() => (document.querySelector('article') || document.body).innerText"


@pytest.fixture(params=["mkdocs", "zensical"])
def served(request: pytest.FixtureRequest) -> str:
    """The root URL of the site built by each engine."""
    if request.param == "mkdocs":
        url: str = request.getfixturevalue("base_url")
        return url
    return str(request.getfixturevalue("zensical_site")[1])


def _open(browser: Browser, url: str, viewport: dict[str, int], watch: Watch) -> Page:
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")  # type: ignore[arg-type]
    page = context.new_page()
    watch_page(context, page, watch)
    page.goto(url, wait_until="networkidle")
    return page


def _type(page: Page, query: str) -> list[str]:
    """Type ``query`` into the search box as a visitor does; the result pages, in order."""
    box = page.get_by_role("searchbox", name="搜索本站")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    page.wait_for_function("q => document.querySelector('#jk-search-results')?.dataset.query === q", arg=query)
    hrefs: list[str] = page.eval_on_selector_all("#jk-search-results a", "links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


def test_the_right_page_comes_first(browser: Browser, served: str) -> None:
    watch = Watch()
    page = _open(browser, served, DESKTOP, watch)
    try:
        wrong = []
        for query, expected, _ in QUERIES:
            found = _type(page, query)
            first = found[0] if found else None
            if first != expected:
                wrong.append(f"{query!r}: first {first}, expected {expected} (results: {found[:4]})")
            status = page.locator("#jk-search-status").inner_text()
            if expected is None:
                assert "没有找到" in status, f"{query!r}: the status does not say nothing was found: {status!r}"
        assert not wrong, "search put the wrong page first:\n  " + "\n  ".join(wrong)
        # no false "missing": the first page holds every word of the query
        for query, expected, words in QUERIES:
            if expected:
                page.goto(served + expected.lstrip("/"), wait_until="load")
                text = page.evaluate(ARTICLE)
                assert all(w in text for w in words), f"{query!r}: {expected} lacks one of {words}"
        # a request still under way when the next page is opened is aborted by the browser: not a fault
        watch.failed = [f for f in watch.failed if not f.endswith("net::ERR_ABORTED")]
        watch.assert_clean()
    finally:
        page.context.close()


def test_search_by_keyboard_alone(browser: Browser, served: str) -> None:
    watch = Watch()
    page = _open(browser, served, DESKTOP, watch)
    try:
        for _ in range(40):  # the box is reached with Tab from the top of the page
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "jk-search-input":
                break
        else:
            pytest.fail("Tab never reached the search box")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus not visible"
        page.keyboard.type("针织", delay=15)
        page.wait_for_function("document.querySelector('#jk-search-results')?.dataset.query === '针织'")
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.href")
        assert urlsplit(focused).path == "/cases/baiyin-knitting-mill-worker-housing/"
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.id") == "jk-search-input"
        assert not page.locator(".jk-search__panel").is_visible()
        page.keyboard.press("Enter")  # the first result
        page.wait_for_url(re.compile(r"/cases/baiyin-knitting-mill-worker-housing/$"))
        watch.assert_clean()
    finally:
        page.context.close()


def test_search_on_a_phone(browser: Browser, served: str) -> None:
    watch = Watch()
    page = _open(browser, served + "cases/", PHONE, watch)
    try:
        box = page.get_by_role("searchbox", name="搜索本站")
        assert box.is_visible()
        assert _type(page, "白银")[0] == "/regions/620400/"
        panel = page.locator(".jk-search__panel").bounding_box()
        assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"]
        assert page.locator("#jk-search-results a").first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
        watch.assert_clean()
    finally:
        page.context.close()
