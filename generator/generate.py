"""Stage 4 driver: validate, then write every generated page, chart and download into a folder.

The folder is the whole generated part of the site (Markdown pages, ``charts/``, ``data/``);
hand-written pages stay in ``docs/``.  Any site builder that can add a folder of Markdown
files to its input can publish it; ``hooks/generated_pages.py`` does so for mkdocs.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

from .casepages import case_page, cases_index, cases_json
from .catalog import Catalog, discover
from .charts import ChartSpec, RenderStats, render_all
from .datapages import data_page, downloads, sources_page
from .issues import DataError
from .model import Site, build_site
from .pages import Pages, metric_pages, metrics_index, region_charts, region_page, regions_index
from .press import press_files
from .render import data_dictionary, environment
from .validate import Checked, check
from .views import case_path, region_path

CHANGELOG = Path("datasets/CHANGELOG.md")


@dataclasses.dataclass
class Generated:
    site: Site
    pages: int
    files: int
    charts: RenderStats
    seconds: dict[str, float]


def site_pages(root: Path, site: Site, tables: dict[str, Checked], catalog: Catalog) -> Pages:
    env = environment()
    out = Pages()
    for code in sorted(site.regions):
        specs = region_charts(site, code)
        out.charts.extend(specs)
        out.markdown[region_path(code)] = region_page(env, site, code, specs)
    for code in sorted(site.metrics):
        out.markdown |= metric_pages(env, site, code)
    for case in site.cases:
        out.markdown[case_path(case["id"])] = case_page(env, site, case)
    changelog = (root / CHANGELOG).read_text(encoding="utf-8") if (root / CHANGELOG).is_file() else ""
    out.markdown |= {
        "regions/index.md": regions_index(env, site),
        "metrics/index.md": metrics_index(env, site),
        "cases/index.md": cases_index(env, site),
        "sources.md": sources_page(env, site),
        "data/index.md": data_page(env, site, tables, changelog),
        "data-dictionary.md": data_dictionary(catalog, tables),
    }
    return out


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file already holds exactly it (keeps mtimes for live reload)."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _charts(specs: list[ChartSpec], out: Path, cache: Path, workers: int) -> RenderStats:
    """Render or copy only the charts whose digest differs from the last run's (kept in a
    manifest next to ``out``), and delete the charts no page shows any more."""
    start = time.perf_counter()
    folder, manifest = out / "charts", out.with_name(out.name + ".charts.json")
    old = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    new = {spec.slug: spec.digest() for spec in specs}
    todo = [s for s in specs if old.get(s.slug) != new[s.slug] or not (folder / f"{s.slug}.svg").is_file()
            or not (folder / f"{s.slug}.csv").is_file()]
    manifest.unlink(missing_ok=True)  # a run that stops half-way must not leave a manifest that lies
    stats = render_all(todo, folder, cache, workers=workers)
    wanted = {f"{slug}{ext}" for slug in new for ext in (".svg", ".csv")}
    for path in folder.glob("*") if folder.is_dir() else []:
        if path.name not in wanted:
            path.unlink()
    manifest.write_text(json.dumps(new, sort_keys=True), encoding="utf-8")
    return RenderStats(rendered=stats.rendered, cached=len(specs) - stats.rendered,
                       seconds=time.perf_counter() - start)


def load(root: Path, catalog: Catalog | None = None) -> tuple[Site, dict[str, Checked]]:
    """Validate ``root`` and build its site model; DataError when the data has errors."""
    report, tables = check(root)
    if not report.ok():
        raise DataError(report)
    packages = [{"name": p.name, "descriptor": p.descriptor, "path": p.descriptor_path}
                for p in (catalog or discover(root)).packages]
    return build_site(tables, packages), tables


def generate(root: Path, out: Path, cache: Path, workers: int = 2) -> Generated:
    """Validate ``root`` and write its generated pages, charts and downloads into ``out``."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    catalog = discover(root)
    site, tables = load(root, catalog)
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    pages = site_pages(root, site, tables, catalog)
    files = {path: text.encode("utf-8") for path, text in pages.markdown.items()} | downloads(site, tables)
    files["cases/index.json"] = cases_json(site)
    files |= press_files(site, out, cache)  # key-figures page; writes the PNG charts into out/images/charts
    expected = {out / p for p in files}
    for path in [p for p in out.rglob("*") if p.is_file() and p.parent.name != "charts"] if out.is_dir() else []:
        if path not in expected:
            path.unlink()  # a page whose row was removed must not linger
    for rel, data in files.items():
        _write(out / rel, data)
    times["pages"] = time.perf_counter() - start
    stats = _charts(pages.charts, out, cache, workers)
    times["charts"] = stats.seconds
    return Generated(site, len(pages.markdown), len(files), stats, times)
