"""Untrusted text made safe for Markdown/HTML, and the site's wording of periods and qualifiers.

Every string that comes from data goes through :func:`md` (Markdown text, table cells),
:func:`attr` (an HTML attribute value) or :func:`para` (a paragraph) before it reaches a page,
so it shows as text: never as markup, a link, a table cell break or a template expression.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiekun.core.vocab import ABOUT, AT_LEAST, EXACT, MORE_THAN, NEARLY

# Characters that mean something to Markdown, HTML, tables or Jinja: written as numeric
# character references, which every Markdown parser passes through as plain text.
_SPECIAL = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#|!~$%@:="}
_ESCAPE = str.maketrans(_SPECIAL)
_LIST_START = re.compile(r"^(\s*)([-+>]|\d+[.)])")


def md(value: object) -> str:
    """Text for inline Markdown or a table cell: specials escaped, line breaks as spaces."""
    text = "" if value is None else str(value)
    return " ".join(text.translate(_ESCAPE).split())


def para(value: object) -> str:
    """Text for a paragraph of its own: :func:`md`, and never a list, quote or heading."""
    text = md(value)
    match = _LIST_START.match(text)
    if match:
        text = match.group(1) + "".join(f"&#{ord(c)};" for c in match.group(2)) + text[match.end():]
    return text


def attr(value: object) -> str:
    """Text for an HTML attribute value in double quotes (same references as :func:`md`)."""
    return md(value)


QUALIFIER_LABEL = {EXACT: "确数", MORE_THAN: "下限（多、余、以上）", AT_LEAST: "下限（不低于、最低）", ABOUT: "约数",
                   NEARLY: "接近（近）"}
PERIOD_KIND_LABEL = {"point": "时点", "interval": "期间合计", "per-year": "每年"}
REGISTER_LABEL = {"national": "全国级档案", "provincial": "省级档案"}
REGISTER_LABEL_EN = {"national": "national register", "provincial": "provincial register"}
ROLE_LABEL = {"original": "首次报告", "caption": "图片说明中的重复", "headline": "标题中的重复",
              "repeat": "后文或后来报道中的重复"}


def date_label(value: str | None) -> str:
    """``2018`` → 2018年, ``2018-11`` → 2018年11月, ``2018-11-06`` → 2018年11月6日."""
    if not value:
        return ""
    parts = value.split("-")
    words = [f"{int(parts[0])}年"]
    if len(parts) > 1:
        words.append(f"{int(parts[1])}月")
    if len(parts) > 2:
        words.append(f"{int(parts[2])}日")
    return "".join(words)


def period_label(kind: str, start: str | None, end: str | None) -> str:
    """A figure's period in words: 截至2018年11月6日, 2016年至2018年10月, 截至2020年10月累计, 每年."""
    first, last = date_label(start), date_label(end)
    if kind == "point":
        return f"截至{last}" if len((end or "").split("-")) == 3 else last
    if kind == "per-year":
        return "每年" + (f"（{first}至{last}）" if first and first != last else f"（{last}）" if last else "")
    if not first:
        return f"截至{last}累计"
    return first if first == last else span_label(str(start), str(end))


def span_label(start: str, end: str) -> str:
    """``2016`` to ``2018-10`` → 2016年至2018年10月; within one year the year is written once:
    ``2018`` to ``2018-12-24`` → 2018年1月至12月24日, ``2018-03`` to ``2018-10`` → 2018年3月至10月."""
    s, e = start.split("-"), end.split("-")
    if s[0] != e[0] or len(e) == 1:
        return f"{date_label(start)}至{date_label(end)}"
    first = date_label(start) if len(s) > 1 else f"{int(s[0])}年1月"
    return f"{first}至{date_label(end).removeprefix(f'{int(e[0])}年')}"


ESTIMATED_MARK = "（日期为估计）"  # after a period whose date is an estimate (an undated report's month)


def estimated(label: str, flag: object) -> str:
    """``label`` with the estimate mark when ``flag`` is true."""
    return f"{label}{ESTIMATED_MARK}" if flag and label else label


def figure_period(fig: Mapping[str, Any]) -> str:
    """A figure's period in words, marked when its date is an estimate (``period_estimated``)."""
    return estimated(period_label(fig["period_kind"], fig.get("period_start"), fig.get("period_end")),
                     fig.get("period_estimated"))


def title(value: object) -> str:
    """A page title for front matter: a JSON string (valid YAML) with no character that could
    become markup however a theme prints it (themes print titles unescaped or after striptags)."""
    import json

    text = " ".join(str(value or "").split())
    return json.dumps("".join(c for c in text if c not in "<>&\"'`{}\\[]$%"), ensure_ascii=False)
