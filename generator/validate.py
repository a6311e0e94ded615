"""Stage 3: check every table: structure, cells, keys, references, then the cross-table rules.

:func:`validate` never raises for a data problem and never writes a file: it returns a
:class:`~generator.issues.Report` listing every problem at once.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import polars as pl

from . import rules
from .catalog import Catalog, Resource, discover
from .derive import CellRule, cell_rules, typed_columns
from .distinct import failing_rows
from .issues import Issue, Report, error
from .load import LINE, Table, read_table
from .refcheck import docs_issues


@dataclasses.dataclass
class Checked:
    """A table after its checks: the raw text frame and the typed frame (bad cells null)."""

    table: Table
    typed: pl.DataFrame

    @property
    def resource(self) -> Resource:
        return self.table.resource

    @property
    def file(self) -> str:
        return self.table.file


def _drop_blank_rows(table: Table) -> list[Issue]:
    cols = [c for c in table.frame.columns if c != LINE]
    if not cols or table.frame.is_empty():
        return []
    blank = pl.all_horizontal([pl.col(c) == "" for c in cols])
    lines = table.frame.select(pl.col(LINE).filter(blank))[LINE].to_list()
    if lines:
        table.frame = table.frame.filter(~blank)
    return [error(table.file, line, None, "blank-row", "every cell of this row is empty", "delete the row")
            for line in lines]


def _cell_issues(table: Table, rules_: list[CellRule]) -> tuple[list[Issue], dict[str, list[int]]]:
    """Issues of every failing cell, and the failing row indices by field.

    One query over the frame finds the rows where each rule fails (a column that repeats
    its values is checked once per distinct value); only those rows come back to Python.
    """
    frame = table.frame
    if not rules_ or frame.is_empty():
        return [], {}
    issues: list[Issue] = []
    failed: dict[str, list[int]] = {}
    for rule, rows in zip(rules_, failing_rows(frame, [(rule.field, rule.ok) for rule in rules_]), strict=True):
        if not rows:
            continue
        failed.setdefault(rule.field, []).extend(rows)
        cells = frame.select(pl.col(LINE).gather(rows), pl.col(rule.field).gather(rows))
        issues += [error(table.file, line, rule.field, rule.code, rule.message(value))
                   for line, value in cells.iter_rows() if not table.padded(line, rule.field)]
    return issues, failed


def _null_failed(typed: pl.DataFrame, failed: dict[str, list[int]]) -> pl.DataFrame:
    """Blank out cells that failed a check, so later rules do not reason from bad values."""
    row = pl.int_range(pl.len())
    return typed.with_columns([pl.when(row.is_in(rows)).then(None).otherwise(pl.col(name)).alias(name)
                               for name, rows in failed.items()])


def _key_issues(table: Table, fields: list[str], code: str) -> list[Issue]:
    frame = table.frame
    if frame.is_empty() or any(f not in frame.columns for f in fields):
        return []
    key = pl.struct(fields) if len(fields) > 1 else pl.col(fields[0])
    present = pl.all_horizontal([pl.col(f) != "" for f in fields])
    # equal keys have equal hashes: rows with a repeated hash hold every repeated key, and few others
    candidates = frame.select(LINE, *fields).filter(present & key.hash().is_duplicated())
    dup = candidates.filter(key.is_duplicated())
    first = dup.group_by(fields).agg(pl.col(LINE).min().alias("__first"))
    shown = ", ".join(fields)
    return [error(table.file, line, fields[0], code,
                  f"duplicate {shown} {' / '.join(values)!r}: already used on line {first_line}",
                  "give this row its own id, or delete one of the two rows")
            for *values, line, first_line in dup.join(first, on=fields).filter(pl.col(LINE) != pl.col("__first"))
            .select(*fields, LINE, "__first").iter_rows()]


def check_table(resource: Resource) -> tuple[Checked, list[Issue]]:
    table = read_table(resource)
    issues = list(table.issues) + _drop_blank_rows(table)
    present = set(table.frame.columns) & set(resource.field_names)
    if not table.header_ok:  # cells may sit under the wrong names: fix the header first
        return Checked(table, _typed(table, present)), issues
    cell_issues, failed = _cell_issues(table, cell_rules(resource.schema, present))
    issues += cell_issues
    pk = resource.schema.get("primaryKey") or []
    issues += _key_issues(table, list(pk), "primary-key")
    for field in resource.schema.get("fields", []):
        if field.get("constraints", {}).get("unique") and [field["name"]] != pk:
            issues += _key_issues(table, [field["name"]], "unique-error")
    return Checked(table, _null_failed(_typed(table, present), failed)), issues


def _typed(table: Table, present: set[str]) -> pl.DataFrame:
    """The typed frame; text columns without an empty cell are shared with the raw frame, not copied."""
    frame = table.frame
    text = [name for name in present if name != LINE]
    blanks = frame.select([(pl.col(name) == "").any() for name in text]).row(0) if text else ()
    filled = {name for name, blank in zip(text, blanks, strict=True) if not blank}
    return frame.select(pl.col(LINE), *typed_columns(table.resource.schema, present, filled))


def _foreign_key_issues(checked: Checked, fk: dict[str, Any], tables: dict[str, Checked]) -> list[Issue]:
    fields, ref = list(fk["fields"]), fk["reference"]
    target = tables.get(ref.get("resource") or checked.resource.name)
    if target is None or not (target.table.header_ok and checked.table.header_ok):
        return []
    rows = checked.typed.select(LINE, *fields).filter(pl.all_horizontal([pl.col(f).is_not_null() for f in fields]))
    if rows.is_empty():  # e.g. no figure is related to another: do not hash every id for nothing
        return []
    keys = target.typed.select([pl.col(r).alias(f) for f, r in zip(fields, ref["fields"], strict=True)])
    missing = rows.join(keys, on=fields, how="anti", nulls_equal=False).sort(LINE)
    label = f"{target.resource.name} ({target.file})"
    return [error(checked.file, row[0], fields[0], "foreign-key",
                  f"{' / '.join(map(str, row[1:]))!r} is not a {'/'.join(ref['fields'])} in {label}",
                  f"use a value listed in {target.file}, or add it there first")
            for row in missing.select(LINE, *fields).iter_rows()]


def _without_ragged(checked: Checked) -> pl.DataFrame:
    """The typed rows whose cells line up with the header: read_table puts the others last."""
    typed, ragged_lines = checked.typed, checked.table.ragged_lines
    if not ragged_lines:
        return typed
    ragged = typed.get_column(LINE).is_in(list(ragged_lines))
    keep = typed.height - int(ragged.sum())
    return typed.head(keep) if not ragged.head(keep).any() else typed.filter(~ragged)


def _rule_inputs(tables: dict[str, Checked]) -> dict[str, Checked]:
    """Tables with a sound header, without rows whose cells do not line up with it."""
    return {name: Checked(t.table, _without_ragged(t)) for name, t in tables.items() if t.table.header_ok}


def validate(root: Path | str = ".") -> Report:
    """Check every data package under ``root``; see :func:`check` for the tables too."""
    return check(root)[0]


def check(root: Path | str = ".") -> tuple[Report, dict[str, Checked]]:
    start = time.perf_counter()
    catalog: Catalog = discover(root)
    report = Report(issues=list(catalog.issues))
    tables: dict[str, Checked] = {}
    for resource in catalog.resources():
        checked, issues = check_table(resource)
        tables[resource.name] = checked
        report.extend(issues)
        report.files.append(resource.relpath)
        report.rows += checked.typed.height
    for checked in tables.values():
        for fk in checked.resource.schema.get("foreignKeys", []):
            report.extend(_foreign_key_issues(checked, fk, tables))
    report.extend(rules.run(_rule_inputs(tables)))
    report.extend(docs_issues(Path(root), tables))  # figures cited in docs/ pages
    report.tables = len(tables)
    report.seconds = time.perf_counter() - start
    return report, tables
