"""The English text alternative of a chart, from its data (the twin of :func:`jiekun.charts.charts.alt_text`)."""

from __future__ import annotations

from jiekun.charts.chartspec import ChartSpec, Point, exact_decimal
from jiekun.core import numbers_en

FLAT = 0.02  # a change under 2% of the larger end is "roughly flat"


def _figure(spec: ChartSpec, point: Point) -> str:
    unit = "" if spec.percent else spec.unit
    return numbers_en.format_value(exact_decimal(point.value), unit, point.qualifier, percent=spec.percent)


def trend(first: float, last: float) -> str:
    if abs(last - first) <= FLAT * max(abs(first), abs(last)):
        return "roughly flat"
    return "up" if last > first else "down"


def _inexact(spec: ChartSpec) -> str:
    return "" if all(p.exact for p in spec.points) else " Some figures are lower bounds or approximate."


def history(spec: ChartSpec) -> str:
    points = spec.points
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"Line chart: {spec.title}. One period only, {first.label}: {_figure(spec, first)}."
    text = (f"Line chart: {spec.title}. {len(points)} periods, from {_figure(spec, first)} in {first.label} "
            f"to {_figure(spec, last)} in {last.label}, {trend(first.value, last.value)} overall.")
    peak = max(points, key=lambda p: p.value)
    if peak.value > max(first.value, last.value):
        text += f" The highest was {_figure(spec, peak)} in {peak.label}."
    return text + _inexact(spec)


def breakdown(spec: ChartSpec) -> str:
    points = spec.points
    if len(points) == 1:
        return f"Bar chart: {spec.title}. One category only, {points[0].label}: {_figure(spec, points[0])}."
    largest = max(points, key=lambda p: p.value)
    smallest = min(points, key=lambda p: p.value)
    return (f"Bar chart: {spec.title}. {len(points)} categories; the largest is {largest.label} with "
            f"{_figure(spec, largest)}, the smallest {smallest.label} with {_figure(spec, smallest)}."
            + _inexact(spec))


def disagreement(spec: ChartSpec) -> str:
    said = "; ".join(f"{p.label}: {_figure(spec, p)}" for p in spec.points)
    return (f"Bar chart: {spec.title}. Each of the {len(spec.points)} bars is what one source says about the same "
            f"fact; the sources disagree, and this is not change over time: {said}." + _inexact(spec))


def alt_text(spec: ChartSpec) -> str:
    if spec.kind == "disagreement":
        return disagreement(spec)
    return history(spec) if spec.kind == "history" else breakdown(spec)
