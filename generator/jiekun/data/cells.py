"""Stage 2, the cells: CSV bytes to text columns, by pyarrow, or by Python's csv module.

pyarrow's CSV parser (C++, one thread per block) reads every cell as text; arrow tables
become polars frames of one chunk per column.  Python's ``csv`` module is the reference
that pyarrow must agree with, and reads what pyarrow cannot.  Which of them reads which
rows, and the line each row starts on, is decided in :mod:`jiekun.data.load`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv


def _pool() -> pa.MemoryPool:
    """Arrow's jemalloc, set to give freed pages back at once, for the CSV reads.

    Most of what pyarrow allocates (parse buffers, offsets) is freed as soon as polars has
    built its frame; with the default allocator those pages stay reserved beside polars'
    own allocator and add a few hundred MB to the peak memory of a large file.
    """
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a pyarrow built without jemalloc
        return pa.system_memory_pool()
    return pool


POOL = _pool()
BLOCK = 1 << 20  # bytes pyarrow parses in one piece (its default), one thread each
PARITY_CHUNK = 1 << 23  # bytes scanned at a time by :func:`quote_spans_lines`


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked by arrow in place (decoding it would copy it, several times over)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def quote_spans_lines(data: bytes) -> bool:
    """Whether some line holds an odd number of ``"``, as when a quoted cell holds a line break.

    pyarrow without ``newlines_in_values`` ends a row at every line break, so a quoted break
    can split one record into two rows that each look right; only this parity shows it.
    Scanned in chunks, so the running count never needs a copy of the whole file."""
    if b'"' not in data:
        return False
    whole, odd = np.frombuffer(data, dtype=np.uint8), 0
    for start in range(0, len(data), PARITY_CHUNK):
        chunk = whole[start:start + PARITY_CHUNK]
        quotes = np.flatnonzero(chunk == ord('"'))
        if quotes.size == 0 and not odd:
            continue
        breaks = np.flatnonzero(chunk == ord("\n"))
        per_line = np.bincount(np.searchsorted(breaks, quotes), minlength=breaks.size + 1)  # quotes on each line
        per_line[0] += odd  # the line the last chunk left open
        if (per_line[:-1] & 1).any():
            return True
        odd = int(per_line[-1] & 1)
    return False


def _skip(row: object) -> str:
    return "skip"


def arrow_read(body: pa.Buffer, width: int, quoted_newline: bool,
               on_invalid: Callable[[object], str] | None = _skip) -> pa.Table:
    """Every cell as text; ``on_invalid=None`` makes a row of the wrong width raise ArrowInvalid."""
    names = [f"c{i}" for i in range(width)]
    return pacsv.read_csv(
        pa.BufferReader(body),
        read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK),
        parse_options=pacsv.ParseOptions(newlines_in_values=quoted_newline, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
        memory_pool=POOL,
    )


def arrow_rows(rows: list[list[str]], width: int) -> pa.Table:
    """Rows made in Python, as an arrow table like pyarrow's (made by polars: pa.array would import pandas)."""
    return pl.DataFrame(rows, schema={f"c{i}": pl.String for i in range(width)}, orient="row").to_arrow()


def python_read(body: bytes, width: int, first_line: int) -> tuple[list[list[str]], list[int]]:
    """Rows of the right width and the physical line each starts on, by Python's csv module."""
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    rows, lines, line = [], [], first_line
    for row in reader:
        if row and len(row) == width:
            rows.append(row)
            lines.append(line)
        line = first_line + reader.line_num
    return rows, lines


def to_polars(table: pa.Table) -> pl.DataFrame:
    """The arrow table as a polars frame of one chunk per column.

    pyarrow parses in blocks, so each column arrives in many chunks; polars would copy
    the whole frame into one chunk again before every query.  Converting column by
    column makes that copy once and keeps only one column's copy alive at a time.
    (``pl.from_arrow`` of a table, unlike ``pl.Series`` of a column, does not import
    pyarrow.compute, a tenth of a second.)
    """
    def column(name: str) -> pl.Series:
        frame = pl.from_arrow(table.select([name]))
        assert isinstance(frame, pl.DataFrame)
        return frame.to_series().rechunk()

    return pl.DataFrame([column(name) for name in table.column_names])
