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


#: the desktop layout: the generated tables (``.jk-table``) that scroll sideways (a box that overflows
#: without scrolling, such as the theme's wrapper with its negative margins, does not)
WIDE_LAYOUT = """() => [...document.querySelectorAll('article .jk-table')]
    .flatMap(t => [t, ...t.querySelectorAll('.md-typeset__scrollwrap, .md-typeset__table')])
    .filter(box => ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.scrollWidth} px in ${box.clientWidth}: ` +
         (box.querySelector('th') || box).innerText.replace(/\\s+/g, ' ').slice(0, 40))"""


def check_wide_layout(page: Page, where: str, found: Findings) -> None:
    """At a desktop's width, no table the generator wrote scrolls sideways (a hand-written one may)."""
    for table in page.evaluate(WIDE_LAYOUT):
        found.rules["wide-table-scroll"] += 1
        found.problems.append(f"{where}: a generated table scrolls sideways ({table})")


@dataclass
class Findings:
    """What the audit found, page by page, and the count of each axe rule's violations."""

    problems: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    version: str = ""
    seconds: float = 0.0
    #: texts whose colour contrast axe-core measured (those with a look not yet passed: audit.js)
    measured: int = 0

    def summary(self, name: str) -> str:
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(self.rules.items())) or "none"
        return (f"{name}: axe-core {self.version}, {self.pages} pages at 1280 and 390 px, "
                f"{self.seconds:.0f} s, colour contrast measured on {self.measured} texts; "
                f"problems by rule: {counts}")

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


#: axe-core on a page, and the looks of text whose colour contrast passed (see the file)
AUDIT = (Path(__file__).parent / "audit.js").read_text(encoding="utf-8")
TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _audit_after(*steps: str) -> str:
    """A function of the page that starts the audit after ``steps`` (promises, each made when the
    one before has settled) without waiting for it; COLLECT gets its result."""
    chain = steps[0] + "".join(f"\n    .then(() => {step})" for step in steps[1:])
    return f"args => {{ window.__jkAudit = {chain}\n    .then(() => ({AUDIT})(args)); }}"


#: start the audit once the page has loaded (a tab is handed to it as soon as its document
#: arrives), its fonts are ready and two frames have let the theme's scripts lay it out
START = _audit_after("new Promise(done => document.readyState === 'complete' ? done()"
                     " : addEventListener('load', () => done(), {once: true}))",
                     "document.fonts.ready", TWO_FRAMES)
#: the audit's result (START's or RESTART's, below)
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


#: axe-core runs at once, one per core
LANES = 2
#: tabs: one more than the lanes, so that a page loads while two audits run
TABS = LANES + 1
#: after a change of width: the theme's scripts and resize observers run, its transitions are
#: finished at once (their end is the state a visitor sees; an endless animation, such as a
#: spinner, is left alone), two more frames; then the audit
RESTART = _audit_after(TWO_FRAMES, "document.getAnimations().filter(a => a.effect"
                       " && a.effect.getComputedTiming().endTime !== Infinity).forEach(a => a.finish())",
                       TWO_FRAMES)


@dataclass
class _Job:
    """One page in one tab: loaded at the phone's width, audited there, then widened and audited again."""

    path: str
    tab: Page
    memo: set[str]
    viewport: dict[str, int] = field(default_factory=lambda: PHONE)


def audit_site(browser: Browser, base_url: str, paths: list[str], watch: Watch | None = None,
               each: Callable[[Page, str], None] | None = None, wide_exclude: tuple[str, ...] = (),
               memo: set[str] | None = None) -> Findings:
    """axe-core on every page at both widths, and the phone layout at 390 px.

    Each page is opened once, at the phone's width (as a phone opens it), audited with the layout
    checks, then widened to 1280 px (as a desktop window is widened) and audited again.  Tabs (each
    in a context of its own, so a renderer process of its own) take the pages in turn, LANES of
    them running axe-core at any time, while the next page loads in another.  ``watch`` records
    what goes wrong in the tabs (console errors, failed requests: see browsing.watch_page), and
    ``each(tab, path)`` is called on every page once it is loaded, so that other checks of every
    page need no second pass over the site.  ``wide_exclude``: CSS selectors of parts the wide run
    leaves out (a part audited elsewhere at that width; the phone run audits everything).
    ``memo``: the looks of text whose colour contrast has passed (audit.js), shared by audits that
    should not measure a look twice; it grows as pages pass.
    """
    found = Findings()
    memo = set() if memo is None else memo
    start = time.perf_counter()
    contexts = [open_context(browser, PHONE) for _ in range(TABS)]
    try:
        free = [context.new_page() for context in contexts]
        for page in free if watch is not None else []:
            watch_page(page.context, page, watch)
        todo, ready, running = deque(paths), deque[_Job](), deque[_Job]()
        while todo or ready or running:
            while free and todo:
                ready.append(_open(_Job(todo.popleft(), free.pop(), memo), base_url))
            if ready and len(running) < LANES:
                running.append(_begin(ready.popleft(), wide_exclude))
                found.pages += 1
            else:
                _step(running, found, free, each, wide_exclude)
        found.version = contexts[0].pages[0].evaluate("() => axe.version")
    finally:
        found.seconds = time.perf_counter() - start
        for context in contexts:
            context.close()
    return found


def _open(job: _Job, base_url: str) -> _Job:
    """Start loading the page at the phone's width (the load goes on while other tabs are audited)."""
    job.tab.set_viewport_size(PHONE)
    response = job.tab.goto(base_url + job.path, wait_until="commit")
    assert response is not None and response.status == 200, f"{job.path}: no page"
    return job


def _begin(job: _Job, wide_exclude: tuple[str, ...]) -> _Job:
    _start(job, wide_exclude)  # the audit waits in the page for the load to finish
    return job


def _start(job: _Job, wide_exclude: tuple[str, ...]) -> None:
    """Start the audit at the job's width (once the page has settled, after a change of width)."""
    wide = job.viewport is WIDE
    job.tab.evaluate(RESTART if wide else START, [TAGS, list(wide_exclude) if wide else [], sorted(job.memo)])


def _step(running: deque[_Job], found: Findings, free: list[Page], each: Callable[[Page, str], None] | None,
          wide_exclude: tuple[str, ...]) -> None:
    """Collect the oldest audit; a page audited at the phone's width is widened and audited again."""
    job = running.popleft()
    where = f"{job.path or '/'} @{job.viewport['width']}px"
    result = job.tab.evaluate(COLLECT)
    found.add(where, result["violations"])
    found.measured += result["measured"]
    job.memo.update(result["learnt"])
    if job.viewport is PHONE:
        check_layout(job.tab, where, found)
        if each is not None:
            each(job.tab, job.path)
        job.viewport = WIDE
        job.tab.set_viewport_size(WIDE)
        _start(job, wide_exclude)
        running.append(job)
    else:
        check_wide_layout(job.tab, where, found)
        free.append(job.tab)
