"""Case-study pages: one page per case and a filterable index.

Each case honours its publication basis and display-name choice: the person is shown only
under ``display_name``, marked as a pseudonym or initials when it is one.
"""

from __future__ import annotations

import html
import json

from jinja2 import Environment

from jiekun.core.numbers import format_value
from jiekun.core.text import md, para, title
from jiekun.core.vocab import EXACT
from jiekun.model.model import Row, Site
from jiekun.model.views import View, case_path, case_tags, case_view, link, source_target

DISPLAY_AS = {"full-name": "", "pseudonym": "化名", "initials": "姓名缩写"}
REGION_OPTIONS = 300  # past this many regions the region filter offers only the top two levels
BASIS = {"published-in-press": "已见于公开报道", "written-consent": "本人书面同意", "public-record": "公开记录"}


def _person(case: Row) -> str:
    marker = DISPLAY_AS.get(case.get("display_as") or "", "")
    name = md(case.get("display_name")) or "未具名"
    return f"{name}（{marker}）" if marker else name


def _yuan(value: float | None, qualifier: str | None = None) -> str:
    return "" if value is None else format_value(value, "元", qualifier or EXACT)


def case_page(env: Environment, site: Site, case: Row) -> str:
    page = case_path(case["id"])
    org = site.organisations.get(case.get("organisation") or "", {})
    source = site.sources.get(case["source"], {})
    view = case_view(site, case, page) | {
        "page_title": title(case["title_zh"]),
        "index_link": link(page, "cases/index.md"),
        "person": _person(case),
        "display_as_label": DISPLAY_AS.get(case.get("display_as") or "", "") or "姓名",
        "organisation": md(org.get("name_zh")),
        "tags": [t | {"vals": t["values"]} for t in case_tags(site, case)],
        "aid": _yuan(case.get("aid_yuan")),
        "income": _yuan(case.get("monthly_income_yuan"), case.get("monthly_income_qualifier")),
        "basis": md(BASIS.get(case.get("basis") or "", case.get("basis"))),
        "basis_note": md(case.get("basis_note")),
        "source": md(source.get("title", case["source"])),
        "source_link": link(page, source_target(case["source"])),
        "locator": md(case.get("locator")),
        "health_info": bool(case.get("health_info")),
        "summary": para(case.get("summary_zh")),
        "summary_en": para(case.get("summary_en")),
    }
    return str(env.get_template("site/case.md.j2").render(case=view, page=page))


def _filters(site: Site) -> list[View]:
    """One drop-down per tag field (options that occur, in category order) and one for regions."""
    filters = []
    for tag in site.case_tags:
        used = {code for case in site.cases for v in case_tags(site, case) if v["field"] == tag["field"]
                for code, _ in v["values"]}
        options = [(code, md(row["label_zh"])) for (dim, code), row in site.categories.items()
                   if dim == tag["dimension"] and code in used]
        filters.append({"field": tag["field"], "label": md(tag["label"]), "options": options})
    codes = sorted({code for case in site.cases for code in [*site.ancestors(case["region"]), case["region"]]})
    if len(codes) > REGION_OPTIONS:  # a national site: the top two levels (each region page lists its own cases)
        codes = [c for c in codes if c in site.regions and len(site.ancestors(c)) <= 1]
    filters.append({"field": "region", "label": "地区",
                    "options": [(c, md(site.regions[c]["name_zh"])) for c in codes if c in site.regions]})
    return filters


def _item(site: Site, case: Row) -> View:
    page = "cases/index.md"
    view = case_view(site, case, page)
    data = [(t["field"], " ".join(code for code, _ in t["values"])) for t in view["tags"]]
    data.append(("region", " ".join([*site.ancestors(case["region"]), case["region"]])))
    return view | {"url": f"{case['id']}/", "data": data, "tags": [t | {"vals": t["values"]} for t in view["tags"]]}


CASES_IN_HTML = 100  # the index page lists this many; the filter script loads the rest from index.json


def cases_index(env: Environment, site: Site) -> str:
    return str(env.get_template("site/cases-index.md.j2").render(
        cases=[_item(site, c) for c in site.cases[:CASES_IN_HTML]], filters=_filters(site), total=len(site.cases)))


def cases_json(site: Site) -> bytes:
    """Every case for the index filter script: plain text (the script inserts it as text)."""
    items = []
    for case in site.cases:
        item = _item(site, case)
        items.append({"url": item["url"], "title": case["title_zh"],
                      "meta": f"{html.unescape(item['region'])} · {item['years']}",
                      "data": dict(item["data"]),
                      "tags": [html.unescape(label) for tag in item["tags"] for _, label in tag["vals"]]})
    return (json.dumps(items, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def newest_cases(site: Site, page: str, count: int) -> list[View]:
    return [case_view(site, c, page) for c in site.cases[:count]]
