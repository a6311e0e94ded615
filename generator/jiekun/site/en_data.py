"""The English edition's data page and data dictionary (the files they offer are the Chinese edition's)."""

from __future__ import annotations

import json

from jinja2 import Environment

from jiekun.core.text import md
from jiekun.data.catalog import Catalog
from jiekun.data.checked import Checked
from jiekun.model.model import Row, Site
from jiekun.model.views import View, link
from jiekun.site import english
from jiekun.site.datafiles import Offered
from jiekun.site.datapages import FORMATS, _demote, _examples, caveat_counts, citation_view, versions_view

PAGE = "data/index.md"


def _shared(view: View) -> View:
    """A view made for a page at the site's root, its ``*_link`` values pointing into the Chinese edition."""
    def one(key: str, value: object) -> object:
        if isinstance(value, dict):
            return _shared(value)
        if isinstance(value, list):
            return [_shared(v) if isinstance(v, dict) else v for v in value]
        return english.shared(PAGE, value) if key.endswith("_link") and isinstance(value, str) else value

    return {key: one(key, value) for key, value in view.items()}


def package_view(pkg: Row, tables: dict[str, Checked]) -> View:
    d, name = pkg["descriptor"], pkg["name"]
    here = "data/index.md"
    return {
        "name": name, "title": md(d.get("title", name)), "version": md(d.get("version", "")),
        "title_zh": md(d.get("x-title-zh", "")), "description": english.text(d.get("description", "")),
        "license": md((d.get("licenses") or [{}])[0].get("title", "")),
        "zip_link": english.shared(here, f"data/{name}.zip"),
        "descriptor_link": english.shared(here, f"data/{name}/datapackage.json"),
        "tables": [{"name": r["name"], "title": md(r.get("title") or r.get("x-title-zh", "")),
                    "rows": tables[r["name"]].typed.height if r["name"] in tables else 0,
                    **{f"{ext}_link": english.shared(here, f"data/{name}/{r['name']}.{ext}") for ext in FORMATS}}
                   for r in d.get("resources", [])],
    }


def data_page(env: Environment, site: Site, tables: dict[str, Checked], changelog: str, offered: Offered) -> str:
    return str(env.get_template("site/en/data.md.j2").render(
        packages=[package_view(p, tables) for p in site.packages],
        versions=[_shared(v) for v in versions_view(offered, "index.md")],
        citation=_citation(offered),
        dictionary_link=link(PAGE, "data-dictionary.md"), sources_link=link(PAGE, "sources.md"),
        example_id=site.figures[0]["id"] if site.figures else "", examples=_examples(site),
        changelog=english.mark_zh_markdown(_demote(changelog)), **caveat_counts(site)))


def _citation(offered: Offered) -> View:
    view = _shared(citation_view(offered, "index.md"))
    return view | {"text": english.mark_zh(view["text"])}


def data_dictionary(env: Environment, catalog: Catalog, tables: dict[str, Checked]) -> str:
    categories = tables["categories"].typed.drop("__line").to_dicts() if "categories" in tables else []
    dimensions = tables["dimensions"].typed.drop("__line").to_dicts() if "dimensions" in tables else []
    env = env.overlay()
    env.filters["zh"] = english.mark_zh
    return env.get_template("data-dictionary-en.md.j2").render(
        packages=catalog.packages, resources=catalog.resources(), dimensions=dimensions, categories=categories,
        schema_json=lambda r: json.dumps(r.schema, ensure_ascii=False))
