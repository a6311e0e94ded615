"""The English edition's texts: a row whose original text has no English counterpart.

A field ``<stem>_en`` translates ``<stem>_zh`` (``name_en`` → ``name_zh``), or ``<stem>`` when
there is no ``_zh`` field (``title_en`` → ``title``).  Where the original is filled and the
English is empty, the English pages show the Chinese text marked as Chinese: a warning
(``missing-translation``), so ``--strict`` fails until the data carry the English.
"""

from __future__ import annotations

import polars as pl

from jiekun.core.issues import Issue, warning
from jiekun.data.checked import Checked
from jiekun.data.load import LINE


def pairs(columns: list[str]) -> list[tuple[str, str]]:
    """(English field, the field it translates) of a table's columns."""
    found = []
    for name in columns:
        if name.endswith("_en"):
            stem = name[: -len("_en")]
            original = f"{stem}_zh" if f"{stem}_zh" in columns else stem if stem in columns else ""
            if original:
                found.append((name, original))
    return found


def _blank(name: str) -> pl.Expr:
    return pl.col(name).is_null() | (pl.col(name).cast(pl.String).str.strip_chars() == "")


def translation_issues(tables: dict[str, Checked]) -> list[Issue]:
    """A warning for every empty English text whose original is filled."""
    issues: list[Issue] = []
    for t in tables.values():
        for english, original in pairs(t.typed.columns):
            rows = t.typed.filter(~_blank(original) & _blank(english)).select(LINE, original)
            issues += [warning(t.file, line, english, "missing-translation",
                               f"no English for {original} {str(value)!r}: the English pages show the Chinese text",
                               f"write {english} in English (not machine-translated)")
                       for line, value in rows.iter_rows()]
    return issues
