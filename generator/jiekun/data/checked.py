"""A table after validation: what every later stage reads."""

from __future__ import annotations

import dataclasses

import polars as pl

from jiekun.data.catalog import Resource
from jiekun.data.load import Table


@dataclasses.dataclass
class Checked:
    """A table after its checks: the raw text frame and the typed frame (bad cells null)."""

    table: Table
    typed: pl.DataFrame
    rows: int | None = None  # rows checked, where frictionless checked them (else the typed frame's)

    @property
    def resource(self) -> Resource:
        return self.table.resource

    @property
    def file(self) -> str:
        return self.table.file
