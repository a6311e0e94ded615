"""Checks a Table Schema cannot express, run after every table has been read.

Each rule takes the checked tables by resource name and returns issues; a rule whose
tables are absent does nothing.  Rules about figures live in :mod:`jiekun.data.figures`,
:mod:`jiekun.data.breakdowns` and :mod:`jiekun.data.restatements`.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error, warning
from jiekun.core.suggest import did_you_mean
from jiekun.data import breakdowns, figures, privacy, published, restatements
from jiekun.data.checked import Checked
from jiekun.data.distinct import failing_rows
from jiekun.data.load import LINE
from jiekun.data.translations import translation_issues

Tables = dict[str, Checked]


def _text_fields(t: Checked) -> list[str]:
    return [f["name"] for f in t.resource.schema.get("fields", [])
            if f.get("type", "string") == "string" and f["name"] in t.typed.columns]


FORMULA = r"^[=+\-@\t\r]"
SUSPECT = r"^[=+\-@\s]|\s$"  # FORMULA, or a space at either end: one pass tells which cells to look at


def text_cell_issues(tables: Tables) -> list[Issue]:
    """Spreadsheet formula injection and stray spaces in text cells."""
    issues: list[Issue] = []
    for t in tables.values():
        names = _text_fields(t)
        found = failing_rows(t.typed, [(n, ~pl.col(n).str.contains(SUSPECT)) for n in names])
        for name, rows in ((n, rows) for n, rows in zip(names, found, strict=True) if rows):
            suspect = t.typed.select(pl.col(LINE).gather(rows), pl.col(name).gather(rows))
            issues += [error(t.file, ln, name, "formula-injection",
                             _("text starts with {0!r}: a spreadsheet would run it as a formula").format(v[:1]),
                             _("reword the text so it starts with a letter, digit or Chinese character"))
                       for ln, v in suspect.filter(pl.col(name).str.contains(FORMULA)).iter_rows()]
            issues += [warning(t.file, ln, name, "whitespace", _("{0!r} has spaces at its start or end").format(v),
                               _("remove the spaces"))
                       for ln, v in suspect.filter(pl.col(name) != pl.col(name).str.strip_chars()).iter_rows()]
    return issues


def list_issues(tables: Tables) -> list[Issue]:
    """Fields whose values are codes of a dimension (``x-dimension``), optionally ``;``-separated lists."""
    cats = tables.get("categories")
    if cats is None:
        return []
    known = {(d, c) for d, c in cats.typed.select("dimension", "code").iter_rows()}
    label = "label_zh" if "label_zh" in cats.typed.columns else "code"
    labels: dict[str, dict[str, str]] = {}
    for d, c, text in cats.typed.select("dimension", "code", label).iter_rows():
        labels.setdefault(d, {})[c] = text
    issues: list[Issue] = []
    for t in tables.values():
        for field in t.resource.schema.get("fields", []):
            dim, sep = field.get("x-dimension"), field.get("x-separator")
            if not dim or field["name"] not in t.typed.columns:
                continue
            for ln, value in t.typed.select(LINE, field["name"]).drop_nulls().iter_rows():
                for code in (value.split(sep) if sep else [value]):
                    if (dim, code) not in known:
                        issues.append(error(t.file, ln, field["name"], "foreign-key",
                                            _("{0!r} is not a category of {1!r}").format(code, dim)
                                            + did_you_mean(code, labels.get(dim, {}), labels.get(dim, {})),
                                            _("use a code listed for {0!r} in {1}").format(dim, cats.file)))
    return issues


LEVEL_PARENTS = {"province": set(), "prefecture": {"province"}, "county": {"prefecture", "province"}}


def region_issues(tables: Tables) -> list[Issue]:
    regions = tables.get("regions")
    if regions is None:
        return []
    f = regions.typed
    level = dict(f.select("code", "level").iter_rows())
    issues = []
    for ln, code, lvl, parent in f.select(LINE, "code", "level", "parent").iter_rows():
        if parent == code:
            issues.append(error(regions.file, ln, "parent", "region-hierarchy", _("a region cannot be its own parent")))
        elif lvl in LEVEL_PARENTS and (parent is None) != (lvl == "province"):
            issues.append(error(regions.file, ln, "parent", "region-hierarchy",
                                _("a province has no parent") if lvl == "province"
                                else _("a {0} needs a parent").format(lvl)))
        elif parent in level and lvl in LEVEL_PARENTS and level[parent] not in LEVEL_PARENTS[lvl]:
            issues.append(error(regions.file, ln, "parent", "region-hierarchy",
                                _("a {0} cannot belong to a {1} ({2})").format(lvl, level[parent], parent)))
    return issues


def outcome_issues(tables: Tables) -> list[Issue]:
    out = tables.get("outcomes")
    if out is None:
        return []
    f, file = out.typed, out.file
    sources = tables["sources"].typed if "sources" in tables else None
    issues = figures.period_issues(f, file, sources) + figures.share_issues(f, file) + figures.conflict_issues(f, file)
    if "metrics" in tables:
        issues += figures.metric_issues(f, file, tables["metrics"].typed)
    issues += restatements.restates_issues(f, file) + restatements.disagreement_issues(f, file)
    issues += restatements.estimate_issues(f, file, sources)
    if "breakdowns" in tables and "categories" in tables:
        b = tables["breakdowns"]
        issues += breakdowns.part_issues(f, file, b.typed, tables["categories"].typed)
        issues += breakdowns.sum_issues(f, file, b.typed, b.file)
    return issues


def _income_issues(f: pl.DataFrame, file: str) -> list[Issue]:
    """A case's monthly income, like every figure, says how the source qualified it."""
    if not {"monthly_income_yuan", "monthly_income_qualifier"} <= set(f.columns):
        return []
    rows = f.filter(pl.col("monthly_income_yuan").is_not_null() & pl.col("monthly_income_qualifier").is_null())
    return [error(file, ln, "monthly_income_qualifier", "missing-qualifier",
                  _("a monthly income is given without its qualifier"),
                  _("set monthly_income_qualifier to exact, more-than, at-least, about or nearly, as the source "
                    "words it"))
            for ln, in rows.select(LINE).iter_rows()]


def case_issues(tables: Tables) -> list[Issue]:
    cases = tables.get("case-studies")
    if cases is None:
        return []
    f, file = cases.typed, cases.file
    issues = [error(file, ln, "year_end", "period-order", _("the story ends ({0}) before it starts ({1})").format(e, s))
              for ln, s, e in f.filter(pl.col("year_end") < pl.col("year_start")).select(
                  LINE, "year_start", "year_end").iter_rows()]
    orgs = tables["organisations"].typed if "organisations" in tables else None
    issues += privacy.enterprise_issues(f, file, orgs) + privacy.duplicate_pseudonym_issues(f, file)
    issues += privacy.consent_issues(f, file) + figures.impossible_dates(f, file, ["consent_date"])
    issues += _income_issues(f, file)
    return issues


def published_issues(tables: Tables) -> list[Issue]:
    """Each figure against its wording as published (see :mod:`jiekun.data.published`)."""
    out = tables.get("outcomes")
    return published.check(out.typed, out.file) if out else []


def source_issues(tables: Tables) -> list[Issue]:
    src = tables.get("sources")
    return figures.impossible_dates(src.typed, src.file, ["published"]) if src else []


RULES: list[Callable[[Tables], list[Issue]]] = [
    text_cell_issues, list_issues, region_issues, outcome_issues, case_issues, source_issues,
    published_issues, translation_issues,
]


def run(tables: Tables) -> list[Issue]:
    issues: list[Issue] = []
    for rule in RULES:
        issues += rule(tables)
    return issues
