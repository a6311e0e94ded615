"""One typed reading of a Table Schema and of the CSV parts of a resource descriptor.

Every module that needs a field's type, the keys, the dialect, the encoding or the missing
values reads them here, in the forms the Table Schema allows (v1 and v2): a key may be a
string or a list, ``missingValues`` may be on the schema or (v2) on a field, a dialect may
be ``header: false``.  Nothing here reads a data file.

:func:`fast_path_gaps` says which features of a resource the vectorised validator does not
implement; such a resource is validated by frictionless itself (:mod:`jiekun.data.fallback`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

#: every type of Table Schema v1 and v2 (v2 adds list)
TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "list", "date", "time",
                   "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"})
#: the types the fast path checks itself, and the formats it checks for each
FAST_FORMATS: dict[str, frozenset[str]] = {
    "string": frozenset({"default", "uri"}), "any": frozenset({"default"}),
    "number": frozenset({"default"}), "integer": frozenset({"default"}),
    "boolean": frozenset({"default"}), "date": frozenset({"default"}), "datetime": frozenset({"default"}),
}
#: the constraints the fast path checks, by type
TEXT_CONSTRAINTS = frozenset({"required", "unique", "enum", "pattern", "minLength", "maxLength"})
NUMBER_CONSTRAINTS = frozenset({"required", "unique", "enum", "minimum", "maximum", "exclusiveMinimum",
                                "exclusiveMaximum"})
PLAIN_CONSTRAINTS = frozenset({"required", "unique"})
UTF8 = frozenset({"utf-8", "utf8", "utf-8-sig"})


def key_list(value: Any) -> tuple[str, ...]:
    """A key as the Table Schema allows it: one field name, or a list of them."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def _strings(value: Any, default: list[str]) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return tuple(default)


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    type: str
    format: str
    constraints: Mapping[str, Any]
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]
    missing_values: tuple[str, ...]
    raw: Mapping[str, Any]

    @property
    def numeric(self) -> bool:
        return self.type in ("number", "integer")

    @property
    def number_options(self) -> bool:
        """bareNumber false, or a decimal or group character other than the defaults."""
        return (self.raw.get("bareNumber", True) is not True or self.raw.get("decimalChar", ".") != "."
                or self.raw.get("groupChar", "") != "")


@dataclasses.dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" means the same resource
    reference_fields: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class TableSchema:
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def read_field(raw: Mapping[str, Any], missing: tuple[str, ...]) -> Field:
    constraints = raw.get("constraints")
    return Field(
        name=str(raw.get("name", "")),
        type=str(raw.get("type") or "any"),
        format=str(raw.get("format") or "default"),
        constraints=constraints if isinstance(constraints, dict) else {},
        true_values=_strings(raw.get("trueValues"), ["true", "True", "TRUE", "1"]),
        false_values=_strings(raw.get("falseValues"), ["false", "False", "FALSE", "0"]),
        missing_values=_strings(raw.get("missingValues"), list(missing)),
        raw=raw,
    )


def _foreign_key(raw: Any) -> ForeignKey | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("reference"), dict):
        return None
    ref = raw["reference"]
    fields, ref_fields = key_list(raw.get("fields")), key_list(ref.get("fields"))
    if not fields or len(fields) != len(ref_fields):
        return None
    resource = ref.get("resource")
    return ForeignKey(fields, resource if isinstance(resource, str) else "", ref_fields)


def read_schema(raw: Mapping[str, Any]) -> TableSchema:
    """The typed reading of a schema already known to have a list of named fields."""
    missing = _strings(raw.get("missingValues"), [""])
    fields = tuple(read_field(f, missing) for f in raw.get("fields", []) if isinstance(f, dict))
    unique = raw.get("uniqueKeys")
    fks = raw.get("foreignKeys")
    return TableSchema(
        fields=fields,
        primary_key=key_list(raw.get("primaryKey")),
        unique_keys=tuple(k for k in (key_list(u) for u in unique) if k) if isinstance(unique, list) else (),
        foreign_keys=tuple(fk for fk in map(_foreign_key, fks) if fk) if isinstance(fks, list) else (),
        missing_values=missing,
    )


@dataclasses.dataclass(frozen=True)
class Dialect:
    """The CSV dialect (Table Dialect v1 / CSV Dialect v2 properties that change how cells are read)."""

    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    escape_char: str | None = None
    header: bool = True
    header_rows: tuple[int, ...] = (1,)
    comment_char: str | None = None
    comment_rows: tuple[int, ...] = ()
    skip_initial_space: bool = False

    @property
    def is_default(self) -> bool:
        return self == Dialect()


def read_dialect(raw: Any) -> Dialect:
    if not isinstance(raw, dict):
        return Dialect()
    nested = raw.get("csv")  # frictionless v5 nests the CSV control
    merged = {**(nested if isinstance(nested, dict) else {}), **raw}
    rows = merged.get("headerRows")
    comments = merged.get("commentRows")
    return Dialect(
        delimiter=str(merged.get("delimiter", ",")),
        quote_char=str(merged.get("quoteChar", '"')),
        double_quote=merged.get("doubleQuote", True) is not False,
        escape_char=merged.get("escapeChar") if isinstance(merged.get("escapeChar"), str) else None,
        header=merged.get("header", True) is not False,
        header_rows=tuple(rows) if isinstance(rows, list) and rows else (1,),
        comment_char=merged.get("commentChar") if isinstance(merged.get("commentChar"), str) else None,
        comment_rows=tuple(comments) if isinstance(comments, list) else (),
        skip_initial_space=merged.get("skipInitialSpace", False) is True,
    )


def _field_gaps(field: Field) -> list[str]:
    formats = FAST_FORMATS.get(field.type)
    if formats is None:
        return [f"field {field.name!r}: type {field.type}"]
    gaps = [] if field.format in formats else [f"field {field.name!r}: format {field.format!r}"]
    allowed = NUMBER_CONSTRAINTS if field.numeric else TEXT_CONSTRAINTS if field.type in ("string", "any") \
        else PLAIN_CONSTRAINTS
    gaps += [f"field {field.name!r}: constraint {c}" for c in field.constraints if c not in allowed]
    if field.numeric and field.number_options:
        gaps.append(f"field {field.name!r}: bareNumber/decimalChar/groupChar")
    if "" not in field.missing_values:
        gaps.append(f"field {field.name!r}: missingValues without the empty string")
    if field.type == "any" and set(field.constraints) - {"required", "unique"}:
        gaps.append(f"field {field.name!r}: constraints on type any")
    pattern = field.constraints.get("pattern")
    if pattern is not None and not _fast_pattern(pattern):
        gaps.append(f"field {field.name!r}: a pattern the fast regex engine does not read")
    return gaps


def _fast_pattern(pattern: Any) -> bool:
    """Whether polars' regex engine compiles ``pattern`` (it has no look-around or back-references)."""
    import polars as pl

    if not isinstance(pattern, str):
        return False
    try:
        pl.select(pl.lit("").str.contains(f"^(?:{pattern})$"))
    except pl.exceptions.ComputeError:
        return False
    return True


def fast_path_gaps(descriptor: Mapping[str, Any], schema: TableSchema) -> list[str]:
    """What in this resource the fast path does not implement (empty: the fast path validates it exactly)."""
    if not schema.fields:
        return ["no Table Schema (frictionless infers one)"]
    gaps = [_ for f in schema.fields for _ in _field_gaps(f)]
    dialect = descriptor.get("dialect")
    if dialect is not None and not isinstance(dialect, dict) or not read_dialect(dialect).is_default:
        gaps.append("CSV dialect")
    encoding = descriptor.get("encoding")
    if encoding is not None and str(encoding).lower() not in UTF8:
        gaps.append(f"encoding {encoding}")
    if str(descriptor.get("format", "csv")).lower() != "csv" or descriptor.get("compression"):
        gaps.append("format other than plain CSV")
    if schema.unique_keys:
        gaps.append("uniqueKeys")
    if "bytes" in descriptor or "hash" in descriptor:
        gaps.append("declared bytes or hash")
    if not isinstance(descriptor.get("path"), str) or "data" in descriptor:
        gaps.append("a path that is not one local file")
    return gaps


def _number_like(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


CONSTRAINT_VALUES: dict[str, Any] = {
    "required": lambda v: isinstance(v, bool), "unique": lambda v: isinstance(v, bool),
    "enum": lambda v: isinstance(v, list), "pattern": lambda v: isinstance(v, str),
    "minLength": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "maxLength": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


def schema_problems(raw: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """(field, message) for what makes a schema with named fields invalid: constraint values, keys."""
    schema = read_schema(raw)
    problems: list[tuple[str | None, str]] = []
    for field in schema.fields:
        for name, value in field.constraints.items():
            check = CONSTRAINT_VALUES.get(name)
            bad = not check(value) if check else name.endswith(("imum", "Minimum", "Maximum")) and field.numeric \
                and not _number_like(value)
            if bad:
                problems.append((field.name, f"constraint {name} has an invalid value {value!r}"))
    names = set(schema.field_names)
    if len(names) != len(schema.fields):
        problems.append((None, "two fields have the same name"))
    if not isinstance(raw.get("primaryKey", []), str | list) or not set(schema.primary_key) <= names:
        problems.append((None, "primaryKey names a field the schema does not have"))
    fks = raw.get("foreignKeys", [])
    if not isinstance(fks, list) or len(schema.foreign_keys) != len(fks) \
            or any(not set(fk.fields) <= names for fk in schema.foreign_keys):
        problems.append((None, "a foreign key needs fields of this schema and as many reference fields"))
    return problems
