"""The sources page, the data page and the downloads it offers.

Downloads are byte-for-byte deterministic: CSVs are the validated files as they are,
JSON is written with a fixed layout, zips carry fixed timestamps and a sorted entry list.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .model import Row, Site
from .text import estimated, md
from .validate import Checked
from .views import View, case_path, link, region_path

URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
JSON_CHUNK = 20_000  # rows turned into Python dicts at a time when writing a table's JSON
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


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def table_json(checked: Checked) -> Iterator[bytes]:
    """The typed rows of a table as a JSON array (field order kept, integral numbers as integers),
    in chunks, so that a table of any size is never held in memory as Python rows at once."""
    if checked.typed.height == 0:
        yield b"[]\n"
        return
    yield b"[\n"
    first = True
    for frame in checked.typed.iter_slices(JSON_CHUNK):
        rows = [{k: _json_value(v) for k, v in row.items() if k != "__line"} for row in frame.to_dicts()]
        text = ",\n".join(" " + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n ") for r in rows)
        yield (("" if first else ",\n") + text).encode("utf-8")
        first = False
    yield b"\n]\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


Download = bytes | Iterator[bytes]


def downloads(site: Site, tables: dict[str, Checked]) -> dict[str, Download]:
    """Every download by its path in the site: data/<package>/<table>.csv|.json, data/<package>.zip
    (JSON as a lazy stream of chunks, written as it is made)."""
    files: dict[str, Download] = {}
    for pkg in site.packages:
        descriptor_path: Path = pkg["path"]
        base = descriptor_path.parent
        entries = {"datapackage.json": descriptor_path.read_bytes()}
        for res in pkg["descriptor"].get("resources", []):
            rel = str(res["path"])
            raw = (base / rel).read_bytes()
            entries[rel] = raw
            files[f"data/{pkg['name']}/{res['name']}.csv"] = raw
            if res["name"] in tables:
                files[f"data/{pkg['name']}/{res['name']}.json"] = table_json(tables[res["name"]])
        files[f"data/{pkg['name']}/datapackage.json"] = entries["datapackage.json"]
        files[f"data/{pkg['name']}.zip"] = _zip(entries)
    return files


def _citation(descriptor: dict[str, Any]) -> str:
    authors = "、".join(c.get("title", "") for c in descriptor.get("contributors", []))
    licence = (descriptor.get("licenses") or [{}])[0].get("name", "")
    return md(f"{authors}. {descriptor.get('title', descriptor.get('name'))}, version {descriptor.get('version', '')}"
              f" [data set]. {licence}.")


def package_view(pkg: Row, page: str, tables: dict[str, Checked]) -> View:
    d, name = pkg["descriptor"], pkg["name"]
    return {
        "name": name, "title": md(d.get("x-title-zh") or d.get("title", name)), "version": md(d.get("version", "")),
        "title_en": md(d.get("title", "")) if d.get("x-title-zh") else "",
        "description": md(d.get("x-description-zh") or d.get("description", "")),
        "license": md((d.get("licenses") or [{}])[0].get("title", "")),
        "zip_link": link(page, f"data/{name}.zip"),
        "descriptor_link": link(page, f"data/{name}/datapackage.json"),
        "citation": _citation(d),
        "tables": [{"name": r["name"], "title": md(r.get("x-title-zh") or r.get("title", "")),
                    "rows": tables[r["name"]].typed.height if r["name"] in tables else 0,
                    "csv_link": link(page, f"data/{name}/{r['name']}.csv"),
                    "json_link": link(page, f"data/{name}/{r['name']}.json")}
                   for r in d.get("resources", [])],
    }


def data_page(env: Environment, site: Site, tables: dict[str, Checked], changelog: str) -> str:
    page = "data/index.md"
    return str(env.get_template("site/data.md.j2").render(
        packages=[package_view(p, page, tables) for p in site.packages],
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

