"""A :class:`~jiekun.tools.diff.DataDiff` written for people (text, Markdown) and for tools (JSON).

Text and Markdown are rendered from ``templates/diff.txt.j2`` and ``templates/diff.md.j2``;
every value from the data is escaped with :func:`jiekun.core.text.md` before Markdown prints it.
"""

from __future__ import annotations

import json
from typing import Any

from jiekun.core.i18n import _, install
from jiekun.core.text import md
from jiekun.site.render import environment
from jiekun.tools.diff import DataDiff, FigureChange, Shown, TableDiff, to_dict

#: rows listed per table and section in Markdown (a job summary must stay small); text lists all
MARKDOWN_ROWS = 100


def side_label(label: str, commit: str | None) -> str:
    return f"{label} ({commit[:10]})" if commit and not label.startswith(commit[:7]) else label


SPACE = "␠"  # how a space at the start or end of a changed value is shown


def visible(old: str, new: str) -> tuple[str, str]:
    """Both values, with spaces at their ends made visible when those are what changed."""
    if old.strip() != new.strip() or old == new:
        return old, new

    def mark(value: str) -> str:
        body = value.strip()
        start = value.index(body) if body else len(value)
        return SPACE * start + body + SPACE * (len(value) - start - len(body))
    return mark(old), mark(new)


def row_text(row: dict[str, str], key: list[str]) -> str:
    """A row in one line: its key first, then every non-empty field as ``name=value``; a value
    that holds ``;``, a quote, a line break or outer spaces is written as a JSON string."""
    ordered = key + [f for f in row if f not in key]
    return "; ".join(f"{f}={_value(row[f])}" for f in ordered if row.get(f))


def _value(text: str) -> str:
    plain = text == text.strip() and not any(c in text for c in ';"\n\r\t')
    return text if plain else json.dumps(text, ensure_ascii=False)


def figure_where(change: FigureChange) -> Shown:
    """Region, metric, part and period of a changed figure; ``old → new`` where they differ."""
    before, after = change.before or {}, change.after or {}
    where = {}
    for name in ("region", "metric", "part", "period"):
        old, new = before.get(name, ""), after.get(name, "")
        where[name] = (new or old) if not before or not after or old == new else f"{old} → {new}"
    return where


def table_summary(table: TableDiff) -> str:
    counts = [_("{n} added").format(n=len(table.added)), _("{n} removed").format(n=len(table.removed)),
              _("{n} changed").format(n=len(table.changed))]
    if table.columns_added:
        counts.append(_("columns added: ") + ", ".join(table.columns_added))
    if table.columns_removed:
        counts.append(_("columns removed: ") + ", ".join(table.columns_removed))
    return ", ".join(counts)


def _context(result: DataDiff) -> dict[str, Any]:
    return {
        "base": side_label(result.base.label, result.base.commit),
        "head": side_label(result.head.label, result.head.commit),
        "result": result,
        "tables": result.tables,
        "figures": [(f, figure_where(f)) for f in result.figures],
        "row_text": row_text,
        "visible": visible,
        "table_summary": table_summary,
        "limit": MARKDOWN_ROWS,
    }


def to_text(result: DataDiff) -> str:
    return install(environment()).get_template("diff.txt.j2").render(_context(result))


def to_markdown(result: DataDiff) -> str:
    env = install(environment())
    env.filters["md"] = md
    return env.get_template("diff.md.j2").render(_context(result))


def to_json(result: DataDiff) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown}
