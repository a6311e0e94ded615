"""Data in hand-written pages: ``{{ name(args) }}`` calls expanded into Markdown.

Only calls of the functions registered in :data:`CALLS` are expanded, and only with literal
arguments (parsed with :mod:`ast`, never evaluated), so a page's other text, including braces,
is left alone.  A call that does not parse or names no known function is an error that names
the page's file and line.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from jinja2 import Environment

from jiekun.core.i18n import _
from jiekun.core.suggest import did_you_mean
from jiekun.model.model import Site
from jiekun.model.refs import CALL
from jiekun.model.refs import parse_call as _parse
from jiekun.model.rollups import counts
from jiekun.model.views import headline_regions, headline_views, region_view
from jiekun.site import en_prose, figurerefs
from jiekun.site.casepages import newest_cases
from jiekun.site.render import environment
from jiekun.site.tilemap import overview_map


class CallError(ValueError):
    """A call the build cannot run: it does not parse, names no known function, or its
    arguments do not fit the function."""


class UnreadableCall(CallError):
    """The call's text cannot be read as a call at all (quotes, brackets)."""


class ExpandError(Exception):
    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


def headline_cards(env: Environment, site: Site, page: str) -> str:
    """Cards with the latest headline figures of the regions :func:`headline_regions` lists."""
    regions = [region_view(site, code, page) | {"figures": headline_views(site, code, page)}
               for code in headline_regions(site)]
    return env.get_template("site/_headlines.md.j2").render(regions=regions)


def region_list(env: Environment, site: Site, page: str) -> str:
    """The top-level regions that hold figures or cases (their own or their sub-regions')."""
    held = [c for c in site.top_regions() if any(counts(site, c)[k] for k in ("all_figures", "all_cases"))]
    return env.get_template("site/_region-list.md.j2").render(regions=[region_view(site, c, page) for c in held])


def case_list(env: Environment, site: Site, page: str, count: int = 6) -> str:
    return env.get_template("site/_case-list.md.j2").render(cases=newest_cases(site, page, int(count)))


def tile_map(env: Environment, site: Site, page: str) -> str:
    """The tile-grid map of the top-level regions (:mod:`jiekun.site.tilemap`)."""
    return overview_map(env, site, page)


CALLS: dict[str, Callable[..., str]] = {
    "headline_cards": headline_cards, "region_list": region_list, "case_list": case_list, "tile_map": tile_map,
}


def known() -> list[str]:
    """The functions a page can call: the data blocks and the figure calls."""
    return sorted(CALLS) + sorted(figurerefs.CALLS)


def read_call(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    """The name and literal arguments of the call ``text`` (``figure("id")``), checked against
    the function it names; :class:`CallError` if the build could not run it.  Shared with
    ``jiekun validate`` (:mod:`jiekun.site.refcheck`), so the two never disagree."""
    try:
        name, args, kwargs = _parse(text)
    except (SyntaxError, ValueError) as exc:
        raise UnreadableCall(f"cannot read {text!r}: {exc}") from None
    if name not in known():
        raise CallError(_("unknown function {name!r}; known: {known}").format(name=name, known=", ".join(known()))
                        + did_you_mean(name, known()))
    fn, lead = (figurerefs.CALLS[name], 1) if name in figurerefs.CALLS else (CALLS[name], 3)
    try:  # the leading parameters (notes; or env, site, page) are the build's, not the page's
        inspect.signature(fn).bind(*([None] * lead), *args, **kwargs)
    except TypeError as exc:
        raise CallError(f"{name}: {exc}") from None
    return name, args, kwargs


def _run(match: re.Match[str], notes: figurerefs.Notes, page: str, line: int, file: str) -> str:
    """The Markdown of one call; a plain-text figure call in a heading or with :class:`PlainNotes`."""
    env, site = notes.env, notes.site
    calls = en_prose.CALLS if isinstance(notes, en_prose.EnglishNotes) else CALLS
    try:
        name, args, kwargs = read_call(match.group(1))
        if isinstance(notes, figurerefs.PlainNotes) and name not in figurerefs.CALLS:
            raise CallError(f"{name}: only figure() and change() can be used in a title, description or heading")
        if name in figurerefs.CALLS:
            return figurerefs.CALLS[name](notes, *args, **kwargs)
        return calls[name](env, site, page, *args, **kwargs)
    except CallError as exc:
        raise ExpandError(file, line, str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise ExpandError(file, line, f"{match.group(1).split('(')[0]}: {exc}") from None


def expand(markdown: str, page: str, site: Site, file: str, notes: figurerefs.Notes | None = None,
           first_line: int = 1, lang: str = "zh") -> str:
    """``markdown`` with every ``{{ call(...) }}`` replaced by its Markdown, and the footnotes
    of the figures it cites (:mod:`jiekun.site.figurerefs`) appended; pass ``notes`` to see them.
    A figure in a heading (``# 降至{{ figure(...) }}``, which may become the page title) is
    written as plain text, without footnote.  ``first_line`` is the file's line of the text's
    first line (after any front matter); ``lang="en"``: an English page (figures written in English)."""
    env = environment()
    english = lang == "en"
    notes = notes or (en_prose.EnglishNotes if english else figurerefs.Notes)(env, site, page)
    plain = (en_prose.EnglishPlainNotes if english else figurerefs.PlainNotes)(env, site, page)

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + first_line
        heading = markdown[markdown.rfind("\n", 0, match.start()) + 1:].startswith("#")
        return _run(match, plain if heading else notes, page, line, file)

    return CALL.sub(replace, markdown) + notes.markdown()


def expand_plain(text: str, page: str, site: Site, file: str, line: int, lang: str = "zh") -> str:
    """``text`` (a front-matter ``title`` or ``description`` on ``line`` of ``file``) with its
    ``figure()``/``change()`` calls replaced by their plain values: no footnote, no markup."""
    notes = (en_prose.EnglishPlainNotes if lang == "en" else figurerefs.PlainNotes)(environment(), site, page)
    return CALL.sub(lambda m: _run(m, notes, page, line + text.count("\n", 0, m.start()), file), text)


def meta_lines(source: str) -> dict[str, int]:
    """The file line of each top-level key of a page's YAML front matter (``title: …`` → 2)."""
    lines = source.replace("\r\n", "\n").split("\n")
    if not lines or lines[0] != "---":
        return {}
    found: dict[str, int] = {}
    for number, text in enumerate(lines[1:], start=2):
        if text in ("---", "..."):
            break
        if key := re.match(r"([A-Za-z_][\w-]*)\s*:", text):
            found.setdefault(key.group(1), number)
    return found
