"""The English edition's generated pages, one at a time (the twin of :func:`jiekun.site.generate.site_pages`).

Every page has the path of its Chinese twin; :mod:`jiekun.site.generate` writes them under
:data:`jiekun.site.english.EDITION` (``en/``), and the stage makes that folder the English
edition's source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jiekun.charts.charts import ChartSpec
from jiekun.data.catalog import Catalog
from jiekun.data.checked import Checked
from jiekun.model.model import Site
from jiekun.model.views import case_path
from jiekun.site import en_cases, en_data, en_pages
from jiekun.site.datafiles import Offered
from jiekun.site.english import EDITION
from jiekun.site.render import environment

CHANGELOG = Path("datasets/CHANGELOG.md")


def english_pages(root: Path, site: Site, tables: dict[str, Checked], catalog: Catalog,
                  offered: Offered) -> Iterator[tuple[str, str]]:
    """Every English page but the regions' (:mod:`jiekun.site.regionpages`) as (path under the
    generated folder, Markdown), one at a time."""
    env = environment()
    for code in sorted(site.metrics):
        for rel, text in en_pages.metric_pages(env, site, code).items():
            yield f"{EDITION}/{rel}", text
    for case in site.cases:
        yield f"{EDITION}/{case_path(case['id'])}", en_cases.case_page(env, site, case)
    changelog = (root / CHANGELOG).read_text(encoding="utf-8") if (root / CHANGELOG).is_file() else ""
    yield f"{EDITION}/regions/index.md", en_pages.regions_index(env, site)
    yield f"{EDITION}/metrics/index.md", en_pages.metrics_index(env, site)
    yield f"{EDITION}/cases/index.md", en_cases.cases_index(env, site)
    yield f"{EDITION}/sources.md", en_cases.sources_page(env, site)
    yield f"{EDITION}/data/index.md", en_data.data_page(env, site, tables, changelog, offered)
    yield f"{EDITION}/data-dictionary.md", en_data.data_dictionary(env, catalog, tables)


def english_files(site: Site, out: Path, cache: Path, charts: dict[str, list[ChartSpec]]) -> dict[str, bytes]:
    """The English key-figures page (its PNGs written into ``out/en/images/charts``) and the case index's data."""
    press = en_cases.press_files(site, out / EDITION, cache, charts, environment())
    return {f"{EDITION}/key-figures.md": press, f"{EDITION}/cases/index.json": en_cases.cases_json(site)}
