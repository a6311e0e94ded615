"""Accessibility and phone-layout checks on every page of a built site, in one browser context.

axe-core comes from the PyPI package axe-playwright-python, which bundles axe.min.js (installed by
`make setup` with the dev tools; nothing is downloaded at test time).  Only its script file is used:
it is added to the context as an init script, so every page opened has ``window.axe``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

#: the WCAG 2.0, 2.1 and 2.2 rule sets at levels A and AA (axe-core's tags)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: the tallest a table row may be on a phone (px)
ROW_LIMIT = 240


def axe_script() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site as a path from its root (a folder's index.html as the folder)."""
    paths = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        paths.append(rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
    return paths


AUDIT = """async tags => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""

#: the phone layout: how far the page scrolls sideways, and its tallest table rows
LAYOUT = """limit => {
    const rows = [...document.querySelectorAll('article tr')]
        .filter(r => r.getClientRects().length > 0)
        .map(r => ({height: Math.round(r.getBoundingClientRect().height),
                    text: r.innerText.replace(/\\s+/g, ' ').slice(0, 60)}))
        .filter(r => r.height > limit);
    return {scrollWidth: document.scrollingElement.scrollWidth, tallRows: rows};
}"""


@dataclass
class Findings:
    """What the audit found, page by page, and the count of each axe rule's violations."""

    problems: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    pages: int = 0

    def add(self, where: str, violations: list[dict[str, Any]]) -> None:
        for v in violations:
            self.rules[v["id"]] += 1
            self.problems.append(f"{where}: {v['id']} ({v['impact']}, {v['count']} nodes: {v['nodes']}): {v['help']}")


def open_context(browser: Browser, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
    context.add_init_script(axe_script())
    return context


def walk(page: Page, base_url: str, paths: list[str]) -> Iterator[str]:
    """Open each page in turn (the same tab), yielding its path once it has loaded."""
    for path in paths:
        response = page.goto(base_url + path, wait_until="load")
        assert response is not None, f"{path}: no response"
        assert response.status == 200, f"{path}: HTTP {response.status}"
        page.evaluate("document.fonts.ready.then(() => true)")
        yield path


def audit(page: Page, base_url: str, paths: list[str], width: int) -> Findings:
    """axe-core on every page; at a phone's width also the sideways scroll and the row heights."""
    found = Findings()
    for path in walk(page, base_url, paths):
        where = f"{path or '/'} @{width}px"
        found.pages += 1
        found.add(where, page.evaluate(AUDIT, TAGS))
        if width <= PHONE["width"]:
            layout = page.evaluate(LAYOUT, ROW_LIMIT)
            if layout["scrollWidth"] > width:
                found.rules["sideways-scroll"] += 1
                found.problems.append(f"{where}: the page scrolls sideways ({layout['scrollWidth']} px wide)")
            for row in layout["tallRows"]:
                found.rules["tall-row"] += 1
                found.problems.append(f"{where}: a table row {row['height']} px tall: {row['text']}")
    return found
