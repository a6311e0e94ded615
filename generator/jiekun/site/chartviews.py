"""Charts as pages show them, in either edition: the disagreement charts and each chart's view.

A region's totals that disagree (the same fact dated or valued differently by two reports) get
a bar chart of their own, a bar per report, in both editions under the same slug; every chart
gets a view (title, alt text, data table, links) from :func:`chart_view`, in the language of
its spec (``spec.lang``): the wording is in :data:`WORDS`, the numbers are written by
:mod:`jiekun.core.numbers` or :mod:`jiekun.core.numbers_en`.
"""

from __future__ import annotations

from jiekun.charts.charts import ChartSpec, Point, alt_text
from jiekun.core import numbers_en
from jiekun.core.numbers import exact, format_value
from jiekun.core.text import attr, date_label, figure_period, md
from jiekun.model.model import Row, Site
from jiekun.model.views import View, link, url_prefix
from jiekun.site import english

#: what a chart's view says, by language
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "history": "统计期", "breakdown": "类别", "disagreement": "来源",
        "disputed_point": "另一份来源对同一事实的说法不同，见本地区的“来源说法不一致”图",
        "disputed_chart": "这几个数字来自不同来源，说的是同一件事，但数值或日期不一致："
                          "它们不是前后变化，不能连成一条线。",
        "title": "{region}{metric}：{count}份来源说法不一致", "point": "{period}（{report}）",
        "report": "{date}的报道", "source": "来源 {id}",
    },
    "en": {
        "history": "Period", "breakdown": "Category", "disagreement": "Source",
        "disputed_point": "another source gives this fact differently: see this region's chart of sources that "
                          "disagree",
        "disputed_chart": "These figures come from different sources and describe the same fact, but their values "
                          "or dates differ: they are not change over time and cannot be joined as a line.",
        "title": "{region}: {metric}: {count} sources disagree", "point": "{period} ({report})",
        "report": "report of {date}", "source": "source {id}",
    },
}


def spec(slug: str, kind: str, chart_title: str, metric: Row, points: list[Point], lang: str = "zh") -> ChartSpec:
    """A chart of ``metric``'s figures in ``lang``: its unit word from the data in that language."""
    percent = metric["unit"] == "percent"
    unit = "%" if percent else (english.unit(metric) if lang == "en" else str(metric["unit_label_zh"]))
    return ChartSpec(slug=slug, kind=kind, title=chart_title, unit=unit, percent=percent, points=tuple(points),
                     lang=lang)


def disagreement_charts(site: Site, code: str, lang: str = "zh") -> list[ChartSpec]:
    """A bar per report for each group of the region's totals that disagree (the same fact dated or
    valued differently by two reports): set side by side with their sources, never as a line."""
    words, en = WORDS[lang], lang == "en"
    region = site.regions[code]
    name = str(region.get("name_en") or region["name_zh"]) if en else str(region["name_zh"])
    specs, seen = [], set()
    for fig in site.by_region.get(code, []):
        if fig["id"] in seen or fig["id"] not in site.disagreements or fig.get("breakdown"):
            continue
        group = disagreement_group(site, fig["id"])
        seen |= {f["id"] for f in group}
        metric = site.metrics[fig["metric"]]
        label = str(metric.get("label_en") or metric["label_zh"]) if en else str(metric["label_zh"])
        points = [Point(words["point"].format(period=_period(f, lang), report=_reported(site, f, lang)), f["value"],
                        f["qualifier"], f["id"], f["source"]) for f in group]
        specs.append(spec(f"disagreement-{group[0]['id']}", "disagreement",
                          words["title"].format(region=name, metric=label, count=len(group)), metric, points, lang))
    return specs


def disagreement_group(site: Site, fid: str) -> list[Row]:
    """The rows that disagree with ``fid``, directly or through another, and itself, by id."""
    group, todo = set(), [fid]
    while todo:
        cur = todo.pop()
        if cur not in group:
            group.add(cur)
            todo += site.disagreements.get(cur, [])
    return [site.figure_by_id[i] for i in sorted(group)]


def _period(fig: Row, lang: str) -> str:
    return numbers_en.figure_period(fig) if lang == "en" else figure_period(fig)


def _reported(site: Site, fig: Row, lang: str) -> str:
    """Which report says it: 2018年10月的报道, ``report of Oct 2018`` (or the source id when it has no date)."""
    published = site.sources.get(fig["source"], {}).get("published")
    words = WORDS[lang]
    if not published:
        return words["source"].format(id=fig["source"])
    return words["report"].format(date=numbers_en.date_label(published) if lang == "en" else date_label(published))


def chart_view(site: Site, chart: ChartSpec, page: str) -> View:
    """What a page shows of a chart: title, alt text, its data table (a point of a line whose
    fact another source gives differently says so), links to its CSV and its own page."""
    words = WORDS[chart.lang]
    disputed = chart.kind == "disagreement"
    return {
        "slug": chart.slug, "title": md(chart.title), "alt": attr(alt_text(chart)), "prefix": url_prefix(page),
        "axis": words[chart.kind],
        "csv_link": link(page, f"charts/{chart.slug}.csv"), "page_link": link(page, f"chart/{chart.slug}/index.html"),
        "disputed": words["disputed_chart"] if disputed else "",
        "points": [{"label": md(p.label), "exact": exact(p.value), "value": point_value(chart, p),
                    "note": words["disputed_point"] if not disputed and p.id in site.disagreements else ""}
                   for p in chart.points],
    }


def point_value(chart: ChartSpec, point: Point) -> str:
    """A point's value as its chart's language writes it (7.1万户, 71,000 households)."""
    write = numbers_en.format_value if chart.lang == "en" else format_value
    return write(point.value, "" if chart.percent else chart.unit, point.qualifier, percent=chart.percent)
