"""A key written as one field name ("primaryKey": "id", as the Table Schema allows) means the
same as a list of that one name, in every tool that reads keys (one typed reader)."""

from __future__ import annotations

import json
from pathlib import Path

from jiekun.data.catalog import discover
from jiekun.data.checked import Checked
from jiekun.data.derive import pandas_schema
from jiekun.data.validate import check
from jiekun.tools.diff import _primary_key
from jiekun.tools.xlsx import primary_key


def _string_keys(project: Path) -> None:
    """Rewrite every descriptor's one-field primary keys and foreign keys as strings."""
    for descriptor in (project / "datasets").glob("*.datapackage.json"):
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        for resource in data["resources"]:
            schema = resource["schema"]
            if isinstance(schema.get("primaryKey"), list) and len(schema["primaryKey"]) == 1:
                schema["primaryKey"] = schema["primaryKey"][0]
            for fk in schema.get("foreignKeys", []):
                if len(fk["fields"]) == 1:
                    fk["fields"], fk["reference"]["fields"] = fk["fields"][0], fk["reference"]["fields"][0]
        descriptor.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    for schema_file in (project / "schemas").glob("*.schema.json"):
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        if isinstance(schema.get("primaryKey"), list) and len(schema["primaryKey"]) == 1:
            schema["primaryKey"] = schema["primaryKey"][0]
        for fk in schema.get("foreignKeys", []):
            if len(fk["fields"]) == 1:
                fk["fields"], fk["reference"]["fields"] = fk["fields"][0], fk["reference"]["fields"][0]
        schema_file.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


def test_a_string_key_is_one_field_everywhere(project: Path) -> None:
    _string_keys(project)
    resources = {r.name: r for r in discover(project).resources()}
    outcomes = resources["outcomes"]
    assert outcomes.schema["primaryKey"] == "id"  # the descriptor really says it as a string
    assert outcomes.table_schema.primary_key == ("id",)
    assert primary_key(outcomes) == ["id"]
    report, tables = check(project)
    assert report.ok(), [i.message for i in report.issues]
    checked: Checked = tables["outcomes"]
    assert _primary_key(checked, list(checked.typed.columns)) == ["id"]
    assert pandas_schema(outcomes.schema, "outcomes").unique == ["id"]


def test_a_duplicate_key_is_found_when_the_key_is_a_string(project: Path) -> None:
    _string_keys(project)
    csv = project / "datasets" / "outcomes" / "outcomes.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    csv.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    report, _ = check(project)
    assert [(i.line, i.code) for i in report.errors if i.code == "primary-key"] == [(len(lines) + 1, "primary-key")]
