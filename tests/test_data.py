"""The Python loaders and the pandera schemas derived from the Table Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from conftest import REPO, apply_defect
from jiekun.core.issues import DataError
from jiekun.data.derive import pandas_schema
from jiekun.data.loaders import load_case_studies, load_outcomes, load_table


def test_load_outcomes_is_typed(project: Path) -> None:
    df = load_outcomes(project)
    assert len(df) == 6
    assert df["value"].dtype == "float64"
    assert str(df["id"].dtype) == "string"
    row = df.set_index("id").loc["henan-aid-funds-2018"]
    assert row["value"] == 190_000_000 and row["qualifier"] == "more-than"
    assert pd.isna(df.set_index("id").loc["henan-on-file-2018", "period_start"])


def test_load_case_studies_is_typed(project: Path) -> None:
    df = load_case_studies(project)
    assert df["health_info"].dtype == "boolean" and bool(df["health_info"].iloc[0])
    assert str(df["year_end"].dtype) == "Int64"


def test_loader_refuses_invalid_data(project: Path) -> None:
    apply_defect(project, "negative-count")
    with pytest.raises(DataError) as info:
        load_outcomes(project)
    assert "outcomes.csv:2: value: must be ≥ 0, got -5" in str(info.value)
    assert info.value.report.errors[0].code == "constraint-error"


def test_unknown_table_name(project: Path) -> None:
    with pytest.raises(KeyError):
        load_table("nope", project)


def test_pandera_schema_is_derived_from_the_table_schema() -> None:
    schema = json.loads((REPO / "schemas/outcomes.schema.json").read_text())
    derived = pandas_schema(schema, "outcomes")
    assert list(derived.columns) == [f["name"] for f in schema["fields"]]
    assert derived.columns["value"].dtype.type == "float64"
    assert not derived.columns["id"].nullable and derived.columns["note"].nullable
    frame = load_outcomes(REPO).head(3).copy()
    frame.loc[frame.index[0], "value"] = -1.0
    with pytest.raises(pandera.errors.SchemaErrors):
        derived.validate(frame, lazy=True)
    frame = load_outcomes(REPO).head(3).copy()
    frame.loc[frame.index[0], "qualifier"] = "roughly"
    with pytest.raises(pandera.errors.SchemaErrors):
        derived.validate(frame, lazy=True)


def test_real_data_loads() -> None:
    outcomes, cases = load_outcomes(REPO), load_case_studies(REPO)
    assert len(outcomes) > 150 and len(cases) >= 18
    assert outcomes["id"].is_unique and cases["id"].is_unique
