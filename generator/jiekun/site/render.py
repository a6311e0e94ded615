"""Stage 4: render Markdown pages from the validated data and the Table Schemas.

Pages are plain Markdown strings built from templates in ``generator/jiekun/templates``; this
module holds the one template environment every page uses and renders the data
dictionary.  :mod:`jiekun.site.generate` collects all pages; nothing here knows the builder.
"""

from __future__ import annotations

import html
import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from jiekun.core.report import md_cell
from jiekun.data.catalog import Catalog
from jiekun.data.checked import Checked
from jiekun.model.views import href


def environment() -> Environment:
    env = Environment(loader=PackageLoader("jiekun", "templates"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = md_cell
    env.filters["constraints"] = constraint_text
    env.filters["href"] = _href
    return env


@pass_context
def _href(context: Context, target: str) -> str:
    """``{{ link | href }}``: a Markdown link of the page being rendered (``page``) as the address the
    browser needs in raw HTML.  Generated pages write their tables and cards as HTML, which the engine
    passes through without parsing it as Markdown, so it builds them much faster."""
    return href(context["page"], target)


def code(value: object) -> str:
    """Inline code that is safe inside a Markdown table cell."""
    return "<code>" + html.escape(str(value)).replace("|", "&#124;") + "</code>"


def constraint_text(field: dict[str, Any]) -> str:
    """The constraints of a field in words (Markdown-safe), for the data dictionary."""
    cons = field.get("constraints", {})
    parts = []
    if cons.get("required"):
        parts.append("required")
    if cons.get("unique"):
        parts.append("unique")
    if "enum" in cons:
        parts.append("one of: " + ", ".join(code(v) for v in cons["enum"]))
    if "pattern" in cons:
        parts.append(f"pattern {code(cons['pattern'])}")
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("exclusiveMinimum", ">"), ("minLength", "length ≥"),
                      ("maxLength", "length ≤")):
        if key in cons:
            parts.append(f"{word} {cons[key]}")
    if field.get("x-dimension"):
        sep = field.get("x-separator")
        parts.append(f"codes of {code(field['x-dimension'])}" + (f", separated by {code(sep)}" if sep else ""))
    return "; ".join(parts)


def data_dictionary(catalog: Catalog, tables: dict[str, Checked]) -> str:
    categories = tables["categories"].typed.drop("__line").to_dicts() if "categories" in tables else []
    dimensions = tables["dimensions"].typed.drop("__line").to_dicts() if "dimensions" in tables else []
    return environment().get_template("data-dictionary.md.j2").render(
        packages=catalog.packages, resources=catalog.resources(), dimensions=dimensions, categories=categories,
        schema_json=lambda r: json.dumps(r.schema, ensure_ascii=False))
