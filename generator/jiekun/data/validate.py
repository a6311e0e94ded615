"""Stage 3: check every table: structure, cells, keys, references, then the cross-table rules.

:func:`validate` never raises for a data problem and never writes a file: it returns a
:class:`~jiekun.core.issues.Report` listing every problem at once.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, Report, error
from jiekun.core.suggest import did_you_mean
from jiekun.data import rules
from jiekun.data.catalog import Catalog, Resource, discover
from jiekun.data.checked import Checked
from jiekun.data.derive import CellRule, cell_rules, typed_columns
from jiekun.data.distinct import failing_rows
from jiekun.data.fallback import descriptor_issues, frictionless_issues
from jiekun.data.load import LINE, Table, empty_table, read_table
from jiekun.data.schema import ForeignKey


def _drop_blank_rows(table: Table) -> list[Issue]:
    cols = [c for c in table.frame.columns if c != LINE]
    if not cols or table.frame.is_empty():
        return []
    blank = pl.all_horizontal([pl.col(c) == "" for c in cols])
    lines = table.frame.select(pl.col(LINE).filter(blank))[LINE].to_list()
    if lines:
        table.frame = table.frame.filter(~blank)
    return [error(table.file, line, None, "blank-row", _("every cell of this row is empty"), _("delete the row"))
            for line in lines]


Failed = dict[str, list[int]]


def _cell_issues(table: Table, rules_: list[CellRule]) -> tuple[list[Issue], Failed, Failed]:
    """Issues of every failing cell, and the failing row indices by field: of the type, of other rules.

    One query over the frame finds the rows where each rule fails (a column that repeats
    its values is checked once per distinct value); only those rows come back to Python.
    """
    frame = table.frame
    if not rules_ or frame.is_empty():
        return [], {}, {}
    issues: list[Issue] = []
    bad_type: Failed = {}
    bad_value: Failed = {}
    for rule, rows in zip(rules_, failing_rows(frame, [(rule.field, rule.ok) for rule in rules_]), strict=True):
        if not rows:
            continue
        cells = frame.select(pl.col(LINE).gather(rows), pl.col(rule.field).gather(rows))
        exact = rule.exact
        kept = [(row, line, value) for row, (line, value) in zip(rows, cells.iter_rows(), strict=True)
                if exact is None or not exact(value)]
        failed = bad_type if rule.code == "type-error" else bad_value
        failed.setdefault(rule.field, []).extend(row for row, _, _ in kept)
        issues += [error(table.file, line, rule.field, rule.code, rule.message(value))
                   for _, line, value in kept if not table.padded(line, rule.field)]
    return issues, bad_type, bad_value


def _null_failed(typed: pl.DataFrame, failed: dict[str, list[int]]) -> pl.DataFrame:
    """Blank out cells that failed a check, so later rules do not reason from bad values."""
    row = pl.int_range(pl.len())
    return typed.with_columns([pl.when(row.is_in(rows)).then(None).otherwise(pl.col(name)).alias(name)
                               for name, rows in failed.items()])


def _key_issues(checked: Checked, fields: tuple[str, ...], code: str) -> list[Issue]:
    """Repeated keys, compared as typed values as frictionless does (``1`` and ``01`` are one integer).

    A primary key whose cells are all empty is reported too; for a unique field, empty cells are not compared.
    """
    frame, file = checked.typed, checked.file
    if frame.is_empty() or not fields or any(f not in frame.columns for f in fields):
        return []
    empty = pl.all_horizontal([pl.col(f).is_null() for f in fields])
    shown = ", ".join(fields)
    issues = []
    if code == "primary-key":
        issues = [error(file, line, fields[0], code, _("the primary key ({0}) is empty").format(shown),
                        _("fill in the key: every row needs one")) for line in frame.filter(empty)[LINE].to_list()]
    key = pl.struct(fields) if len(fields) > 1 else pl.col(fields[0])
    # equal keys have equal hashes: rows with a repeated hash hold every repeated key, and few others
    candidates = frame.select(LINE, *fields).filter(~empty & key.hash().is_duplicated())
    dup = candidates.filter(key.is_duplicated())
    first = dup.group_by(fields).agg(pl.col(LINE).min().alias("__first"))
    return issues + [
        error(file, line, fields[0], code,
              _("duplicate {0} {1!r}: already used on line {2}").format(
                  shown, ' / '.join(map(str, values)), first_line),
              _("give this row its own id, or delete one of the two rows"))
        for *values, line, first_line in dup.join(first, on=fields, nulls_equal=True)
        .filter(pl.col(LINE) != pl.col("__first")).select(*fields, LINE, "__first").iter_rows()]


def _missing_values(table: Table) -> None:
    """Cells written as one of the schema's missingValues become empty, as frictionless reads them."""
    exprs = [pl.when(pl.col(f.name).is_in(others)).then(pl.lit("")).otherwise(pl.col(f.name)).alias(f.name)
             for f in table.resource.table_schema.fields
             if f.name in table.frame.columns and (others := [v for v in f.missing_values if v])]
    if exprs:
        table.frame = table.frame.with_columns(exprs)


LABEL_CODES = frozenset({"blank-header", "blank-label", "duplicate-label", "extra-label", "missing-label",
                         "incorrect-label"})


def check_table(resource: Resource, descriptor: Path | None = None) -> tuple[Checked, list[Issue]]:
    """Read and check one table; a resource with features the fast path lacks goes to frictionless."""
    if resource.gaps and descriptor is not None:
        return _fallback_table(resource, descriptor)
    table = read_table(resource)
    _missing_values(table)
    issues = list(table.issues) + _drop_blank_rows(table)
    present = set(table.frame.columns) & set(resource.field_names)
    if not table.header_ok:  # cells may sit under other names: frictionless checks them by position
        if descriptor is not None and table.header:
            issues = [i for i in issues if i.code in LABEL_CODES] + [
                i for i in frictionless_issues(resource, descriptor)[0] if i.code not in LABEL_CODES]
        return Checked(table, _typed(table, present)), issues
    cell_issues, bad_type, bad_value = _cell_issues(table, cell_rules(resource.schema, present))
    # keys compare what frictionless reads: a cell of the wrong type is empty, one breaking a constraint is not
    checked = Checked(table, _null_failed(_typed(table, present), bad_type))
    schema = resource.table_schema
    issues += cell_issues + _key_issues(checked, schema.primary_key, "primary-key")
    for field in schema.fields:
        if field.constraints.get("unique") and (field.name,) != schema.primary_key:
            issues += _key_issues(checked, (field.name,), "unique-error")
    return Checked(table, _null_failed(checked.typed, bad_value)), issues


def _fallback_table(resource: Resource, descriptor: Path) -> tuple[Checked, list[Issue]]:
    """frictionless' errors; the table is read for the cross-table rules only where our reader reads it right."""
    readable = not any(g == "CSV dialect" or g.startswith(("encoding", "format", "no Table Schema"))
                       for g in resource.gaps)
    table = read_table(resource) if readable else empty_table(resource)
    present = set(table.frame.columns) & set(resource.field_names)
    issues, rows = frictionless_issues(resource, descriptor)
    return Checked(table, _typed(table, present), rows), issues


def _typed(table: Table, present: set[str]) -> pl.DataFrame:
    """The typed frame; text columns without an empty cell are shared with the raw frame, not copied."""
    frame = table.frame
    text = [name for name in present if name != LINE]
    blanks = frame.select([(pl.col(name) == "").any() for name in text]).row(0) if text else ()
    filled = {name for name, blank in zip(text, blanks, strict=True) if not blank}
    return frame.select(pl.col(LINE), *typed_columns(table.resource.schema, present, filled))


def _foreign_key_issues(checked: Checked, fk: ForeignKey, tables: dict[str, Checked]) -> list[Issue]:
    fields, ref_fields = list(fk.fields), list(fk.reference_fields)
    target = tables.get(fk.resource or checked.resource.name)
    if target is None or not (target.table.header_ok and checked.table.header_ok) \
            or any(f not in checked.typed.columns for f in fields) \
            or any(f not in target.typed.columns for f in ref_fields):
        return []
    rows = checked.typed.select(LINE, *fields).filter(pl.all_horizontal([pl.col(f).is_not_null() for f in fields]))
    if rows.is_empty():  # e.g. no figure is related to another: do not hash every id for nothing
        return []
    keys = target.typed.select([pl.col(r).alias(f) for f, r in zip(fields, ref_fields, strict=True)])
    missing = rows.join(keys, on=fields, how="anti", nulls_equal=False).sort(LINE)
    label = f"{target.resource.name} ({target.file})"
    hint = _("use a value listed in {0}, or add it there first").format(target.file)
    near = _nearby(target, ref_fields, missing.height)
    return [error(checked.file, row[0], fields[0], "foreign-key",
                  _("{0!r} is not a {1} in {2}").format(' / '.join(map(str, row[1:])), '/'.join(ref_fields), label)
                  + near(str(row[1])), hint)
            for row in missing.select(LINE, *fields).iter_rows()]


LABELS = ("name_zh", "label_zh", "title_zh")
SUGGEST_LIMIT = 5000  # values looked through for "did you mean" (a national table is not searched)


def _nearby(target: Checked, ref_fields: list[str], misses: int) -> Callable[[str], str]:
    """"; did you mean 'x' (label)?" for a value missing from a one-field key of a small table."""
    frame = target.typed
    if len(ref_fields) != 1 or frame.height > SUGGEST_LIMIT or misses > 50:
        return lambda value: ""
    label = next((c for c in LABELS if c in frame.columns), None)
    pairs = frame.select(ref_fields[0], label).drop_nulls().iter_rows() if label else iter(())
    labels = {str(code): str(text) for code, text in pairs}
    codes = [str(c) for c in frame[ref_fields[0]].drop_nulls().to_list()]
    return lambda value: did_you_mean(value, codes, labels)


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


def routed(resources: list[Resource]) -> list[Resource]:
    """The resources, where one whose foreign key points into a resource frictionless validates goes there too."""
    by_name = {r.name: r for r in resources}
    changed = True
    while changed:
        changed = False
        for name, res in by_name.items():
            targets = [by_name.get(fk.resource or name) for fk in res.table_schema.foreign_keys]
            if not res.gaps and any(t is not None and t.gaps for t in targets):
                by_name[name] = dataclasses.replace(res, gaps=("a foreign key into a resource frictionless validates",))
                changed = True
    return [by_name[r.name] for r in resources]


def validate(root: Path | str = ".") -> Report:
    """Check every data package under ``root``; see :func:`check` for the tables too."""
    return check(root)[0]


def check(root: Path | str = ".", catalog: Catalog | None = None) -> tuple[Report, dict[str, Checked]]:
    """Validate every data package under ``root`` (``catalog``: its packages, if already found)."""
    start = time.perf_counter()
    catalog = catalog or discover(root)
    report = Report(issues=list(catalog.issues))
    tables: dict[str, Checked] = {}
    descriptors = {p.name: p.descriptor_path for p in catalog.packages}
    resources = routed(catalog.resources())
    for package in catalog.packages:
        slow = any(r.gaps for r in resources if r.package == package.name)
        report.extend(descriptor_issues(package.descriptor, package.descriptor_path, slow))
    for resource in resources:
        checked, issues = check_table(resource, descriptors.get(resource.package))
        tables[resource.name] = checked
        report.extend(issues)
        report.files.append(resource.relpath)
        report.rows += checked.typed.height if checked.rows is None else checked.rows
    for checked in tables.values():
        if checked.resource.gaps:
            continue  # frictionless checked its foreign keys
        for fk in checked.resource.table_schema.foreign_keys:
            report.extend(_foreign_key_issues(checked, fk, tables))
    report.extend(rules.run(_rule_inputs(tables)))
    report.tables = len(tables)
    report.seconds = time.perf_counter() - start
    return report, tables
