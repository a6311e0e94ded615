"""Read a figure's wording as published (``1.9亿多元``, ``3.66万户``, ``近18万个``) as a Chinese reader does.

:func:`read` turns the wording into a :class:`Reading`: the number (digits or Chinese numerals,
times 十/百/千/万/亿), the qualifier the words give (多/余/以上 → more-than, 约/左右 → about,
近/将近 → nearly; the codes of the ``qualifier`` field) and the unit its measure word or ``%``
names (户 → household, 人次 → person-time, 个/家/次… → item; the codes of the ``unit`` field).
Wording that is not one number (a range such as ``3-5万``, words only such as ``数千``, words
after the number that are not a unit) reads as ``None``.

:func:`check` compares each row's reading with its ``value``, ``unit`` and ``qualifier``:
a disagreement is an error (``published-mismatch``), unreadable wording a warning
(``published-unreadable``).  A row whose note holds ``[as published: unit]`` (or ``value``,
``qualifier``, ``unreadable``, several separated by commas) is exempt from that one
comparison: the note says why the source's words and the figure differ.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error, warning
from jiekun.core.vocab import ABOUT, EXACT, MORE_THAN, NEARLY
from jiekun.data.load import LINE

#: words before the number: a qualifier, or None for words that leave it exact (达 "reached", 共 "in all")
PREFIXES = {"约": ABOUT, "大约": ABOUT, "近": NEARLY, "将近": NEARLY, "接近": NEARLY,
            "超": MORE_THAN, "超过": MORE_THAN, "逾": MORE_THAN,
            "多达": None, "达": None, "共": None, "累计": None, "合计": None, "总计": None}
#: words after the number (before or after the unit word)
SUFFIXES = {"多": MORE_THAN, "余": MORE_THAN, "有余": MORE_THAN, "以上": MORE_THAN, "左右": ABOUT, "上下": ABOUT}
#: measure words and signs → unit codes
UNITS = {"户次": "household-time", "户": "household", "人次": "person-time", "人": "person", "名": "person",
         "位": "person", "元": "yuan", "%": "percent", **dict.fromkeys("个家次场条期种张所项件台座批", "item")}
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10**4, "亿": 10**8}
THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")  # 1,200 → 1200 (a comma between groups of three)


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


PATTERN = re.compile(
    rf"^(?P<pre>{_alternatives(PREFIXES)})?"
    rf"(?P<num>[0-9]+(?:\.[0-9]+)?|[{''.join(DIGITS)}{''.join(SMALL)}]+)"
    rf"(?P<tail>(?:[{''.join(SMALL)}{''.join(BIG)}]|多|余)*)"
    rf"(?P<unit>{_alternatives(UNITS)})?"
    rf"(?P<post>{_alternatives(SUFFIXES)})?$")


class Reading(NamedTuple):
    """What the wording says: the number, its qualifier and its unit (None when no unit word)."""

    value: Decimal
    qualifier: str
    unit: str | None

    def text(self) -> str:
        number = format(self.value.normalize(), "f")
        return f"{number} {self.unit or '(no unit)'}, {self.qualifier}"


def chinese_number(words: str) -> int | None:
    """``三`` → 3, ``十二`` → 12, ``一百零五`` → 105, ``两千`` → 2000; None if not a numeral below 10⁴."""
    total, digit = 0, None
    for ch in words:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (三四) is not one number
            digit = DIGITS[ch]
        elif ch in SMALL:
            if digit == 0:
                return None
            total += (1 if digit is None else digit) * SMALL[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _normal(text: str) -> str:
    """Half-width digits and signs (NFKC), no spaces, no thousands separators."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    words = "".join(text.split())
    return THOUSANDS.sub("", words) if "," in words else words


def read(text: str) -> Reading | None:
    """The reading of ``text``, or None when it is not one number (see the module's docstring)."""
    found = PATTERN.match(_normal(text))
    if not found:
        return None
    pre, num, tail, unit, post = found.groups()
    if num[0] in "0123456789":
        value = Decimal(num)
    else:
        spelt = chinese_number(num)
        if spelt is None:
            return None
        value = Decimal(spelt)
    said = {PREFIXES.get(pre) if pre else None, SUFFIXES.get(post) if post else None}
    if tail:
        extra = tail.count("多") + tail.count("余")
        if extra > 1:
            return None  # 多…余: not one qualifier
        said.add(MORE_THAN if extra else None)
        for ch in tail:
            value *= SMALL.get(ch) or BIG.get(ch) or 1
    words = [w for w in said if w]
    if len(words) > 1:
        return None  # two qualifiers (约…多) do not say one thing
    return Reading(value, words[0] if words else EXACT, UNITS.get(unit) if unit else None)


EXEMPT = re.compile(r"\[as published: *([a-z, ]+)\]")


def exemptions(note: str | None) -> set[str]:
    """The comparisons a row's note exempts it from (``[as published: unit, qualifier]``)."""
    return {w.strip() for m in EXEMPT.finditer(note or "") for w in m.group(1).split(",")}


HINT_MISMATCH = ("correct the figure or the wording (copy it from the source); if the source's words and the "
                 "figure really differ, say why in the note and add [as published: {fields}]")
HINT_UNREAD = ("give one number as the source printed it (e.g. 1.9亿多元); if the source gives none, say so in "
               "the note and add [as published: unreadable]")


def read_many(texts: pl.Series) -> pl.DataFrame:
    """The readings of distinct wordings: ``_value``, ``_unit``, ``_qualifier`` (nulls when unreadable)."""
    found = [(t, read(t)) for t in texts.to_list()]
    return pl.DataFrame({
        "value_as_published": [t for t, _r in found],
        "_value": [float(r.value) if r else None for _t, r in found],
        "_unit": [r.unit if r else None for _t, r in found],
        "_qualifier": [r.qualifier if r else None for _t, r in found],
    }, schema={"value_as_published": pl.String, "_value": pl.Float64, "_unit": pl.String, "_qualifier": pl.String,
               }).with_columns(pl.col("_qualifier").is_not_null().alias("_read"))


def _flags() -> list[pl.Expr]:
    """Per comparison, whether the row disagrees with its reading (all false when unreadable)."""
    read_ok = pl.col("_read").fill_null(False)
    gap = (pl.col("value") - pl.col("_value")).abs()
    return [(read_ok & (gap > pl.max_horizontal(pl.lit(1e-9), pl.col("value").abs() * 1e-12))).alias("value"),
            (read_ok & pl.col("_unit").is_not_null() & (pl.col("_unit") != pl.col("unit"))).alias("unit"),
            (read_ok & (pl.col("_qualifier") != pl.col("qualifier"))).alias("qualifier"),
            (~read_ok).alias("unreadable")]


def check(frame: pl.DataFrame, file: str) -> list[Issue]:
    """Compare each row's ``value_as_published`` with its value, unit and qualifier.

    Each distinct wording is read once and the comparison runs in one query; only the rows
    that disagree come back to Python.  Rows whose cells failed an earlier check (null) are skipped.
    """
    needed = ["value_as_published", "value", "unit", "qualifier"]
    if not set(needed) <= set(frame.columns) or frame.is_empty():
        return []
    note = pl.col("note") if "note" in frame.columns else pl.lit(None, pl.String).alias("note")
    rows = frame.select(LINE, *needed, note).drop_nulls(needed)
    rows = rows.join(read_many(rows["value_as_published"].unique()), on="value_as_published", how="left")
    names = ["value", "unit", "qualifier", "unreadable"]
    flagged = rows.with_columns(pl.struct(_flags()).alias("_flags")).filter(
        pl.any_horizontal([pl.col("_flags").struct.field(n) for n in names]))
    issues: list[Issue] = []
    for row in flagged.iter_rows(named=True):
        exempt = exemptions(row["note"])
        text = row["value_as_published"]
        if row["_flags"]["unreadable"] and "unreadable" not in exempt:
            issues.append(warning(file, row[LINE], "value_as_published", "published-unreadable",
                                  _("{0!r} cannot be read as one number (a range, words only, or words after the "
                                    "number that are not a unit)").format(text), HINT_UNREAD))
        differ = [n for n in names[:3] if row["_flags"][n] and n not in exempt]
        reading = read(text)
        if reading is None or not differ:
            continue
        said = Reading(Decimal(repr(row["value"])), row["qualifier"], row["unit"]).text()
        issues += [error(file, row[LINE], field, "published-mismatch",
                         _("the row says {0} but {1!r} as published reads {2}").format(said, text, reading.text()),
                         HINT_MISMATCH.format(fields=", ".join(differ))) for field in differ]
    return issues
