"""A table's typed copies for download: JSON and Parquet, both typed from its Table Schema.

The CSV is the file as committed; these are derived from it and deterministic: the same
rows and schema give the same bytes (with the same pyarrow and pandas versions, which the
Parquet file records).  Types follow the schema's field types: ``string`` stays text (so
region codes keep their leading digits), ``integer`` is a nullable 64-bit integer,
``number`` a double, ``boolean`` a nullable boolean, ``date`` a date; any other type
(``yearmonth``, ``year`` …) is kept as the text of the CSV.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from typing import Any

import polars as pl

from jiekun.data.derive import typed_columns

JSON_CHUNK = 20_000  # rows turned into Python dicts at a time when writing a table's JSON
BOM = b"\xef\xbb\xbf"


def read_typed(raw: bytes, schema: dict[str, Any]) -> pl.DataFrame:
    """The rows of a CSV (UTF-8) typed by ``schema``: a cell that is empty or does not parse is null."""
    text = raw[len(BOM):] if raw.startswith(BOM) else raw
    frame = pl.read_csv(io.BytesIO(text), infer_schema=False) if text.strip() \
        else pl.DataFrame()
    return frame.select(typed_columns(schema, set(frame.columns)))


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def table_json(typed: pl.DataFrame) -> Iterator[bytes]:
    """The typed rows of a table as a JSON array (field order kept, integral numbers as integers),
    in chunks, so that a table of any size is never held in memory as Python rows at once."""
    if typed.height == 0:
        yield b"[]\n"
        return
    yield b"[\n"
    first = True
    for frame in typed.iter_slices(JSON_CHUNK):
        rows = [{k: _json_value(v) for k, v in row.items() if k != "__line"} for row in frame.to_dicts()]
        text = ",\n".join(" " + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n ") for r in rows)
        yield (("" if first else ",\n") + text).encode("utf-8")
        first = False
    yield b"\n]\n"


def parquet_bytes(typed: pl.DataFrame, schema: dict[str, Any]) -> bytes:
    """The typed rows as Parquet, with the pandas metadata that makes ``pandas.read_parquet``
    give nullable ``Int64``/``boolean`` and ``string`` columns (zstd, no index)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(),
                   "boolean": pa.bool_(), "date": pa.date32()}
    names = [f["name"] for f in schema.get("fields", [])]
    types = [arrow_types.get(f.get("type", "string"), pa.string()) for f in schema.get("fields", [])]
    target = pa.schema([pa.field(n, t) for n, t in zip(names, types, strict=True)])
    table = typed.select(names).to_arrow().cast(target)
    pandas_types = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=pandas_types.get)
    table = pa.Table.from_pandas(frame, schema=target, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()
