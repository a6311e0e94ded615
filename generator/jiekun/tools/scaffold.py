"""Add one row to a table: check each value as it comes, append it, keep every other byte.

Everything here is derived from the table's Table Schema (``schemas/<table>.schema.json``):
the fields, their titles and descriptions, types, enums, patterns and which are required;
the primary key and unique fields (ids must be new); the foreign keys (a region, source or
organisation must exist); ``x-dimension`` (codes must be categories of that dimension) and
``x-separator`` (several codes in one cell).

:func:`add_row` appends the row to the CSV exactly as written (the file's line ending, with or
without a final newline, the canonical quoting), validates the whole project with the new
row in a temporary copy, and writes the file (temp file + os.replace) only when that is valid.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from jiekun.core.i18n import _, localized
from jiekun.core.issues import Report
from jiekun.core.suggest import did_you_mean
from jiekun.data.catalog import Catalog, Resource, discover, schema_path
from jiekun.data.derive import cell_rules
from jiekun.tools.csvrows import column, format_row, newline_of, read_records, replace_files, validate_candidates

# the tables `jiekun new` adds rows to: command name -> resource (Table Schema) name
KINDS = {"case-study": "case-studies", "source": "sources"}
LABELS = ("name_zh", "label_zh", "title_zh")  # the column that names a row, for people
CATEGORIES = "categories"  # the table listing each dimension's codes, as in generator/rules.py
INSTALLED_SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"  # a source checkout: generator/jiekun/tools/


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """What a prompt or an option needs to know about one field, read from its schema entry."""

    name: str
    title: str
    description: str
    type: str
    required: bool
    enum: tuple[str, ...]
    separator: str | None
    dimension: str | None
    raw: dict[str, Any]

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def choices(self) -> tuple[str, ...]:
        if self.enum:
            return self.enum
        return ("true", "false") if self.type == "boolean" else ()


def field_title(field: dict[str, Any]) -> str:
    """A field's title in the language in use (``x-title-zh`` when the tool speaks Chinese and the
    schema gives one), else its title, else its name."""
    return localized(field, "title") or str(field["name"])


def field_help(field: dict[str, Any]) -> str:
    """A field's description in the language in use (``x-description-zh``), else its description."""
    return localized(field, "description")


def field_specs(schema: dict[str, Any]) -> list[FieldSpec]:
    """The fields of ``schema``, titled and described in the language in use."""
    specs = []
    for field in schema.get("fields", []):
        cons = field.get("constraints", {})
        specs.append(FieldSpec(field["name"], field_title(field), field_help(field),
                               field.get("type", "string"), bool(cons.get("required")),
                               tuple(str(v) for v in cons.get("enum", [])), field.get("x-separator"),
                               field.get("x-dimension"), field))
    return specs


def read_schema(root: Path, resource: str) -> dict[str, Any]:
    """The Table Schema of ``resource`` in ``root/schemas``, else in this installation's schemas/."""
    for folder in (Path(root) / "schemas", INSTALLED_SCHEMAS):
        path = schema_path(folder.parent, resource)
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                return data
    return {"fields": []}


def join_values(values: list[str] | tuple[str, ...], separator: str) -> str:
    """Repeated option values and/or separated lists as one cell: ``a``, ``b;c`` → ``a;b;c``."""
    items = [item.strip() for value in values for item in value.split(separator)]
    return separator.join(item for item in items if item)


class Checker:
    """Checks one value of one field against the schema and the tables it refers to."""

    def __init__(self, root: Path, resource: str) -> None:
        self.root = Path(root)
        self.catalog: Catalog = discover(self.root)
        found = self.catalog.resource(resource)
        if found is None:
            raise LookupError(_("no table {table!r} in the data packages under {folder}").format(
                table=resource, folder=self.root / "datasets"))
        self.resource: Resource = found
        read_records(found.path)  # an unreadable file (e.g. not UTF-8) stops here, before any question

    @cached_property
    def _categories(self) -> dict[str, dict[str, str]]:
        table = self.catalog.resource(CATEGORIES)
        rows = read_records(table.path) if table else []
        if not rows:
            return {}
        head = rows[0].cells
        out: dict[str, dict[str, str]] = {}
        for rec in rows[1:]:
            cell = dict(zip(head, rec.cells, strict=False))
            out.setdefault(cell.get("dimension", ""), {})[cell.get("code", "")] = cell.get("label_zh", "")
        return out

    def codes(self, spec: FieldSpec) -> dict[str, str]:
        """The codes (with their Chinese labels) allowed in a field that names a dimension."""
        return self._categories.get(spec.dimension or "", {})

    def _target(self, spec: FieldSpec) -> tuple[Resource, str] | None:
        """The table and field a one-field foreign key of ``spec`` points at."""
        for fk in self.resource.schema.get("foreignKeys", []):
            if list(fk.get("fields", [])) == [spec.name]:
                ref = fk.get("reference", {})
                target = self.catalog.resource(ref.get("resource") or self.resource.name)
                if target is not None:
                    return target, ref["fields"][0]
        return None

    def choices(self, spec: FieldSpec) -> dict[str, str]:
        """What may be typed in ``spec``'s column, code → label: a dimension's codes, the rows of
        the table a foreign key names (with their name or label), or the enum; {} for free text."""
        if spec.dimension:
            return self.codes(spec)
        found = self._target(spec)
        if found is None:
            return {value: "" for value in spec.choices}
        target, field = found
        rows = read_records(target.path)
        if not rows:
            return {}
        head = rows[0].cells
        label = next((c for c in LABELS if c in head), None)
        out = {}
        for rec in rows[1:]:
            cell = dict(zip(head, rec.cells, strict=False))
            out[cell.get(field, "")] = cell.get(label, "") if label else ""
        return out

    def normalise(self, spec: FieldSpec, value: str) -> str:
        """``value`` with each name or label replaced by its code (白银市 → 620400, 下岗失业 → its code);
        a value that is neither is kept, for :meth:`problem` to explain."""
        choices = self.choices(spec) if (spec.dimension or self._target(spec)) else {}
        if not choices or not value:
            return value
        by_label = {label: code for code, label in choices.items() if label}
        items = value.split(spec.separator) if spec.separator else [value]
        codes = [item if item in choices else by_label.get(item.strip(), item) for item in items]
        return spec.separator.join(codes) if spec.separator else codes[0]

    def problem(self, spec: FieldSpec, value: str) -> str | None:
        """Why ``value`` cannot go in ``spec``'s column, or None when it can."""
        frame = pl.DataFrame({spec.name: [value]})
        for rule in cell_rules({"fields": [spec.raw]}):
            if not frame.select(rule.ok).item():
                near = self.choices(spec) if spec.dimension or self._target(spec) else {}
                return rule.message(value) + (did_you_mean(value, near, near) if near else "")
        if not value:
            return None
        return self._unique_problem(spec, value) or self._reference_problem(spec, value) \
            or self._code_problem(spec, value)

    def _unique_problem(self, spec: FieldSpec, value: str) -> str | None:
        if self.resource.table_schema.primary_key != (spec.name,) and not spec.raw.get("constraints", {}).get("unique"):
            return None
        used = column(self.resource.path, spec.name)
        if value in used:
            return _("{value!r} is already used (line {line} of {file}); choose a new id").format(
                value=value, line=used[value], file=self.resource.relpath)
        return None

    def _reference_problem(self, spec: FieldSpec, value: str) -> str | None:
        for fk in self.resource.schema.get("foreignKeys", []):
            if list(fk.get("fields", [])) != [spec.name]:
                continue
            ref = fk.get("reference", {})
            target = self.catalog.resource(ref.get("resource") or self.resource.name)
            if target is None:
                continue
            known = column(target.path, ref["fields"][0])
            if value not in known:
                maybe = did_you_mean(value, list(known), self.choices(spec))
                return _("{value!r} is not listed in {file} ({field}){maybe} (add it to {file} first if it is new; "
                         "type ? to list the choices)").format(value=value, file=target.relpath,
                                                                 field=ref["fields"][0], maybe=maybe)
        return None

    def _code_problem(self, spec: FieldSpec, value: str) -> str | None:
        codes = self.codes(spec)
        if not spec.dimension or not codes:
            return None
        items = value.split(spec.separator) if spec.separator else [value]
        unknown = [item for item in items if item not in codes]
        if unknown:
            return _("{unknown} not in the {dimension} list{maybe}; type ? to list the choices").format(
                unknown=", ".join(map(repr, unknown)), dimension=spec.dimension,
                maybe=did_you_mean(unknown[0], codes, codes))
        return None


def append_bytes(original: bytes, cells: list[str]) -> tuple[bytes, int]:
    """``original`` with one more record after its last byte, and the line the record starts on."""
    text = original.decode("utf-8")
    newline = newline_of(text)
    row = format_row(cells, newline)
    line = text.count("\n") + 1
    if not text or text.endswith(("\n", "\r")):
        return original + row.encode("utf-8"), line
    # no final newline: keep it that way, with the new record last
    return original + (newline + row[: -len(newline)]).encode("utf-8"), line + 1


@dataclasses.dataclass
class Added:
    """What :func:`add_row` did: the file, the record's line and text, and the validation."""

    path: Path
    line: int
    text: str
    report: Report
    written: bool


def add_row(root: Path, resource: str, values: dict[str, str], dry_run: bool = False) -> Added:
    """Append a record of ``values`` (field → text) to ``resource``'s CSV if the result validates.

    The record's cells follow the file's header; fields not given are empty.  Nothing is
    written when ``dry_run`` is set or when the project with the new record has errors.
    """
    root = Path(root)
    checker = Checker(root, resource)
    path = checker.resource.path
    original = path.read_bytes()
    header = read_records(path)[0].cells if original.strip() else checker.resource.field_names
    cells = [values.get(name, "") for name in header]
    candidate, line = append_bytes(original, cells)
    report = validate_candidates(root, {path: candidate})
    written = not dry_run and report.ok()
    if written:
        replace_files({path: candidate})
    return Added(path, line, format_row(cells), report, written)
