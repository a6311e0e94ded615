"""The site built by the successor engine, Zensical, in the real browser: every page (search: test_search.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .a11y import PHONE, Findings, audit_site, site_pages
from .browsing import Watch
from .conftest import VIEWPORT
from .keyboard import keyboard_failures

#: the article's text without code (the validation guide shows the call syntax in code)
PROSE = ("a => { const c = a.cloneNode(true); c.querySelectorAll('code, pre').forEach(e => e.remove()); "
         "return c.innerText; }")


@dataclass
class Pass:
    """One pass over every page of the Zensical build: the audit's findings, and what else was wrong."""

    found: Findings
    watch: Watch
    problems: list[str]


@pytest.fixture(scope="module")
def every_page(browser: Browser, zensical_site: tuple[Path, str], contrast_memo: set[str]) -> Pass:
    """Every page opened once, audited at both widths with the phone layout (tests/browser/a11y.py);
    its heading, its expanded calls and what the browser reported."""
    site, url = zensical_site
    paths = site_pages(site)
    assert len(paths) > 100 and "404.html" in paths, paths[:5]
    problems: list[str] = []

    def check(tab: Page, path: str) -> None:
        if not tab.locator("h1").first.inner_text().strip():
            problems.append(f"{path or '/'}: no page heading")
        if "{{" in tab.locator("article").first.evaluate(PROSE):
            problems.append(f"{path or '/'}: a call was not expanded")

    watch = Watch()
    # at 1280 px the article is left out: it is the same HTML (from the same Markdown) that the
    # mkdocs build's audit checks at 1280 px on every page, and this build's 390 px run checks here
    found = audit_site(browser, url, paths, watch=watch, each=check, wide_exclude=("article",),
                       memo=contrast_memo)
    assert found.pages == len(paths), found.summary("zensical")
    return Pass(found, watch, problems)


def test_every_page_loads_cleanly(every_page: Pass) -> None:
    assert not every_page.problems, "\n  ".join(every_page.problems)
    # a request still under way when the next page is opened is aborted by the browser: not a fault
    every_page.watch.failed = [f for f in every_page.watch.failed if not f.endswith("net::ERR_ABORTED")]
    every_page.watch.assert_clean()


def test_every_page_passes_axe_and_fits_a_phone(every_page: Pass) -> None:
    """The audit of tests/browser/test_a11y.py on the Zensical build: axe-core on every page at 390 px
    and on all but the article at 1280 px, no sideways scroll and no table row over 240 px on a phone."""
    found = every_page.found
    summary = found.report("zensical")
    assert not found.problems, summary + "\n  " + "\n  ".join(found.problems[:60])


def test_the_keyboard_reaches_every_control_and_the_focus_shows(browser: Browser,
                                                                zensical_site: tuple[Path, str]) -> None:
    _, url = zensical_site
    failures = keyboard_failures(browser, url, ["", "cases/", "metrics/households-on-file/"], [VIEWPORT, PHONE])
    assert not failures, "\n  ".join(failures)
