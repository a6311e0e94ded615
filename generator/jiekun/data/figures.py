"""Cross-table checks of figures (the ``outcomes`` table) that a Table Schema cannot express."""

from __future__ import annotations

from typing import Any

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error, warning
from jiekun.data.load import LINE

PDATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def first_day(col: str) -> pl.Expr:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) covers; null if impossible."""
    c = pl.col(col)
    n = c.str.len_chars()
    suffix = pl.when(n == 4).then(pl.lit("-01-01")).when(n == 7).then(pl.lit("-01")).otherwise(pl.lit(""))
    return (c + suffix).str.to_date("%Y-%m-%d", strict=False)


def last_day(col: str, first: pl.Expr | None = None) -> pl.Expr:
    """The last day a partial date covers; null exactly where :func:`first_day` is.

    ``first`` may be the column's first days, already computed, to derive it from.
    """
    first = first_day(col) if first is None else first
    n = pl.col(col).str.len_chars()
    return (pl.when(n == 4).then(first.dt.offset_by("11mo").dt.month_end())
            .when(n == 7).then(first.dt.month_end()).otherwise(first))


def _impossible(frame: pl.DataFrame, file: str, field: str, first: pl.Expr) -> list[Issue]:
    """Cells shaped like a date (PDATE) whose day does not exist; ``first`` is their first day."""
    col = pl.col(field)
    bad = frame.filter(col.is_not_null() & first.is_null()).filter(col.str.contains(PDATE))
    return [error(file, line, field, "impossible-date", _("{0!r} is not a date that exists").format(value))
            for line, value in bad.select(LINE, field).iter_rows()]


def impossible_dates(frame: pl.DataFrame, file: str, fields: list[str]) -> list[Issue]:
    issues = []
    for f in fields:
        if f in frame.columns:
            issues += _impossible(frame, file, f, first_day(f))
    return issues


def _rows(frame: pl.DataFrame, cond: pl.Expr, *cols: str) -> list[tuple[Any, ...]]:
    return list(frame.filter(cond).select(LINE, *cols).iter_rows())


def period_issues(out: pl.DataFrame, file: str, sources: pl.DataFrame | None) -> list[Issue]:
    """Impossible dates, a point with a start, an end before the start, a period after its source.

    Each period column is parsed to dates once; every check reads those dates.
    """
    days = out.select(LINE, "period_kind", "period_start", "period_end", "source",
                      first_day("period_start").alias("_s"), first_day("period_end").alias("_e0"))
    days = days.with_columns(last_day("period_end", pl.col("_e0")).alias("_e"))
    issues = (_impossible(days, file, "period_start", pl.col("_s"))
              + _impossible(days, file, "period_end", pl.col("_e0")))
    kind, start = pl.col("period_kind"), pl.col("period_start")
    issues += [error(file, ln, "period_start", "period-error", _("a point figure has no period start; leave it empty"))
               for ln, in _rows(days, (kind == "point") & start.is_not_null())]
    issues += [error(file, ln, "period_end", "period-order", _("the period ends ({0}) before it starts ({1})").format(
        e, s))
               for ln, s, e in _rows(days, pl.col("_e") < pl.col("_s"), "period_start", "period_end")]
    if sources is not None and {"id", "published"} <= set(sources.columns):
        pub = sources.select(pl.col("id").alias("source"), last_day("published").alias("_pub"))
        late = days.select(LINE, "period_end", "source", "_e0").join(pub, on="source", how="inner")
        issues += [warning(file, ln, "period_end", "period-after-source",
                           _("the period ends {0}, after its source {1!r} was published ({2})").format(e, src, p))
                   for ln, e, src, p in _rows(late, pl.col("_e0") > pl.col("_pub"), "period_end", "source", "_pub")]
    return issues


def metric_issues(out: pl.DataFrame, file: str, metrics: pl.DataFrame) -> list[Issue]:
    m = metrics.select(pl.col("code").alias("metric"), pl.col("unit").alias("_unit"), pl.col("kind").alias("_kind"))
    joined = out.select(LINE, "metric", "unit", "period_kind").join(m, on="metric", how="inner")
    issues = [error(file, ln, "unit", "unit-mismatch",
        _("unit {0!r} differs from the metric {1!r}'s unit {2!r}").format(
        u, mt, mu),
                    _("record the value in the metric's unit, or choose the right metric"))
              for ln, u, mt, mu in _rows(joined, pl.col("unit") != pl.col("_unit"), "unit", "metric", "_unit")]
    stock_bad = (pl.col("_kind") == "stock") & (pl.col("period_kind") != "point")
    flow_bad = (pl.col("_kind") == "flow") & (pl.col("period_kind") == "point")
    issues += [warning(file, ln, "period_kind", "period-kind-mismatch",
                       _("metric {0!r} is a {1}, but the figure's period is {2!r}").format(mt, k, pk),
                       _("a stock is a level on a date (point); a flow counts over a period (interval or per-year)"))
               for ln, mt, k, pk in _rows(joined, stock_bad | flow_bad, "metric", "_kind", "period_kind")]
    return issues


def share_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    return [error(file, ln, "value", "share-over-100", _("a percentage cannot exceed 100, got {0:g}").format(v))
            for ln, v in _rows(out, (pl.col("unit") == "percent") & (pl.col("value") > 100), "value")]


GROUP = ["region", "metric", "register", "period_kind", "period_start", "period_end", "breakdown", "category"]


def conflict_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    """Rows stating the same fact with different values must name each other in ``disagrees_with``."""
    link = "disagrees_with" if "disagrees_with" in out.columns else None
    keyed = out.select(LINE, "id", "value", "metric", "region", pl.struct(GROUP).hash().alias("_g"),
                       (pl.col(link) if link else pl.lit(None, pl.String)).alias("_links"))
    shared = keyed.filter(pl.col("_g").is_duplicated())  # a fact stated once cannot conflict
    multi = shared.group_by("_g").agg(pl.col("value").n_unique().alias("_n")).filter(pl.col("_n") > 1)
    if multi.is_empty():
        return []
    groups = (shared.filter(pl.col("_g").is_in(multi["_g"].implode()))
              .group_by("_g").agg(pl.col("id"), pl.col("_links")))
    conflicting = [ids for ids, links in groups.select("id", "_links").iter_rows()
                   if not set(ids) & {i for lk in links if lk for i in lk.split(";")}]
    named = keyed.filter(pl.col("id").is_in([i for ids in conflicting for i in ids]))
    issues = []
    for ids in conflicting:
        rows = named.filter(pl.col("id").is_in(ids)).sort(LINE)
        first = rows.row(0, named=True)
        for row in rows.iter_rows(named=True):
            others = ", ".join(i for i in ids if i != row["id"])
            issues.append(warning(file, row[LINE], "value", "conflicting-figures",
                                  _("{0} for {1} has different values in {2}").format(
                                      first['metric'], first['region'], others),
                                  _("keep both and name each in the other's disagrees_with, with a note")))
    return issues
