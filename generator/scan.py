"""Vectorised structure of a CSV byte string: records, their physical lines and cell counts.

The scan follows RFC 4180 quoting: a newline or comma inside double quotes is part of a
cell.  It touches each byte a few times with NumPy, so a 100 MB file takes a fraction of
a second, and it gives every record the physical line it starts on (header = line 1).
It looks at the bytes a few MB at a time, so it never makes a temporary array as large as
the file; only the offsets of newlines and quotes are kept, and commas are only counted.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

NEWLINE, QUOTE, COMMA = 10, 34, 44
CHUNK = 1 << 22  # bytes looked at in one NumPy operation


@dataclasses.dataclass(frozen=True)
class Scan:
    starts: NDArray[np.int64]  # byte offset where each record starts
    ends: NDArray[np.int64]  # byte offset of the record's terminating newline (or EOF)
    lines: NDArray[np.int64]  # physical line number each record starts on
    cells: NDArray[np.int64]  # number of cells in each record (0 for an empty line)
    unclosed_quote: int | None  # byte offset of a quote that is never closed
    has_quoted_newline: bool
    ends_with_newline: bool

    def __len__(self) -> int:
        return int(self.starts.size)


def _positions(arr: NDArray[np.uint8], byte: int) -> NDArray[np.int64]:
    """Offsets of every ``byte`` in ``arr``, in order."""
    parts = [np.flatnonzero(arr[a:a + CHUNK] == byte) + a for a in range(0, arr.size, CHUNK)]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _count_before(arr: NDArray[np.uint8], byte: int, *queries: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    """For each sorted array of offsets, how many ``byte`` occur in ``arr`` before each offset."""
    counts = [np.empty(q.size, dtype=np.int64) for q in queries]
    done = [0] * len(queries)
    total = 0
    for a in range(0, arr.size, CHUNK):
        found = np.flatnonzero(arr[a:a + CHUNK] == byte) + a
        for n, q in enumerate(queries):
            upto = int(np.searchsorted(q, a + CHUNK))
            counts[n][done[n]:upto] = total + np.searchsorted(found, q[done[n]:upto])
            done[n] = upto
        total += found.size
    for n, count in enumerate(counts):
        count[done[n]:] = total
    return counts


def _structural_newlines(raw_nl: NDArray[np.int64], quotes: NDArray[np.int64]) -> NDArray[np.int64]:
    if not quotes.size:
        return raw_nl
    even: NDArray[np.bool_] = (np.searchsorted(quotes, raw_nl) & 1) == 0
    return raw_nl[even]


def _cells(arr: NDArray[np.uint8], starts: NDArray[np.int64], ends: NDArray[np.int64],
           quotes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Cells per record: its commas outside quotes, plus one (0 for an empty line)."""
    cells = np.zeros(starts.size, dtype=np.int64)
    nonblank = ends > starts
    if not nonblank.any():
        return cells
    pairs = quotes[: quotes.size - quotes.size % 2]
    bounds = np.column_stack((starts, ends)).ravel()  # sorted: start, end, next start, …
    at_bounds, at_quotes = _count_before(arr, COMMA, bounds, pairs)
    per = at_bounds[1::2] - at_bounds[::2]
    if pairs.size:
        in_quotes = at_quotes[1::2] - at_quotes[::2]
        owner = np.searchsorted(starts, pairs[::2], side="right") - 1
        per = per - np.bincount(owner, weights=in_quotes, minlength=starts.size).astype(np.int64)
    cells[nonblank] = per[nonblank] + 1
    return cells


def scan(data: bytes) -> Scan:
    """Split ``data`` (UTF-8, LF line endings) into records."""
    arr = np.frombuffer(data, dtype=np.uint8)
    raw_nl = _positions(arr, NEWLINE)
    quotes = _positions(arr, QUOTE)
    nl = _structural_newlines(raw_nl, quotes)
    starts = np.concatenate(([0], nl + 1)).astype(np.int64)
    ends = np.concatenate((nl, [arr.size])).astype(np.int64)
    ends_with_newline = bool(arr.size) and int(arr[-1]) == NEWLINE
    if starts.size and starts[-1] >= arr.size:
        starts, ends = starts[:-1], ends[:-1]
    lines = (np.searchsorted(raw_nl, starts) + 1).astype(np.int64)
    unclosed = int(quotes[-1]) if quotes.size % 2 else None
    return Scan(
        starts=starts,
        ends=ends,
        lines=lines,
        cells=_cells(arr, starts, ends, quotes),
        unclosed_quote=unclosed,
        has_quoted_newline=bool(nl.size != raw_nl.size),
        ends_with_newline=ends_with_newline,
    )
