"""The English edition's case-study pages, sources page and key figures for the press.

The twins of :mod:`jiekun.site.casepages`, :func:`jiekun.site.datapages.sources_page` and
:mod:`jiekun.site.press`, with the same publication rules: a person is shown only under the
case's ``display_name``, marked as a pseudonym or initials when it is one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from jinja2 import Environment

from jiekun.charts.charts import ChartSpec, alt_text
from jiekun.core import numbers_en
from jiekun.core.text import attr, md, para, title
from jiekun.core.vocab import EXACT, PNG_ALL_CHARTS
from jiekun.model.model import Row, Site
from jiekun.model.views import (
    View,
    case_path,
    headline_figures,
    headline_regions,
    link,
    region_path,
    source_target,
    url_prefix,
)
from jiekun.site import english
from jiekun.site.casepages import CASES_IN_HTML, REGION_OPTIONS
from jiekun.site.datapages import SOURCE_CASES, SOURCE_REGIONS, URL
from jiekun.site.press import PNG_DIR, history_slug, write_pngs

DISPLAY_AS = {"full-name": "", "pseudonym": "pseudonym", "initials": "initials"}
BASIS = {"published-in-press": "already reported in the press", "written-consent": "the person's written consent",
         "public-record": "a public record"}
PRESS = "key-figures.md"


def _person(case: Row) -> str:
    marker = DISPLAY_AS.get(case.get("display_as") or "", "")
    name = english.zh(case.get("display_name")) or "not named"
    return f"{name} ({marker})" if marker else name


def _yuan(value: float | None, qualifier: str | None = None) -> str:
    return "" if value is None else numbers_en.format_value(value, "yuan", qualifier or EXACT)


def case_page(env: Environment, site: Site, case: Row) -> str:
    page = case_path(case["id"])
    org = site.organisations.get(case.get("organisation") or "", {})
    view = english.case_view(site, case, page) | {
        "page_title": title(case.get("title_en") or case["title_zh"]), "index_link": link(page, "cases/index.md"),
        "person": _person(case),
        "display_as_label": DISPLAY_AS.get(case.get("display_as") or "", "") or "name",
        "organisation": english.either(org, "name_en", "name_zh") if org else "",
        "tags": [t | {"vals": t["values"]} for t in english.case_tags(site, case)],
        "aid": _yuan(case.get("aid_yuan")),
        "income": _yuan(case.get("monthly_income_yuan"), case.get("monthly_income_qualifier")),
        "basis": md(BASIS.get(case.get("basis") or "", case.get("basis"))),
        "basis_note": english.text(case.get("basis_note")),
        "source": english.source_title(site, case["source"]), "source_link": link(page, source_target(case["source"])),
        "locator": english.text(case.get("locator")), "health_info": bool(case.get("health_info")),
        "summary": english.mark_zh(para(case.get("summary_en"))) if case.get("summary_en") else
        f'<span lang="zh">{para(case.get("summary_zh"))}</span>',
    }
    return str(env.get_template("site/en/case.md.j2").render(case=view, page=page))


def _filters(site: Site) -> list[View]:
    filters = []
    for tag in site.case_tags:
        used = {code for case in site.cases for v in english.case_tags(site, case) if v["field"] == tag["field"]
                for code, _ in v["values"]}
        options = [(code, english.either(row, "label_en", "label_zh")) for (dim, code), row in site.categories.items()
                   if dim == tag["dimension"] and code in used]
        label = english.either(site.dimensions.get(tag["dimension"], {}), "label_en", "label_zh") or md(tag["field"])
        filters.append({"field": tag["field"], "label": label, "options": options})
    codes = sorted({code for case in site.cases for code in [*site.ancestors(case["region"]), case["region"]]})
    if len(codes) > REGION_OPTIONS:
        codes = [c for c in codes if c in site.regions and len(site.ancestors(c)) <= 1]
    filters.append({"field": "region", "label": "Region",
                    "options": [(c, english.either(site.regions[c], "name_en", "name_zh"))
                                for c in codes if c in site.regions]})
    return filters


def _item(site: Site, case: Row) -> View:
    view = english.case_view(site, case, "cases/index.md")
    data = [(t["field"], " ".join(code for code, _ in t["values"])) for t in view["tags"]]
    data.append(("region", " ".join([*site.ancestors(case["region"]), case["region"]])))
    return view | {"url": f"{case['id']}/", "data": data, "tags": [t | {"vals": t["values"]} for t in view["tags"]]}


def cases_index(env: Environment, site: Site) -> str:
    return str(env.get_template("site/en/cases-index.md.j2").render(
        cases=[_item(site, c) for c in site.cases[:CASES_IN_HTML]], filters=_filters(site), total=len(site.cases)))


def _text(markup: str) -> str:
    """Plain text of a view's markup (the filter script inserts it as text)."""
    return html.unescape(markup.replace('<span lang="zh">', "").replace("</span>", ""))


def cases_json(site: Site) -> bytes:
    items = []
    for case in site.cases:
        item = _item(site, case)
        items.append({"url": item["url"], "title": case.get("title_en") or case["title_zh"],
                      "meta": f"{_text(item['region'])} · {item['years']}", "data": dict(item["data"]),
                      "tags": [_text(label) for tag in item["tags"] for _, label in tag["vals"]]})
    return (json.dumps(items, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def sources_page(env: Environment, site: Site) -> str:
    page = "sources.md"
    rows = []
    for sid, src in sorted(site.sources.items(), key=lambda kv: (kv[1].get("published") or "", kv[0]), reverse=True):
        figures = [f for f in site.figures if f["source"] == sid]
        cases = [c for c in site.cases if c["source"] == sid]
        url = src.get("url") or ""
        when = numbers_en.date_label(str(src.get("published") or ""))
        regions = _source_regions(site, page, sorted({f["region"] for f in figures}))
        rows.append({
            "id": sid, "title": english.zh(src["title"]),
            "title_en": english.text(src.get("title_en")) or f"A report in Chinese ({md(sid)})",
            "publisher": english.zh(src.get("publisher")), "author": english.zh(src.get("author")),
            "published": md(when + (numbers_en.ESTIMATED_MARK if src.get("published_estimated") else "")),
            "language": md(src.get("language")), "note": english.text(src.get("note")),
            "url": url if URL.fullmatch(url) else "", "url_text": md(url), "figure_count": len(figures),
            "regions": regions, "case_count": len(cases), "cases_link": link(page, "cases/index.md"),
            "cases": [{"title": english.either(c, "title_en", "title_zh"), "link": link(page, case_path(c["id"]))}
                      for c in cases[:SOURCE_CASES]],
        })
    return str(env.get_template("site/en/sources.md.j2").render(sources=rows))


def _source_regions(site: Site, page: str, codes: list[str]) -> list[View]:
    """The regions a source has figures for; past SOURCE_REGIONS, their top-level regions with counts."""
    if len(codes) <= SOURCE_REGIONS:
        counts = dict.fromkeys(codes, 0)
    else:
        counts = {}
        for code in codes:
            top = (site.ancestors(code) or [code])[0]
            counts[top] = counts.get(top, 0) + 1
    return [{"name": english.either(site.regions[c], "name_en", "name_zh"), "link": link(page, region_path(c)),
             "count": n} for c, n in sorted(counts.items())]


def sentence(site: Site, fig: Row) -> str:
    """``As of Oct 2020, households on file in Yunnan (national register) numbered 2,513.``"""
    metric = site.metrics[fig["metric"]]
    register = english.REGISTER_LABEL.get(fig.get("register") or "", "")
    region = english.either(site.regions[fig["region"]], "name_en", "name_zh")
    what = f"{english.either(metric, 'label_en', 'label_zh')} in {region}" + (f" ({register})" if register else "")
    when = md(numbers_en.figure_period(fig))
    return f"{what}: {english.figure_value(site, fig)}, {when}."


def press_files(site: Site, out: Path, cache: Path, by_region: dict[str, list[ChartSpec]], env: Environment) -> bytes:
    """The English key-figures page; its PNG charts are written into ``out/images/charts``."""
    charts = {code: {s.slug: s for s in specs} for code, specs in by_region.items()}
    regions, wanted = [], {}
    for code in headline_regions(site):
        items = []
        for fig in headline_figures(site, code):
            spec = charts[code].get(history_slug(fig))
            if spec:
                wanted[spec.slug] = spec
            items.append(_press_item(site, fig, spec))
        region = site.regions[code]
        regions.append({"name": english.either(region, "name_en", "name_zh"), "link": link(PRESS, region_path(code)),
                        "figures": items})
    if sum(len(specs) for specs in charts.values()) <= PNG_ALL_CHARTS:  # every chart's page offers its PNG
        for specs in charts.values():
            wanted.update(specs)
    write_pngs([(sorted(wanted.values(), key=lambda s: s.slug), 2)], out, cache)
    return env.get_template("site/en/key-figures.md.j2").render(regions=regions, prefix=url_prefix(PRESS)).encode()


def _press_item(site: Site, fig: Row, spec: ChartSpec | None) -> View:
    source = site.sources.get(fig["source"], {})
    published = numbers_en.date_label(str(source.get("published") or ""))
    return {"id": fig["id"], "sentence": sentence(site, fig),
            "source": english.source_title(site, fig["source"]) + (f", {md(published)}" if published else ""),
            "source_link": link(PRESS, source_target(fig["source"])),
            "chart": None if spec is None else {"title": md(spec.title), "alt": attr(alt_text(spec)),
                                                "svg": f"charts/{spec.slug}.svg", "png": f"{PNG_DIR}/{spec.slug}.png"}}
