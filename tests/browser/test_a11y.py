"""Accessibility of the built site: axe-core on every page at 1280 and 390 px, the phone layout
on every page, and the keyboard on each kind of control.  The Zensical build gets the same
audit in tests/browser/test_zensical.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .a11y import PHONE, WIDE, audit_site, site_pages
from .conftest import serving
from .keyboard import keyboard_failures

pytestmark = pytest.mark.browser

#: a page of each kind of control: header and tabs, filters (select), tables of figures, details,
#: copy buttons, the blog's lists, and the page that is no page
KEYBOARD_PAGES = ["", "cases/", "metrics/households-on-file/", "data/", "key-figures/", "updates/", "404.html"]

#: a page with every problem the audit looks for, to show that it finds them
BAD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bad</title></head><body>
<main><h1>Bad page</h1>
<p style="color:#aaa;background:#fff">faint text</p>
<div style="width:600px">too wide for a phone</div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<article><table><tr><td><div style="height:300px">a tall row</div></td></tr></table>
<div class="jk-table" style="max-width:200px;overflow-x:auto"><table><tr><th>a column</th>
<td style="white-space:nowrap">wider than its box at any width, wider than its box</td></tr></table></div></article>
</main></body></html>"""


def test_every_page_passes_axe_and_fits_a_phone(browser: Browser, built_site: Path, base_url: str,
                                                 contrast_memo: set[str]) -> None:
    paths = site_pages(built_site)
    assert len(paths) > 100 and "404.html" in paths and "" in paths, paths[:5]
    found = audit_site(browser, base_url, paths, memo=contrast_memo)
    summary = found.report("mkdocs")
    assert found.pages == len(paths), summary
    assert found.version.startswith("4."), summary
    assert not found.problems, summary + "\n  " + "\n  ".join(found.problems[:60])


def test_the_audit_finds_what_it_looks_for(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    with serving(tmp_path) as url:
        found = audit_site(browser, url, ["bad.html"])
    assert {"color-contrast", "image-alt", "sideways-scroll", "tall-row", "wide-table-scroll"} <= set(found.rules), \
        found.problems


#: the same text on two pages, readable on the first and faint on the second
GOOD_AND_FAINT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{0}</title></head><body>
<main><h1>{0}</h1><p class="note" style="color:{1};background:#fff">a note in the page's colours</p></main>
</body></html>"""


def test_a_look_is_measured_until_it_passes(browser: Browser, tmp_path: Path) -> None:
    """The colour contrast of a look (audit.js) that passed is not measured again; a look that failed is
    measured, and reported, on every page that shows it; the same text in a new colour is new."""
    for name, colour in [("good", "#222"), ("faint", "#bbb"), ("faint-again", "#bbb")]:
        (tmp_path / f"{name}.html").write_text(GOOD_AND_FAINT.format(name, colour), encoding="utf-8")
    memo: set[str] = set()
    with serving(tmp_path) as url:
        first = audit_site(browser, url, ["good.html"], memo=memo)
        learnt = set(memo)
        again = audit_site(browser, url, ["good.html"], memo=memo)
        faint = audit_site(browser, url, ["faint.html"], memo=memo)
        faint.problems += audit_site(browser, url, ["faint-again.html"], memo=memo).problems
    # h1 and p measured at the phone's width; widened, the page shows the same two looks
    assert not first.problems and first.measured == 2 and learnt, first.problems
    assert not again.problems and again.measured == 0
    found = [p for p in faint.problems if "color-contrast" in p]
    assert sorted(p.split(":")[0] for p in found) == ["faint-again.html @1280px", "faint-again.html @390px",
                                                      "faint.html @1280px", "faint.html @390px"], faint.problems
    assert memo == learnt  # what failed is not learnt


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_the_keyboard_reaches_every_control_and_the_focus_shows(browser: Browser, base_url: str,
                                                                 viewport: dict[str, int]) -> None:
    failures = keyboard_failures(browser, base_url, KEYBOARD_PAGES, [viewport])
    assert not failures, "\n  ".join(failures)


def test_the_phone_menu_opens_and_closes_from_the_keyboard(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    try:
        page.goto(base_url + "about/", wait_until="load")
        button = page.locator('label.md-header__button[for="__drawer"]')
        assert button.get_attribute("role") == "button" and button.get_attribute("tabindex") == "0"
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator(".md-sidebar--primary a[href]").first.is_visible(), "a closed menu is out of sight"
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
        assert button.get_attribute("aria-expanded") == "true"
        on_screen = ("() => { const a = document.activeElement, r = a.getBoundingClientRect(); "
                     "const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); "
                     "return r.left >= 0 && r.right <= innerWidth && r.width > 0 && a.contains(top); }")
        try:  # the drawer slides in: the focused link is on screen once its transition has ended
            page.wait_for_function(on_screen, timeout=5000)
        except PlaywrightTimeout:
            pytest.fail("the menu's first link has the focus but is not on screen")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.getAttribute('for')") == "__drawer"
    finally:
        context.close()
