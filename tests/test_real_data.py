"""The real dataset: valid for jiekun (strict) and for frictionless itself, and complete."""

from __future__ import annotations

import csv
from pathlib import Path

import frictionless
import pytest
from conftest import REPO

from generator.validate import validate

DESCRIPTORS = sorted((REPO / "datasets").glob("*.datapackage.json"))


def rows(path: str) -> list[dict[str, str]]:
    with (REPO / path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_real_data_is_valid_strict() -> None:
    report = validate(REPO)
    assert [str(i) for i in report] == []
    assert report.ok(strict=True)


@pytest.mark.parametrize("descriptor", DESCRIPTORS, ids=lambda p: p.name)
def test_frictionless_accepts_every_package(descriptor: Path) -> None:
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_every_source_contributes_figures_and_stories() -> None:
    sources = {r["id"] for r in rows("datasets/reference/sources.csv")}
    assert {r["source"] for r in rows("datasets/outcomes/outcomes.csv")} == sources
    assert {r["source"] for r in rows("datasets/case-studies/case-studies.csv")} == sources


def test_disagreements_are_kept_and_linked() -> None:
    out = rows("datasets/outcomes/outcomes.csv")
    henan_funds = [r for r in out if r["region"] == "410000" and r["value"] == "190000000"]
    assert {r["period_end"][:4] for r in henan_funds} == {"2017", "2018"}
    assert any(r["related"] for r in henan_funds)
    fairs = [r for r in out if r["region"] == "150000" and r["value"] in ("41283", "48000")]
    assert len(fairs) == 2 and any(r["related"] for r in fairs)


def test_no_value_is_recorded_in_wan_or_yi() -> None:
    for r in rows("datasets/outcomes/outcomes.csv"):
        published = r["value_as_published"]
        if "亿" in published:
            assert float(r["value"]) >= 1e7, r["id"]
        elif "万" in published:
            assert float(r["value"]) >= 1000, r["id"]


def test_health_stories_are_pseudonymous() -> None:
    for r in rows("datasets/case-studies/case-studies.csv"):
        if r["health_info"] == "true":
            assert r["display_as"] != "full-name", r["id"]
