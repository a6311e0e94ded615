"""A page of its own for every chart, and an embed view of it without the site around it.

Each chart of a region page gets ``chart/<slug>.md`` (a permanent address: title, chart, its
data table, CSV and PNG downloads, sources, and the ``<iframe>`` snippet to copy) and
``embed/<slug>.html``: a standalone HTML page written here from a template, not by the
theme, holding only the chart, its data and its sources, for other sites to show in a frame.
Chart pages stay out of the search index (a national site has tens of thousands).
"""

from __future__ import annotations

import html

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec, alt_text
from jiekun.core.text import attr, md, title
from jiekun.model.model import Site
from jiekun.model.views import View, link, region_path, source_target, url_prefix

CHART_DIR = "chart"  # chart pages (``charts/`` holds the SVG and CSV files)
EMBED_DIR = "embed"
PNG_DIR = "images/charts"
EMBED_SIZE = (680, 560)  # the snippet's frame, CSS pixels


def chart_page_path(slug: str) -> str:
    return f"{CHART_DIR}/{slug}.md"


def embed_path(slug: str) -> str:
    return f"{EMBED_DIR}/{slug}.html"


def _sources(site: Site, spec: ChartSpec, page: str) -> list[View]:
    ids = sorted({p.source for p in spec.points if p.source})
    return [{"title": md(site.sources.get(i, {}).get("title", i)), "link": link(page, source_target(i)),
             "url": url_prefix(page) + f"sources/#src-{i}"} for i in ids]


def chart_page(env: Environment, site: Site, code: str, spec: ChartSpec, chart: View, site_url: str) -> str:
    """The chart's own page; ``chart`` is its view as the region page shows it."""
    page = chart_page_path(spec.slug)
    embed = f"{site_url}{embed_path(spec.slug)}"
    width, height = EMBED_SIZE
    # HTML to copy, shown in a code block (which escapes it again): plain HTML escaping, not Markdown's
    snippet = (f'<iframe src="{html.escape(embed)}" title="{html.escape(spec.title)}" width="{width}" '
               f'height="{height}" style="border:0;max-width:100%" loading="lazy"></iframe>')
    return env.get_template("site/chart-page.md.j2").render(
        title=title(spec.title), chart=chart | {"prefix": url_prefix(page), "csv_link": link(page, f"charts/{spec.slug}.csv")},
        png_link=link(page, f"{PNG_DIR}/{spec.slug}.png"), embed_link=link(page, embed_path(spec.slug)),
        region={"name": md(site.regions[code]["name_zh"]), "link": link(page, region_path(code))},
        sources=_sources(site, spec, page), snippet=snippet)


def embed_page(env: Environment, site: Site, spec: ChartSpec, chart: View, site_url: str) -> str:
    """The standalone embed view: the chart, its data and sources, links out to the chart's page."""
    page = embed_path(spec.slug)
    return env.get_template("site/embed.html.j2").render(
        title=md(spec.title), alt=attr(alt_text(spec)), chart=chart, svg=f"../charts/{spec.slug}.svg",
        csv=f"../charts/{spec.slug}.csv", page_url=f"../{CHART_DIR}/{spec.slug}/",
        canonical=f"{site_url}{CHART_DIR}/{spec.slug}/",
        sources=[s | {"url": f"../sources/#src-{i}"} for s, i in
                 zip(_sources(site, spec, page), sorted({p.source for p in spec.points if p.source}), strict=True)])
