"""PNG copies of charts, for pasting into a press release or a WeChat article and for link previews.

The site shows SVG; some places take only bitmaps (social previews, most editors).  A PNG is
drawn by the same :class:`jiekun.charts.charts.Renderer` as the SVG, at ``scale`` times the SVG's
CSS size (2×: 1280 px wide), and is byte-identical from build to build: no ``Software`` or
date chunk.  PNGs are cached next to the SVGs, under ``{digest}@{scale}x.png``.

The chart modules place labels with offsets in points on a 72-dpi figure (see
:mod:`jiekun.charts.chartdraw`); at another resolution those offsets are scaled here, for the
PNG only, so the picture matches the SVG.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from jiekun.charts.chartdraw import Chart, TextPool
from jiekun.charts.charts import PRELOAD, Renderer
from jiekun.charts.chartspec import ChartSpec
from jiekun.charts.chartstyle import style_context
from jiekun.core.files import write_atomic
from jiekun.core.pools import pooled

CSS_DPI = 96  # a CSS pixel: the SVG's 480 pt are 640 px on screen


def _scale_offsets(chart: Chart, factor: float) -> None:
    """Label offsets (points at 72 dpi) multiplied by ``factor`` for a figure drawn at 72·factor dpi."""
    for pool in (v for v in vars(chart).values() if isinstance(v, TextPool)):
        for _, offset in pool.texts:
            matrix = offset.get_matrix()
            offset.clear().translate(matrix[0, 2] * factor, matrix[1, 2] * factor)


def png_bytes(renderer: Renderer, spec: ChartSpec, scale: int = 2) -> bytes:
    """The chart as PNG at ``scale``× its CSS size (call inside :func:`style_context`)."""
    renderer.svg(spec)  # lays the chart out (and returns the SVG, unused here)
    chart = renderer.charts[spec.kind]
    dpi = CSS_DPI * scale
    _scale_offsets(chart, dpi / 72)
    out = io.BytesIO()
    chart.figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    chart.figure.dpi = 72  # the next draw lays out at 72 dpi again (and resets the offsets)
    return out.getvalue()


PNG_BATCH = 64  # charts per task handed to a worker process
POOL_MIN = 32  # fewer PNGs to draw than this: draw them in this process


def _render(batch: tuple[Path, int, list[ChartSpec]]) -> None:
    """Draw each spec of ``batch`` into the cache (one renderer per call; a worker's fonts stay loaded)."""
    cache_dir, scale, specs = batch
    renderer = Renderer()
    with style_context():
        for spec in specs:
            final = cache_dir / f"{spec.digest()}@{scale}x.png"
            write_atomic(final, png_bytes(renderer, spec, scale))


def cached_pngs(specs: Sequence[ChartSpec], cache_dir: Path, scale: int = 2, workers: int = 2) -> dict[str, Path]:
    """``{slug: cached PNG}`` for every spec, drawing only those not cached (in ``workers`` processes
    when there are many)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = {spec.slug: cache_dir / f"{spec.digest()}@{scale}x.png" for spec in specs}
    todo = list({paths[s.slug]: s for s in specs if not paths[s.slug].is_file()}.values())
    batches = [(cache_dir, scale, todo[i:i + PNG_BATCH]) for i in range(0, len(todo), PNG_BATCH)]
    if workers <= 1 or len(todo) < POOL_MIN:
        for batch in batches:
            _render(batch)
    else:
        for _ in pooled(_render, batches, workers, preload=PRELOAD):
            pass
    return paths
