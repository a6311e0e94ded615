"""Vectorised structure of a CSV byte string: records, their physical lines and cell counts.

The scan follows RFC 4180 quoting: a newline or comma inside double quotes is part of a
cell.  It gives every record the physical line it starts on (header = line 1) and its
number of cells.  One NumPy pass looks at the bytes a few MB at a time, so it never makes
a temporary array as large as the file: it keeps the offsets of newlines and quotes, and
of commas only how many come before each of those.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

NEWLINE, QUOTE, COMMA = 10, 34, 44
CHUNK = 1 << 22  # bytes looked at in one NumPy operation

Offsets = NDArray[np.int64]


@dataclasses.dataclass(frozen=True)
class Scan:
    starts: Offsets  # byte offset where each record starts
    ends: Offsets  # byte offset of the record's terminating newline (or EOF)
    lines: Offsets  # physical line number each record starts on
    cells: Offsets  # number of cells in each record (0 for an empty line)
    unclosed_quote: int | None  # byte offset of a quote that is never closed
    has_quoted_newline: bool
    ends_with_newline: bool

    def __len__(self) -> int:
        return int(self.starts.size)


@dataclasses.dataclass(frozen=True)
class _Marks:
    """Offsets of the newlines and quotes, and how many commas precede each."""

    newlines: Offsets
    quotes: Offsets
    commas_before_newline: Offsets
    commas_before_quote: Offsets
    commas: int


def _marks(arr: NDArray[np.uint8]) -> _Marks:
    newlines, quotes, before_nl, before_q = [], [], [], []
    total = 0
    for a in range(0, arr.size, CHUNK):
        chunk = arr[a:a + CHUNK]
        commas = np.flatnonzero(chunk == COMMA)
        nl, q = np.flatnonzero(chunk == NEWLINE), np.flatnonzero(chunk == QUOTE)
        newlines.append(nl + a)
        quotes.append(q + a)
        before_nl.append(np.searchsorted(commas, nl) + total)
        before_q.append(np.searchsorted(commas, q) + total)
        total += commas.size

    def joined(parts: list[NDArray[np.intp]]) -> Offsets:
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    return _Marks(joined(newlines), joined(quotes), joined(before_nl), joined(before_q), total)


def scan(data: bytes) -> Scan:
    """Split ``data`` (UTF-8, LF line endings) into records."""
    arr = np.frombuffer(data, dtype=np.uint8)
    m = _marks(arr)
    structural = (np.searchsorted(m.quotes, m.newlines) & 1) == 0  # an even number of quotes before
    nl = m.newlines[structural]
    starts = np.concatenate(([0], nl + 1)).astype(np.int64)
    ends = np.concatenate((nl, [arr.size])).astype(np.int64)
    before_nl = m.commas_before_newline[structural]  # a newline is no comma: as many precede the next start
    per = np.concatenate((before_nl, [m.commas])) - np.concatenate(([0], before_nl))
    if starts.size and starts[-1] >= arr.size:
        starts, ends, per = starts[:-1], ends[:-1], per[:-1]
    pairs = m.quotes.size - m.quotes.size % 2
    if pairs:  # commas between an opening quote and its closing quote are inside a cell
        inside = m.commas_before_quote[1:pairs:2] - m.commas_before_quote[0:pairs:2]
        owner = np.searchsorted(starts, m.quotes[0:pairs:2], side="right") - 1
        per = per - np.bincount(owner, weights=inside, minlength=starts.size).astype(np.int64)
    cells = np.where(ends > starts, per + 1, 0).astype(np.int64)
    return Scan(
        starts=starts,
        ends=ends,
        lines=(np.searchsorted(m.newlines, starts) + 1).astype(np.int64),
        cells=cells,
        unclosed_quote=int(m.quotes[-1]) if m.quotes.size % 2 else None,
        has_quoted_newline=bool(nl.size != m.newlines.size),
        ends_with_newline=bool(arr.size) and int(arr[-1]) == NEWLINE,
    )
