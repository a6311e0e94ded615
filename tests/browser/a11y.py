"""Accessibility and phone-layout checks on every page of a built site, one browser tab per width.

axe-core comes from the PyPI package axe-playwright-python, which bundles axe.min.js (installed by
`make setup` with the dev tools; nothing is downloaded at test time).  Only its script file is used:
it is added to the context as an init script, so every page opened has ``window.axe``.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from .browsing import Watch, watch_page

#: the WCAG 2.0, 2.1 and 2.2 rule sets at levels A and AA (axe-core's tags)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: the tallest a table row may be on a phone (px)
ROW_LIMIT = 240
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def axe_script() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site as a path from its root (a folder's index.html as the folder)."""
    paths = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        paths.append(rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
    return paths


AUDIT = """async (tags, exclude) => {
    const result = await axe.run(exclude.length ? {include: [['html']], exclude: exclude.map(s => [s])} : document,
                                 {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""

#: the phone layout: how far the page scrolls sideways, and its tallest table rows (a header row
#: that is only there for screen readers, clipped to nothing, is not shown and not measured)
LAYOUT = """limit => {
    const rows = [...document.querySelectorAll('article tr')]
        .filter(r => r.getClientRects().length > 0)
        .filter(r => !r.closest('thead') || getComputedStyle(r.closest('thead')).clipPath === 'none')
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
    version: str = ""
    seconds: float = 0.0

    def summary(self, name: str) -> str:
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(self.rules.items())) or "none"
        return (f"{name}: axe-core {self.version}, {self.pages} pages at 1280 and 390 px, "
                f"{self.seconds:.0f} s; problems by rule: {counts}")

    def report(self, name: str) -> str:
        """The summary, saved under tests/artifacts/ with every problem (for a CI run's artefacts)."""
        summary = self.summary(name)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"axe-{name}.txt").write_text("\n".join([summary, *self.problems]) + "\n", encoding="utf-8")
        return summary

    def add(self, where: str, violations: list[dict[str, Any]]) -> None:
        for v in violations:
            self.rules[v["id"]] += 1
            self.problems.append(f"{where}: {v['id']} ({v['impact']}, {v['count']} nodes: {v['nodes']}): {v['help']}")


def open_context(browser: Browser, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
    context.add_init_script(axe_script())
    return context


#: after the load event: the fonts, and two frames for the theme's scripts to lay the page out
SETTLE = """() => document.fonts.ready.then(() => new Promise(done =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(true)))))"""
#: start axe-core on the page without waiting for it (the result is collected by COLLECT)
START = "([tags, exclude]) => { window.__jkAudit = (" + AUDIT + ")(tags, exclude); }"
COLLECT = "() => window.__jkAudit"


def check_layout(page: Page, where: str, found: Findings) -> None:
    """A phone's page never scrolls sideways, and no table row is taller than ROW_LIMIT."""
    layout = page.evaluate(LAYOUT, ROW_LIMIT)
    if layout["scrollWidth"] > PHONE["width"]:
        found.rules["sideways-scroll"] += 1
        found.problems.append(f"{where}: the page scrolls sideways ({layout['scrollWidth']} px wide)")
    for row in layout["tallRows"]:
        found.rules["tall-row"] += 1
        found.problems.append(f"{where}: a table row {row['height']} px tall: {row['text']}")


#: axe-core runs at once, one per core; each width has this many tabs, so a tab is always ready
LANES = 2


@dataclass
class _Job:
    path: str
    viewport: dict[str, int]
    tab: Page


def audit_site(browser: Browser, base_url: str, paths: list[str], watch: Watch | None = None,
               each: Callable[[Page, str], None] | None = None, wide_exclude: tuple[str, ...] = ()) -> Findings:
    """axe-core on every page at both widths, and the phone layout at 390 px.

    Tabs (each in a context of its own, so a renderer process of its own) take the pages in turn,
    LANES of them running axe-core at any time: while one runs, the next page loads in another.
    ``watch`` records what goes wrong in the wide tabs (console errors, failed requests: see
    browsing.watch_page), and ``each(tab, path)`` is called there on every page once it has loaded,
    so that other checks of every page need no second pass over the site.  ``wide_exclude``: CSS
    selectors of parts the wide run leaves out (a part audited elsewhere at that width; the phone
    run audits everything).
    """
    found = Findings()
    start = time.perf_counter()
    contexts = {id(v): [open_context(browser, v) for _ in range(LANES)] for v in (WIDE, PHONE)}
    try:
        free = {key: [c.new_page() for c in group] for key, group in contexts.items()}
        for page in free[id(WIDE)] if watch is not None else []:
            watch_page(page.context, page, watch)
        running: deque[_Job] = deque()
        for path in paths:
            for viewport in (WIDE, PHONE):
                while len(running) >= LANES or not free[id(viewport)]:
                    _finish(running.popleft(), found, free)
                job = _Job(path, viewport, free[id(viewport)].pop())
                _start(job, base_url, each, wide_exclude)
                running.append(job)
            found.pages += 1
        while running:
            _finish(running.popleft(), found, free)
        found.version = free[id(WIDE)][0].evaluate("() => axe.version")
    finally:
        found.seconds = time.perf_counter() - start
        for group in contexts.values():
            for context in group:
                context.close()
    return found


def _start(job: _Job, base_url: str, each: Callable[[Page, str], None] | None, wide_exclude: tuple[str, ...]) -> None:
    response = job.tab.goto(base_url + job.path, wait_until="load")
    assert response is not None and response.status == 200, f"{job.path}: no page"
    job.tab.evaluate(SETTLE)
    wide = job.viewport is WIDE
    job.tab.evaluate(START, [TAGS, list(wide_exclude) if wide else []])
    if each is not None and wide:
        each(job.tab, job.path)


def _finish(job: _Job, found: Findings, free: dict[int, list[Page]]) -> None:
    where = f"{job.path or '/'} @{job.viewport['width']}px"
    found.add(where, job.tab.evaluate(COLLECT))
    if job.viewport is PHONE:
        check_layout(job.tab, where, found)
    free[id(job.viewport)].append(job.tab)
