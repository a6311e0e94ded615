"""Stage 2: read a CSV resource into a frame of raw text cells, one row per record.

Nothing is typed here: every cell stays the text the contributor wrote, so that the
checks can say exactly what is wrong with it.  Each row carries ``__line``, the
physical line of the file it starts on.  The file is only ever read.

There are two ways through.  A file with a sound header and one record per line, the
usual case, is read in one pyarrow pass (:func:`_fast_parse`).  Any other file takes the
exact path (:func:`_exact_parse`): the NumPy scan (:mod:`jiekun.data.scan`) finds each
record's line and cell count, and so every blank, short or long row.  Either way the
cells are parsed by :mod:`jiekun.data.cells`, and the file's bytes are freed before the
polars frame is built.
"""

from __future__ import annotations

import csv
import dataclasses
import re

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error
from jiekun.data.catalog import Resource
from jiekun.data.cells import arrow_read, arrow_rows, is_utf8, python_read, quote_spans_lines, to_polars
from jiekun.data.scan import Scan, scan

LINE = "__line"
BOM = b"\xef\xbb\xbf"
GBK_HINT = ("Excel saved it in the Chinese Windows encoding (GBK/GB18030). Re-save it as "
            "'CSV UTF-8 (comma delimited)' in Excel, or choose UTF-8 encoding in WPS, then check again")


@dataclasses.dataclass
class Table:
    """A table as read: rows in line order, except rows of the wrong width, which come last.

    Putting those rows last lets the cross-table rules, which must not see them, take the
    others as a slice of the frame instead of a copy.
    """

    resource: Resource
    header: list[str]
    frame: pl.DataFrame  # text columns named after the header labels, plus LINE
    issues: list[Issue]
    header_ok: bool = True
    short_rows: dict[int, int] = dataclasses.field(default_factory=dict)  # line -> cells present
    ragged_lines: set[int] = dataclasses.field(default_factory=set)  # rows with too few or too many cells

    def padded(self, line: int, field: str) -> bool:
        """Whether this cell was missing from a short row (and so is reported as missing-cell)."""
        n = self.short_rows.get(line)
        return n is not None and field in self.header and self.header.index(field) >= n

    @property
    def file(self) -> str:
        return self.resource.relpath


def empty_table(resource: Resource) -> Table:
    """A table with no row, for a resource that is not read."""
    return _empty(resource, [])


def _empty(resource: Resource, issues: list[Issue]) -> Table:
    columns = {name: pl.Series(name, [], dtype=pl.String) for name in resource.field_names}
    frame = pl.DataFrame(columns).with_columns(pl.Series(LINE, [], dtype=pl.Int64))
    return Table(resource, [], frame, issues, header_ok=False)


def _decode_check(data: bytes, file: str) -> Issue | None:
    if is_utf8(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return error(file, line, None, "encoding-error",
                         _("not valid UTF-8 text (byte {0})").format(exc.start), _("save the file as UTF-8"))
        return error(file, line, None, "encoding-error",
                     _("the file is not UTF-8: it looks like GBK/GB18030"), GBK_HINT)
    return None


def _cells(text: str) -> list[str] | None:
    """One record's cells as Python's csv reads them; None when it cannot (a quote inside an unquoted
    cell, then a line break: the scan took the quote for an opening one)."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return None


def _unreadable(file: str, line: int) -> Issue:
    return error(file, line, None, "source-error", _("this record cannot be read as CSV: a quote inside a cell "
                                                     "that does not start with a quote, then a line break"),
                 _("quote the whole cell (\"…\") and write a quote inside it as \"\""))


def _parse_header(data: bytes, sc: Scan) -> list[str] | None:
    return _cells(data[int(sc.starts[0]):int(sc.ends[0])].decode("utf-8"))


def _header_issues(header: list[str], resource: Resource, file: str) -> list[Issue]:
    issues: list[Issue] = []
    expected = resource.field_names
    seen: set[str] = set()
    for pos, label in enumerate(header, start=1):
        if not label.strip():
            issues.append(error(file, 1, None, "blank-label", _("column {0} has no name in the header").format(pos)))
        elif label in seen:
            issues.append(error(file, 1, label, "duplicate-label", _("column {0}: {1!r} appears twice").format(
                pos, label)))
        elif label not in expected:
            issues.append(error(file, 1, label, "extra-label",
                _("column {0}: {1!r} is not a field of the schema").format(
                pos, label),
                                _("remove the column or add the field to the Table Schema in schemas/")))
        seen.add(label)
    for name in expected:
        if name not in seen:
            issues.append(error(file, 1, name, "missing-label", _("the header has no {0!r} column").format(name),
                                _("add a {0!r} column (expected: {1})").format(name, ','.join(expected))))
    present = [label for label in header if label in expected]
    if not issues and present != expected:
        issues.append(error(file, 1, None, "incorrect-label", _("the columns are not in the schema's order"),
                            _("order them as: {0}").format(','.join(expected))))
    return issues


def _row_issues(sc: Scan, width: int, file: str) -> tuple[list[Issue], np.ndarray]:
    """Blank, short and long records; returns the mask of records of the right width."""
    issues: list[Issue] = []
    body_cells, body_lines = sc.cells[1:], sc.lines[1:]
    blank = body_cells == 0
    for line in body_lines[blank]:
        issues.append(error(file, int(line), None, "blank-row", _("empty line"), _("delete the empty line")))
    last = len(body_cells) - 1
    for i in np.flatnonzero(~blank & (body_cells != width)):
        n, line = int(body_cells[i]), int(body_lines[i])
        if n > width:
            issues.append(error(file, line, None, "extra-cell", _("{0} cells, but the header has {1}").format(n, width),
                                _("remove the extra cell, or quote a cell that contains a comma")))
        else:
            cut = i == last and not sc.ends_with_newline
            hint = "the last line looks cut off: complete it" if cut else "add the missing cell(s)"
            issues.append(error(file, line, None, "missing-cell", _("{0} cells, but the header has {1}").format(
                n, width), hint))
    return issues, ~blank & (body_cells == width)


def _ragged_rows(data: bytes, sc: Scan, ragged: NDArray[np.bool_], width: int, file: str,
                 ) -> tuple[pa.Table, NDArray[np.int64], dict[int, int], list[Issue]]:
    """Short rows padded with empty cells and long rows cut, as frictionless reads them; a record
    Python's csv cannot read is reported and left out."""
    rows, short, kept, issues = [], {}, [], []
    for start, end, line in zip(sc.starts[1:][ragged], sc.ends[1:][ragged], sc.lines[1:][ragged], strict=True):
        cells = _cells(data[int(start):int(end)].decode("utf-8"))
        if cells is None:
            issues.append(_unreadable(file, int(line)))
            continue
        if len(cells) < width:
            short[int(line)] = len(cells)
        rows.append((cells + [""] * width)[:width])
        kept.append(int(line))
    return arrow_rows(rows, width), np.array(kept, dtype=np.int64), short, issues


def _good_rows(data: bytes, sc: Scan, width: int, good: NDArray[np.bool_], file: str,
               ) -> tuple[pa.Table, NDArray[np.int64], list[Issue]]:
    """The records of the right width and their lines: by pyarrow, or by Python's csv if the two
    disagree; a record the scan counted that Python's csv reads otherwise is reported, never dropped
    in silence."""
    body = pa.py_buffer(data)[int(sc.starts[1]):] if len(sc) > 1 else None
    lines = sc.lines[1:][good]
    try:
        table = arrow_read(body, width, sc.has_quoted_newline) if body else None
    except pa.ArrowInvalid:  # a record longer than pyarrow's block
        table = None
    if table is not None and table.num_rows == lines.size:
        return table, lines, []
    # pyarrow disagreed with the scan (unusual quoting): use the slow, exact reader
    text = data[int(sc.starts[1]):] if len(sc) > 1 else b""
    rows, row_lines = python_read(text, width, int(sc.lines[1]) if len(sc) > 1 else 2)
    missed = sorted(set(lines.tolist()) - set(row_lines))
    return arrow_rows(rows, width), np.asarray(row_lines, dtype=np.int64), [_unreadable(file, n) for n in missed]


def _named(frame: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    names = [label if label and header.count(label) == 1 else f"c{i}" for i, label in enumerate(header)]
    return frame.rename(dict(zip(frame.columns[: len(names)], names, strict=True)))


NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # what bytes.strip() keeps


@dataclasses.dataclass
class _Parsed:
    """All that is read from the file's bytes: the cells as arrow text columns, and the problems found.

    ``lines`` gives each row's physical line; None means one record per line from line 2.
    """

    header: list[str]
    cells: pa.Table
    lines: NDArray[np.int64] | None = None
    issues: list[Issue] = dataclasses.field(default_factory=list)
    header_ok: bool = True
    short_rows: dict[int, int] = dataclasses.field(default_factory=dict)
    ragged_lines: set[int] = dataclasses.field(default_factory=set)


def read_table(resource: Resource) -> Table:
    """Read ``resource`` into a :class:`Table`; problems become issues, never exceptions."""
    data, problem = _read_bytes(resource)
    if problem is not None:
        return _empty(resource, [problem])
    parsed = _fast_parse(resource, data) or _exact_parse(resource, data)
    del data  # free the file's bytes before the frame is built
    return parsed if isinstance(parsed, Table) else _table(resource, parsed)


def _read_bytes(resource: Resource) -> tuple[bytes, Issue | None]:
    """The file's bytes without a BOM and with LF line endings, or the issue that stops reading it."""
    file = resource.relpath
    try:
        data = resource.path.read_bytes()
    except FileNotFoundError:
        return b"", error(file, None, None, "missing-file", _("the descriptor names this file, but it does not exist"))
    except OSError as exc:
        return b"", error(file, None, None, "source-error", _("cannot read the file: {0}").format(exc.strerror))
    data = data.removeprefix(BOM)
    if not NOT_BLANK.search(data):
        return b"", error(file, 1, None, "empty-file", _("the file is empty"),
                          _("it needs at least the header line: ") + ",".join(resource.field_names))
    if b"\r" in data:  # CRLF (Windows) and lone CR (old Mac) end lines, as in Python's csv module
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data, None


def _fast_parse(resource: Resource, data: bytes) -> _Parsed | None:
    """One pyarrow pass for the common case: a sound header and exactly one record per line.

    Anything unusual (a bad header, a blank line, a short or long row, a line break inside
    a quoted cell, bytes that are not UTF-8) returns None, and the exact path takes over.
    """
    end = data.find(b"\n")
    if end < 0 or b'"' in data[:end]:
        return None
    header = data[:end].decode("utf-8", errors="replace").split(",")
    if _header_issues(header, resource, resource.relpath) or not NOT_BLANK.search(data, end + 1):
        return None
    if quote_spans_lines(data):  # a line break inside a quoted cell: only the exact path reads it right
        return None
    try:  # no invalid-row handler: a row of the wrong width raises
        table = arrow_read(pa.py_buffer(data)[end + 1:], len(header), False, None)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    # pyarrow skips blank lines: fewer rows than lines sends the file to the exact path, which reports them.
    if table.num_rows != data.count(b"\n", end + 1) + (not data.endswith(b"\n")):
        return None
    return _Parsed(header, table)


def _exact_parse(resource: Resource, data: bytes) -> _Parsed | Table:
    """Any file: the NumPy scan finds every record's line and cell count, and so each problem."""
    file = resource.relpath
    bad = _decode_check(data, file)
    if bad:
        return _empty(resource, [bad])
    issues: list[Issue] = []
    sc = scan(data)
    if sc.unclosed_quote is not None:
        line = data.count(b"\n", 0, sc.unclosed_quote) + 1
        issues.append(error(file, line, None, "source-error",
                            _("a quoted cell starts here but its closing quote is missing"),
                            _("add the closing \" (a quote inside a cell is written as \"\")")))
        owner = int(np.searchsorted(sc.starts, sc.unclosed_quote, side="right")) - 1
        sc = scan(data[: int(sc.starts[owner])])
        if not len(sc):  # the quote opens on the header line: nothing before it to read
            return _empty(resource, issues)
    header = _parse_header(data, sc)
    if header is None:
        return _empty(resource, [*issues, _unreadable(file, 1)])
    if not any(label.strip() for label in header):
        blank = error(file, 1, None, "blank-header", _("the first line should be the header"),
                      _("put the column names on line 1: ") + ",".join(resource.field_names))
        return _empty(resource, [*issues, blank])
    header_issues = _header_issues(header, resource, file)
    row_issues, good = _row_issues(sc, len(header), file)
    cells, lines, unread = _good_rows(data, sc, len(header), good, file)
    parsed = _Parsed(header, cells, lines, issues + header_issues + row_issues + unread,
                     header_ok=not header_issues)
    # a record the exact reader took as good (the two readers saw its quotes differently) is kept once
    ragged = ~good & (sc.cells[1:] > 0) & ~np.isin(sc.lines[1:], lines)
    if ragged.any():
        extra, extra_lines, parsed.short_rows, unreadable = _ragged_rows(data, sc, ragged, len(header), file)
        parsed.issues.extend(unreadable)
        parsed.cells = pa.concat_tables([cells, extra])
        parsed.lines = np.concatenate((lines, extra_lines))
        parsed.ragged_lines = set(extra_lines.tolist())
    return parsed


def _table(resource: Resource, parsed: _Parsed) -> Table:
    """The polars frame of the parsed cells, with their lines and names."""
    frame = to_polars(parsed.cells)
    if parsed.lines is None:
        frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(LINE))
    else:
        frame = frame.with_columns(pl.Series(LINE, parsed.lines, dtype=pl.Int64))
    return Table(resource, parsed.header, _named(frame, parsed.header), parsed.issues, header_ok=parsed.header_ok,
                 short_rows=parsed.short_rows, ragged_lines=parsed.ragged_lines)
