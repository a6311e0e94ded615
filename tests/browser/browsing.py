"""Helpers for the browser tests: a watched page on the served site."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Response, Route

REPO = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class Watch:
    """What went wrong while a test's pages were open."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    checked: int = 0

    def problems(self) -> list[str]:
        return ([f"request to another host (blocked): {u}" for u in self.external]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed])

    def assert_clean(self) -> None:
        problems = self.problems()
        self.checked = len(problems)
        assert not problems, "the site misbehaved in the browser:\n  " + "\n  ".join(problems)


@dataclass
class Site:
    """A watched browser page on the served site, with helpers the tests share."""

    page: Page
    base_url: str
    watch: Watch

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def visit(self, path: str) -> Response:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == 200, f"{path}: HTTP {response.status}"
        self.page.wait_for_load_state("networkidle")
        heading = self.page.locator("article.md-content__inner h1").first
        assert heading.is_visible(), f"{path}: no visible page heading"
        assert heading.inner_text().strip(), f"{path}: empty page heading"
        return response

    def screenshot(self, name: str) -> Path:
        """Save a full-page PNG as tests/artifacts/screenshots/<name>.png, after fonts have loaded."""
        self.page.evaluate("document.fonts.ready.then(() => true)")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def watch_page(context: BrowserContext, page: Page, watch: Watch) -> None:
    def route(r: Route) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            watch.external.append(r.request.url)
            r.abort("blockedbyclient")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(error: Error) -> None:
        watch.page_errors.append(str(error))

    def on_failed(request: Request) -> None:
        if is_local(request.url) and not request.url.startswith(("data:", "blob:")):
            watch.failed.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if is_local(response.url) and response.status >= 400:
            watch.failed.append(f"{response.url}: HTTP {response.status}")

    context.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
