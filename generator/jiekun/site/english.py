"""The English edition's views: the rows of the site model as an English page prints them.

The twin of :mod:`jiekun.model.views` for the pages under ``en/``: names, labels and
definitions from the data's ``*_en`` fields, numbers written by :mod:`jiekun.core.numbers_en`,
periods as ``Dec 2018``.  A Chinese text with no English counterpart (a source's title, a name
not yet translated) is never shown silently: it is marked ``lang="zh"`` and, where the data
has one, an English description stands beside it.  Links are relative to the English page,
so they stay inside the English edition; the downloads, which are the same bytes in either
language, are linked in the Chinese edition's ``data/`` folder (:func:`shared`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiekun.core import numbers_en
from jiekun.core.numbers import exact
from jiekun.core.text import REGISTER_LABEL_EN, attr, md
from jiekun.core.vocab import ABOUT, AT_LEAST, EXACT, MORE_THAN, NEARLY
from jiekun.model.model import Row, Site
from jiekun.model.rollups import Writing
from jiekun.model.views import (
    Relations,
    View,
    case_path,
    headline_figures,
    headline_regions,
    link,
    metric_path,
    region_path,
    relation_links,
    source_target,
    url_prefix,
)

EDITION = "en"  # the folder of the English edition, at the site's root
QUALIFIER_LABEL = {EXACT: "exact", MORE_THAN: "lower bound (more than)", AT_LEAST: "lower bound (at least)",
                   ABOUT: "approximate", NEARLY: "just under (nearly)"}
REGISTER_LABEL = REGISTER_LABEL_EN
ROLE_LABEL = {"original": "first report", "caption": "repeated in a picture caption",
              "headline": "repeated in a headline", "repeat": "repeated later in the text or in a later report"}
PERIOD_KIND_LABEL = {"point": "level at a date", "interval": "total over a period", "per-year": "per year"}


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def mark_zh(markup: str) -> str:
    """``markup`` (already escaped) with each run of Chinese characters marked ``lang="zh"``: an
    English text quoting a Chinese word (多, 万) never mixes languages silently."""
    return CJK.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', markup)


def mark_zh_markdown(markdown: str) -> str:
    """Trusted Markdown (a changelog) with the Chinese words of its prose marked; code is left as it is."""
    out, fence = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence:
            parts = line.split("`")
            parts[::2] = [mark_zh(part) for part in parts[::2]]
            line = "`".join(parts)
        out.append(line)
    return "\n".join(out)


def text(value: object) -> str:
    """An English text from the data, escaped (:func:`jiekun.core.text.md`), its Chinese words marked."""
    return mark_zh(md(value))


def zh(text: object) -> str:
    """Chinese text on an English page, marked as such for readers, search and screen readers."""
    shown = md(text)
    return f'<span lang="zh">{shown}</span>' if shown else ""


def either(row: Mapping[str, Any], en: str, zh_field: str) -> str:
    """The English field of a row, or its Chinese one marked ``lang="zh"`` when it lacks English."""
    return text(row.get(en)) if row.get(en) else zh(row.get(zh_field))


def shared(page: str, target: str) -> str:
    """A link from the English page ``page`` to ``target`` in the Chinese edition (the downloads)."""
    return url_prefix(page) + "../" + target


def unit(metric: Mapping[str, Any]) -> str:
    """The English unit word of a metric (households, yuan), or its unit code where it has none."""
    if metric.get("unit") == "percent":
        return ""
    return str(metric.get("unit_label_en") or metric.get("unit") or "")


def figure_value(site: Site, fig: Row) -> str:
    """The figure as the English pages write it (71,000 households, more than 190 million yuan)."""
    metric = site.metrics[fig["metric"]]
    return numbers_en.format_value(fig["value"], unit(metric), fig["qualifier"], percent=fig["unit"] == "percent")


def category(site: Site, dimension: str, code: str) -> str:
    row = site.categories.get((dimension, code), {})
    return either(row, "label_en", "label_zh") if row else md(code)


def source_title(site: Site, source_id: str) -> str:
    """A source's English description, with the title as published (Chinese) beside it."""
    src = site.sources.get(source_id, {})
    if not src:
        return md(source_id)
    return text(src["title_en"]) if src.get("title_en") else zh(src.get("title"))


RELATIONS = Relations(ROLE_LABEL, "{role}; see {link}", ", ",
                      "disagrees with {names} (the same fact, not a change over time){shown}",
                      "; the charts use this row", "; ")


def figure_view(site: Site, fig: Row, page: str) -> View:
    metric, region = site.metrics[fig["metric"]], site.regions[fig["region"]]
    part = ""
    if fig.get("breakdown"):
        part = category(site, site.breakdowns[fig["breakdown"]]["dimension"], fig["category"])
    return {
        "id": fig["id"], "metric": either(metric, "label_en", "label_zh"),
        "metric_link": link(page, metric_path(fig["metric"])),
        "region": either(region, "name_en", "name_zh"), "region_link": link(page, region_path(fig["region"])),
        "period": md(numbers_en.figure_period(fig)), "value": figure_value(site, fig), "exact": exact(fig["value"]),
        "unit": md(unit(metric) or fig["unit"]),
        "qualifier": QUALIFIER_LABEL.get(fig["qualifier"], md(fig["qualifier"])),
        "register": REGISTER_LABEL.get(fig.get("register") or "", ""), "part": part,
        "published": zh(fig.get("value_as_published")), "source": source_title(site, fig["source"]),
        "source_id": fig["source"], "source_link": link(page, source_target(fig["source"])),
        "locator": text(fig.get("locator")), "note": text(fig.get("note")),
        "links": relation_links(site, fig, RELATIONS), "restated": not site.counted(fig),
        "disagrees": fig["id"] in site.disagreements,
    }


def region_view(site: Site, code: str, page: str) -> View:
    region = site.regions[code]
    return {"code": code, "name": either(region, "name_en", "name_zh"), "name_zh": zh(region["name_zh"]),
            "title": region.get("name_en") or region["name_zh"], "link": link(page, region_path(code)),
            "level": region.get("level", "")}


def years(case: Row) -> str:
    start, end = case.get("year_start"), case.get("year_end")
    if start and end and start != end:
        return f"{start} – {end}"
    return str(end or start or "")


def case_tags(site: Site, case: Row) -> list[View]:
    out = []
    for tag in site.case_tags:
        raw = case.get(tag["field"]) or ""
        codes = [c for c in (raw.split(tag["separator"]) if tag["separator"] else [raw]) if c]
        dim = site.dimensions.get(tag["dimension"], {})
        out.append({"field": tag["field"], "label": either(dim, "label_en", "label_zh") or md(tag["field"]),
                    "values": [(c, category(site, tag["dimension"], c)) for c in codes]})
    return out


def case_view(site: Site, case: Row, page: str) -> View:
    region = site.regions.get(case["region"], {})
    return {
        "id": case["id"], "title": either(case, "title_en", "title_zh"),
        "page_title": case.get("title_en") or case["title_zh"], "link": link(page, case_path(case["id"])),
        "region": either(region, "name_en", "name_zh") if region else md(case["region"]),
        "region_code": case["region"], "region_link": link(page, region_path(case["region"])),
        "years": years(case), "tags": case_tags(site, case),
    }


def headline_cards(site: Site, page: str) -> list[View]:
    """The regions of the home page's cards, each with its latest headline figures."""
    return [region_view(site, code, page) | {"figures": [figure_view(site, f, page)
                                                         for f in headline_figures(site, code)]}
            for code in headline_regions(site)]


def alt(text: str) -> str:
    return attr(text)


def _name(region: Row) -> str:
    return either(region, "name_en", "name_zh")


def _metric(metric: Row) -> str:
    return either(metric, "label_en", "label_zh")


def _period(fig: Row) -> str:
    return md(numbers_en.figure_period(fig))


#: how the English pages write a region's roll-up (:mod:`jiekun.model.rollups`)
ROLLUP = Writing(name=_name, metric=_metric, value=figure_value, period=_period, case=case_view)
