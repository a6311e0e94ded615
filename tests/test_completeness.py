"""Completeness: every field documented, every error code documented, every metric used."""

from __future__ import annotations

import ast
import csv
import json
import re
from typing import Any

import pytest
from conftest import REPO

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


# functions that take an issue code, and the position of that argument
CODE_ARG = {"error": 3, "warning": 3, "CellRule": 1, "_key_issues": 2, "RefError": 0}


def sources() -> list:
    """Every module of the jiekun package (the scan must see them all, or the checks below prove nothing)."""
    paths = sorted((REPO / "generator" / "jiekun").rglob("*.py"))
    assert len(paths) > 50 and any(p.name == "validate.py" for p in paths), paths
    return paths


def emitted_codes() -> set[str]:
    """Every issue code the generator can emit, read from its source."""
    codes = set()
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CODE_ARG:
                pos = CODE_ARG[node.func.id]
                arg = node.args[pos] if len(node.args) > pos else None
                if (isinstance(arg, ast.Name) and arg.id == "code") or (
                        isinstance(arg, ast.Attribute) and arg.attr == "code"):
                    continue  # forwarded from a helper's parameter or a CellRule, whose callers pass literals
                assert isinstance(arg, ast.Constant), f"{path.name}:{node.lineno}: pass the code as a literal"
                codes.add(arg.value)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "FRICTIONLESS_CODES"
                                                    for t in node.targets):
                assert isinstance(node.value, ast.Dict)  # frictionless' errors, as the codes jiekun reports them
                codes |= {v.value for v in node.value.values if isinstance(v, ast.Constant)}
    return codes


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.name)
def test_every_field_has_a_title_and_description(schema: object) -> None:
    data = json.loads(schema.read_text())  # type: ignore[attr-defined]
    for field in data["fields"]:
        assert field.get("title") and field.get("description"), field["name"]


def untranslated(schema: dict[str, Any], where: str) -> list[str]:
    """Each field of ``schema`` without its Chinese name, or without the Chinese of its description."""
    missing = []
    for field in schema["fields"]:
        name = f"{where}: field {field['name']!r}"
        if not str(field.get("x-title-zh") or "").strip():
            missing.append(f"{name} has no x-title-zh")
        if field.get("description") and not str(field.get("x-description-zh") or "").strip():
            missing.append(f"{name} has a description but no x-description-zh")
    return missing


def embedded_schemas() -> list[tuple[str, str, dict[str, Any]]]:
    """The Table Schemas as the data package descriptors carry them (copies of schemas/, by `jiekun sync`)."""
    found = []
    for path in sorted((REPO / "datasets").glob("*.datapackage.json")):
        for resource in json.loads(path.read_text(encoding="utf-8"))["resources"]:
            found.append((resource["name"], f"datasets/{path.name}, resource {resource['name']!r}", resource["schema"]))
    return found


def test_every_field_has_its_name_and_description_in_chinese() -> None:
    """The Chinese data dictionary, the Chinese workbook and the Chinese tool read x-title-zh and
    x-description-zh; a field without them would show English there."""
    assert len(SCHEMAS) >= 10
    copies = [(f"schemas/{p.name}", json.loads(p.read_text(encoding="utf-8"))) for p in SCHEMAS]
    embedded = embedded_schemas()
    assert {name for name, _, _ in embedded} == {p.name.removesuffix(".schema.json") for p in SCHEMAS}
    copies += [(where, schema) for _, where, schema in embedded]
    missing = [m for where, schema in copies for m in untranslated(schema, where)]
    assert missing == [], "\n".join(missing)


def test_a_field_without_chinese_is_named() -> None:
    schema = {"fields": [{"name": "a", "title": "A", "x-title-zh": "甲", "description": "The a.",
                          "x-description-zh": "甲。"},
                         {"name": "b", "title": "B", "x-title-zh": " ", "description": "The b."},
                         {"name": "c", "title": "C", "x-title-zh": "丙"}]}
    assert untranslated(schema, "schemas/x.schema.json") == [
        "schemas/x.schema.json: field 'b' has no x-title-zh",
        "schemas/x.schema.json: field 'b' has a description but no x-description-zh"]


def test_error_codes_are_found_in_the_source() -> None:
    codes = emitted_codes()
    assert {"type-error", "constraint-error", "foreign-key", "encoding-error", "blank-row"} <= codes
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", c) for c in codes)


def test_every_error_code_is_documented() -> None:
    doc = (REPO / "docs/validation.md").read_text()
    documented = set(re.findall(r"^#### ([a-z0-9-]+)", doc, flags=re.M))
    assert emitted_codes() <= documented, emitted_codes() - documented
    assert documented <= emitted_codes(), documented - emitted_codes()


def test_every_metric_is_defined_and_used() -> None:
    with (REPO / "datasets/reference/metrics.csv").open(encoding="utf-8") as fh:
        defined = {r["code"] for r in csv.DictReader(fh)}
    with (REPO / "datasets/outcomes/outcomes.csv").open(encoding="utf-8") as fh:
        used = {r["metric"] for r in csv.DictReader(fh)}
    assert used == defined


#: words of this programme's subject: they belong in datasets/, docs/ and mkdocs.yml, not in the code
DOMAIN_WORDS = ("困难职工", "工会", "解困", "脱困")


def test_no_domain_words_in_generator_code() -> None:
    """Another programme reuses generator/ by changing data and configuration only: no string in
    the code names this one's subject (docstrings, help texts and comments aside: they give examples)."""
    found = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        docstrings |= {id(node.value) for node in ast.walk(tree)
                       if isinstance(node, ast.keyword) and node.arg == "help"}
        found += [f"{path.name}:{node.lineno}: {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and any(word in node.value for word in DOMAIN_WORDS)]
    assert not found, found
