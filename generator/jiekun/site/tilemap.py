"""The tile-grid map: one equal square per top-level region at its place in the grid.

Positions are data (the ``tile-grid`` table: region, label, row, column), so a programme in
another country brings its own grid and nothing here changes.  No boundary is drawn: a tile
is a square, and every region weighs the same however small it is.  The map is inline SVG,
written from ``templates/site/_tilemap.md.j2``: each tile of a region with data is a link
(keyboard focus, its full name and value as accessible name), and a table or list beside it
says in text what the colours say.

On a metric page a tile is coloured by the region's latest comparable figure (the unit,
period kind and register most regions share), in a sequential palette that stays readable for
colour-blind readers; the text on each tile is black or white, whichever contrasts more
(never under 4.5:1, tested).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from jinja2 import Environment

from jiekun.core import numbers_en
from jiekun.core.text import figure_period, md
from jiekun.model.model import Row, Site
from jiekun.model.rollups import counts
from jiekun.model.views import View, figure_value, latest, region_path, url_prefix
from jiekun.site import english

TILE = 40  # user units of a tile's side
GAP = 4
#: sequential, colour-blind safe , light to dark
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues, lightest dropped
NO_DATA = "#e6e6e6"
HAS_DATA = PALETTE[2]
INKS = ("#000000", "#ffffff")
#: what the map says, by language (the caption and table headers are in ``templates/site/_tilemap.md.j2``)
WORDS: dict[str, dict[str, str]] = {
    "zh": {"overview": "各地区数据地图（瓦片地图）", "figures": "{count} 个数字", "held": "有数字或案例",
           "none": "暂无", "metric": "{metric}：各地区最新数字地图（瓦片地图）", "incomparable": "无可比数字",
           "name": "{name}：{label}", "value": "{value}（{period}）", "range": "{low}—{high}",
           "caption": "每个地区一个同样大小的方块，放在大致的地理位置上，不画边界。",
           "colours": "颜色越深，数字越大；虚线方块没有可比的数字。", "empty_tiles": "虚线方块还没有数字或案例。",
           "region": "地区", "latest": "最新数字", "period": "统计期", "all_figures": "数字（含下辖地区）",
           "all_cases": "案例（含下辖地区）", "other": "（口径不同，未上色）", "no_figures": "地图中还没有数字。"},
    "en": {"overview": "Regions with data: tile-grid map", "figures": "{count} figures",
           "held": "figures or case studies", "none": "none yet",
           "metric": "{metric}: the latest figure of each region, tile-grid map",
           "incomparable": "no comparable figure",
           "name": "{name}: {label}", "value": "{value}, {period}", "range": "{low} – {high}",
           "caption": "Each region is one square of the same size, placed roughly where it lies; no boundaries "
                      "are drawn.",
           "colours": " The darker the colour, the larger the figure; a dashed square has no comparable figure.",
           "empty_tiles": " A dashed square has no figures or case studies yet.",
           "region": "Region", "latest": "Latest figure", "period": "Period",
           "all_figures": "Figures (with sub-regions)", "all_cases": "Case studies (with sub-regions)",
           "other": " (measured differently: not coloured)", "no_figures": "No figures on the map yet."},
}


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(fill: str) -> str:
    """The text colour (black or white) that contrasts most with ``fill``."""
    return max(INKS, key=lambda c: contrast(c, fill))


def _href(page: str, code: str) -> str:
    """The URL of a region's page from ``page`` (inside raw HTML, where links are not rewritten)."""
    return url_prefix(page) + region_path(code)[: -len(".md")] + "/"


def _name(site: Site, code: str, lang: str) -> str:
    """A region's name as text (escaped; it also goes into attributes): English where the data has it."""
    region = site.regions[code]
    return md(region.get("name_en") or region["name_zh"]) if lang == "en" else md(region["name_zh"])


def _tile(site: Site, tile: Row, page: str, fill: str, label: str, linked: bool, lang: str = "zh") -> View:
    code = tile["region"]
    x, y = tile["column"] * (TILE + GAP), tile["row"] * (TILE + GAP)
    name = _name(site, code, lang)
    english_label = lang == "en" and bool(tile.get("label_en"))
    return {"x": x, "y": y, "cx": x + TILE // 2, "cy": y + TILE // 2, "size": TILE, "fill": fill, "ink": ink(fill),
            "text": md(tile["label_en"] if english_label else tile["label"]),
            "text_lang": "zh" if lang == "en" and not english_label else "",
            "name": WORDS[lang]["name"].format(name=name, label=label) if label else name,
            "href": _href(page, code) if linked else ""}


def _frame(site: Site) -> tuple[int, int]:
    rows = max((t["row"] for t in site.tiles), default=0) + 1
    cols = max((t["column"] for t in site.tiles), default=0) + 1
    return cols * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP


def overview_map(env: Environment, site: Site, page: str, lang: str = "zh") -> str:
    """The home page's map: tiles of regions with figures or cases (theirs or their sub-regions') link on."""
    if not site.tiles:
        return ""
    words = WORDS[lang]
    held = {t["region"]: counts(site, t["region"]) for t in site.tiles}
    with_data = {c for c, n in held.items() if n["all_figures"] or n["all_cases"]}
    tiles = [_tile(site, t, page, HAS_DATA if t["region"] in with_data else NO_DATA,
                   words["figures"].format(count=held[t["region"]]["all_figures"]) if t["region"] in with_data else "",
                   t["region"] in with_data, lang) for t in site.tiles]
    rows = [{"name": _name(site, c, lang), "link": _href(page, c),
             "figures": held[c]["all_figures"], "cases": held[c]["all_cases"]}
            for c in sorted(with_data)]
    width, height = _frame(site)
    return env.get_template("site/_tilemap.md.j2").render(
        title=words["overview"], tiles=tiles, width=width, height=height, rows=rows, metric=None, w=words,
        legend=[{"fill": HAS_DATA, "label": words["held"]}, {"fill": NO_DATA, "label": words["none"]}])


def _kind(fig: Row) -> tuple[str, str, str]:
    return fig["unit"], fig["period_kind"], fig.get("register") or ""


def _comparable(figs: dict[str, Row]) -> tuple[dict[str, Row], dict[str, Row]]:
    """The figures sharing the unit, period kind and register most regions share, and the others."""
    if not figs:
        return {}, {}
    common = Counter(_kind(f) for f in figs.values()).most_common()
    best = min((k for k, n in common if n == common[0][1]))
    return {c: f for c, f in figs.items() if _kind(f) == best}, {c: f for c, f in figs.items() if _kind(f) != best}


def classes(values: list[float], count: int = len(PALETTE)) -> list[tuple[float, float]]:
    """Up to ``count`` classes of about equal size over the sorted values: (low, high) each."""
    ordered = sorted(set(values))
    k = min(count, len(ordered))
    if k == 0:
        return []
    bounds = [ordered[round(i * len(ordered) / k)] for i in range(k)]
    return [(bounds[i], ordered[round((i + 1) * len(ordered) / k) - 1]) for i in range(k)]


def _class_of(value: float, bins: list[tuple[float, float]]) -> int:
    return max(i for i, (low, _) in enumerate(bins) if value >= low)


def metric_map(env: Environment, site: Site, code: str, page: str, lang: str = "zh") -> str:
    """A metric page's map: each tile coloured by its region's latest comparable figure, grey when none."""
    if not site.tiles:
        return ""
    words, value, period = WORDS[lang], *_writers(lang)
    own = {t["region"]: latest([f for f in site.by_region.get(t["region"], []) if f["metric"] == code
                                and not f.get("breakdown") and site.drawn(f)]) for t in site.tiles}
    shown, other = _comparable({c: f for c, f in own.items() if f})
    bins = classes([f["value"] for f in shown.values()])
    palette = spread_palette(len(bins))
    tiles = []
    for t in site.tiles:
        fig = shown.get(t["region"])
        fill = palette[_class_of(fig["value"], bins)] if fig else NO_DATA
        label = words["value"].format(value=value(site, fig), period=md(period(fig))) if fig else ""
        tiles.append(_tile(site, t, page, fill, label, t["region"] in shown or t["region"] in other, lang))
    rows = [{"name": _name(site, c, lang), "link": _href(page, c),
             "value": value(site, f), "period": md(period(f)), "other": c in other}
            for c, f in sorted({**shown, **other}.items())]
    unit = next(iter(shown.values()))["unit"] if shown else ""
    legend = [{"fill": palette[i], "label": _range(site, code, unit, low, high, lang)}
              for i, (low, high) in enumerate(bins)]
    width, height = _frame(site)
    metric = site.metrics[code]
    label = md(metric.get("label_en") or metric["label_zh"]) if lang == "en" else md(metric["label_zh"])
    return env.get_template("site/_tilemap.md.j2").render(
        title=words["metric"].format(metric=label), tiles=tiles, width=width, height=height, rows=rows, metric=True,
        w=words, legend=[*legend, {"fill": NO_DATA, "label": words["incomparable"]}])


def _writers(lang: str) -> tuple[Callable[[Site, Row], str], Callable[[Row], str]]:
    """How ``lang`` writes a figure's value and its period."""
    if lang == "en":
        return english.figure_value, numbers_en.figure_period
    return figure_value, figure_period


def spread_palette(count: int) -> list[str]:
    """``count`` colours of :data:`PALETTE`, spread from light to dark."""
    if count <= 1:
        return [PALETTE[len(PALETTE) // 2]] * count
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


def _range(site: Site, code: str, unit: str, low: float, high: float, lang: str = "zh") -> str:
    row = {"metric": code, "unit": unit, "qualifier": "exact"}
    value = _writers(lang)[0]
    first = value(site, row | {"value": low})
    return first if low == high else WORDS[lang]["range"].format(low=first, high=value(site, row | {"value": high}))
