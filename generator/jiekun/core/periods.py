"""Periods as the data writes them (``2018``, ``2018-12``, ``2018-12-24``): their order."""

from __future__ import annotations


def period_key(period: str | None) -> tuple[int, int, int]:
    """Sort key of a partial date: a year sorts after its months (2017 = end of 2017)."""
    parts = [int(p) for p in (period or "0").split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)
