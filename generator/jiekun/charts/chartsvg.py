"""Writing a figure as SVG, with text sizes remembered from one figure to the next.

matplotlib measures every text anew for each SVG it writes (its cache lives and dies with
one renderer), and measuring Chinese is slow: Noto Sans CJK loads each CJK glyph outline,
about 0.3 ms a character.  Small charts repeat most of their strings (category names, unit
lines, periods, ticks), so :class:`RendererSVG` keeps the sizes per process.  It measures
exactly as matplotlib does (at size 100, then scaled), so the SVG is byte-identical to
``Figure.savefig(format="svg")``; ``tests/test_charts.py`` checks that.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib as mpl
from matplotlib.backends import backend_svg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

MEASURE_SIZE = 100.0  # matplotlib's TextToPath.FONT_SCALE: sizes are measured at 100 and scaled
MAX_REMEMBERED = 200_000  # strings per process; about 40 MB at most

Size = tuple[float, float, float]  # width, height, descent
_sizes: dict[tuple[object, ...], Size] = {}


class RendererSVG(backend_svg.RendererSVG):
    """matplotlib's SVG renderer, with text sizes taken from a per-process memory."""

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> Size:
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-any-return,no-untyped-call]
        key = (s, tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
               prop.get_stretch(), prop.get_file(), tuple(mpl.rcParams["font.sans-serif"]))
        size = _sizes.get(key)
        if size is None:
            if len(_sizes) >= MAX_REMEMBERED:
                _sizes.clear()
            unit = prop.copy()
            unit.set_size(MEASURE_SIZE)
            size = _sizes[key] = self._text2path.get_text_width_height_descent(s, unit, False)
        scale = prop.get_size_in_points() / MEASURE_SIZE
        return size[0] * scale, size[1] * scale, size[2] * scale


def figure_svg(figure: Figure) -> str:
    """The figure as SVG text, as ``savefig(format="svg", metadata={"Date": None})`` writes it."""
    out = io.StringIO()
    width, height = figure.get_size_inches()
    figure.dpi = 72  # SVG is drawn at 72 dpi; charts are made at 72 so this changes nothing
    # backend_svg and backend_mixed have no type hints
    svg = RendererSVG(width * 72, height * 72, out, image_dpi=72, metadata={"Date": None})  # type: ignore[no-untyped-call]
    renderer = MixedModeRenderer(figure, width, height, 72, svg)  # type: ignore[no-untyped-call]
    figure.draw(renderer)  # type: ignore[arg-type]
    renderer.finalize()
    return out.getvalue()
