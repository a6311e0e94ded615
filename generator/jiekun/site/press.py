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
from jiekun.core.vocab import PNG_ALL_CHARTS
from jiekun.charts.charts import ChartSpec, alt_text, update_file
from jiekun.model.model import Row, Site
from jiekun.site.pages import chart_slug, region_charts
from jiekun.site.render import environment
from jiekun.core.text import REGISTER_LABEL, attr, date_label, estimated, figure_period, md
from jiekun.model.views import figure_value, headline_figures, headline_regions, link, region_path, source_target, url_prefix

PAGE = "key-figures.md"
PNG_DIR = "images/charts"
UNSAFE = "<>&\"'`{}\\[]$%"  # never in a preview text: themes print page.meta.description unescaped


def plain(value: object) -> str:
    """Data text for a preview description: one line, without any character that could become markup."""
    return "".join(c for c in " ".join(str(value or "").split()) if c not in UNSAFE)


def history_slug(fig: Row) -> str:
    """The slug of the history chart a figure belongs to."""
    return chart_slug(fig["region"], fig["metric"], fig.get("register") or "", fig["period_kind"])


def sentence(site: Site, fig: Row) -> str:
    """``截至2020年10月，云南省在档困难职工户数（全国级档案）为2513户。`` (Markdown-safe);
    a yearly rate reads ``…每年为2000多万元（2018年11月）。``"""
    register = REGISTER_LABEL.get(fig.get("register") or "", "")
    what = (md(site.regions[fig["region"]]["name_zh"]) + md(site.metrics[fig["metric"]]["label_zh"])
            + (f"（{register}）" if register else ""))
    if fig["period_kind"] == "per-year":
        when = estimated(date_label(fig["period_end"]), fig.get("period_estimated"))
        return f"{what}每年为{figure_value(site, fig)}（{md(when)}）。"
    return f"{md(figure_period(fig))}，{what}为{figure_value(site, fig)}。"


def _item(site: Site, fig: Row, charts: dict[str, ChartSpec]) -> dict[str, object]:
    source = site.sources.get(fig["source"], {})
    spec = charts.get(history_slug(fig))
    published = estimated(str(source.get("published") or ""), source.get("published_estimated"))
    cited = "，".join(md(x) for x in (source.get("publisher"), published) if x)
    return {
        "id": fig["id"], "sentence": sentence(site, fig),
        "source": md(source.get("title", fig["source"])) + (f"（{cited}）" if cited else ""),
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


def _write_pngs(specs: list[ChartSpec], out: Path, cache: Path) -> None:
    """Copy each spec's cached PNG into ``out/images/charts`` (if it differs), and remove the others."""
    folder = out / PNG_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted = cached_pngs(specs, cache)
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
    wanted: dict[str, ChartSpec] = {}
    for code in headline_regions(site):
        for fig in headline_figures(site, code):
            if spec := charts[code].get(history_slug(fig)):
                wanted[spec.slug] = spec
    for code, specs in charts.items():
        if spec := preview_chart(site, code, specs):
            wanted[spec.slug] = spec
    if sum(len(specs) for specs in charts.values()) <= PNG_ALL_CHARTS:  # every chart's page offers its PNG
        for specs in charts.values():
            wanted.update(specs)
    _write_pngs(sorted(wanted.values(), key=lambda s: s.slug), out, cache)
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
