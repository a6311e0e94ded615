"""Drawing: one reusable Figure per chart kind, its artists updated for each chart.

Creating a Figure, an Axes and their tick machinery costs far more than drawing a small
chart, so a :class:`Charts` keeps one figure per kind and, for each spec, moves and relabels
the artists it already has.  Nothing uses matplotlib's axis ticks (the slowest part of a
small chart): gridlines, tick labels and category labels are plain artists placed at fixed
offsets, with sizes estimated from character counts, so no layout engine runs.

Every chart must come out the same whatever was drawn before it in the process (charts are
cached by digest and rendered in any worker).  So each chart sets every property it uses,
and each pool of labels has its own z-order: the SVG's element order then never depends on
which pool grew first.  Call everything inside :func:`jiekun.charts.chartstyle.style_context`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Transform, blended_transform_factory

from jiekun.charts.chartspec import ChartSpec
from jiekun.charts.chartstyle import (
    QUALIFIER_NOTES,
    QUALIFIER_NOTES_EN,
    Look,
    nice_ticks,
    spread,
    text_width,
    tick_label,
    unit_line,
    value_label,
    wrap,
)
from jiekun.charts.chartsvg import figure_svg

SIDE = 12.0  # points between the figure edge and the title, unit line and labels
ROOM_BELOW = 24.0  # points a value label needs between its point and the period labels
MAX_LABELLED = 12  # a longer series labels only its first, last, lowest and highest points


HAlign = Literal["left", "center", "right"]
VAlign = Literal["bottom", "center", "top"]


class Label(NamedTuple):
    """A text at data or axes position (x, y), aligned by ``ha``/``va``, offset by (dx, dy) points."""

    x: float
    y: float
    text: str
    ha: HAlign
    va: VAlign
    dx: float = 0.0
    dy: float = 0.0


class TextPool:
    """Text artists made on demand and kept: those needed are shown, the rest hidden.

    Every shown text gets all its varying properties set, so what it shows never depends on
    what it showed for an earlier chart.
    """

    def __init__(self, axes: Axes, base: Transform, zorder: float, props: dict[str, Any]) -> None:
        self.axes, self.base, self.zorder, self.props = axes, base, zorder, props
        self.texts: list[tuple[Text, Affine2D]] = []

    def make(self) -> tuple[Text, Affine2D]:
        offset = Affine2D()  # points: figures are drawn at 72 dpi
        text = self.axes.text(0, 0, "", transform=self.base + offset, zorder=self.zorder, **self.props)
        return text, offset

    def show(self, labels: Sequence[Label]) -> None:
        while len(self.texts) < len(labels):
            self.texts.append(self.make())
        for (text, offset), label in zip(self.texts, labels, strict=False):
            offset.clear().translate(label.dx, label.dy)
            text.set_position((label.x, label.y))
            text.set_text(label.text)
            text.set_horizontalalignment(label.ha)
            text.set_verticalalignment(label.va)
            text.set_visible(True)
        for text, _ in self.texts[len(labels):]:
            text.set_visible(False)


class Chart:
    """A figure with the parts every chart has: title, unit line, qualifier note."""

    kind = ""

    def __init__(self, look: Look) -> None:
        self.look = look
        self.figure = Figure(figsize=(look.width / 72, look.height / 72), dpi=72)
        self.axes: Axes = self.figure.add_axes((0.1, 0.1, 0.8, 0.8))
        self.axes.set_axis_off()
        self.title = self.figure.text(0, 0, "", size=look.title_size, weight=look.title_weight, color=look.ink,
                                      va="top", linespacing=1.25, transform=self.figure.dpi_scale_trans)
        self.unit = self.figure.text(0, 0, "", size=look.note_size, color=look.muted, va="top",
                                     transform=self.figure.dpi_scale_trans)
        self.note = self.figure.text(0, 0, "", size=look.note_size, color=look.muted, va="top", ha="right",
                                     transform=self.figure.dpi_scale_trans)

    def header(self, spec: ChartSpec, body: float | None = None) -> tuple[float, float]:
        """Place title, unit line and note; size the figure; return its height and the header's.

        The figure is the style's height, or the header plus ``body`` points when given.
        """
        look = self.look
        lines = wrap(spec.title, look.title_size, look.width - 2 * SIDE)
        depth = 10 + len(lines) * look.title_size * 1.3 + 4
        height = look.height if body is None else depth + look.note_size * 1.3 + body
        self.figure.set_size_inches(look.width / 72, height / 72)
        self.title.set_text("\n".join(lines))
        self.title.set_position((SIDE / 72, (height - 10) / 72))
        self.unit.set_text(unit_line(spec.unit, spec.percent, spec.lang))
        self.unit.set_position((SIDE / 72, (height - depth) / 72))
        exact = all(p.exact for p in spec.points)
        self.note.set_text("" if exact else (QUALIFIER_NOTES_EN if spec.lang == "en" else QUALIFIER_NOTES)[self.kind])
        self.note.set_position(((look.width - SIDE) / 72, (height - depth) / 72))
        return height, depth + look.note_size * 1.3

    def place(self, left: float, bottom: float, right: float, top: float) -> None:
        """Put the plot area at these distances in points from the figure's edges."""
        width, height = (72 * x for x in self.figure.get_size_inches())
        self.axes.set_position((left / width, bottom / height, (width - left - right) / width,
                                (height - bottom - top) / height))

    def line2d(self, **props: object) -> Line2D:
        line = Line2D([], [], **props)  # type: ignore[arg-type]
        self.axes.add_line(line)
        return line

    def pool(self, base: Transform, zorder: float, **props: Any) -> TextPool:
        return TextPool(self.axes, base, zorder, props)

    def svg(self) -> str:
        return figure_svg(self.figure)

    def draw(self, spec: ChartSpec) -> str:
        raise NotImplementedError


class HistoryChart(Chart):
    """A line over periods: value labels beside the points, hollow markers for inexact figures."""

    kind = "history"

    def __init__(self, look: Look) -> None:
        super().__init__(look)
        ax = self.axes
        self.grid = self.line2d(color=look.grid, linewidth=look.grid_width, zorder=1)
        self.zero = self.line2d(color=look.baseline, linewidth=look.baseline_width, zorder=1.5)
        self.line = self.line2d(color=look.accent, zorder=2)
        self.filled = self.line2d(linestyle="", marker="o", color=look.accent, zorder=2.5)
        self.hollow = self.line2d(linestyle="", marker="o", color=look.accent, markerfacecolor=look.paper,
                                  zorder=2.6)
        self.values = self.pool(ax.transData, 5, size=look.label_size, color=look.ink)
        self.periods = self.pool(blended_transform_factory(ax.transData, ax.transAxes), 6, size=look.tick_size,
                                 color=look.muted)
        self.ticks = self.pool(blended_transform_factory(ax.transAxes, ax.transData), 7, size=look.tick_size,
                               color=look.muted)

    def draw(self, spec: ChartSpec) -> str:
        look = self.look
        _, top = self.header(spec)
        values = [p.value for p in spec.points]
        ticks = y_ticks(values)
        labels = [tick_label(t, spec.percent, spec.lang) for t in ticks]
        left = max(look.left * look.width, SIDE + max(text_width(s, look.tick_size) for s in labels) + 8)
        right = (1 - look.right) * look.width
        bottom = look.bottom * look.height
        self.place(left, bottom, right, top + 18)
        scale = (look.height - bottom - top - 18) / (ticks[-1] - ticks[0])
        count = len(values)
        self.axes.set_xlim(-0.5, count - 0.5)
        self.axes.set_ylim(ticks[0], ticks[-1])
        self.draw_grid(ticks, labels, count)
        self.draw_series(spec, [(v - ticks[0]) * scale for v in values])
        self.draw_periods(spec, (look.width - left - right) / count)
        return self.svg()

    def draw_grid(self, ticks: list[float], labels: list[str], count: int) -> None:
        xs: list[float] = []
        ys: list[float] = []
        for tick in ticks:
            if tick != 0:
                xs += [-0.5, count - 0.5, float("nan")]
                ys += [tick, tick, float("nan")]
        self.grid.set_data(xs, ys)
        self.zero.set_data(*(([-0.5, count - 0.5], [0, 0]) if ticks[0] <= 0 <= ticks[-1] else ([], [])))
        self.ticks.show([Label(0, tick, text, "right", "center", -7) for tick, text in zip(ticks, labels, strict=True)])

    def draw_series(self, spec: ChartSpec, heights: Sequence[float]) -> None:
        """The line, its markers and value labels; ``heights``: points above the plot's floor."""
        points = spec.points
        xs = range(len(points))
        self.line.set_data(list(xs), [p.value for p in points])
        self.filled.set_data([x for x in xs if points[x].exact], [p.value for p in points if p.exact])
        self.hollow.set_data([x for x in xs if not points[x].exact], [p.value for p in points if not p.exact])
        values = [p.value for p in points]
        self.values.show([Label(x, values[x], value_label(points[x], spec.percent, spec.lang),
                                *beside(values, x, heights[x] < ROOM_BELOW))
                          for x in sorted(labelled(values))])

    def draw_periods(self, spec: ChartSpec, slot: float) -> None:
        count = len(spec.points)
        widest = max(text_width(p.label, self.look.tick_size) for p in spec.points)
        step = spread(count, widest, slot)
        self.periods.show([Label(x, 0, p.label, "center", "top", 0, -7)
                           for x, p in enumerate(spec.points) if (count - 1 - x) % step == 0])


def labelled(values: Sequence[float]) -> set[int]:
    """Indices of the points that get a value label."""
    count = len(values)
    if count <= MAX_LABELLED:
        return set(range(count))
    return {0, count - 1, values.index(min(values)), values.index(max(values))}


def beside(values: Sequence[float], x: int, low: bool) -> tuple[HAlign, VAlign, float, float]:
    """Where point ``x``'s value label goes (ha, va, dx, dy): on a side the line leaves free.

    Above a peak, below a trough; where the line falls through a point, above right; where
    it rises through, above left; at an end, above or below, away from its one segment.  A
    ``low`` point, too near the period labels, never has its label below.
    """
    before = values[x] - values[x - 1] if x > 0 else 0.0
    after = values[x + 1] - values[x] if x + 1 < len(values) else 0.0
    last = x == len(values) - 1
    if (before < 0 and after < 0) or (low and last and before < 0):
        return "left", "bottom", 4, 5
    if before > 0 and after > 0:
        return "right", "bottom", -4, 5
    if not low and ((before < 0 and after >= 0) or (before == 0 and after > 0)):
        return "center", "top", 0, -8
    return "center", "bottom", 0, 8


def y_ticks(values: Sequence[float]) -> list[float]:
    """Ticks for a line's value axis: from zero unless the values sit far from it."""
    low, high = min(values), max(values)
    far = (low > 0 and low > high / 2) or (high < 0 and high < low / 2)
    if low == high or not far:
        low, high = min(0.0, low), max(0.0, high)
    whole = all(float(v).is_integer() for v in values)  # households come whole: no 0.25 tick
    return nice_ticks(low, high if high > low else low + 1, integer=whole)
