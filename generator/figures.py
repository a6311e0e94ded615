"""Cross-table checks of figures (the ``outcomes`` table) that a Table Schema cannot express."""

from __future__ import annotations

from typing import Any

import polars as pl

from .issues import Issue, error, warning
from .load import LINE

PDATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def first_day(col: str) -> pl.Expr:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) covers; null if impossible."""
    c = pl.col(col)
    full = pl.when(c.str.len_chars() == 4).then(c + "-01-01").when(c.str.len_chars() == 7).then(c + "-01").otherwise(c)
    return full.str.to_date("%Y-%m-%d", strict=False)


def last_day(col: str) -> pl.Expr:
    c = pl.col(col)
    return (pl.when(c.str.len_chars() == 4).then((c + "-12-31").str.to_date("%Y-%m-%d", strict=False))
            .when(c.str.len_chars() == 7).then((c + "-01").str.to_date("%Y-%m-%d", strict=False).dt.month_end())
            .otherwise(c.str.to_date("%Y-%m-%d", strict=False)))


def impossible_dates(frame: pl.DataFrame, file: str, fields: list[str]) -> list[Issue]:
    issues = []
    for f in fields:
        if f not in frame.columns:
            continue
        bad = frame.filter(pl.col(f).str.contains(PDATE) & first_day(f).is_null())
        issues += [error(file, line, f, "impossible-date", f"{value!r} is not a date that exists")
                   for line, value in bad.select(LINE, f).iter_rows()]
    return issues


def _rows(frame: pl.DataFrame, cond: pl.Expr, *cols: str) -> list[tuple[Any, ...]]:
    return list(frame.filter(cond).select(LINE, *cols).iter_rows())


def period_issues(out: pl.DataFrame, file: str, sources: pl.DataFrame | None) -> list[Issue]:
    issues = impossible_dates(out, file, ["period_start", "period_end"])
    kind, start = pl.col("period_kind"), pl.col("period_start")
    issues += [error(file, ln, "period_start", "period-error", "a point figure has no period start; leave it empty")
               for ln, in _rows(out, (kind == "point") & start.is_not_null())]
    order = out.with_columns(first_day("period_start").alias("_s"), last_day("period_end").alias("_e"))
    issues += [error(file, ln, "period_end", "period-order", f"the period ends ({e}) before it starts ({s})")
               for ln, s, e in _rows(order, pl.col("_e") < pl.col("_s"), "period_start", "period_end")]
    if sources is not None and {"id", "published"} <= set(sources.columns):
        pub = sources.select(pl.col("id").alias("source"), last_day("published").alias("_pub"))
        late = order.join(pub, on="source", how="inner")
        issues += [warning(file, ln, "period_end", "period-after-source",
                           f"the period ends {e}, after its source {src!r} was published ({p})")
                   for ln, e, src, p in _rows(late, first_day("period_end") > pl.col("_pub"),
                                              "period_end", "source", "_pub")]
    return issues


def metric_issues(out: pl.DataFrame, file: str, metrics: pl.DataFrame) -> list[Issue]:
    m = metrics.select(pl.col("code").alias("metric"), pl.col("unit").alias("_unit"), pl.col("kind").alias("_kind"))
    joined = out.join(m, on="metric", how="inner")
    issues = [error(file, ln, "unit", "unit-mismatch", f"unit {u!r} differs from the metric {mt!r}'s unit {mu!r}",
                    "record the value in the metric's unit, or choose the right metric")
              for ln, u, mt, mu in _rows(joined, pl.col("unit") != pl.col("_unit"), "unit", "metric", "_unit")]
    stock_bad = (pl.col("_kind") == "stock") & (pl.col("period_kind") != "point")
    flow_bad = (pl.col("_kind") == "flow") & (pl.col("period_kind") == "point")
    issues += [warning(file, ln, "period_kind", "period-kind-mismatch",
                       f"metric {mt!r} is a {k}, but the figure's period is {pk!r}",
                       "a stock is a level on a date (point); a flow counts over a period (interval or per-year)")
               for ln, mt, k, pk in _rows(joined, stock_bad | flow_bad, "metric", "_kind", "period_kind")]
    return issues


def share_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    return [error(file, ln, "value", "share-over-100", f"a percentage cannot exceed 100, got {v:g}")
            for ln, v in _rows(out, (pl.col("unit") == "percent") & (pl.col("value") > 100), "value")]


GROUP = ["region", "metric", "register", "period_kind", "period_start", "period_end", "breakdown", "category"]


def conflict_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    """Rows stating the same fact with different values must be linked through ``related``."""
    issues = [error(file, ln, "related", "related-error", "a figure cannot be related to itself")
              for ln, in _rows(out, pl.col("related") == pl.col("id"))]
    keyed = out.with_columns(pl.struct(GROUP).hash().alias("_g"))
    groups = keyed.group_by("_g").agg(pl.col("value").n_unique().alias("_n"), pl.col("id"), pl.col("related"))
    for ids, related in groups.filter(pl.col("_n") > 1).select("id", "related").iter_rows():
        if set(ids) & {r for r in related if r}:
            continue
        rows = keyed.filter(pl.col("id").is_in(ids)).sort(LINE)
        first = rows.row(0, named=True)
        for row in rows.iter_rows(named=True):
            others = ", ".join(i for i in ids if i != row["id"])
            issues.append(warning(file, row[LINE], "value", "conflicting-figures",
                                  f"{first['metric']} for {first['region']} has different values in {others}",
                                  "keep both and set `related` on one of them to the other, with a note"))
    return issues
