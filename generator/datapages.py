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
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .model import Row, Site
from .text import md
from .validate import Checked
from .views import View, case_path, link, region_path

URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def sources_page(env: Environment, site: Site) -> str:
    page = "sources.md"
    rows = []
    for sid, src in sorted(site.sources.items(), key=lambda kv: (kv[1].get("published") or "", kv[0]), reverse=True):
        figures = [f for f in site.figures if f["source"] == sid]
        url = src.get("url") or ""
        regions = sorted({f["region"] for f in figures})
        rows.append({
            "id": sid, "title": md(src["title"]), "publisher": md(src.get("publisher")),
            "author": md(src.get("author")), "published": md(src.get("published")),
            "language": md(src.get("language")), "note": md(src.get("note")),
            "url": url if URL.fullmatch(url) else "", "url_text": md(url),
            "figure_count": len(figures),
            "regions": [{"name": md(site.regions[r]["name_zh"]), "link": link(page, region_path(r))} for r in regions],
            "cases": [{"title": md(c["title_zh"]), "link": link(page, case_path(c["id"]))}
                      for c in site.cases if c["source"] == sid],
        })
    return str(env.get_template("site/sources.md.j2").render(sources=rows))


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def table_json(checked: Checked) -> bytes:
    """The typed rows of a table as a JSON array (field order kept, integral numbers as integers)."""
    rows = [{k: _json_value(v) for k, v in row.items() if k != "__line"} for row in checked.typed.to_dicts()]
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def downloads(site: Site, tables: dict[str, Checked]) -> dict[str, bytes]:
    """Every download by its path in the site: data/<package>/<table>.csv|.json, data/<package>.zip."""
    files: dict[str, bytes] = {}
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
        "title": md(d.get("title", name)), "version": md(d.get("version", "")),
        "description": md(d.get("description", "")),
        "license": md((d.get("licenses") or [{}])[0].get("title", "")),
        "zip_link": link(page, f"data/{name}.zip"),
        "descriptor_link": link(page, f"data/{name}/datapackage.json"),
        "citation": _citation(d),
        "tables": [{"name": r["name"], "title": md(r.get("title", "")),
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
        changelog=_demote(changelog)))


def _demote(markdown: str) -> str:
    """The changelog (a trusted repository file) with its headings pushed below the page's."""
    lines = [line for line in markdown.splitlines() if not line.startswith("# ")]
    return "\n".join("##" + line if line.startswith("#") else line for line in lines).strip() + "\n"
