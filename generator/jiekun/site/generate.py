"""Stage 4 driver: validate, then write every generated page, chart and download into a folder.

The folder is the whole generated part of the site (Markdown pages, ``charts/``, ``data/``);
hand-written pages stay in ``docs/``; :mod:`jiekun.pipeline.stage` puts both into the source
folder the engine builds.  The regions' pages are written by forked workers
(:mod:`jiekun.site.regionpages`) while this process writes the others.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from jiekun.charts.charts import ChartSpec, RenderStats, render_all
from jiekun.core.files import write_if_changed
from jiekun.core.issues import DataError
from jiekun.core.progress import QUIET, Progress, bounded
from jiekun.data.catalog import Catalog, discover
from jiekun.data.checked import Checked
from jiekun.data.versions import Versions, released
from jiekun.model.model import Site, build_site
from jiekun.model.views import case_path
from jiekun.site import stamp
from jiekun.site.casepages import case_page, cases_index, cases_json
from jiekun.site.datafiles import Offered, data_files
from jiekun.site.datapages import data_page, sources_page
from jiekun.site.en_generate import english_files, english_pages
from jiekun.site.english import EDITION
from jiekun.site.pages import metric_pages, metrics_index, regions_index
from jiekun.site.press import press_files
from jiekun.site.refcheck import check
from jiekun.site.regionpages import Regions, write_regions
from jiekun.site.render import data_dictionary, environment

CHANGELOG = Path("datasets/CHANGELOG.md")
CHARTS_DIR = "charts"  # the chart files (SVG, CSV) of an edition; their pages are in chart/


@dataclasses.dataclass
class Generated:
    site: Site
    pages: int
    files: int
    charts: RenderStats
    seconds: dict[str, float]
    fresh: bool = False  # nothing was written: the inputs were those of the last run


def site_pages(root: Path, site: Site, tables: dict[str, Checked], catalog: Catalog,
               offered: Offered) -> Iterator[tuple[str, str]]:
    """Every generated page but the regions' (:mod:`jiekun.site.regionpages`) as (path, Markdown),
    one at a time."""
    env = environment()
    for code in sorted(site.metrics):
        yield from metric_pages(env, site, code).items()
    for case in site.cases:
        yield case_path(case["id"]), case_page(env, site, case)
    changelog = (root / CHANGELOG).read_text(encoding="utf-8") if (root / CHANGELOG).is_file() else ""
    yield "regions/index.md", regions_index(env, site)
    yield "metrics/index.md", metrics_index(env, site)
    yield "cases/index.md", cases_index(env, site)
    yield "sources.md", sources_page(env, site)
    yield "data/index.md", data_page(env, site, tables, changelog, offered)
    yield "data-dictionary.md", data_dictionary(catalog, tables)


def _charts(specs: list[ChartSpec], out: Path, cache: Path, workers: int, progress: Progress = QUIET,
            edition: str = "") -> RenderStats:
    """Render or copy only the charts whose digest differs from the last run's (kept in a
    manifest next to ``out``), and delete the charts no page shows any more; ``edition``: the
    folder of another language's edition (its charts are in ``out/<edition>/charts``)."""
    start = time.perf_counter()
    folder = out / edition / CHARTS_DIR if edition else out / CHARTS_DIR
    manifest = out.with_name(out.name + (f".charts-{edition}.json" if edition else ".charts.json"))
    old = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    new = {spec.slug: spec.digest() for spec in specs}
    todo = [s for s in specs if old.get(s.slug) != new[s.slug] or not (folder / f"{s.slug}.svg").is_file()
            or not (folder / f"{s.slug}.csv").is_file()]
    manifest.unlink(missing_ok=True)  # a run that stops half-way must not leave a manifest that lies
    with progress.bar("charts", len(todo)) as tick:
        stats = render_all(todo, folder, cache, workers=workers, tick=tick)
    wanted = {f"{slug}{ext}" for slug in new for ext in (".svg", ".csv")}
    for path in folder.glob("*") if folder.is_dir() else []:
        if path.name not in wanted:
            path.unlink()
    manifest.write_text(json.dumps(new, sort_keys=True), encoding="utf-8")
    return RenderStats(rendered=stats.rendered, cached=len(specs) - stats.rendered,
                       seconds=time.perf_counter() - start)


def site_model(tables: dict[str, Checked], catalog: Catalog) -> Site:
    """The site model of validated tables."""
    packages = [{"name": p.name, "descriptor": p.descriptor, "path": p.descriptor_path} for p in catalog.packages]
    return build_site(tables, packages)


def load(root: Path, catalog: Catalog | None = None) -> tuple[Site, dict[str, Checked]]:
    """Validate ``root`` and build its site model; DataError when the data has errors."""
    catalog = catalog or discover(root)
    report, tables = check(root, catalog)
    if not report.ok():
        raise DataError(report)
    return site_model(tables, catalog), tables


def _write_pages(root: Path, cache: Path, site: Site, tables: dict[str, Checked], catalog: Catalog, regions: Regions,
                 offer: tuple[Versions, str], workers: int, progress: Progress = QUIET) -> tuple[set[Path], int]:
    """Write every page and download into ``regions.out`` as it is made (the regions' pages in
    forked workers meanwhile, where it can fork); return the paths and the page count."""
    out, english, written = regions.out, bool(regions.english), set[Path]()
    downloads, offered = data_files(environment(), root, tables, *offer)
    estimate = (2 if english else 1) * (len(site.regions) + len(site.metrics) + len(site.cases) + 6)
    with progress.bar("pages", estimate) as tick:
        step = bounded(tick, estimate)

        def others() -> None:
            pages_en = english_pages(root, site, tables, catalog, offered) if english else ()
            for rel, text in chain(site_pages(root, site, tables, catalog, offered), pages_en):
                written.add(out / rel)
                write_if_changed(out / rel, text.encode("utf-8"))
                step(1)

        per_region = 2 if english else 1
        written.update(out / rel for rel in write_regions(regions, workers, others, lambda n: step(n * per_region)))
    pages = len(written)
    press = press_files(site, out, cache, regions.charts)  # the key-figures page and its PNGs
    en = english_files(site, out, cache, regions.english) if english else {}  # the same, under en/
    for rel, data in [*press.items(), *en.items(), *downloads.items(), ("cases/index.json", cases_json(site))]:
        written.add(out / rel)
        write_if_changed(out / rel, data)
    for path in [p for p in out.rglob("*") if p.is_file() and p.parent.name != CHARTS_DIR]:
        if path not in written:
            path.unlink()  # a page whose row was removed must not linger
    return written, pages


def _current_version(catalog: Catalog) -> str | None:
    found = [str(p.descriptor["version"]) for p in catalog.packages if p.descriptor.get("version")]
    return found[0] if found else None


def outputs_made_from(root: Path, catalog: Catalog, site_url: str = "", english: bool = True) -> tuple[str, Versions]:
    """The digest of everything the generated folder is made from (:mod:`jiekun.site.stamp`), and
    the released versions it offers; the site model is not needed for it."""
    versions = released(root, _current_version(catalog))
    return stamp.inputs_digest(root, extra=f"{versions.key()}\n{site_url}\nenglish={english}"), versions


def outputs_current(out: Path, inputs: str) -> bool:
    """Whether ``out`` holds, complete, what a run from ``inputs`` would write."""
    return stamp.read(out, inputs) is not None


def generate(root: Path, out: Path, cache: Path, workers: int = 2, site_url: str = "") -> Generated:
    """Validate ``root`` and write its generated pages, charts and downloads into ``out``."""
    start = time.perf_counter()
    catalog = discover(root)
    site, tables = load(root, catalog)
    generated = write_outputs(root, out, cache, site, tables, catalog, workers, site_url)
    generated.seconds = {"validate": time.perf_counter() - start - sum(generated.seconds.values()),
                         **generated.seconds}
    return generated


def write_outputs(root: Path, out: Path, cache: Path, site: Site, tables: dict[str, Checked], catalog: Catalog,
                  workers: int = 2, site_url: str = "", progress: Progress = QUIET, english: bool = True,
                  made_from: tuple[str, Versions] | None = None) -> Generated:
    """Write the generated pages, charts and downloads of a validated project into ``out``;
    ``site_url`` is the site's address (citation, descriptors' homepage), with a final slash;
    ``made_from``: :func:`outputs_made_from` of them, when the caller has it already.

    When the data, schemas and generator are those of the last run and its output is all
    there (see :mod:`jiekun.site.stamp`), nothing is written: the pages would be the same bytes."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    inputs, versions = made_from or outputs_made_from(root, catalog, site_url, english)
    previous = stamp.read(out, inputs)
    if previous is not None:
        times["pages"] = time.perf_counter() - start
        return Generated(site, previous["pages"], previous["files"], RenderStats(0, previous["charts"], 0.0),
                         times, fresh=True)
    stamp.clear(out)
    regions = Regions.of(site, out, site_url, english)
    written, pages = _write_pages(root, cache, site, tables, catalog, regions, (versions, site_url), workers,
                                  progress)
    charts = [spec for specs in regions.charts.values() for spec in specs]
    en_charts = [spec for specs in regions.english.values() for spec in specs]
    times["pages"] = time.perf_counter() - start
    stats = _charts(charts, out, cache, workers, progress)
    en_stats = _charts(en_charts, out, cache, workers, progress, edition=EDITION)
    stats = RenderStats(stats.rendered + en_stats.rendered, stats.cached + en_stats.cached,
                        stats.seconds + en_stats.seconds)
    times["charts"] = stats.seconds
    stamp.write(out, inputs, pages=pages, files=len(written), charts=len(charts) + len(en_charts))
    return Generated(site, pages, len(written), stats, times)
