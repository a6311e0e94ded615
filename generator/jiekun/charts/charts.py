"""The chart stage: chart specs → ``{slug}.svg`` and ``{slug}.csv``, cached, in parallel.

Pages build :class:`ChartSpec` values from the data; :func:`render_all` writes, for each,
the SVG and the CSV of exactly the plotted data; :func:`alt_text` (from
:mod:`jiekun.charts.chartalt`) gives the text alternative in the chart's language.  Drawing
is in :mod:`jiekun.charts.chartdraw` (lines) and :mod:`jiekun.charts.chartbars` (bars); the
look is ``generator/jiekun/templates/jiekun.mplstyle``.

Choices, each measured (``bench/chart_bench.py``):

* Text stays text (``svg.fonttype: none``).  Measured on 400 synthetic charts: 8.3 KB and
  about 5-8 ms of CPU a chart, against 41 KB and 17 ms with glyphs drawn as paths.  Text
  can also be selected, searched and read by assistive technology, and tests can read the
  labels.  The SVG names Noto Sans CJK SC first, then the Chinese system fonts of Windows,
  macOS and Linux, so a browser without Noto still shows Chinese; layout is measured with
  Noto, whose CJK advance widths those fonts share (Latin digits may differ by a pixel or
  two).  Use the SVG through ``<img>``: its element ids (``text_1``) repeat across charts.
* One Figure per kind and worker, artists updated in place, no tick machinery and no
  ``tight_layout``: about 5-8 ms a chart instead of 65 ms; text sizes are remembered
  across charts (:mod:`jiekun.charts.chartsvg`).
* Workers come from :func:`jiekun.core.pools.pooled` (forked where that is safe, see there).
  Either way the renderers are built in the worker, never inherited, and the same spec gives
  the same bytes in any worker (tested).
* The SVG of a chart is cached under ``cache_dir/{digest}.svg``; a build renders only the
  charts whose data or style changed.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jiekun.charts.chartalt import alt_text
from jiekun.charts.chartbars import BreakdownChart, DisagreementChart
from jiekun.charts.chartdraw import Chart, HistoryChart
from jiekun.charts.chartlabel import labelled
from jiekun.charts.chartspec import STYLE_VERSION, ChartSpec, Point, plain
from jiekun.charts.chartstyle import Look, register_fonts, style_context
from jiekun.core.files import write_atomic
from jiekun.core.pools import pooled

__all__ = ["STYLE_VERSION", "ChartSpec", "Point", "RenderStats", "alt_text", "chart_csv", "render_all", "update_file"]

BATCH = 50  # charts per task sent to a worker
PRELOAD = (__name__,)  # what a forkserver imports once for the chart workers (matplotlib with it)
POOL_MIN = 40  # fewer charts than this render in this process: a pool would cost more than it saves

Job = tuple[str, ChartSpec]  # (digest, spec)


@dataclass
class RenderStats:
    rendered: int
    cached: int
    seconds: float


# --------------------------------------------------------------------------- data files


def chart_csv(spec: ChartSpec) -> str:
    """The plotted data as CSV (``label,value,unit,qualifier,id,source``: the point's figure
    id and source id as in the data packages; LF line ends, plain decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["label", "value", "unit", "qualifier", "id", "source"])
    writer.writerows([p.label, plain(p.value), spec.unit, p.qualifier, p.id, p.source] for p in spec.points)
    return out.getvalue()


# --------------------------------------------------------------------------- rendering


def render_all(specs: Sequence[ChartSpec], out_dir: Path, cache_dir: Path, workers: int = 2,
               tick: Callable[[int], None] | None = None) -> RenderStats:
    """Write ``{slug}.svg`` and ``{slug}.csv`` to ``out_dir`` for every spec.

    An SVG already in ``cache_dir/{digest}.svg`` is copied from there; the others are
    rendered (in ``workers`` processes when there are enough) and stored in the cache first.
    A file that already holds what it should is left alone.
    Raises ValueError for duplicate slugs, before writing anything.
    """
    start = time.perf_counter()
    _check_unique(specs)
    register_fonts()  # fail early, in this process, if the font is missing
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = [spec.digest() for spec in specs]
    jobs: dict[str, ChartSpec] = {}
    for digest, spec in zip(digests, specs, strict=True):
        if digest not in jobs and not (cache_dir / f"{digest}.svg").is_file():
            jobs[digest] = spec

    def write_known() -> None:
        """The CSVs and the SVGs already cached: written while the workers render."""
        for digest, spec in zip(digests, specs, strict=True):
            update_file(out_dir / f"{spec.slug}.csv", chart_csv(spec).encode())
            if digest not in jobs:
                update_file(out_dir / f"{spec.slug}.svg", _published(spec, cache_dir / f"{digest}.svg"))

    _render_jobs(list(jobs.items()), cache_dir, workers, meanwhile=write_known, tick=tick or (lambda _: None))
    for digest, spec in zip(digests, specs, strict=True):
        if digest in jobs:
            update_file(out_dir / f"{spec.slug}.svg", _published(spec, cache_dir / f"{digest}.svg"))
    return RenderStats(rendered=len(jobs), cached=len(specs) - len(jobs), seconds=time.perf_counter() - start)


def _published(spec: ChartSpec, cached: Path) -> bytes:
    """The cached drawing as published: an image named by its title, described by its alt text."""
    return labelled(cached.read_text(encoding="utf-8"), spec.title, alt_text(spec)).encode()


def update_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it holds exactly that already.

    A rebuild with nothing changed then writes nothing: it is faster (reading is cheaper
    than writing) and file times stay put for rsync and ``mkdocs serve``.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    path.write_bytes(data)


def _check_unique(specs: Sequence[ChartSpec]) -> None:
    counts = Counter(spec.slug for spec in specs)
    duplicates = sorted(slug for slug, count in counts.items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate chart slugs: {', '.join(duplicates)}")


def _render_jobs(jobs: list[Job], cache_dir: Path, workers: int, meanwhile: Callable[[], None],
                 tick: Callable[[int], None]) -> None:
    """Render ``jobs`` into the cache, calling ``meanwhile`` while workers (if any) render, and
    ``tick`` with the number of charts of each batch done."""
    batches = [(cache_dir, jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)]
    if workers <= 1 or len(jobs) < POOL_MIN:
        meanwhile()
        renderer = Renderer()
        for batch in batches:
            _render_batch(batch, renderer)
            tick(len(batch[1]))
        return
    for count in pooled(_worker_batch, batches, workers, meanwhile, preload=PRELOAD):
        tick(count)


class Renderer:
    """One reusable chart of each kind, made on first use (inside the style context)."""

    def __init__(self) -> None:
        self.charts: dict[str, Chart] = {}
        self.makers: dict[str, Callable[[Look], Chart]] = {"history": HistoryChart, "breakdown": BreakdownChart,
                                                          "disagreement": DisagreementChart}

    def svg(self, spec: ChartSpec) -> str:
        if spec.kind not in self.charts:
            self.charts[spec.kind] = self.makers[spec.kind](Look.from_rc())
        return self.charts[spec.kind].draw(spec)


_worker_renderer: list[Renderer] = []


def _worker_batch(batch: tuple[Path, list[Job]]) -> int:
    """Pool task: render a batch with this worker's renderer, made here on the first task."""
    if not _worker_renderer:
        _worker_renderer.append(Renderer())
    return _render_batch(batch, _worker_renderer[0])


def _render_batch(batch: tuple[Path, list[Job]], renderer: Renderer) -> int:
    cache_dir, jobs = batch
    with style_context():
        for digest, spec in jobs:
            write_atomic(cache_dir / f"{digest}.svg", renderer.svg(spec).encode())
    return len(jobs)

