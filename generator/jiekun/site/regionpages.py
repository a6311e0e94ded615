"""The region pages of both editions, each with its charts' own pages and embed views, written
by forked workers while this process writes the other pages.

They are most of a large site's pages (at national scale about 3,200 region pages and 26,000
chart pages and embed views in each language), and each depends only on the site model, so a
pool of forked workers shares the model with this process (copy-on-write) and writes them
in parallel.  Where the chart stage's pool would not fork (:func:`jiekun.core.pools.start_context`:
a process that runs threads, such as the live preview), they are written here, one after another.
The files are the same either way: each page is made from the model alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec
from jiekun.core.files import write_if_changed
from jiekun.core.pools import pooled, start_context
from jiekun.core.vocab import PNG_ALL_CHARTS
from jiekun.model.model import Site
from jiekun.model.views import region_path
from jiekun.site import en_pages
from jiekun.site.chartpages import chart_pages
from jiekun.site.chartviews import chart_view
from jiekun.site.english import EDITION
from jiekun.site.pages import region_charts, region_page
from jiekun.site.render import environment

CHUNK = 40  # regions per task sent to a worker
#: a worker writes this many chunks, then a fresh one takes over: each region a worker reads
#: copies the memory it touches from this process (reference counts), so a worker kept for the
#: whole run ends up with a copy of half the model.  Measured at national scale (two workers,
#: both editions): largest worker 434 MiB PSS and 1,350 MiB for the tree when kept, 280 and
#: 950-990 MiB renewed every 8 chunks, in about the same time (42-58 s either way).
TASKS_PER_WORKER = 8
POOL_MIN = 2 * CHUNK  # fewer regions than this are written here: a pool would cost more than it saves

Charts = dict[str, list[ChartSpec]]


@dataclasses.dataclass(frozen=True)
class Regions:
    """What every region's pages are made of: the model, each edition's charts by region
    (``english`` empty when the site has no English edition), the site's address."""

    site: Site
    out: Path
    charts: Charts
    english: Charts
    site_url: str = ""
    png: bool = True  # every chart of the site gets a PNG (else only the key-figures page's do)

    @classmethod
    def of(cls, site: Site, out: Path, site_url: str, english: bool) -> Regions:
        """Every region's chart specs, in both editions where there are two."""
        codes = sorted(site.regions)
        charts = {c: region_charts(site, c) for c in codes}
        return cls(site, out, charts, {c: en_pages.region_charts(site, c) for c in codes} if english else {},
                   site_url, sum(len(specs) for specs in charts.values()) <= PNG_ALL_CHARTS)


def region_outputs(env: Environment, regions: Regions, code: str) -> Iterator[tuple[str, str]]:
    """The region's page and its charts' pages and embed views, in Chinese then in English:
    (path under the generated folder, Markdown; a chart page or embed view as HTML)."""
    site, url, png = regions.site, regions.site_url, regions.png
    specs = regions.charts[code]
    yield region_path(code), region_page(env, site, code, specs)
    for spec in specs:
        yield from chart_pages(env, site, code, spec, chart_view(site, spec, ""), url, png=png).items()
    if not regions.english:
        return
    specs, url = regions.english[code], f"{url}{EDITION}/" if url else ""
    yield f"{EDITION}/{region_path(code)}", en_pages.region_page(env, site, code, specs)
    for spec in specs:
        for rel, text in chart_pages(env, site, code, spec, chart_view(site, spec, ""), url, png).items():
            yield f"{EDITION}/{rel}", text


def _write(regions: Regions, codes: list[str], env: Environment) -> list[str]:
    written = []
    for code in codes:
        for rel, text in region_outputs(env, regions, code):
            write_if_changed(regions.out / rel, text.encode("utf-8"))
            written.append(rel)
    return written


#: the work of the pool being run and its template environment, inherited by the forked workers
_forked: list[tuple[Regions, Environment]] = []


def _task(codes: list[str]) -> tuple[int, list[str]]:
    """Pool task: write the pages of ``codes``; how many regions, and the paths written."""
    regions, env = _forked[0]
    return len(codes), _write(regions, codes, env)


def write_regions(regions: Regions, workers: int, meanwhile: Callable[[], None],
                  tick: Callable[[int], None]) -> list[str]:
    """Write every region's outputs under ``regions.out`` and return their paths (relative);
    ``meanwhile`` runs here while the workers write, ``tick`` counts the regions done."""
    codes = sorted(regions.site.regions)
    if workers <= 1 or len(codes) < POOL_MIN or start_context().get_start_method() != "fork":
        meanwhile()
        env, written = environment(), []
        for code in codes:
            written += _write(regions, [code], env)
            tick(1)
        return written
    chunks = [codes[i:i + CHUNK] for i in range(0, len(codes), CHUNK)]
    env = environment()
    for _output in region_outputs(env, regions, codes[0]):
        pass  # its templates compiled here, once, rather than in every worker
    _forked[:] = [(regions, env)]
    written = []
    try:
        for count, paths in pooled(_task, chunks, workers, meanwhile, TASKS_PER_WORKER):
            written += paths
            tick(count)
    finally:
        _forked.clear()
    return written
