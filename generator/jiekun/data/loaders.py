"""Python loaders: validated, typed pandas DataFrames of the dataset package.

    >>> from jiekun.data.loaders import load_outcomes, load_case_studies
    >>> df = load_outcomes()

Each loader checks the whole package first (:func:`jiekun.data.validate.check`) and raises
:class:`~jiekun.core.issues.DataError` listing the problems if it has errors; then it
validates the typed frame with the pandera schema derived from the Table Schema.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jiekun.core.issues import DataError
from jiekun.data.derive import pandas_schema
from jiekun.data.validate import check

DEFAULT_ROOT = Path(__file__).resolve().parents[3]  # a source checkout: generator/jiekun/data/


def load_table(name: str, root: Path | str | None = None) -> pd.DataFrame:
    """The table ``name`` (a resource name, e.g. ``"regions"``) as a validated DataFrame."""
    report, tables = check(root or DEFAULT_ROOT)
    if report.errors:
        raise DataError(report)
    if name not in tables:
        raise KeyError(f"no table named {name!r}; tables: {', '.join(sorted(tables))}")
    checked = tables[name]
    schema = checked.resource.schema
    frame = checked.typed.drop("__line").to_pandas()
    for field in schema["fields"]:
        if field.get("type", "string") == "string":
            frame[field["name"]] = frame[field["name"]].astype("string")
        elif field["type"] == "integer":
            frame[field["name"]] = frame[field["name"]].astype("Int64")
        elif field["type"] == "boolean":
            frame[field["name"]] = frame[field["name"]].astype("boolean")
        elif field["type"] == "number":
            frame[field["name"]] = frame[field["name"]].astype("float64")
        elif field["type"] == "date":
            frame[field["name"]] = pd.to_datetime(frame[field["name"]]).astype("datetime64[ns]")
    validated: pd.DataFrame = pandas_schema(schema, name).validate(frame, lazy=True)
    return validated


def load_outcomes(root: Path | str | None = None) -> pd.DataFrame:
    """Every published figure, one per row (see the data dictionary for the columns)."""
    return load_table("outcomes", root)


def load_case_studies(root: Path | str | None = None) -> pd.DataFrame:
    """Every case study, one per row."""
    return load_table("case-studies", root)
