"""What a region's sub-regions hold, rolled up for the region's page.

A region page shows its own figures in full, and of its sub-regions a compact table (one row
per sub-region, the latest figure of each headline metric with its period and qualifier) and
every case study.  A national site has regions with hundreds of sub-regions, so past
:data:`~jiekun.core.vocab.ROLLUP_ROWS` rows the table lists only the direct sub-regions, and
past :data:`~jiekun.core.vocab.ROLLUP_CASES` cases the list the newest, each linking on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jiekun.core.text import figure_period, md
from jiekun.core.vocab import ROLLUP_CASES, ROLLUP_ROWS
from jiekun.model.model import Row, Site
from jiekun.model.views import View, case_view, figure_value, headline_figures, link, region_path


@dataclass(frozen=True)
class Writing:
    """How the pages of one language write what a roll-up shows: a region's name, a metric's label,
    a figure's value and period (escaped text), and a case's view."""

    name: Callable[[Row], str]
    metric: Callable[[Row], str]
    value: Callable[[Site, Row], str]
    period: Callable[[Row], str]
    case: Callable[[Site, Row, str], View]


def _zh_name(region: Row) -> str:
    return md(region["name_zh"])


def _zh_metric(metric: Row) -> str:
    return md(metric["label_zh"])


def _zh_period(fig: Row) -> str:
    return md(figure_period(fig))


#: the Chinese pages' writing (the English edition's is :data:`jiekun.site.english.ROLLUP`)
ZH = Writing(name=_zh_name, metric=_zh_metric, value=figure_value, period=_zh_period, case=case_view)


def descendants(site: Site, code: str) -> list[tuple[str, int]]:
    """Every region below ``code`` in tree order, with its depth (1: a direct sub-region)."""
    out: list[tuple[str, int]] = []
    todo = [(c, 1) for c in reversed(site.children.get(code, []))]
    while todo:
        cur, depth = todo.pop()
        out.append((cur, depth))
        todo += [(c, depth + 1) for c in reversed(site.children.get(cur, []))]
    return out


def counts(site: Site, code: str) -> dict[str, int]:
    """Figures (one row per figure, no restatement) and cases of the region alone and with its sub-regions."""
    below = [c for c, _ in descendants(site, code)]
    own = sum(1 for f in site.by_region.get(code, []) if site.counted(f))
    sub = sum(1 for c in below for f in site.by_region.get(c, []) if site.counted(f))
    own_cases = len(site.cases_in(code))
    return {"figures": own, "all_figures": own + sub, "cases": own_cases,
            "all_cases": own_cases + sum(len(site.cases_in(c)) for c in below), "subregions": len(below)}


def _cell(site: Site, fig: Row | None, page: str, writing: Writing) -> View:
    if fig is None:
        return {"value": "", "period": "", "source_link": ""}
    return {"value": writing.value(site, fig), "period": writing.period(fig),
            "source_link": link(page, f"sources.md#src-{fig['source']}")}


def rollup_table(site: Site, code: str, page: str, limit: int = ROLLUP_ROWS, writing: Writing = ZH) -> View:
    """Headline figures of the sub-regions: ``metrics`` (the columns any row fills), ``rows``
    (name, link, depth, one cell per column) and ``more`` (sub-regions left out past ``limit``)."""
    below = descendants(site, code)
    shown = below if len(below) <= limit else [(c, d) for c, d in below if d == 1][:limit]
    latest = {c: {f["metric"]: f for f in headline_figures(site, c)} for c, _ in shown}
    columns = [m for m in site.headline_metrics() if any(m in figs for figs in latest.values())]
    rows = [{"name": writing.name(site.regions[c]), "link": link(page, region_path(c)), "depth": d,
             "cells": [_cell(site, latest[c].get(m), page, writing) for m in columns]}
            for c, d in shown]
    return {"metrics": [writing.metric(site.metrics[m]) for m in columns], "rows": rows,
            "more": len(below) - len(shown), "total": len(below), "index": link(page, "regions/index.md")}


def rollup_cases(site: Site, code: str, page: str, limit: int = ROLLUP_CASES, writing: Writing = ZH) -> View:
    """The cases of the region and its sub-regions (newest first, as the site lists cases), at most ``limit``."""
    within = {code} | {c for c, _ in descendants(site, code)}
    cases = [case for case in site.cases if case["region"] in within]
    return {"cases": [writing.case(site, c, page) for c in cases[:limit]], "more": max(0, len(cases) - limit),
            "index": link(page, "cases/index.md")}
