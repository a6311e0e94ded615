"""The text alternative of a chart, from its data, in the chart's language.

One description per kind of chart (line, bars, disagreeing sources), written once; each language
gives its words (:class:`Wording`: :data:`ZH`, :data:`EN`), how it reads a period aloud and how it
writes a figure (:mod:`jiekun.core.numbers`, :mod:`jiekun.core.numbers_en`).  The result is plain
text: escape it in HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jiekun.charts.chartspec import ChartSpec, Point, exact_decimal
from jiekun.core import numbers, numbers_en

FLAT = 0.02  # a change under 2% of the larger end is "roughly flat" (基本持平)
YEAR_MONTH = re.compile(r"((?:19|20)\d\d)(?:-(0[1-9]|1[0-2]))?")


def period_zh(label: str) -> str:
    """A period label as read aloud in Chinese: ``2017`` → ``2017年``, ``2020-09`` → ``2020年9月``."""
    if match := YEAR_MONTH.fullmatch(label):
        year, month = match.groups()
        return f"{year}年" + (f"{int(month)}月" if month else "")
    return label


@dataclass(frozen=True)
class Wording:
    """A language's sentences; each is a ``str.format`` template (fields it does not use are ignored)."""

    one_period: str
    history: str
    peak: str
    one_category: str
    breakdown: str
    #: (largest, smallest) for counts and for percentages
    extremes: tuple[tuple[str, str], tuple[str, str]]
    disagreement: str
    said: str  # one source's figure
    said_between: str
    inexact: str
    #: roughly flat, up, down
    trends: tuple[str, str, str]
    period: Callable[[str], str]
    value: Callable[..., str]


ZH = Wording(
    one_period="折线图：{title}。只有{period}一个时期，为{figure}。",
    history="折线图：{title}。共{n}个时期，从{first_period}的{first}到{last_period}的{last}，总体{trend}。",
    peak="最高为{period}的{figure}。",
    one_category="条形图：{title}。只有一个类别：{label}，为{figure}。",
    breakdown="条形图：{title}。共{n}个类别，{largest_label}{most}，为{largest}；{smallest_label}{least}，为{smallest}。",
    extremes=(("最多", "最少"), ("最高", "最低")),
    disagreement="条形图：{title}。{n}份来源对同一事实的说法不一致，不是前后变化：{said}。",
    said="{label}：{figure}", said_between="；",
    inexact="部分数字为下限或约数。",
    trends=("基本持平", "上升", "下降"),
    period=period_zh, value=numbers.format_value)

EN = Wording(
    one_period="Line chart: {title}. One period only, {period}: {figure}.",
    history="Line chart: {title}. {n} periods, from {first} in {first_period} to {last} in {last_period}, "
            "{trend} overall.",
    peak=" The highest was {figure} in {period}.",
    one_category="Bar chart: {title}. One category only, {label}: {figure}.",
    breakdown="Bar chart: {title}. {n} categories; the largest is {largest_label} with {largest}, "
              "the smallest {smallest_label} with {smallest}.",
    extremes=(("", ""), ("", "")),
    disagreement="Bar chart: {title}. Each of the {n} bars is what one source says about the same fact; "
                 "the sources disagree, and this is not change over time: {said}.",
    said="{label}: {figure}", said_between="; ",
    inexact=" Some figures are lower bounds or approximate.",
    trends=("roughly flat", "up", "down"),
    period=str, value=numbers_en.format_value)

WORDINGS = {"zh": ZH, "en": EN}


def trend(first: float, last: float, words: Wording = ZH) -> str:
    """Up, down or roughly flat (a change under :data:`FLAT` of the larger end), in ``words``."""
    flat, up, down = words.trends
    if abs(last - first) <= FLAT * max(abs(first), abs(last)):
        return flat
    return up if last > first else down


def _figure(spec: ChartSpec, point: Point, words: Wording) -> str:
    value: Decimal = exact_decimal(point.value)
    return words.value(value, "" if spec.percent else spec.unit, point.qualifier, percent=spec.percent)


def _inexact(spec: ChartSpec, words: Wording) -> str:
    return "" if all(p.exact for p in spec.points) else words.inexact


def history(spec: ChartSpec, words: Wording) -> str:
    points, say = spec.points, words.period
    first, last = points[0], points[-1]
    if len(points) == 1:
        return words.one_period.format(title=spec.title, period=say(first.label), figure=_figure(spec, first, words))
    text = words.history.format(
        title=spec.title, n=len(points), first_period=say(first.label), first=_figure(spec, first, words),
        last_period=say(last.label), last=_figure(spec, last, words), trend=trend(first.value, last.value, words))
    peak = max(points, key=lambda p: p.value)
    if peak.value > max(first.value, last.value):
        text += words.peak.format(period=say(peak.label), figure=_figure(spec, peak, words))
    return text + _inexact(spec, words)


def breakdown(spec: ChartSpec, words: Wording) -> str:
    points = spec.points
    if len(points) == 1:
        return words.one_category.format(title=spec.title, label=points[0].label,
                                         figure=_figure(spec, points[0], words))
    most, least = words.extremes[1 if spec.percent else 0]
    largest = max(points, key=lambda p: p.value)
    smallest = min(points, key=lambda p: p.value)
    return words.breakdown.format(
        title=spec.title, n=len(points), most=most, least=least, largest_label=largest.label,
        largest=_figure(spec, largest, words), smallest_label=smallest.label,
        smallest=_figure(spec, smallest, words)) + _inexact(spec, words)


def disagreement(spec: ChartSpec, words: Wording) -> str:
    said = words.said_between.join(words.said.format(label=p.label, figure=_figure(spec, p, words))
                                   for p in spec.points)
    return words.disagreement.format(title=spec.title, n=len(spec.points), said=said) + _inexact(spec, words)


def alt_text(spec: ChartSpec) -> str:
    """A description of the chart from its data, in the chart's language (plain text: escape it in HTML)."""
    words = WORDINGS.get(spec.lang, ZH)
    if spec.kind == "disagreement":
        return disagreement(spec, words)
    return history(spec, words) if spec.kind == "history" else breakdown(spec, words)
