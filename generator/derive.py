"""Everything type-related is derived here from the Table Schemas, never written twice.

* :func:`cell_rules` turns each field's type and constraints into polars expressions
  over the raw text of a cell, which :mod:`generator.validate` evaluates column-wise;
* :func:`typed_columns` casts checked text to typed polars columns;
* :func:`pandas_schema` builds the pandera schema the Python loaders validate with.

pandera (and with it pandas) is imported only by :func:`pandas_schema`: importing it
takes about half a second, which ``jiekun validate`` does not need to spend.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import pandera.pandas as pa

NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
INTEGER = r"^[+-]?[0-9]+$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URI = r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s]+$"
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
FULL_WIDTH = re.compile(r"[０-９．，－＋]")
THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


@dataclasses.dataclass(frozen=True)
class CellRule:
    """One check of one field: ``ok`` is true where a text cell passes."""

    field: str
    code: str
    key: str
    ok: pl.Expr
    message: Callable[[str], str]


def describe_number_error(value: str, kind: str) -> str:
    if FULL_WIDTH.search(value):
        return f"{value!r} has full-width characters (０-９, ．, ，); type the number with ASCII digits"
    if THOUSANDS.match(value):
        return f"{value!r} has thousands separators; write it without commas, e.g. {value.replace(',', '')}"
    if value != value.strip():
        return f"{value!r} has spaces around it; remove them"
    if any(ch in value for ch in "万亿"):
        return f"{value!r} uses 万/亿; write the full number in base units (7.1万 → 71000)"
    if value.endswith("%"):
        return f"{value!r} has a % sign; write the number only (99.95)"
    return f"{value!r} is not {kind}"


def _text(field: str) -> pl.Expr:
    return pl.col(field)


def _number(field: str) -> pl.Expr:
    return pl.col(field).cast(pl.Float64, strict=False)


def _length(field: str) -> pl.Expr:
    return pl.col(field).str.len_chars()


def _type_rule(field: dict[str, Any]) -> CellRule | None:
    name, kind = field["name"], field.get("type", "string")
    col = pl.col(name)
    present = col != ""
    if kind == "number":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(NUMBER),
                        lambda v: describe_number_error(v, "a number"))
    if kind == "integer":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(INTEGER),
                        lambda v: describe_number_error(v, "a whole number"))
    if kind == "boolean":
        values = field.get("trueValues", TRUE_VALUES) + field.get("falseValues", FALSE_VALUES)
        return CellRule(name, "type-error", "type", ~present | col.is_in(values),
                        lambda v: f"{v!r} is not true or false")
    if kind == "date":
        valid = col.str.contains(DATE) & col.str.to_date("%Y-%m-%d", strict=False).is_not_null()
        return CellRule(name, "type-error", "type", ~present | valid,
                        lambda v: f"{v!r} is not a date (YYYY-MM-DD) that exists")
    if field.get("format") == "uri":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(URI),
                        lambda v: f"{v!r} is not a web address (https://…)")
    return None


def _parsed(field: dict[str, Any]) -> pl.Expr:
    """Where a present cell parses as the field's type."""
    rule = _type_rule(field)
    present = pl.col(field["name"]) != ""
    return present & rule.ok if rule else present


def _bound(name: str, op: str, limit: float, parsed: pl.Expr) -> CellRule:
    num = _number(name)
    tests = {"minimum": (num >= limit, "≥"), "maximum": (num <= limit, "≤"),
             "exclusiveMinimum": (num > limit, ">"), "exclusiveMaximum": (num < limit, "<")}
    test, sign = tests[op]
    shown = int(limit) if float(limit).is_integer() else limit
    return CellRule(name, "constraint-error", op, ~parsed | test, lambda v: f"must be {sign} {shown}, got {v}")


def _required_msg(value: str) -> str:
    return "is required but empty"


def _enum_msg(allowed: list[str], value: str) -> str:
    return f"{value!r} is not one of: {', '.join(allowed)}"


def _pattern_msg(pattern: str, value: str) -> str:
    return f"{value!r} does not match the pattern {pattern}"


def _length_msg(bound: str, n: int, value: str) -> str:
    return f"has {len(value)} characters; {bound} {n} allowed"


def _constraint_rules(field: dict[str, Any]) -> list[CellRule]:
    name, cons = field["name"], field.get("constraints", {})
    col, parsed = pl.col(name), _parsed(field)
    rules = []
    if cons.get("required"):
        # a cell of spaces only counts as empty; \S is what str.strip_chars() keeps, without a copy
        rules.append(CellRule(name, "constraint-error", "required", col.str.contains(r"\S"), _required_msg))
    if "enum" in cons:
        allowed = [str(x) for x in cons["enum"]]
        rules.append(CellRule(name, "constraint-error", "enum", ~parsed | col.is_in(allowed),
                              partial(_enum_msg, allowed)))
    if "pattern" in cons:
        pat = cons["pattern"]
        rules.append(CellRule(name, "constraint-error", "pattern", ~parsed | col.str.contains(f"^(?:{pat})$"),
                              partial(_pattern_msg, pat)))
    if "minLength" in cons:
        rules.append(CellRule(name, "constraint-error", "minLength", ~parsed | (_length(name) >= cons["minLength"]),
                              partial(_length_msg, "at least", cons["minLength"])))
    if "maxLength" in cons:
        rules.append(CellRule(name, "constraint-error", "maxLength", ~parsed | (_length(name) <= cons["maxLength"]),
                              partial(_length_msg, "at most", cons["maxLength"])))
    for op in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if op in cons and field.get("type") in ("number", "integer"):
            rules.append(_bound(name, op, float(cons[op]), parsed))
    return rules


def cell_rules(schema: dict[str, Any], present: set[str] | None = None) -> list[CellRule]:
    """Every per-cell rule of ``schema`` (for the columns in ``present``)."""
    rules: list[CellRule] = []
    for field in schema.get("fields", []):
        if present is not None and field["name"] not in present:
            continue
        type_rule = _type_rule(field)
        rules += [type_rule] if type_rule else []
        rules += _constraint_rules(field)
    return rules


def typed_columns(schema: dict[str, Any], present: set[str], filled: set[str] | frozenset[str] = frozenset(),
                  ) -> list[pl.Expr]:
    """Expressions casting checked text to typed columns; empty and bad cells become null.

    ``filled`` names columns known to have no empty cell: a text column among them is
    taken as it is, without a copy.
    """
    exprs = []
    for field in schema.get("fields", []):
        name, kind = field["name"], field.get("type", "string")
        if name not in present:
            col = pl.lit(None, pl.String)
        elif name in filled:
            col = pl.col(name)
        else:
            col = pl.when(pl.col(name) != "").then(pl.col(name))
        if kind == "number":
            expr = col.cast(pl.Float64, strict=False)
        elif kind == "integer":
            expr = col.cast(pl.Int64, strict=False)
        elif kind == "boolean":
            trues = field.get("trueValues", TRUE_VALUES)
            falses = field.get("falseValues", FALSE_VALUES)
            expr = pl.when(col.is_in(trues)).then(True).when(col.is_in(falses)).then(False)
        elif kind == "date":
            expr = col.str.to_date("%Y-%m-%d", strict=False)
        else:
            expr = col.cast(pl.String)
        exprs.append(expr.alias(name))
    return exprs


PANDAS_DTYPES = {"string": "string", "number": "float64", "integer": "Int64", "boolean": "boolean",
                 "date": "datetime64[ns]"}


def _pandas_checks(field: dict[str, Any]) -> list[pa.Check]:
    import pandera.pandas as pa

    cons, checks = field.get("constraints", {}), []
    if "enum" in cons:
        checks.append(pa.Check.isin(cons["enum"]))
    if "pattern" in cons:
        checks.append(pa.Check.str_matches(f"^(?:{cons['pattern']})$"))
    if "minLength" in cons or "maxLength" in cons:
        checks.append(pa.Check.str_length(cons.get("minLength"), cons.get("maxLength")))
    for op, make in (("minimum", pa.Check.ge), ("maximum", pa.Check.le),
                     ("exclusiveMinimum", pa.Check.gt), ("exclusiveMaximum", pa.Check.lt)):
        if op in cons:
            checks.append(make(cons[op]))
    return checks


def pandas_schema(schema: dict[str, Any], name: str) -> pa.DataFrameSchema:
    """The pandera schema of a typed pandas DataFrame of this table."""
    import pandera.pandas as pa

    columns = {}
    for field in schema.get("fields", []):
        cons = field.get("constraints", {})
        columns[field["name"]] = pa.Column(
            PANDAS_DTYPES[field.get("type", "string")], _pandas_checks(field),
            nullable=not cons.get("required", False), unique=bool(cons.get("unique")),
            title=field.get("title"), description=field.get("description"))
    pk = schema.get("primaryKey")
    return pa.DataFrameSchema(columns, name=name, strict=True, unique=pk or None, ordered=True)
