"""The key-figures page for the press, PNG charts, and each page's link-preview image and text.

``key-figures.md`` gives, region by region, the latest figure of every headline metric as a
plain Chinese sentence with its source, ready to copy, and, where the region has a history
of that metric, its chart as SVG and as a 2× PNG.  The same PNGs are the link-preview
(Open Graph) images of the region pages: a region's first chart, if it has one.

PNGs are written to ``images/charts/`` in the generated folder (a folder named ``charts``,
which :func:`jiekun.site.generate.generate` leaves to the chart stage: only this module adds
or removes files there) and cached in the chart cache by digest.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from jiekun.charts.chartpng import cached_pngs
from jiekun.charts.charts import ChartSpec, alt_text, update_file
from jiekun.core.text import ESTIMATED_MARK, REGISTER_LABEL, attr, date_label, estimated, figure_period, md
from jiekun.core.vocab import PNG_ALL_CHARTS
from jiekun.model.model import Row, Site
from jiekun.model.views import (
    figure_value,
    headline_figures,
    headline_regions,
    link,
    region_path,
    source_target,
    url_prefix,
)
from jiekun.site.pages import chart_slug, region_charts
from jiekun.site.render import environment

PAGE = "key-figures.md"
PNG_DIR = "images/charts"
#: a region's link preview only (no download): 1× its CSS size, 640 px wide, which social sites
#: still show as a large card.  Measured on 30 synthetic charts: 57 ms CPU and 29 KB a PNG at 1×,
#: 88 ms and 66 KB at 2× (docs/performance.md); a national site draws 3,233 of them.
PREVIEW_SCALE = 1
UNSAFE = "<>&\"'`{}\\[]$%"  # never in a preview text: themes print page.meta.description unescaped


def plain(value: object) -> str:
    """Data text for a preview description: one line, without any character that could become markup."""
    return "".join(c for c in " ".join(str(value or "").split()) if c not in UNSAFE)


def history_slug(fig: Row) -> str:
    """The slug of the history chart a figure belongs to."""
    return chart_slug(fig["region"], fig["metric"], fig.get("register") or "", fig["period_kind"])


def measure(site: Site, fig: Row) -> str:
    """The metric and its figure as a clause: ``在档困难职工（全国级档案）2513户``, ``提供就业岗位近18万个``,
    ``占比为66.67%``.  A label ending in its unit and 数 (户数, 人次数) or in 数 drops them before the
    figure, which carries its unit (技能培训人次 → 技能培训66.2万人次); only a rate takes 为."""
    metric = site.metrics[fig["metric"]]
    label, unit = str(metric["label_zh"]), str(metric.get("unit_label_zh") or "")
    register = REGISTER_LABEL.get(fig.get("register") or "", "")
    if fig["unit"] != "percent":
        for ending in (f"{unit}数", unit, "数") if unit else ("数",):
            if label.endswith(ending) and len(label) > len(ending):
                label = label.removesuffix(ending)
                break
    joined = "为" if fig["unit"] == "percent" else ""
    return md(label) + (f"（{register}）" if register else "") + joined + figure_value(site, fig)


def sentence(site: Site, fig: Row) -> str:
    """``截至2018年11月6日，内蒙古自治区在档困难职工7197户。`` (Markdown-safe);
    a yearly figure reads ``2018年11月，内蒙古自治区每年筹集帮扶资金2000多万元。``"""
    region = md(site.regions[fig["region"]]["name_zh"])
    if fig["period_kind"] == "per-year":
        when = estimated(date_label(fig["period_end"]), fig.get("period_estimated"))
        return f"{md(when)}，{region}每年{measure(site, fig)}。"
    return f"{md(figure_period(fig))}，{region}{measure(site, fig)}。"


def citation(source: Row, fallback: str) -> str:
    """``《标题》，发布者，2018年11月`` (GB/T 15834: a work's title in 《》; the date as Chinese write it;
    no bracket inside the bracket the page puts around it)."""
    title = str(source.get("title") or fallback).strip().removeprefix("《").removesuffix("》")
    when = date_label(str(source.get("published") or ""))
    if when and source.get("published_estimated"):
        when += "，" + ESTIMATED_MARK.strip("（）")
    return "，".join(md(x) for x in (f"《{title}》", source.get("publisher"), when) if x)


def _item(site: Site, fig: Row, charts: dict[str, ChartSpec]) -> dict[str, object]:
    source = site.sources.get(fig["source"], {})
    spec = charts.get(history_slug(fig))
    return {
        "id": fig["id"], "sentence": sentence(site, fig), "source": citation(source, fig["source"]),
        "source_link": link(PAGE, source_target(fig["source"])),
        "chart": None if spec is None else {
            "title": md(spec.title), "alt": attr(alt_text(spec)), "svg": f"charts/{spec.slug}.svg",
            "png": f"{PNG_DIR}/{spec.slug}.png"},
    }


def press_page(env: Environment, site: Site, charts: dict[str, dict[str, ChartSpec]]) -> str:
    regions = [{"name": md(site.regions[c]["name_zh"]), "link": link(PAGE, region_path(c)),
                "figures": [_item(site, f, charts[c]) for f in headline_figures(site, c)]}
               for c in headline_regions(site)]
    return env.get_template("site/key-figures.md.j2").render(regions=regions, prefix=url_prefix(PAGE))


def write_pngs(groups: list[tuple[list[ChartSpec], int]], out: Path, cache: Path) -> None:
    """Copy the cached PNG of each spec of each ``(specs, scale)`` group into ``out/images/charts``
    (if it differs), and remove the others."""
    folder = out / PNG_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, Path] = {}
    for specs, scale in groups:
        wanted |= cached_pngs(specs, cache, scale)
    for slug, cached in wanted.items():
        update_file(folder / f"{slug}.png", cached.read_bytes())
    for path in folder.iterdir():
        if path.stem not in wanted:
            path.unlink()


def _all_charts(site: Site) -> dict[str, dict[str, ChartSpec]]:
    return {code: {s.slug: s for s in region_charts(site, code)} for code in sorted(site.regions)}


def preview_chart(site: Site, code: str, specs: dict[str, ChartSpec]) -> ChartSpec | None:
    """A region's preview chart: that of its first headline figure with a history, else its first chart."""
    for fig in headline_figures(site, code):
        if spec := specs.get(history_slug(fig)):
            return spec
    return next(iter(specs.values()), None)


def press_files(site: Site, out: Path, cache: Path, by_region: dict[str, list[ChartSpec]]) -> dict[str, bytes]:
    """Write the PNGs (press charts, region previews) into ``out``; return the key-figures page.
    ``by_region``: each region's charts, as the region pages show them."""
    charts = {code: {s.slug: s for s in specs} for code, specs in by_region.items()}
    wanted: dict[str, ChartSpec] = {}  # downloads: at print size
    for code in headline_regions(site):
        for fig in headline_figures(site, code):
            if spec := charts[code].get(history_slug(fig)):
                wanted[spec.slug] = spec
    if sum(len(specs) for specs in charts.values()) <= PNG_ALL_CHARTS:  # every chart's page offers its PNG
        for specs in charts.values():
            wanted.update(specs)
    shown = {spec.slug: spec for code, specs in charts.items() if (spec := preview_chart(site, code, specs))
             and spec.slug not in wanted}
    write_pngs([(sorted(wanted.values(), key=lambda s: s.slug), 2),
                 (sorted(shown.values(), key=lambda s: s.slug), PREVIEW_SCALE)], out, cache)
    return {PAGE: press_page(environment(), site, charts).encode("utf-8")}


def previews(site: Site, site_name: str) -> dict[str, dict[str, str]]:
    """``{region page: {og_image, description}}``: its preview chart (as PNG) and headline figures
    (``site_name``, the site's name from its configuration, for a region that has none)."""
    out = {}
    for code, specs in _all_charts(site).items():
        spec = preview_chart(site, code, specs)
        out[region_path(code)] = {"og_image": f"{PNG_DIR}/{spec.slug}.png" if spec else "",
                                  "description": region_description(site, code, site_name)}
    return out


def region_description(site: Site, code: str, site_name: str) -> str:
    """A preview text for a region page: its name and latest headline figures, in plain text."""
    parts = [f"{plain(site.metrics[f['metric']]['label_zh'])}{figure_value(site, f)}"
             f"（{plain(figure_period(f))}）"
             for f in headline_figures(site, code)[:3]]
    name = plain(site.regions[code]["name_zh"])
    return f"{name}：" + "；".join(parts) + "。" if parts else f"{name}的{plain(site_name)}。"
