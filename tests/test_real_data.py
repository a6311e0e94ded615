"""The real dataset: valid for jiekun (strict) and for frictionless itself, and complete."""

from __future__ import annotations

import csv
from pathlib import Path

import frictionless
import pytest
from conftest import REPO
from jiekun.data.validate import validate

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


def test_disagreements_are_kept_and_linked_both_ways() -> None:
    out = rows("datasets/outcomes/outcomes.csv")
    henan_funds = [r for r in out if r["region"] == "410000" and r["value"] == "190000000"]
    assert {r["period_end"][:4] for r in henan_funds} == {"2017", "2018"}
    assert all(r["role"] == "original" and r["disagrees_with"] for r in henan_funds)
    fairs = [r for r in out if r["region"] == "150000" and r["value"] in ("41283", "48000")]
    assert len(fairs) == 2 and {r["disagrees_with"] for r in fairs} == {r["id"] for r in fairs}


def test_one_original_per_figure() -> None:
    """The repeat rule, applied to every row: rows of one region, metric, unit and value are one
    original and its restatements, or originals that name each other as disagreeing."""
    out = rows("datasets/outcomes/outcomes.csv")
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for r in out:
        groups.setdefault((r["region"], r["metric"], r["unit"], r["value"], r["category"]), []).append(r)
    for same in (g for g in groups.values() if len(g) > 1):
        originals = {r["id"] for r in same if r["role"] == "original"}
        for r in same:
            if r["role"] != "original":
                assert r["restates"] in originals, r["id"]
        if len(originals) > 1:
            for r in same:
                if r["id"] in originals:
                    assert originals - {r["id"]} <= set(r["disagrees_with"].split(";")), r["id"]
    review = next(r for r in out if r["id"] == "yunnan-review-on-file-2018")
    assert (review["role"], review["restates"]) == ("repeat", "yunnan-national-on-file-2017")


def test_the_methodology_examples_come_from_the_data() -> None:
    """Each figure the methodology's qualifier table shows is printed by some row, or marked invented."""
    text = (REPO / "docs/methodology.md").read_text(encoding="utf-8")
    table = text.split("## 限定词", 1)[1].split("\n\n", 2)[1]
    printed = {r["value_as_published"] for r in rows("datasets/outcomes/outcomes.csv")}
    for line in table.splitlines()[2:]:
        shown = line.split("|")[3]
        if "虚构示例" in shown:
            continue
        for example in shown.strip().split("、"):
            assert example in printed, f"{example} is in docs/methodology.md but no row prints it"


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
