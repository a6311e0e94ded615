"""How figures are written on the English pages: the way English readers read them.

The English twin of :mod:`jiekun.core.numbers`, with the same rules of rounding and qualifiers:
``36600 households`` stays ``36,600 households``, ``190000000 yuan (more-than)`` becomes
``more than 190 million yuan``, ``1100000000`` becomes ``1.1 billion``.  Below a million a
figure is written in full with thousands separators; from a million on, in millions or
billions with up to two decimals.  A figure that had to be rounded to be written short and
was exact gets "about", so the page never claims a precision the short form lacks.
Periods are written ``Dec 2018``, ``2004 – Oct 2018``, ``as of 6 Nov 2018``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jiekun.core.numbers import _plain, exact
from jiekun.core.vocab import ABOUT, AT_LEAST, EXACT, MORE_THAN, NEARLY

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)

#: qualifier code → the words before the number
QUALIFIERS: dict[str, str] = {EXACT: "", ABOUT: "about ", NEARLY: "nearly ", MORE_THAN: "more than ",
                              AT_LEAST: "at least "}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def scaled(value: float | int | str | Decimal) -> tuple[str, bool]:
    """The number as written (``36,600``, ``1.9 million``, ``1.1 billion``) and whether rounding changed it."""
    number = Decimal(str(value))
    size = abs(number)
    if size >= BILLION:
        shown, scale, word = number / BILLION, BILLION, " billion"
    elif size >= MILLION:
        shown, scale, word = number / MILLION, MILLION, " million"
    else:
        text = _plain(number)
        return exact(text), Decimal(text) != number
    text = _plain(shown)
    if word == " million" and abs(Decimal(text)) >= 1000:  # 999.999 million rounds to 1 billion
        shown, scale, word = number / BILLION, BILLION, " billion"
        text = _plain(shown)
    return text + word, Decimal(text) * scale != number


def format_value(value: float | int | str | Decimal, unit: str = "", qualifier: str = EXACT,
                 *, percent: bool = False) -> str:
    """A figure as the English pages show it, with its qualifier in words.

    ``unit`` is the English unit label (households, yuan, person-times); ``percent`` marks a
    rate, written ``99.95%`` and never scaled."""
    prefix = QUALIFIERS.get(qualifier, "")
    if percent:
        return f"{prefix}{_plain(Decimal(str(value)))}%"
    number, rounded = scaled(value)
    if rounded and qualifier == EXACT:
        prefix = "about "
    return f"{prefix}{number} {unit}".rstrip()


def date_label(value: str | None) -> str:
    """``2018`` → 2018, ``2018-11`` → Nov 2018, ``2018-11-06`` → 6 Nov 2018."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    words = [str(parts[0])]
    if len(parts) > 1:
        words.insert(0, MONTHS[parts[1] - 1])
    if len(parts) > 2:
        words.insert(0, str(parts[2]))
    return " ".join(words)


def period_label(kind: str, start: str | None, end: str | None) -> str:
    """A figure's period in words: as of 6 Nov 2018, 2016 – Oct 2018, cumulative to Oct 2020, per year."""
    first, last = date_label(start), date_label(end)
    if kind == "point":
        return f"as of {last}" if len((end or "").split("-")) == 3 else last
    if kind == "per-year":
        return "per year" + (f" ({first} – {last})" if first and first != last else f" ({last})" if last else "")
    if not first:
        return f"cumulative to {last}"
    return first if first == last else f"{first} – {last}"


ESTIMATED_MARK = " (date estimated)"


def figure_period(fig: Mapping[str, Any]) -> str:
    """A figure's period in words, marked when its date is an estimate (``period_estimated``)."""
    label = period_label(fig["period_kind"], fig.get("period_start"), fig.get("period_end"))
    return f"{label}{ESTIMATED_MARK}" if fig.get("period_estimated") and label else label
