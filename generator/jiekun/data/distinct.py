"""Checks of single cells, made once per distinct value where a column repeats its values.

Most columns of a large table hold few distinct values (region and metric codes, units,
periods, sources).  A check that reads one cell at a time gives the same answer for equal
cells, so it is cheaper to run it on the column's distinct values and find the rows of the
values that fail; a column of mostly different values (ids, amounts) is checked row by row.
Either way the answer is the same: the rows where the check is not true.
"""

from __future__ import annotations

import polars as pl

SAMPLE = 2048  # rows looked at to judge whether a column repeats its values
MIN_ROWS = 50_000  # below this, checking every row costs next to nothing


def repetitive(frame: pl.DataFrame, names: list[str]) -> set[str]:
    """The columns of ``names`` that, on an evenly spread sample, repeat each value eight times or more."""
    if frame.height < MIN_ROWS or not names:
        return set()
    sample = frame.gather_every(max(1, frame.height // SAMPLE))
    counts = sample.select([pl.col(n).n_unique() for n in names]).row(0)
    return {n for n, count in zip(names, counts, strict=True) if count * 8 <= sample.height}


def failing_rows(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr]]) -> list[list[int]]:
    """Indices of the rows where each ``(column, ok)`` check is not true (false, not null).

    ``ok`` must read its column only, one cell at a time.  The rows are found in one query.
    """
    by_value = repetitive(frame, sorted({column for column, _ in checks}))
    distinct = frame.select([pl.col(c).unique().implode() for c in by_value]) if by_value else None
    hits: dict[int, pl.Expr] = {}
    for n, (column, ok) in enumerate(checks):
        if distinct is None or column not in by_value:
            hits[n] = ~ok
            continue
        values = pl.DataFrame({column: distinct.get_column(column)[0]})
        bad = values.select(pl.col(column).filter(~ok)).get_column(column)
        if bad.len():
            hits[n] = pl.col(column).is_in(bad.implode())
    found = frame.select([pl.arg_where(hit).implode().alias(str(n)) for n, hit in hits.items()]).row(0) if hits else ()
    rows: list[list[int]] = [[] for _ in checks]
    for n, indices in zip(hits, found, strict=True):
        rows[n] = list(indices)
    return rows
