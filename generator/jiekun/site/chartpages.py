"""A page of its own for every chart, and an embed view of it without the site around it.

Each chart of a region page gets ``chart/<slug>/index.html`` (a permanent address,
``chart/<slug>/``: title, chart, its data table, CSV, PNG and SVG downloads, sources, and the
``<iframe>`` snippet to copy) and ``embed/<slug>.html`` (only the chart, its data and its
sources, for other sites to show in a frame).  Both are standalone HTML written here from one
template, not pages of the theme: a national site has about 25,800 charts, and the site builder
spends some 40 ms on each page it renders (``docs/performance.md``), so theme pages would add
about 17 minutes to a cold build; these cost about 1 ms each.  They stay out of the search index.
"""

from __future__ import annotations

import html

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec
from jiekun.core.text import md
from jiekun.model.model import Site
from jiekun.model.views import View, region_path
from jiekun.site import english

CHART_DIR = "chart"  # chart pages (``charts/`` holds the SVG and CSV files)
EMBED_DIR = "embed"
EMBED_SIZE = (680, 560)  # the snippet's frame, CSS pixels
#: what the pages say, by the chart's language (``spec.lang``)
WORDS: dict[str, dict[str, str]] = {
    "zh": {"lang": "zh-CN", "home": "首页", "chart": "图表", "summary": "图表数据（{count} 项）", "data": "数据",
           "table": "图表数据", "value": "数值", "exact": "精确值", "sources_in": "来源：", "separator": "；",
           "page": "本图页面：下载与说明", "downloads": "下载", "csv": "本图数据（CSV）", "png": "本图图片（PNG）",
           "svg": "本图图片（SVG，可缩放）", "sources": "来源", "embed": "嵌入本图",
           "paste": "把下面的代码粘贴到网页中，即可显示本图（不带本站的导航）：", "preview": "预览嵌入效果",
           "stop": "。", "code": "嵌入代码"},
    "en": {"lang": "en", "home": "Home", "chart": "Chart", "summary": "Chart data (points: {count})", "data": "Data",
           "table": "Chart data", "value": "Value", "exact": "Exact", "sources_in": "Sources: ", "separator": "; ",
           "page": "This chart's page: downloads and notes", "downloads": "Downloads",
           "csv": "The chart's data (CSV)", "png": "The chart as an image (PNG)",
           "svg": "The chart as a scalable image (SVG)", "sources": "Sources", "embed": "Embed this chart",
           "paste": "Paste this code into a web page to show the chart there (without this site's navigation): ",
           "preview": "preview the embedded chart", "stop": ".", "code": "Code to embed the chart"},
}


def chart_page_path(slug: str) -> str:
    return f"{CHART_DIR}/{slug}/index.html"


def embed_path(slug: str) -> str:
    return f"{EMBED_DIR}/{slug}.html"


def _sources(site: Site, spec: ChartSpec, root: str) -> list[View]:
    ids = sorted({p.source for p in spec.points if p.source})
    if spec.lang == "en":  # an English description, else the title as published, marked lang="zh"
        return [{"title": english.source_title(site, i), "url": f"{root}sources/#src-{i}"} for i in ids]
    return [{"title": md(site.sources.get(i, {}).get("title", i)), "url": f"{root}sources/#src-{i}"} for i in ids]


def chart_pages(env: Environment, site: Site, code: str, spec: ChartSpec, chart: View, site_url: str,
                png: bool = True) -> dict[str, str]:
    """The chart's page and its embed view, by path; ``chart`` is its view (:func:`~jiekun.site.chartviews.chart_view`).
    ``png``: the site has a PNG of every chart (:data:`~jiekun.core.vocab.PNG_ALL_CHARTS`); ``site_url``: the
    address of the chart's edition (the English one ends in ``en/``)."""
    template = env.get_template("site/chart.html.j2")
    page_url = f"{site_url}{CHART_DIR}/{spec.slug}/"
    width, height = EMBED_SIZE
    # HTML to copy, shown as text: escaped once for the attribute, once more for the page
    snippet = html.escape(f'<iframe src="{html.escape(site_url + embed_path(spec.slug))}" '
                          f'title="{html.escape(spec.title)}" width="{width}" height="{height}" '
                          f'style="border:0;max-width:100%" loading="lazy"></iframe>')
    common = {"title": chart["title"], "chart": chart, "canonical": page_url, "png": png, "w": WORDS[spec.lang]}
    row = site.regions[code]
    name = english.either(row, "name_en", "name_zh") if spec.lang == "en" else md(row["name_zh"])
    region = {"name": name, "url": "../../" + region_path(code)[: -len(".md")] + "/"}
    return {
        chart_page_path(spec.slug): template.render(
            common, embed=False, root="../../", region=region, sources=_sources(site, spec, "../../"),
            snippet=snippet, embed_url=f"../../{embed_path(spec.slug)}"),
        embed_path(spec.slug): template.render(
            common, embed=True, root="../", sources=_sources(site, spec, "../"),
            page_url=f"../{CHART_DIR}/{spec.slug}/"),
    }
