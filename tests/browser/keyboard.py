"""Tabbing through a page as a keyboard user does: every control is reached, and wherever the
focus is, it shows (an outline or a box shadow, on the element or on the label of a hidden
input) inside the viewport."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page

#: records each focused element and says how its focus shows
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    window.__jkSeen = window.__jkSeen || new Set();
    const again = window.__jkSeen.has(el);
    window.__jkSeen.add(el);
    const hidden = el.matches('input') && (el.offsetWidth < 2 || getComputedStyle(el).opacity === '0');
    const shown = hidden && el.labels && el.labels.length ? [...el.labels] : [el];
    const ring = shown.some(e => {
        const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    });
    const inView = shown.some(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
            && r.top < innerHeight && r.left < innerWidth;
    });
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
    return {name, ring, inView, again};
}"""

#: the controls a visitor can see and use that the tabbing never reached
MISSED = """() => {
    const seen = window.__jkSeen || new Set();
    const controls = [...document.querySelectorAll(
        'a[href], button, select, textarea, input:not([type=hidden]), summary, [tabindex]:not([tabindex="-1"])')];
    return controls
        .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true})
                     && e.getBoundingClientRect().width > 0 && !e.closest('[inert], [hidden], [aria-hidden="true"]'))
        .filter(e => !seen.has(e))
        .map(e => e.outerHTML.slice(0, 120));
}"""


def tab_through(page: Page, limit: int = 600) -> tuple[list[str], list[str]]:
    """Press Tab until the focus leaves the page or comes back round; return (problems, missed controls)."""
    page.evaluate("() => { window.__jkSeen = new Set(); document.activeElement && document.activeElement.blur(); }")
    problems: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state: dict[str, Any] | None = page.evaluate(FOCUSED)
        if state is None or state["again"]:
            break
        if not state["ring"]:
            problems.append(f"no visible focus indicator on {state['name']}")
        if not state["inView"]:
            problems.append(f"focus outside the viewport on {state['name']}")
    missed: list[str] = page.evaluate(MISSED)
    return problems, missed


def keyboard_failures(browser: Browser, base_url: str, paths: list[str],
                      viewports: list[dict[str, int]]) -> list[str]:
    """Tab through each page at each viewport (one browser context per viewport); every problem
    and every control never reached, as "page @width: what"."""
    failures = []
    for viewport in viewports:
        context = browser.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
        page = context.new_page()
        try:
            for path in paths:
                page.goto(base_url + path, wait_until="load")
                problems, missed = tab_through(page)
                where = f"{path or '/'} @{viewport['width']}"
                failures += [f"{where}: {p}" for p in problems]
                failures += [f"{where}: never reached by Tab: {m}" for m in missed]
        finally:
            context.close()
    return failures
