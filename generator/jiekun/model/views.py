"""Views: the rows of the site model turned into what a template prints.

A view is a plain dict of strings that are already safe to print: data text escaped with
:mod:`jiekun.core.text`, numbers written with :mod:`jiekun.core.numbers`, links relative to the
page that shows them.  Templates do no formatting of their own.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
from collections.abc import Mapping
from typing import Any

from jiekun.core.numbers import exact, format_value
from jiekun.core.periods import period_key
from jiekun.core.text import QUALIFIER_LABEL, REGISTER_LABEL, ROLE_LABEL, figure_period, md
from jiekun.core.vocab import HEADLINE_REGIONS
from jiekun.model.model import Row, Site

View = dict[str, Any]


@functools.lru_cache(maxsize=1 << 16)
def _relative(base: str, target: str) -> str:
    return posixpath.relpath(target, base or ".")


def link(page: str, target: str) -> str:
    """A Markdown link target from the Markdown file ``page`` to the file ``target``."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    return (_relative(posixpath.dirname(page), target) if target else "") + anchor


def _served_at(path: str) -> str:
    """The URL (from the site root, directory URLs) of the docs file ``path``: a/b.md → a/b/, a/index.md and
    a/index.html → a/, any other file its path."""
    if path == "index.html" or path.endswith("/index.html"):
        return path[: -len("index.html")]
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def href(page: str, target: str) -> str:
    """The address, relative to ``page``'s URL, of a Markdown link ``target`` written in ``page``:
    what the engine would make of ``[…](target)``, for links in raw HTML, which it leaves alone.
    Anchors within the page and absolute addresses are returned as they are."""
    path, sep, anchor = target.partition("#")
    if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
        return target
    url = _served_at(posixpath.normpath(posixpath.join(posixpath.dirname(page), path)))
    base = _served_at(page).rstrip("/")
    out = _relative(base, url.rstrip("/") or ".")
    if url.endswith("/") or not url:
        out = "./" if out == "." else out + "/"
    return out + sep + anchor


def url_prefix(page: str) -> str:
    """The way from ``page``'s URL (directory URLs: a/b.md → /a/b/) back to the site root."""
    parts = page.split("/")
    depth = len(parts) - 1 if parts[-1] == "index.md" else len(parts)
    return "../" * depth


def region_path(code: str) -> str:
    return f"regions/{code}.md"


def metric_path(code: str) -> str:
    return f"metrics/{code}.md"


def case_path(case_id: str) -> str:
    return f"cases/{case_id}.md"


def source_target(source_id: str) -> str:
    return f"sources.md#src-{source_id}"


def figure_value(site: Site, fig: Row) -> str:
    """The figure as the site writes it (7.1万户, 1.9亿多元, 99.95%)."""
    metric = site.metrics[fig["metric"]]
    percent = fig["unit"] == "percent"
    return format_value(fig["value"], "" if percent else str(metric.get("unit_label_zh") or ""),
                        fig["qualifier"], percent=percent)


def figure_view(site: Site, fig: Row, page: str) -> View:
    metric = site.metrics[fig["metric"]]
    region = site.regions[fig["region"]]
    source = site.sources.get(fig["source"], {})
    part = ""
    if fig.get("breakdown"):
        dim = site.breakdowns[fig["breakdown"]]["dimension"]
        part = md(site.category_label(dim, fig["category"]))
    return {
        "id": fig["id"],
        "metric": md(metric["label_zh"]),
        "metric_link": link(page, metric_path(fig["metric"])),
        "region": md(region["name_zh"]),
        "region_link": link(page, region_path(fig["region"])),
        "period": md(figure_period(fig)),
        "value": figure_value(site, fig),
        "exact": exact(fig["value"]),
        "unit": md(metric.get("unit_label_zh") or fig["unit"]),
        "qualifier": QUALIFIER_LABEL.get(fig["qualifier"], md(fig["qualifier"])),
        "register": REGISTER_LABEL.get(fig.get("register") or "", ""),
        "part": part,
        "published": md(fig.get("value_as_published")),
        "source": md(source.get("title", fig["source"])),
        "source_id": fig["source"],
        "source_link": link(page, source_target(fig["source"])),
        "locator": md(fig.get("locator")),
        "note": md(fig.get("note")),
        "links": relation_links(site, fig),
        "restated": not site.counted(fig),
        "disagrees": fig["id"] in site.disagreements,
    }


@dataclasses.dataclass(frozen=True)
class Relations:
    """A language's words for how a row relates to others (``str.format`` templates)."""

    roles: Mapping[str, str]
    see: str  # a restatement: its role, and a link to the row it repeats
    names_between: str
    disagrees: str
    shown: str  # said of the row the charts use, of rows that disagree
    between: str


RELATIONS_ZH = Relations(ROLE_LABEL, "{role}，见 {link}", "、", "与 {names} 不一致（同一事实，不是前后变化）{shown}",
                         "；图表采用本行", "；")


def _row_link(fig_id: str) -> str:
    return f'<a href="#fig-{md(fig_id)}">{md(fig_id)}</a>'


def relation_links(site: Site, fig: Row, words: Relations = RELATIONS_ZH) -> str:
    """What a reader must know before using the row, in HTML (figure tables are raw HTML):
    图片说明中的重复，见 <a href="#fig-id">id</a>; 与 <a …>id</a> 不一致."""
    out = []
    if not site.counted(fig) and fig.get("restates") in site.figure_by_id:
        out.append(words.see.format(role=words.roles.get(fig["role"], md(fig["role"])),
                                    link=_row_link(fig["restates"])))
    others = site.disagreements.get(fig["id"], [])
    if others:
        names = words.names_between.join(_row_link(o) for o in others)
        out.append(words.disagrees.format(names=names, shown="" if fig["id"] in site.set_aside else words.shown))
    return words.between.join(out)


def latest(figures: list[Row]) -> Row | None:
    """The figure with the latest period end (ties: national register first, then id)."""
    if not figures:
        return None
    return max(figures, key=lambda f: (period_key(f["period_end"]), f.get("register") == "national", f["id"]))


def headline_figures(site: Site, code: str) -> list[Row]:
    """The latest total of each headline metric in the region: one row per figure (no
    restatement, and of rows that disagree only the one a line would show)."""
    totals = [f for f in site.by_region.get(code, []) if not f.get("breakdown") and site.drawn(f)]
    figs = (latest([f for f in totals if f["metric"] == metric]) for metric in site.headline_metrics())
    return [f for f in figs if f]


def headline_regions(site: Site, limit: int = HEADLINE_REGIONS) -> list[str]:
    """The regions with headline figures, top of the hierarchy first: all of them when there are
    at most ``limit``, else only the top level (a national site has thousands)."""
    order = sorted(site.regions, key=lambda c: (len(site.ancestors(c)), c))
    regions = [c for c in order if headline_figures(site, c)]
    if len(regions) > limit:
        top = set(site.top_regions())
        regions = [c for c in regions if c in top]
    return regions


def headline_views(site: Site, code: str, page: str) -> list[View]:
    """The latest figure of each headline metric for a region (totals only)."""
    return [figure_view(site, fig, page) for fig in headline_figures(site, code)]


def region_view(site: Site, code: str, page: str) -> View:
    region = site.regions[code]
    return {"code": code, "name": md(region["name_zh"]), "name_en": md(region.get("name_en")),
            "link": link(page, region_path(code)), "level": region.get("level", "")}


def case_view(site: Site, case: Row, page: str) -> View:
    region = site.regions.get(case["region"], {})
    return {
        "id": case["id"],
        "title": md(case["title_zh"]),
        "title_en": md(case.get("title_en")),
        "link": link(page, case_path(case["id"])),
        "region": md(region.get("name_zh", case["region"])),
        "region_code": case["region"],
        "region_link": link(page, region_path(case["region"])),
        "years": _years(case),
        "tags": case_tags(site, case),
    }


def case_tags(site: Site, case: Row) -> list[View]:
    """One entry per tag field of a case: its label and the (code, label) of each value."""
    out = []
    for tag in site.case_tags:
        raw = case.get(tag["field"]) or ""
        codes = [c for c in (raw.split(tag["separator"]) if tag["separator"] else [raw]) if c]
        out.append({"field": tag["field"], "label": md(tag["label"]),
                    "values": [(c, md(site.category_label(tag["dimension"], c))) for c in codes]})
    return out


def _years(case: Row) -> str:
    start, end = case.get("year_start"), case.get("year_end")
    if start and end and start != end:
        return f"{start}—{end}年"
    return f"{end or start}年" if (end or start) else ""
