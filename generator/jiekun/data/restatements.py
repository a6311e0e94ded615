"""Checks of how figures point at each other: a restatement names the row it repeats
(``role``, ``restates``), a disagreement is named on both sides (``disagrees_with``), and a
date that is the estimated date of an undated report is marked as estimated."""

from __future__ import annotations

from typing import Any

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error, warning
from jiekun.data.load import LINE

SEPARATOR = ";"


def restates_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    """A restatement (role other than original) names an original of the same region, metric and unit."""
    if not {"role", "restates"} <= set(out.columns):
        return []
    rows = out.select(LINE, "id", "role", "restates", "region", "metric", "unit").to_dicts()
    by_id = {r["id"]: r for r in rows}
    issues: list[Issue] = []
    for r in rows:
        role, target = r["role"], r["restates"]
        if role is None:
            continue
        if role != "original" and not target:
            issues.append(error(file, r[LINE], "restates", "restates-missing",
                                _("a row with role {0!r} repeats another figure but does not say which").format(role),
                                _("write the id of the original row in restates, or set role to original")))
        elif role == "original" and target:
            issues.append(error(file, r[LINE], "restates", "restates-unexpected",
                                _("an original row cannot restate {0!r}").format(target),
                                _("set role to caption, headline or repeat, or leave restates empty")))
        elif target and target in by_id:
            issues += _target_issues(file, r, by_id[target])
    return issues


def _target_issues(file: str, row: dict[str, Any], target: dict[str, Any]) -> list[Issue]:
    if target["role"] != "original":
        return [error(file, row[LINE], "restates", "restates-not-original",
                      _("{0!r} is itself a {1!r} row, not an original").format(target['id'], target['role']),
                      _("point restates at the original row ({0})").format(target['restates'] or 'set one'))]
    differ = [k for k in ("region", "metric", "unit") if row[k] != target[k]]
    if differ:
        return [error(file, row[LINE], "restates", "restates-mismatch",
                      f"{target['id']!r} has another {', '.join(differ)} ("
                      + ", ".join(f"{target[k]} vs {row[k]}" for k in differ) + ")",
                      _("a restatement repeats the same figure: name the row of that region, metric and unit"))]
    return []


def disagreement_issues(out: pl.DataFrame, file: str) -> list[Issue]:
    """Every id in ``disagrees_with`` is another row, and that row names this one back."""
    if "disagrees_with" not in out.columns:
        return []
    links = {i: [x for x in (d or "").split(SEPARATOR) if x]
             for i, d in out.select("id", "disagrees_with").iter_rows()}
    issues: list[Issue] = []
    for ln, fid, value in out.select(LINE, "id", "disagrees_with").drop_nulls("disagrees_with").iter_rows():
        for other in value.split(SEPARATOR):
            if other == fid:
                issues.append(error(file, ln, "disagrees_with", "disagreement-self",
                                    _("a figure cannot disagree with itself"), _("remove its own id")))
            elif other not in links:
                issues.append(error(file, ln, "disagrees_with", "disagreement-unknown",
                                    _("{0!r} is not the id of a figure").format(
                                        other), _("write the id of an existing row")))
            elif fid not in links[other]:
                issues.append(error(file, ln, "disagrees_with", "disagreement-one-way",
                                    _("{0!r} does not list {1!r} in its disagrees_with").format(other, fid),
                                    _("add {0!r} to the disagrees_with of {1!r}: both rows name each other").format(
                                        fid, other)))
    return issues


def estimate_issues(out: pl.DataFrame, file: str, sources: pl.DataFrame | None) -> list[Issue]:
    """A figure dated on the estimated date of its report must be marked ``period_estimated``."""
    need = {"period_end", "period_estimated", "source"}
    if sources is None or not need <= set(out.columns) or "published_estimated" not in sources.columns:
        return []
    estimated = sources.filter(pl.col("published_estimated").fill_null(False)).select(
        pl.col("id").alias("source"), pl.col("published").alias("_pub"))
    joined = out.select(LINE, "period_end", "period_estimated", "source").join(estimated, on="source", how="inner")
    unmarked = joined.filter((pl.col("period_end") == pl.col("_pub")) & ~pl.col("period_estimated").fill_null(False))
    return [warning(file, ln, "period_estimated", "estimated-date-unmarked",
                    _("the period ends {0}, the estimated publication date of {1!r}, "
                      "but is not marked estimated").format(end, src),
                    _("set period_estimated to true; if the text itself gives this date, say so in the note"))
            for ln, end, src in unmarked.select(LINE, "period_end", "source").iter_rows()]
