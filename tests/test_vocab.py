"""The generator's vocabularies (jiekun.core.vocab) agree with the Table Schemas and with every
table that prints or checks them: one definition, used everywhere."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO
from jiekun.charts.chartspec import Point
from jiekun.core import numbers, text, vocab

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def fields() -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(p.name, f) for p in SCHEMAS for f in json.loads(p.read_text(encoding="utf-8"))["fields"]]


def test_every_qualifier_field_uses_the_vocabulary() -> None:
    found = [(name, f["name"]) for name, f in fields() if f["name"].endswith("qualifier")]
    assert len(found) >= 2, found
    for name, f in fields():
        if f["name"].endswith("qualifier"):
            enum = f["constraints"]["enum"]
            assert set(enum) <= set(vocab.QUALIFIERS), (name, f["name"], enum)


@pytest.mark.parametrize("table", [numbers.QUALIFIERS, text.QUALIFIER_LABEL], ids=["numbers", "labels"])
def test_every_qualifier_is_written_and_labelled(table: dict) -> None:  # type: ignore[type-arg]
    assert set(table) == set(vocab.QUALIFIERS)


@pytest.mark.parametrize("qualifier", vocab.QUALIFIERS)
def test_a_chart_point_takes_every_qualifier(qualifier: str) -> None:
    assert Point("2018", 1, qualifier=qualifier).qualifier == qualifier
    assert numbers.format_value(1200, "户", qualifier)


def test_schema_id_patterns_are_the_slug_and_region_patterns() -> None:
    """A value a schema accepts as an id can become a file name (vocab.SAFE_ID), and no more."""
    slug, region = f"^{vocab.SLUG.pattern}$", "^[1-9][0-9]{5}$"
    for name, f in fields():
        pattern = f.get("constraints", {}).get("pattern")
        if pattern and not f["name"].startswith(("period", "published", "consent_date")) and ";" not in pattern:
            assert re.sub(r"\(\?:", "(", pattern) in (slug.replace("(?:", "("), region), (name, f["name"], pattern)
    for ok in ("yunnan-2020", "530000", "a"):
        assert vocab.SAFE_ID.fullmatch(ok)
    for bad in ("../x", "A-b", "a--b", "-a", "a_b", "x/y", "a.b", ""):
        assert not vocab.SAFE_ID.fullmatch(bad), bad
