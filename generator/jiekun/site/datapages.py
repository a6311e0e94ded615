"""The sources page and the data page (the downloads it lists are made by :mod:`jiekun.site.datafiles`)."""

from __future__ import annotations

import re

from jinja2 import Environment

from jiekun.core.text import estimated, md
from jiekun.data.checked import Checked
from jiekun.model.model import Row, Site
from jiekun.model.views import View, case_path, link, region_path
from jiekun.site.datafiles import Offered

URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+")
FORMATS = ("csv", "json", "parquet")
SOURCE_REGIONS = 40  # a source citing more regions lists them by top-level region, with counts
SOURCE_CASES = 30  # a source with more case studies lists the newest this many and links to the index


def sources_page(env: Environment, site: Site) -> str:
    page = "sources.md"
    rows = []
    for sid, src in sorted(site.sources.items(), key=lambda kv: (kv[1].get("published") or "", kv[0]), reverse=True):
        figures = [f for f in site.figures if f["source"] == sid]
        url = src.get("url") or ""
        regions = sorted({f["region"] for f in figures})
        cases = [c for c in site.cases if c["source"] == sid]
        published = estimated(str(src.get("published") or ""), src.get("published_estimated"))
        rows.append({
            "id": sid, "title": md(src["title"]), "publisher": md(src.get("publisher")),
            "author": md(src.get("author")), "published": md(published),
            "language": md(src.get("language")), "note": md(src.get("note")),
            "url": url if URL.fullmatch(url) else "", "url_text": md(url),
            "figure_count": len(figures),
            "regions": _source_regions(site, page, regions),
            "cases": [{"title": md(c["title_zh"]), "link": link(page, case_path(c["id"]))}
                      for c in cases[:SOURCE_CASES]],
            "case_count": len(cases), "cases_link": link(page, "cases/index.md"),
        })
    return str(env.get_template("site/sources.md.j2").render(sources=rows))


def _source_regions(site: Site, page: str, codes: list[str]) -> list[View]:
    """The regions a source has figures for; past SOURCE_REGIONS, their top-level regions."""
    if len(codes) <= SOURCE_REGIONS:
        return [{"name": md(site.regions[c]["name_zh"]), "link": link(page, region_path(c)), "count": 0}
                for c in codes]
    tops: dict[str, int] = {}
    for code in codes:
        top = (site.ancestors(code) or [code])[0]
        tops[top] = tops.get(top, 0) + 1
    return [{"name": md(site.regions[t]["name_zh"]), "link": link(page, region_path(t)), "count": n}
            for t, n in sorted(tops.items())]


def package_view(pkg: Row, page: str, tables: dict[str, Checked]) -> View:
    d, name = pkg["descriptor"], pkg["name"]
    return {
        "name": name, "title": md(d.get("x-title-zh") or d.get("title", name)), "version": md(d.get("version", "")),
        "title_en": md(d.get("title", "")) if d.get("x-title-zh") else "",
        "description": md(d.get("x-description-zh") or d.get("description", "")),
        "license": md((d.get("licenses") or [{}])[0].get("title", "")),
        "zip_link": link(page, f"data/{name}.zip"),
        "descriptor_link": link(page, f"data/{name}/datapackage.json"),
        "tables": [{"name": r["name"], "title": md(r.get("x-title-zh") or r.get("title", "")),
                    "rows": tables[r["name"]].typed.height if r["name"] in tables else 0,
                    **{f"{ext}_link": link(page, f"data/{name}/{r['name']}.{ext}") for ext in FORMATS}}
                   for r in d.get("resources", [])],
    }


def versions_view(offered: Offered, page: str) -> list[View]:
    rows: list[View] = [{
        "version": md(v.number), "date": md(v.date or "—"), "current": v.commit is None, "note": "",
        "folder": md(f"data/v{v.number}/"),
        "files": [{"name": md(n), "zip_link": link(page, f"data/v{v.number}/{n}.zip"),
                   "descriptor_link": link(page, f"data/v{v.number}/{n}/datapackage.json")} for n in names],
    } for v, names in offered.versions]
    rows += [{"version": md(n), "date": md(d or "—"), "current": False, "files": [], "note": md(why), "folder": ""}
             for n, d, why in offered.missing]
    return sorted(rows, key=lambda r: [int(x) if x.isdigit() else 0 for x in re.split(r"[.+-]", r["version"])],
                  reverse=True)


def citation_view(offered: Offered, page: str) -> View:
    cite = offered.citation
    return {"text": md(cite.text()) if cite else "", "bibtex": cite.bibtex() if cite else "",
            "cff": cite.cff() if cite else "", "cff_link": link(page, "data/CITATION.cff"),
            "versions_link": link(page, "data/versions.json")}


def data_page(env: Environment, site: Site, tables: dict[str, Checked], changelog: str, offered: Offered) -> str:
    page = "data/index.md"
    return str(env.get_template("site/data.md.j2").render(
        packages=[package_view(p, page, tables) for p in site.packages],
        versions=versions_view(offered, page), citation=citation_view(offered, page),
        dictionary_link=link(page, "data-dictionary.md"), sources_link=link(page, "sources.md"),
        example_id=site.figures[0]["id"] if site.figures else "",
        caveats=caveat_counts(site), examples=_examples(site),
        changelog=_demote(changelog)))


FIGURES = "outcomes"  # the resource holding the figures: the examples read it


def _demote(markdown: str) -> str:
    """The changelog (a trusted repository file) with its headings pushed below the page's."""
    lines = [line for line in markdown.splitlines() if not line.startswith("# ")]
    return "\n".join("##" + line if line.startswith("#") else line for line in lines).strip() + "\n"


def caveat_counts(site: Site) -> dict[str, int]:
    """The counts the data-caveats paragraph quotes: breakdown parts, restatements, disagreeing rows."""
    return {"parts": sum(1 for f in site.figures if f.get("breakdown")),
            "restated": sum(1 for f in site.figures if not site.counted(f)),
            "disagreeing": len(site.disagreements)}


def _examples(site: Site) -> dict[str, str]:
    """File names the code examples use: the figures table's CSV and its package's zip."""
    for pkg in site.packages:
        for res in pkg["descriptor"].get("resources", []):
            if res["name"] == FIGURES:
                return {"table": f"{res['name']}.csv", "zip": f"{pkg['name']}.zip", "package": str(pkg["name"])}
    return {"table": f"{FIGURES}.csv", "zip": "data.zip", "package": "data"}

