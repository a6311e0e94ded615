"""Property-based tests: no cell value crashes the validator; the scan agrees with csv.

The fast read (one pyarrow pass) and the exact read (NumPy scan, then pyarrow) must give
the same table for any file; the scan must not depend on how it chunks the bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

import jiekun.data.scan as scan_module
import numpy as np
import polars as pl
import pytest
from conftest import make_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jiekun.core.issues import Report
from jiekun.data import cells, distinct, load, rules
from jiekun.data.catalog import Resource
from jiekun.data.scan import Scan, scan
from jiekun.data.validate import validate

CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12) | st.sampled_from(
    ["", "-5", "1,900", "３０００", "NaN", "2018-02-30", "=1+1", '"', "\n", "\r\n", "万", "true", "410000"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(CELL, min_size=1, max_size=17), row=st.integers(0, 5))
def test_random_cells_never_crash_the_validator(tmp_path: Path, cells: list[str], row: int) -> None:
    project = tmp_path / "p"
    shutil.rmtree(project, ignore_errors=True)
    make_project(project)
    path = project / "datasets/outcomes/outcomes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[1 + row] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8", newline="")
    report = validate(project)
    assert isinstance(report, Report)
    total_lines = path.read_bytes().count(b"\n") + 1
    for issue in report:
        assert issue.file and issue.code and issue.message
        assert issue.line is None or 1 <= issue.line <= total_lines


RECORD = st.lists(st.text(alphabet='ab,"\n 中', max_size=6), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(records=st.lists(RECORD, min_size=1, max_size=8))
def test_scan_agrees_with_the_csv_module(records: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    text = buf.getvalue()
    expected, line = [], 1
    reader = csv.reader(io.StringIO(text, newline=""))
    for parsed in reader:
        expected.append((line, len(parsed) if parsed else 0))
        line = reader.line_num + 1
    sc = scan(text.encode("utf-8"))
    assert list(zip(sc.lines.tolist(), sc.cells.tolist(), strict=True)) == expected


@settings(max_examples=200, deadline=None)
@given(records=st.lists(RECORD, min_size=1, max_size=8), chunk=st.integers(1, 16))
def test_scan_is_the_same_in_small_chunks(records: list[list[str]], chunk: int) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    data = buf.getvalue().encode("utf-8")
    whole = scan(data)
    with patch.object(scan_module, "CHUNK", chunk):
        pieces = scan(data)
    for field in dataclasses.fields(Scan):
        a, b = getattr(whole, field.name), getattr(pieces, field.name)
        assert a.tolist() == b.tolist() if isinstance(a, np.ndarray) else a == b, field.name


WIDTH = 3
TEXT_SCHEMA = {"fields": [{"name": f"f{i}", "type": "string"} for i in range(WIDTH)]}
CELL_TEXT = st.text(alphabet='ab,"\n 中', max_size=5)
ROW = st.lists(CELL_TEXT, min_size=WIDTH, max_size=WIDTH) | st.lists(CELL_TEXT, min_size=1, max_size=WIDTH + 2)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), block=st.sampled_from([16, 64, 1 << 20]),
       blank=st.booleans(), final_newline=st.booleans())
def test_fast_read_agrees_with_the_exact_read(rows: list[list[str]], block: int, blank: bool,
                                              final_newline: bool) -> None:
    """Whichever path reads a file, the table is the same; pyarrow's blocks may split a quoted line break."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[f"f{i}" for i in range(WIDTH)], *rows])
    text = buf.getvalue() + ("\n" if blank else "")
    data = (text if final_newline else text.rstrip("\n")).encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        resource = Resource("t", "p", path, "t.csv", TEXT_SCHEMA)
        with patch.object(cells, "BLOCK", block):
            table = load.read_table(resource)
        exact = load._exact_parse(resource, data)
    assert isinstance(exact, load._Parsed)
    expected = load._table(resource, exact)
    assert table.issues == expected.issues
    assert (table.short_rows, table.ragged_lines) == (expected.short_rows, expected.ragged_lines)
    assert table.frame.equals(expected.frame)


VALUES = st.sampled_from(["", " ", "a", "a ", "=1", "-5", "12", "1,900", "中", "x\ny", "2018-02-30"])


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.tuples(VALUES, VALUES | st.none()), min_size=1, max_size=60))
def test_checking_distinct_values_finds_the_same_rows(cells: list[tuple[str, str | None]]) -> None:
    """A column checked once per distinct value fails on exactly the rows checked one by one."""
    frame = pl.DataFrame(cells, schema={"a": pl.String, "b": pl.String}, orient="row")
    checks = [(c, ok) for c in ("a", "b") for ok in (pl.col(c).str.contains(r"^[0-9]+$"), pl.col(c).str.contains(r"\S"),
                                                   ~pl.col(c).str.contains(rules.SUSPECT), pl.col(c) != "")]
    with patch.object(distinct, "repetitive", lambda frame, names: set(names)):
        by_value = distinct.failing_rows(frame, checks)
    with patch.object(distinct, "repetitive", lambda frame, names: set()):
        by_row = distinct.failing_rows(frame, checks)
    assert by_value == by_row


def test_quoted_line_break_split_into_two_right_width_rows_is_still_found() -> None:
    """A record whose quoted line break splits it into two lines of the header's width (found by
    the property test above): the fast path must not take them for two good rows."""
    data = b'f0,f1,f2\n"a,","aaaa""","a\na",,'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        resource = Resource("t", "p", path, "t.csv", TEXT_SCHEMA)
        for block in (16, 64, 1 << 20):
            with patch.object(cells, "BLOCK", block):
                table = load.read_table(resource)
            assert [(i.line, i.code) for i in table.issues] == [(2, "extra-cell")], block


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet='ab,"\n', max_size=14))
@example(body='bb,\nb,aa","b\na')  # found by a random search: line 3 came out twice
@example(body='\n,a"ba,"bab\n\n,')
def test_a_record_is_read_at_most_once(body: str) -> None:
    """A record the scan takes as the wrong width and Python's csv as the right one (they read a
    stray quote differently) is one row of the table, not two."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(("f0,f1,f2\n" + body).encode())
        table = load.read_table(Resource("t", "p", path, "t.csv", TEXT_SCHEMA))
    lines = table.frame["__line"].to_list()
    assert len(lines) == len(set(lines)), lines


def test_quote_parity_is_carried_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cells, "PARITY_CHUNK", 3)
    assert cells.quote_spans_lines(b'a,"b\nc",d\n')
    assert not cells.quote_spans_lines(b'a,"b",c\n"d",e\n')
    assert not cells.quote_spans_lines(b"a,b\nc,d\n")


FIELD_TYPES = ["string", "number", "integer", "boolean", "date", "datetime", "time", "year", "any", "array",
               "geopoint", "nonsense", None]
CONSTRAINT = st.dictionaries(
    st.sampled_from(["required", "unique", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
                     "exclusiveMinimum"]),
    st.one_of(st.booleans(), st.integers(-3, 3), st.text(max_size=4), st.lists(st.text(max_size=3), max_size=3),
              st.sampled_from(["[a-z]+", "(?=x)", "(", "1.5"])), max_size=3)
FIELD = st.fixed_dictionaries({"name": st.sampled_from(["a", "b", "c"]), "type": st.sampled_from(FIELD_TYPES)},
                              optional={"constraints": CONSTRAINT, "format": st.sampled_from(["default", "uri", "%Y"]),
                                        "missingValues": st.lists(st.sampled_from(["", "NA", "-"]), max_size=2)})
KEY = st.one_of(st.sampled_from(["a", "b", "z"]), st.lists(st.sampled_from(["a", "b", "z"]), max_size=2))
SCHEMA = st.fixed_dictionaries({"fields": st.lists(FIELD, max_size=3)},
                               optional={"primaryKey": KEY, "missingValues": st.lists(st.sampled_from(["", "NA"])),
                                         "foreignKeys": st.lists(st.fixed_dictionaries(
                                             {"fields": KEY, "reference": st.fixed_dictionaries(
                                                 {"resource": st.sampled_from(["", "t", "other"]),
                                                  "fields": KEY})}), max_size=1)})
RESOURCE_EXTRA = st.fixed_dictionaries({}, optional={
    "dialect": st.fixed_dictionaries({}, optional={"delimiter": st.sampled_from([";", ",", "\t"]),
                                                   "header": st.booleans(), "commentChar": st.just("#"),
                                                   "quoteChar": st.sampled_from(["'", '"'])}),
    "encoding": st.sampled_from(["utf-8", "latin-1", "nonsense"])})
BYTES = st.one_of(st.binary(max_size=60), st.lists(st.lists(CELL, max_size=4), max_size=5).map(
    lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8", "replace")))


QUOTE_AFTER_TEXT = {"fields": [{"name": "a", "type": "string"}]}  # Hypothesis found these two crashes


@settings(max_examples=40, deadline=None)
@given(schema=SCHEMA, extra=RESOURCE_EXTRA, data=BYTES, header=st.booleans())
@example(schema=QUOTE_AFTER_TEXT, extra={}, data=b'\x00"\n",', header=True)
@example(schema=QUOTE_AFTER_TEXT, extra={}, data=b'\x00"\n"', header=False)
def test_no_schema_dialect_or_file_crashes_the_validator(schema: dict[str, object], extra: dict[str, object],
                                                         data: bytes, header: bool) -> None:
    """Any Table Schema, dialect, encoding and file bytes: a report of issues, never an exception."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "datasets").mkdir()
        names = [f["name"] for f in schema["fields"]]  # type: ignore[index]
        head = (",".join(map(str, names)) + "\n").encode() if header else b""
        (root / "datasets/t.csv").write_bytes(head + data)
        descriptor = {"name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": schema, **extra}]}
        (root / "datasets/p.datapackage.json").write_text(json.dumps(descriptor))
        report = validate(root)
        assert isinstance(report, Report)
        assert all(i.code and i.file for i in report)


def test_a_quote_inside_an_unquoted_cell_before_a_line_break_is_a_source_error(tmp_path: Path) -> None:
    """The scan takes such a quote for an opening one and Python's csv does not: every record the two
    read differently is reported at its line (none is dropped in silence); the rest is still read."""
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets/t.csv").write_bytes(b'a,b\nx,1\ny"z\n",2\nw,3\n')
    descriptor = {"name": "p", "resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [
        {"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]}}]}
    (tmp_path / "datasets/p.datapackage.json").write_text(json.dumps(descriptor))
    report = validate(tmp_path)
    assert [i.line for i in report if i.code == "source-error"] == [3, 5], list(report)  # 5: swallowed by 3
    (tmp_path / "datasets/t.csv").write_bytes(b'a,b"\n",c\nx,1\n')
    assert [(i.code, i.line) for i in validate(tmp_path) if i.code == "source-error"] == [("source-error", 1)]
