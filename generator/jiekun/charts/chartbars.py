"""The breakdown chart: horizontal bars by category, hatched bars for inexact figures.

Horizontal bars keep Chinese category labels upright and whole; the figure grows with the
number of bars so every bar is the same thickness.  See :mod:`jiekun.charts.chartdraw`.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.patches import Rectangle
from matplotlib.transforms import blended_transform_factory

from jiekun.charts.chartdraw import SIDE, Chart, Label
from jiekun.charts.chartspec import ChartSpec, Point
from jiekun.charts.chartstyle import Look, text_width, value_label, wrap

BAR_SLOT = 28.0  # points per bar
BAR_FILL = 0.62  # share of the slot the bar covers
LABEL_SHARE = 0.34  # category labels longer than this share of the width wrap
HATCH = "////"
GAP = 6.0  # points between a bar's end and its value label


class BreakdownChart(Chart):
    kind = "breakdown"

    def __init__(self, look: Look) -> None:
        super().__init__(look)
        ax = self.axes
        self.bars: list[Rectangle] = []
        self.zero = self.line2d(color=look.baseline, linewidth=look.baseline_width, zorder=3)
        self.values = self.pool(ax.transData, 5, size=look.label_size, color=look.ink)
        self.categories = self.pool(blended_transform_factory(ax.transAxes, ax.transData), 6, size=look.tick_size,
                                    color=look.ink, linespacing=1.15)

    def draw(self, spec: ChartSpec) -> str:
        look = self.look
        names = [wrap(p.label, look.tick_size, look.width * LABEL_SHARE) for p in spec.points]
        slot = max(BAR_SLOT, max(len(n) for n in names) * look.tick_size * 1.2 + 8)
        count = len(spec.points)
        _, top = self.header(spec, count * slot + 10)
        widest = max(text_width(line, look.tick_size) for lines in names for line in lines)
        left = SIDE + widest + 10
        right = (1 - look.right) * look.width
        self.place(left, 4, right, top + 6)
        labels = [value_label(p, spec.percent, spec.lang) for p in spec.points]
        low, high = x_range(spec.points, [text_width(s, look.label_size) for s in labels],
                            look.width - left - right)
        self.axes.set_xlim(low, high)
        self.axes.set_ylim(-0.5, count - 0.5)
        self.draw_bars(spec.points)
        rows = range(count)
        self.zero.set_data([0, 0], [-0.5, count - 0.5])
        self.values.show([Label(max(spec.points[i].value, 0), count - 1 - i, labels[i], "left", "center", GAP)
                          for i in rows])
        self.categories.show([Label(0, count - 1 - i, "\n".join(names[i]), "right", "center", -8) for i in rows])
        return self.svg()

    def draw_bars(self, points: Sequence[Point]) -> None:
        while len(self.bars) < len(points):
            bar = Rectangle((0, 0), 0, 0, zorder=2)  # edge width: patch.linewidth
            self.axes.add_patch(bar)
            self.bars.append(bar)
        count = len(points)
        for i, (bar, point) in enumerate(zip(self.bars, points, strict=False)):
            bar.set_bounds(0, count - 1 - i - BAR_FILL / 2, point.value, BAR_FILL)
            bar.set_edgecolor(self.look.accent)
            bar.set_facecolor(self.look.accent if point.exact else self.look.paper)
            bar.set_hatch("" if point.exact else HATCH)
            bar.set_visible(True)
        for bar in self.bars[count:]:
            bar.set_visible(False)


def x_range(points: Sequence[Point], label_widths: Sequence[float], width: float) -> tuple[float, float]:
    """Value-axis limits: zero in view and room right of each bar for its label."""
    low = min(0.0, *(p.value for p in points))
    high = max(0.0, *(p.value for p in points))
    for point, label in zip(points, label_widths, strict=True):
        room = width - GAP - label - 2
        if room > 0:
            high = max(high, low + (max(point.value, 0) - low) * width / room)
    return low, (high if high > low else low + 1)


class DisagreementChart(BreakdownChart):
    """One bar per report of the same fact, labelled with what each report says (period, source):
    reports that disagree are set side by side, never joined as change over time."""

    kind = "disagreement"
