"""The English edition's generated pages: regions, metrics and their charts.

The twin of :mod:`jiekun.site.pages`, rendered from ``templates/site/en/`` with the views of
:mod:`jiekun.site.english`.  Pages keep the Chinese edition's paths (``regions/530000.md``);
:mod:`jiekun.site.generate` writes them under ``en/``.  Each English page has its own charts,
with English titles, labels, units and alt text, drawn from the same figures.
"""

from __future__ import annotations

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec, Point
from jiekun.core import numbers_en
from jiekun.core.periods import period_key
from jiekun.core.text import md, title
from jiekun.model.comparability import EN, metric_notes
from jiekun.model.model import Row, Site
from jiekun.model.rollups import counts, rollup_cases, rollup_table
from jiekun.model.views import View, headline_figures, latest, link, metric_path, region_path, url_prefix
from jiekun.site import english
from jiekun.site.chartviews import chart_view, disagreement_charts, spec
from jiekun.site.pages import FULL_METRIC_PAGE, INDEX_ALL, INDEX_DEPTH, _series, chart_slug
from jiekun.site.tilemap import metric_map


def _name(row: Row, en: str, zh: str) -> str:
    """Plain text (chart titles are drawn, not parsed): the English field, else the Chinese one."""
    return str(row.get(en) or row.get(zh) or "")


def region_charts(site: Site, code: str) -> list[ChartSpec]:
    """The English twins of :func:`jiekun.site.pages.region_charts` (same slugs, same points)."""
    name = _name(site.regions[code], "name_en", "name_zh")
    specs = []
    for (metric_code, register, kind), figs in _series(site, code):
        metric = site.metrics[metric_code]
        points = [Point(numbers_en.figure_period(f) if kind != "point" else
                        numbers_en.date_label(f["period_end"]) + (numbers_en.ESTIMATED_MARK
                                                                 if f.get("period_estimated") else ""),
                        f["value"], f["qualifier"], f["id"], f["source"]) for f in figs]
        label = f"{name}: {_name(metric, 'label_en', 'label_zh')}"
        label += f" ({english.REGISTER_LABEL[register]})" if register else ""
        specs.append(spec(chart_slug(code, metric_code, register, kind), "history", label, metric, points, "en"))
    specs += disagreement_charts(site, code, "en")
    for bid in site.breakdowns_in.get(code, []):
        parts = [f for f in site.parts[bid] if site.counted(f)]
        breakdown = site.breakdowns[bid]
        dim = _name(site.dimensions.get(breakdown["dimension"], {}), "label_en", "label_zh") or breakdown["dimension"]
        metric = site.metrics[parts[0]["metric"]]
        points = [Point(_name(site.categories.get((breakdown["dimension"], f["category"]), {}), "label_en",
                              "label_zh") or f["category"], f["value"], f["qualifier"], f["id"], f["source"])
                  for f in sorted(parts, key=lambda f: (-f["value"], f["category"]))]
        when = numbers_en.figure_period(parts[0])
        specs.append(spec(f"breakdown-{bid}", "breakdown",
                          f"{name}: {_name(metric, 'label_en', 'label_zh')} by {dim.lower()} ({when})",
                          metric, points, "en"))
    return specs


def region_page(env: Environment, site: Site, code: str, charts: list[ChartSpec]) -> str:
    page = region_path(code)
    region = english.region_view(site, code, page)
    figures = site.by_region.get(code, [])
    return env.get_template("site/en/region.md.j2").render(
        page=page, region=region | {"page_title": title(region["title"])}, prefix=url_prefix(page),
        ancestors=[english.region_view(site, a, page) for a in site.ancestors(code)],
        headlines=[english.figure_view(site, f, page) for f in headline_figures(site, code)],
        charts=[chart_view(site, c, page) for c in charts], counts=counts(site, code),
        rollup=rollup_table(site, code, page, writing=english.ROLLUP),
        cases=rollup_cases(site, code, page, writing=english.ROLLUP),
        figures=[english.figure_view(site, f, page) for f in figures],
        restated=sum(1 for f in figures if not site.counted(f)))


def _metric_view(site: Site, code: str) -> View:
    metric = site.metrics[code]
    return {"label": english.either(metric, "label_en", "label_zh"),
            "title": title(metric.get("label_en") or metric["label_zh"]),
            "definition": english.either(metric, "definition_en", "definition_zh"),
            "label_zh": english.zh(metric["label_zh"]), "unit": md(english.unit(metric) or "%"),
            "kind": md(metric["kind"]), "code": code}


def metric_pages(env: Environment, site: Site, code: str) -> dict[str, str]:
    """The metric's page, split by top-level region past FULL_METRIC_PAGE figures (as in Chinese)."""
    page, view = metric_path(code), _metric_view(site, code) | {"notes": metric_notes(site, code, EN)}
    figures = sorted(site.by_metric.get(code, []), key=lambda f: (f["region"], period_key(f["period_end"]), f["id"]))
    template = env.get_template("site/en/metric.md.j2")
    view["map"] = metric_map(env, site, code, page, "en")
    if len(figures) <= FULL_METRIC_PAGE:
        return {page: template.render(page=page, metric=view, groups=[],
                                      figures=[english.figure_view(site, f, page) for f in figures])}
    by_top: dict[str, dict[str, list[Row]]] = {}
    for fig in figures:
        if not fig.get("breakdown") and site.drawn(fig):
            chain = site.ancestors(fig["region"])
            by_top.setdefault(chain[0] if chain else fig["region"], {}).setdefault(fig["region"], []).append(fig)
    out, groups = {}, []
    for top, regions in sorted(by_top.items()):
        sub = f"metrics/{code}/{top}.md"
        rows = [english.figure_view(site, fig, sub) for fig in (latest(figs) for figs in regions.values()) if fig]
        out[sub] = env.get_template("site/en/metric-part.md.j2").render(
            page=sub, metric=view, region=english.region_view(site, top, sub), figures=rows, back=link(sub, page))
        groups.append(english.region_view(site, top, page) | {"regions": len(regions), "link": link(page, sub),
                                                             "count": sum(len(v) for v in regions.values())})
    out[page] = template.render(page=page, metric=view, groups=groups, figures=[])
    return out


def metrics_index(env: Environment, site: Site) -> str:
    page = "metrics/index.md"
    rows = [{"label": english.either(m, "label_en", "label_zh"), "link": link(page, metric_path(code)),
             "unit": md(english.unit(m) or "%"), "kind": md(m["kind"]),
             "count": sum(1 for f in site.by_metric.get(code, []) if site.counted(f)),
             "regions": len({f["region"] for f in site.by_metric.get(code, [])})}
            for code, m in sorted(site.metrics.items(), key=lambda kv: (kv[1].get("headline") or 10**6, kv[0]))]
    return env.get_template("site/en/metrics-index.md.j2").render(metrics=rows)


def regions_index(env: Environment, site: Site) -> str:
    page = "regions/index.md"
    tree: list[View] = []

    def walk(code: str, depth: int) -> None:
        count = sum(1 for f in site.by_region.get(code, []) if site.counted(f))
        tree.append(english.region_view(site, code, page) | {"depth": depth, "count": count})
        if depth < INDEX_DEPTH or len(site.regions) <= INDEX_ALL:
            for child in site.children.get(code, []):
                walk(child, depth + 1)

    for top in site.top_regions():
        walk(top, 0)
    return env.get_template("site/en/regions-index.md.j2").render(tree=tree)
