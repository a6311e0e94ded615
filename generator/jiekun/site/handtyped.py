"""Figures typed by hand in a page or post: a number with a unit (2461户, 7.1万户, 96.5%,
1.9亿多元) or a share in words (六成) that no ``figure()``/``change()`` call wrote.

Such a figure goes stale silently when the data changes, so ``jiekun validate`` warns
(``hand-typed-figure``; ``--strict`` fails) and names the call that writes it from the data,
when a figure of the data reads the same.  Dates (2020年, 10月, 2020年10月6日) are not figures.
Only prose is read: the ``title`` and ``description`` of the front matter and the text,
outside calls, link targets and HTML comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, warning

UNITS = "户|人次|人|元|万|亿|%|％|个百分点|家|个|次|名|项|期|条|倍"
DIGITS = "[0-9０-９][0-9０-９.,，]*"
HAND_TYPED = re.compile(rf"{DIGITS}\s*(?:[万亿千]\s*)?(?:多|余)?\s*(?:{UNITS})|[一二三四五六七八九十两]成")
NOT_PROSE = re.compile(r"\{\{.*?\}\}|\]\([^)]*\)|<!--.*?-->|`[^`]*`")
QUALIFIER_WORDS = ("约", "近", "超过", "超", "逾", "多", "余")


def hand_typed(text: str) -> list[tuple[int, str]]:
    """(line, figure) for every figure in a page's prose, title or description outside calls."""
    body = len(text.split("\n---\n", 1)[0].split("\n")) + 1 if text.startswith("---\n") else 0
    found = []
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= body and not re.match(r"(title|description)\s*:", line):
            continue  # other front matter: dates, slug, tags
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced:
            continue
        found += [(number, m.group(0)) for m in HAND_TYPED.finditer(NOT_PROSE.sub(" ", line))]
    return found


def _key(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace("％", "%")
    for word in QUALIFIER_WORDS:
        text = text.removeprefix(word)
    return text


def wordings(figures: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Each figure's published wording (without 约/近/超) → the ids of the figures that read so."""
    found: dict[str, list[str]] = {}
    for row in figures:
        published = str(row.get("value_as_published") or "")
        if published:
            found.setdefault(_key(published), []).append(str(row["id"]))
    return found


def issues(file: str, text: str, known: Mapping[str, list[str]]) -> list[Issue]:
    """A warning for every figure typed by hand in ``text`` (the page ``file``)."""
    found = []
    for line, typed in hand_typed(text):
        ids = known.get(_key(typed), [])
        if ids:
            hint = _('write {{{{ figure("{id}") }}}} in its place: the call writes the figure from the data'
                     ).format(id=ids[0])
        else:
            hint = _('write the figure with a call, {{{{ figure(region="…", metric="…", period="…") }}}}; '
                     'if the data lacks it, add it first with `jiekun new figure`')
        found.append(warning(file, line, None, "hand-typed-figure", _(
            "{typed!r} is typed by hand: it will not change when the data does").format(typed=typed), hint))
    return found
