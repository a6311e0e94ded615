"""Browser tests: build the real site once, serve it locally, drive Debian's Chromium with playwright.

Every page a test opens is watched: a request to any host other than 127.0.0.1/localhost is
blocked and recorded, and so are console errors, uncaught page errors, failed requests and
same-host responses with status >= 400.  Any of them fails the test.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from conftest import serving  # noqa: E402
from playwright.sync_api import Browser, Error, Playwright, sync_playwright  # noqa: E402

from .browsing import REPO, Site, Watch, watch_page  # noqa: E402

#: Debian's Chromium as a headless shell: the same browser engine, without the browser's own
#: window (tab strip, address bar), which a headless run would otherwise draw on every page load
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium against the built site (tests/browser)")


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real site built by the successor engine, Zensical, and served on 127.0.0.1."""
    from jiekun.pipeline.build import build

    site = build(REPO, tmp_path_factory.mktemp("zensical") / "site", engine="zensical")
    with serving(site) as url:
        yield site, url


@pytest.fixture(scope="session")
def contrast_memo() -> set[str]:
    """The looks of text whose colour contrast has passed (tests/browser/audit.js): the audits of
    both engines' builds share them, so a look is measured once in a run."""
    return set()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `sh scripts/system-deps.sh` to install Debian's "
                    "chromium-headless-shell (the browser tests never download a browser)", pytrace=False)
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def site(browser: Browser, base_url: str) -> Iterator[Site]:
    """A fresh watched page; whatever a test did not check itself is checked when it ends."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", service_workers="block")
    page = context.new_page()
    watch = Watch()
    watch_page(context, page, watch)
    try:
        yield Site(page, base_url, watch)
        with contextlib.suppress(Error):
            page.wait_for_load_state("networkidle", timeout=2000)
        problems = watch.problems()
        if len(problems) > watch.checked:
            pytest.fail("the site misbehaved in the browser:\n  " + "\n  ".join(problems), pytrace=False)
    finally:
        context.close()
