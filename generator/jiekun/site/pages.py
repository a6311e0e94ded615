"""Stage 4 (render): the site's Markdown pages and the charts they show.

:func:`~jiekun.site.generate.site_pages` turns a :class:`~jiekun.model.model.Site` into pages with
these functions, plus the chart specs those pages embed.  Pages are rendered from templates in
``generator/jiekun/templates/site``; nothing here knows which program will build them into HTML.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec, Point
from jiekun.core.periods import period_key
from jiekun.core.text import REGISTER_LABEL, date_label, estimated, figure_period, md, title
from jiekun.model.comparability import metric_notes
from jiekun.model.model import Row, Site
from jiekun.model.rollups import counts, rollup_cases, rollup_table
from jiekun.model.views import (
    View,
    figure_view,
    headline_views,
    latest,
    link,
    metric_path,
    region_path,
    region_view,
    url_prefix,
)
from jiekun.site.chartviews import chart_view, disagreement_charts, spec
from jiekun.site.tilemap import metric_map

INDEX_ALL = 300  # up to this many regions the regions index shows the whole tree
INDEX_DEPTH = 1  # beyond it, two levels; each region page lists its own sub-regions
FULL_METRIC_PAGE = 150  # up to this many figures a metric page lists them all (about 600 bytes of HTML a row:
#                        150 rows stay under the 100 KB page target); beyond, the latest per region


def _series(site: Site, code: str) -> Iterator[tuple[tuple[str, str, str], list[Row]]]:
    """Totals of a region grouped by (metric, register, period kind), one figure per period:
    restatements and the set-aside side of a disagreement never make a point of a line."""
    groups: dict[tuple[str, str, str], dict[str, Row]] = {}
    for fig in site.by_region.get(code, []):
        if fig.get("breakdown") or not site.drawn(fig):
            continue
        key = (fig["metric"], fig.get("register") or "", fig["period_kind"])
        groups.setdefault(key, {}).setdefault(f"{fig['period_start']}/{fig['period_end']}", fig)
    for key in sorted(groups):
        figs = sorted(groups[key].values(), key=lambda f: (period_key(f["period_end"]), f["id"]))
        if len(figs) >= 2 and _comparable(figs):
            yield key, figs


def _comparable(figs: list[Row]) -> bool:
    """Points on one line must measure alike: levels, or totals over periods of one length
    (each a single year, or each a single month); a cumulative total never joins a line."""
    if figs[0]["period_kind"] == "point":
        return True
    spans = {(f["period_start"] == f["period_end"], len((f["period_end"] or "").split("-"))) for f in figs}
    return len(spans) == 1 and next(iter(spans))[0]


def chart_slug(region: str, metric: str, register: str, period_kind: str) -> str:
    """The name of a region's history chart of one metric, register and kind of period."""
    return "-".join(p for p in (region, metric, register, "" if period_kind == "point" else period_kind) if p)


def region_charts(site: Site, code: str) -> list[ChartSpec]:
    """A line per metric with a history, a bar chart per breakdown of the region."""
    name = site.regions[code]["name_zh"]
    specs = []
    for (metric_code, register, kind), figs in _series(site, code):
        metric = site.metrics[metric_code]
        points = [Point(estimated(date_label(f["period_end"]), f.get("period_estimated")) if kind == "point" else
                        figure_period(f), f["value"], f["qualifier"], f["id"], f["source"])
                  for f in figs]
        slug = chart_slug(code, metric_code, register, kind)
        label = f"{name}{metric['label_zh']}" + (f"（{REGISTER_LABEL[register]}）" if register else "")
        specs.append(spec(slug, "history", label, metric, points))
    specs += disagreement_charts(site, code)
    for bid in site.breakdowns_in.get(code, []):
        parts = [f for f in site.parts[bid] if site.counted(f)]
        breakdown = site.breakdowns[bid]
        dim = site.dimensions.get(breakdown["dimension"], {}).get("label_zh", breakdown["dimension"])
        metric = site.metrics[parts[0]["metric"]]
        points = [Point(site.category_label(breakdown["dimension"], f["category"]), f["value"], f["qualifier"],
                        f["id"], f["source"])
                  for f in sorted(parts, key=lambda f: (-f["value"], f["category"]))]
        when = figure_period(parts[0])
        specs.append(spec(f"breakdown-{bid}", "breakdown", f"{name}{metric['label_zh']}：按{dim}（{when}）",
                           metric, points))
    return specs


def region_page(env: Environment, site: Site, code: str, charts: list[ChartSpec]) -> str:
    page = region_path(code)
    region = region_view(site, code, page) | {"title": title(site.regions[code]["name_zh"])}
    return env.get_template("site/region.md.j2").render(
        page=page, region=region, prefix=url_prefix(page),
        ancestors=[region_view(site, a, page) for a in site.ancestors(code)],
        headlines=headline_views(site, code, page),
        charts=[chart_view(site, c, page) for c in charts],
        counts=counts(site, code), rollup=rollup_table(site, code, page), cases=rollup_cases(site, code, page),
        figures=[figure_view(site, f, page) for f in site.by_region.get(code, [])],
        restated=sum(1 for f in site.by_region.get(code, []) if not site.counted(f)),
    )


def _metric_view(site: Site, code: str) -> View:
    metric = site.metrics[code]
    return {"label": md(metric["label_zh"]), "title": title(metric["label_zh"]),
            "definition": md(metric.get("definition_zh")), "label_en": md(metric.get("label_en")),
            "unit": md(metric.get("unit_label_zh") or metric["unit"]), "kind": md(metric["kind"]), "code": code}


def _top(site: Site, code: str) -> str:
    chain = site.ancestors(code)
    return chain[0] if chain else code


def metric_pages(env: Environment, site: Site, code: str) -> dict[str, str]:
    """The metric's page: every figure side by side, or, past FULL_METRIC_PAGE figures, one
    row per top-level region linking to a page of the latest figure of each region in it."""
    page, view = metric_path(code), _metric_view(site, code) | {"notes": metric_notes(site, code)}
    figures = sorted(site.by_metric.get(code, []), key=lambda f: (f["region"], period_key(f["period_end"]), f["id"]))
    template = env.get_template("site/metric.md.j2")
    view["map"] = metric_map(env, site, code, page)
    if len(figures) <= FULL_METRIC_PAGE:
        rows = [figure_view(site, f, page) for f in figures]
        return {page: template.render(page=page, metric=view, groups=[], figures=rows)}
    by_top: dict[str, dict[str, list[Row]]] = {}
    for fig in figures:
        if not fig.get("breakdown") and site.drawn(fig):  # the latest figure: one row per fact
            by_top.setdefault(_top(site, fig["region"]), {}).setdefault(fig["region"], []).append(fig)
    out, groups = {}, []
    for top, regions in sorted(by_top.items()):
        sub = f"metrics/{code}/{top}.md"
        rows = [figure_view(site, fig, sub) for fig in (latest(figs) for figs in regions.values()) if fig]
        out[sub] = env.get_template("site/metric-part.md.j2").render(
            page=sub, metric=view, region=region_view(site, top, sub), figures=rows, back=link(sub, page))
        groups.append(region_view(site, top, page) | {"regions": len(regions), "link": link(page, sub),
                                                     "count": sum(len(v) for v in regions.values())})
    out[page] = template.render(page=page, metric=view, groups=groups, figures=[])
    return out


def metrics_index(env: Environment, site: Site) -> str:
    page = "metrics/index.md"
    rows = [{"label": md(m["label_zh"]), "link": link(page, metric_path(code)), "unit": md(m.get("unit_label_zh")),
             "kind": md(m["kind"]), "count": sum(1 for f in site.by_metric.get(code, []) if site.counted(f)),
             "regions": len({f["region"] for f in site.by_metric.get(code, [])})}
            for code, m in sorted(site.metrics.items(), key=lambda kv: (kv[1].get("headline") or 10**6, kv[0]))]
    return env.get_template("site/metrics-index.md.j2").render(metrics=rows)


def regions_index(env: Environment, site: Site) -> str:
    page = "regions/index.md"
    tree: list[View] = []

    def walk(code: str, depth: int) -> None:
        count = sum(1 for f in site.by_region.get(code, []) if site.counted(f))  # restatements are not figures
        tree.append(region_view(site, code, page) | {"depth": depth, "count": count})
        if depth < INDEX_DEPTH or len(site.regions) <= INDEX_ALL:
            for child in site.children.get(code, []):
                walk(child, depth + 1)

    for top in site.top_regions():
        walk(top, 0)
    return env.get_template("site/regions-index.md.j2").render(tree=tree)
