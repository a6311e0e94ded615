"""`jiekun serve` as communications staff use it: both editions at one address, in Chromium.

The real command, with each engine (its servers behind jiekun's router): the Chinese edition at
the root, the English one under /en/, the language switch leading from one to the other, and a
page open in the browser reloading by itself when its source changes, in either edition
(mkdocs' reload poll is asked from the host's root and must reach the server of the page's own
edition; Zensical's WebSocket opens on the page's address and passes through the router).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from test_updates import descendants, project_with_post, wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def preview(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = project_with_post(tmp_path_factory.mktemp("preview") / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "jiekun", "serve", "--root", str(project), "--engine",
                               request.param, "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/about/", '<html lang="zh', server, seconds=180)
        wait_for(f"{base}/en/about/", '<html lang="en"', server, seconds=60)
        yield project, base
        engines = descendants(server.pid)
        assert len(engines) >= 2, "one engine server per edition"
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    assert code == 128 + signal.SIGTERM, code
    assert not [pid for pid in engines if Path(f"/proc/{pid}").exists()], "an engine server left running"


def _page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser)


def test_the_switch_leads_between_the_editions_of_one_preview(preview: tuple[Path, str], page: Page) -> None:
    _project, base = preview
    page.goto(f"{base}/en/about/", wait_until="load")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("a.jk-lang-switch").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/about/" and page.locator("html").get_attribute("lang", timeout=5000) == "zh"
    page.locator("a.jk-lang-switch").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == "/en/about/"


@pytest.mark.parametrize(("source", "path", "added"), [
    ("docs/about.en.md", "/en/about/", "A sentence added while the preview was open."),
    ("docs/about.md", "/about/", "预览打开时新加的一句话。"),
])
def test_an_open_page_reloads_when_its_source_changes(preview: tuple[Path, str], page: Page, source: str,
                                                     path: str, added: str) -> None:
    project, base = preview
    page.goto(base + path, wait_until="load")
    assert added not in page.locator("body").inner_text()
    file = project / source
    file.write_text(file.read_text(encoding="utf-8") + f"\n\n{added}\n", encoding="utf-8")
    # the test does not navigate: the page's own reload poll brings the new text
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=added, timeout=90_000)
    assert urlsplit(page.url).path == path


def test_every_chart_on_a_page_loads_and_the_engine_is_not_handed_them(preview: tuple[Path, str], page: Page,
                                                                      request: pytest.FixtureRequest) -> None:
    """The chart files, chart pages and embed views reach the browser with either engine; with
    Zensical (given a source without them) the router serves them from beside the staged source."""
    project, base = preview
    staged = project / "build" / "staged"
    zensical = request.node.callspec.params["preview"] == "zensical"
    for edition, docs in (("", "docs"), ("en/", "docs-en")):
        assert (staged / docs / "charts").is_dir() is not zensical, docs
        page.goto(f"{base}/{edition}regions/410000/", wait_until="load")
        images = page.locator("article img")
        assert images.count() > 0
        sizes = page.eval_on_selector_all("article img", "all => all.map(i => [i.src, i.naturalWidth])")
        assert [src for src, width in sizes if not width] == [], "an image did not load"
        link = page.locator("article a[href*='chart/']").first.get_attribute("href")
        assert link, "a link to a chart page"
        page.goto(urljoin(page.url, link), wait_until="load")
        assert page.locator("svg, img").count() > 0 and "404" not in page.title()
