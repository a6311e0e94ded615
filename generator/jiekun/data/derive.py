"""Everything type-related is derived here from the Table Schemas, never written twice.

* :func:`cell_rules` turns each field's type and constraints into polars expressions
  over the raw text of a cell, which :mod:`jiekun.data.validate` evaluates column-wise;
* :func:`typed_columns` casts checked text to typed polars columns;
* :func:`pandas_schema` builds the pandera schema the Python loaders validate with.

pandera (and with it pandas) is imported only by :func:`pandas_schema`: importing it
takes about half a second, which ``jiekun validate`` does not need to spend.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import polars as pl

from jiekun.core.i18n import _, localized, mark
from jiekun.data.schema import Field, key_list, read_schema

if TYPE_CHECKING:
    import pandera.pandas as pa

#: what Python's Decimal reads, less digit-group underscores, spaces and non-ASCII digits (our stricter rule)
NUMBER = r"^[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:s?nan|inf|infinity))$"
INTEGER = r"^[+-]?[0-9]+$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
            r"(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$")
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
    #: frictionless' own reading of a cell ``ok`` rejects: a cell it accepts is no error (``ok`` may be stricter
    #: than the spec, never looser, so only the few rejected cells are read one by one)
    exact: Callable[[str], bool] | None = None


def describe_number_error(value: str, kind: str) -> str:
    if FULL_WIDTH.search(value):
        return _("{value!r} has full-width characters (０-９, ．, ，); "
                 "type the number with half-width digits 0-9").format(value=value)
    if THOUSANDS.match(value):
        return _("{value!r} has thousands separators; write it without commas, e.g. {bare}").format(
            value=value, bare=value.replace(",", ""))
    if value != value.strip():
        return _("{value!r} has spaces around it; remove them").format(value=value)
    if any(ch in value for ch in "万亿"):
        return _("{value!r} uses 万/亿; write the full number in base units (7.1万 → 71000)").format(value=value)
    if value.endswith("%"):
        return _("{value!r} has a % sign; write the number only (99.95)").format(value=value)
    return (_("{value!r} is not a number") if kind == "number" else _("{value!r} is not a whole number")).format(
        value=value)


def _text(field: str) -> pl.Expr:
    return pl.col(field)


def _number(field: str) -> pl.Expr:
    return pl.col(field).cast(pl.Float64, strict=False)


def _length(field: str) -> pl.Expr:
    return pl.col(field).str.len_chars()


def _exact_date(value: str) -> bool:
    try:
        datetime.datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _exact_datetime(value: str) -> bool:
    """frictionless' default datetime: ISO 8601 as dateutil reads it, with seconds."""
    from dateutil import parser

    try:
        parser.isoparse(value)
    except (ValueError, OverflowError):
        return False
    return len(value) >= 19 and value[16] == ":"


def _exact_uri(value: str) -> bool:
    """frictionless' uri format: a URI reference with a scheme (RFC 3986)."""
    import rfc3986
    from rfc3986 import validators

    try:
        validators.Validator().require_presence_of("scheme").validate(rfc3986.uri_reference(value))
    except (rfc3986.exceptions.ValidationError, ValueError):
        return False
    return True


def _type_rule(field: Field) -> CellRule | None:
    name, kind = field.name, field.type
    col = pl.col(name)
    present = col != ""
    if kind == "number":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(NUMBER),
                        lambda v: describe_number_error(v, "number"))
    if kind == "integer":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(INTEGER),
                        lambda v: describe_number_error(v, "integer"))
    if kind == "boolean":
        values = list(field.true_values + field.false_values)
        return CellRule(name, "type-error", "type", ~present | col.is_in(values),
                        lambda v: _("{value!r} is not true or false").format(value=v))
    if kind == "date":
        valid = col.str.contains(DATE) & col.str.to_date("%Y-%m-%d", strict=False).is_not_null()
        return CellRule(name, "type-error", "type", ~present | valid,
                        lambda v: _("{value!r} is not a date (YYYY-MM-DD) that exists").format(value=v), _exact_date)
    if kind == "datetime":
        valid = col.str.contains(DATETIME) & col.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).is_not_null()
        return CellRule(name, "type-error", "type", ~present | valid,
                        lambda v: _("{value!r} is not a date and time (YYYY-MM-DDThh:mm:ss) that exists").format(
                            value=v),
                        _exact_datetime)
    if field.format == "uri":
        return CellRule(name, "type-error", "type", ~present | col.str.contains(URI),
                        lambda v: _("{value!r} is not a web address (https://…)").format(value=v), _exact_uri)
    return None


def _parsed(field: Field) -> pl.Expr:
    """Where a present cell parses as the field's type."""
    rule = _type_rule(field)
    present = pl.col(field.name) != ""
    return present & rule.ok if rule else present


def _bound(name: str, op: str, limit: float, parsed: pl.Expr) -> CellRule:
    num = _number(name)
    tests = {"minimum": (num >= limit, "≥"), "maximum": (num <= limit, "≤"),
             "exclusiveMinimum": (num > limit, ">"), "exclusiveMaximum": (num < limit, "<")}
    test, sign = tests[op]
    shown = int(limit) if float(limit).is_integer() else limit
    # NaN meets no bound (frictionless: a non-finite Decimal fails the comparison); polars orders it last
    test = test & num.is_not_nan()
    return CellRule(name, "constraint-error", op, ~parsed | test, lambda v:
        _("must be {sign} {limit}, got {value}").format(
        sign=sign, limit=shown, value=v))


def _required_msg(value: str) -> str:
    return _("is required but empty")


def _enum_msg(allowed: list[str], value: str) -> str:
    return _("{value!r} is not one of: {allowed}").format(value=value, allowed=", ".join(allowed))


SLUG = "[a-z0-9]+(-[a-z0-9]+)*"
YMD = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
#: the forms patterns commonly ask for, in words (a message never shows a regular expression)
PATTERN_WORDS = {
    f"^{SLUG}$": mark("written in lower-case letters a-z, digits 0-9 and single hyphens, e.g. {example}"),
    f"^{SLUG}(;{SLUG})*$": mark("a list of codes in lower-case letters a-z, digits 0-9 and single hyphens, "
                                 "separated by ';' with no spaces, e.g. {example};{example}"),
    "^[1-9][0-9]{5}$": mark("6 digits, the first not 0, e.g. 110000"),
    f"^{YMD}$": mark("a date written YYYY-MM-DD, e.g. 2018-12-24"),
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$": mark(
        "a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018 or 2018-12"),
}


def _pattern_msg(pattern: str, field: Mapping[str, Any], value: str) -> str:
    """What the value should look like, in words (or the field's description, in the language in use);
    never the regular expression itself."""
    description = localized(field, "description")
    words = PATTERN_WORDS.get(pattern)
    if words is not None:
        example = "-".join(w for w in (re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")).split("-") if w) or "my-id"
        return _("{value!r} should be {words}").format(value=value, words=_(words).format(example=example))
    if description:
        return _("{value!r} is not in the form this field needs: {description}").format(
            value=value, description=description)
    return _("{value!r} is not in the form this field needs (see the data dictionary)").format(value=value)


def _length_msg(bound: str, n: int, value: str) -> str:
    text = _("has {count} characters; at least {n} allowed") if bound == "min" else _(
        "has {count} characters; at most {n} allowed")
    return text.format(count=len(value), n=n)


def _enum_rule(field: Field, parsed: pl.Expr) -> CellRule:
    """Values compared as the field's type: on a number field, ``01`` is the enum value ``1``."""
    name, values = field.name, list(field.constraints["enum"])
    allowed = [str(x) for x in values]
    ok = pl.col(name).is_in(allowed)
    if field.numeric:
        with contextlib.suppress(TypeError, ValueError):  # an enum value that is no number: compared as text
            ok = _number(name).is_in([float(x) for x in values])
    return CellRule(name, "constraint-error", "enum", ~parsed | ok, partial(_enum_msg, allowed))


def _constraint_rules(field: Field) -> list[CellRule]:
    name, cons = field.name, field.constraints
    col, parsed = pl.col(name), _parsed(field)
    rules = []
    if cons.get("required"):
        # a cell of spaces only counts as empty; \S is what str.strip_chars() keeps, without a copy
        rules.append(CellRule(name, "constraint-error", "required", col.str.contains(r"\S"), _required_msg))
    if "enum" in cons and isinstance(cons["enum"], list):
        rules.append(_enum_rule(field, parsed))
    if isinstance(cons.get("pattern"), str):
        pat = cons["pattern"]
        rules.append(CellRule(name, "constraint-error", "pattern", ~parsed | col.str.contains(f"^(?:{pat})$"),
                              partial(_pattern_msg, pat, field.raw)))
    if "minLength" in cons:
        rules.append(CellRule(name, "constraint-error", "minLength", ~parsed | (_length(name) >= cons["minLength"]),
                              partial(_length_msg, "min", cons["minLength"])))
    if "maxLength" in cons:
        rules.append(CellRule(name, "constraint-error", "maxLength", ~parsed | (_length(name) <= cons["maxLength"]),
                              partial(_length_msg, "max", cons["maxLength"])))
    for op in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if op in cons and field.numeric:
            rules.append(_bound(name, op, float(cons[op]), parsed))
    return rules


def cell_rules(schema: Mapping[str, Any], present: set[str] | None = None) -> list[CellRule]:
    """Every per-cell rule of ``schema`` (for the columns in ``present``)."""
    rules: list[CellRule] = []
    for field in read_schema(schema).fields:
        if present is not None and field.name not in present:
            continue
        type_rule = _type_rule(field)
        rules += [type_rule] if type_rule else []
        rules += _constraint_rules(field)
    return rules


def typed_columns(schema: Mapping[str, Any], present: set[str], filled: set[str] | frozenset[str] = frozenset(),
                  ) -> list[pl.Expr]:
    """Expressions casting checked text to typed columns; empty and bad cells become null.

    ``filled`` names columns known to have no empty cell: a text column among them is
    taken as it is, without a copy.
    """
    exprs = []
    for field in read_schema(schema).fields:
        name, kind = field.name, field.type
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
            trues, falses = list(field.true_values), list(field.false_values)
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
            PANDAS_DTYPES.get(field.get("type", "string")), _pandas_checks(field),
            nullable=not cons.get("required", False), unique=bool(cons.get("unique")),
            title=field.get("title"), description=field.get("description"))
    pk = list(key_list(schema.get("primaryKey")))
    return pa.DataFrameSchema(columns, name=name, strict=True, unique=pk or None, ordered=True)
