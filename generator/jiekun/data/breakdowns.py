"""Checks of breakdowns: parts of a total must fit inside it, and fill it when complete."""

from __future__ import annotations

from typing import Any

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error
from jiekun.core.vocab import EXACT, MORE_THAN
from jiekun.data.load import LINE

PERCENT = "percent"


def _tolerance(total: float, rows: list[dict[str, Any]], percent: bool) -> float:
    rounded = any(r["qualifier"] != EXACT or any(ch in (r["value_as_published"] or "") for ch in "万亿")
                  for r in rows)
    if percent:
        return 0.1
    return max(abs(total) * 0.01, 1.0) if rounded else 1e-9


def part_issues(out: pl.DataFrame, file: str, breakdowns: pl.DataFrame, categories: pl.DataFrame) -> list[Issue]:
    has_b, has_c = pl.col("breakdown").is_not_null(), pl.col("category").is_not_null()
    issues = [error(file, ln, "category", "breakdown-error", _("a part needs both a breakdown and a category"))
              for ln, in out.filter(has_b ^ has_c).select(LINE).iter_rows()]
    parts = out.filter(has_b & has_c).join(
        breakdowns.select(pl.col("id").alias("breakdown"), pl.col("dimension")), on="breakdown", how="inner")
    known = categories.select("dimension", pl.col("code").alias("category"))
    for ln, cat, dim in parts.join(known, on=["dimension", "category"], how="anti").select(
            LINE, "category", "dimension").iter_rows():
        issues.append(error(file, ln, "category", "foreign-key", _("{0!r} is not a category of {1!r}").format(cat, dim),
                            _("use a code listed for that dimension in categories.csv")))
    dup = parts.filter(pl.struct("breakdown", "category").is_duplicated())
    seen: set[tuple[str, str]] = set()
    for ln, b, c in dup.sort(LINE).select(LINE, "breakdown", "category").iter_rows():
        if (b, c) in seen:
            issues.append(error(file, ln, "category", "breakdown-error",
                _("category {0!r} appears twice in {1!r}").format(
                c, b)))
        seen.add((b, c))
    return issues


def _sum_issue(file: str, b: dict[str, Any], total: dict[str, Any] | None, parts: list[dict[str, Any]]) -> list[Issue]:
    percent = bool(parts) and all(p["unit"] == PERCENT for p in parts)
    target = 100.0 if percent else (total["value"] if total else None)
    if target is None or not parts or any(p["value"] is None for p in parts):
        return []
    if not percent and total and any(p["unit"] != total["unit"] for p in parts):
        return [error(file, parts[0][LINE], "unit", "breakdown-error",
                      _("the parts of {0!r} are not in the unit of their total ({1})").format(b['id'], total['unit']))]
    got = sum(p["value"] for p in parts)
    tol = _tolerance(target, parts + ([total] if total and not percent else []), percent)
    lower_bound = total is not None and not percent and total["qualifier"] == MORE_THAN
    line = min(p[LINE] for p in parts)
    if got > target + tol and not lower_bound:
        return [error(file, line, "value", "breakdown-exceeds-total",
                      _("the parts of {0!r} add up to {1:g}, more than their total {2:g}").format(b['id'], got, target),
                      _("check each part and the total against the source"))]
    if b["complete"] and abs(got - target) > tol and not lower_bound:
        return [error(file, line, "value", "breakdown-sum-mismatch",
                      _("the parts of complete breakdown {0!r} add up to {1:g}, not {2:g}").format(
                          b['id'], got, target),
                      _("fix the figures, or mark the breakdown complete=false if the source lists only some parts"))]
    return []


def _scope_issues(file: str, total: dict[str, Any], parts: list[dict[str, Any]]) -> list[Issue]:
    keys = ("region", "period_kind", "period_start", "period_end")
    return [error(file, p[LINE], k, "breakdown-error",
                  _("a part must have the same {0} as its total {1!r} ({2!r}), got {3!r}").format(
                      k, total['id'], total[k], p[k]))
            for p in parts for k in keys if p[k] != total[k]]


def sum_issues(out: pl.DataFrame, file: str, breakdowns: pl.DataFrame, bfile: str) -> list[Issue]:
    by_id = {r["id"]: r for r in out.filter(pl.col("id").is_in(breakdowns["total"].drop_nulls().implode()))
             .iter_rows(named=True)}
    parts_of: dict[str, list[dict[str, Any]]] = {}
    for row in out.filter(pl.col("breakdown").is_not_null()).iter_rows(named=True):
        parts_of.setdefault(row["breakdown"], []).append(row)
    issues: list[Issue] = []
    for b in breakdowns.iter_rows(named=True):
        total = by_id.get(b["total"]) if b["total"] else None
        if total is not None and total["breakdown"] is not None:
            issues.append(error(bfile, b[LINE], "total", "breakdown-error",
                                _("the total {0!r} is itself a part of a breakdown").format(total['id'])))
            continue
        parts = parts_of.get(b["id"], [])
        issues += _scope_issues(file, total, parts) if total else []
        issues += _sum_issue(file, b, total, parts)
    return issues
