"""Data in hand-written pages: ``{{ name(args) }}`` calls expanded into Markdown.

Only calls of the functions registered in :data:`CALLS` are expanded, and only with literal
arguments (parsed with :mod:`ast`, never evaluated), so a page's other text, including braces,
is left alone.  A call that does not parse or names no known function is an error that names
the page's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment

from . import figurerefs
from .casepages import newest_cases
from .model import Site
from .refs import CALL
from .refs import parse_call as _parse
from .render import environment
from .views import headline_views, region_view


class ExpandError(Exception):
    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


def headline_cards(env: Environment, site: Site, page: str, limit: int = 12) -> str:
    """Cards with the latest headline figures of the regions that have any: all of them when
    there are at most ``limit``, else only the top of the hierarchy (a national site has thousands)."""
    order = sorted(site.regions, key=lambda c: (len(site.ancestors(c)), c))
    regions = [region_view(site, code, page) | {"figures": headline_views(site, code, page)} for code in order]
    regions = [r for r in regions if r["figures"]]
    if len(regions) > limit:
        top = set(site.top_regions())
        regions = [r for r in regions if r["code"] in top]
    return env.get_template("site/_headlines.md.j2").render(regions=regions)


def region_list(env: Environment, site: Site, page: str) -> str:
    return env.get_template("site/_region-list.md.j2").render(
        regions=[region_view(site, c, page) for c in site.top_regions()])


def case_list(env: Environment, site: Site, page: str, count: int = 6) -> str:
    return env.get_template("site/_case-list.md.j2").render(cases=newest_cases(site, page, int(count)))


CALLS: dict[str, Callable[..., str]] = {
    "headline_cards": headline_cards, "region_list": region_list, "case_list": case_list,
}


def expand(markdown: str, page: str, site: Site, file: str, notes: figurerefs.Notes | None = None,
           first_line: int = 1) -> str:
    """``markdown`` with every ``{{ call(...) }}`` replaced by its Markdown, and the footnotes
    of the figures it cites (:mod:`generator.figurerefs`) appended; pass ``notes`` to see them.
    ``first_line`` is the file's line of the text's first line (after any front matter)."""
    env = environment()
    notes = notes or figurerefs.Notes(env, site, page)
    known = sorted(CALLS) + sorted(figurerefs.CALLS)

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + first_line
        try:
            name, args, kwargs = _parse(match.group(1))
        except (SyntaxError, ValueError) as exc:
            raise ExpandError(file, line, f"cannot read {match.group(0)!r}: {exc}") from None
        if name not in known:
            raise ExpandError(file, line, f"unknown function {name!r}; known: {', '.join(known)}")
        try:
            if name in figurerefs.CALLS:
                return figurerefs.CALLS[name](notes, *args, **kwargs)
            return CALLS[name](env, site, page, *args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise ExpandError(file, line, f"{name}: {exc}") from None

    return CALL.sub(replace, markdown) + notes.markdown()
