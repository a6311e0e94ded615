"""Stage 2: read a CSV resource into a frame of raw text cells, one row per record.

Nothing is typed here: every cell stays the text the contributor wrote, so that the
checks can say exactly what is wrong with it.  Each row carries ``__line``, the
physical line of the file it starts on.  The file is only ever read.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from .catalog import Resource
from .issues import Issue, error
from .scan import Scan, scan

LINE = "__line"
BOM = b"\xef\xbb\xbf"
GBK_HINT = ("Excel saved it in the Chinese Windows encoding (GBK/GB18030). Re-save it as "
            "'CSV UTF-8 (comma delimited)' in Excel, or choose UTF-8 encoding in WPS, then check again")


@dataclasses.dataclass
class Table:
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


def _empty(resource: Resource, issues: list[Issue]) -> Table:
    columns = {name: pl.Series(name, [], dtype=pl.String) for name in resource.field_names}
    frame = pl.DataFrame(columns).with_columns(pl.Series(LINE, [], dtype=pl.Int64))
    return Table(resource, [], frame, issues, header_ok=False)


def _decode_check(data: bytes, file: str) -> Issue | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return error(file, line, None, "encoding-error",
                         f"not valid UTF-8 text (byte {exc.start})", "save the file as UTF-8")
        return error(file, line, None, "encoding-error",
                     "the file is not UTF-8: it looks like GBK/GB18030", GBK_HINT)
    return None


def _parse_header(data: bytes, sc: Scan) -> list[str]:
    text = data[int(sc.starts[0]):int(sc.ends[0])].decode("utf-8")
    return next(csv.reader([text]), [])


def _header_issues(header: list[str], resource: Resource, file: str) -> list[Issue]:
    issues: list[Issue] = []
    expected = resource.field_names
    seen: set[str] = set()
    for pos, label in enumerate(header, start=1):
        if not label.strip():
            issues.append(error(file, 1, None, "blank-label", f"column {pos} has no name in the header"))
        elif label in seen:
            issues.append(error(file, 1, label, "duplicate-label", f"column {pos}: {label!r} appears twice"))
        elif label not in expected:
            issues.append(error(file, 1, label, "extra-label", f"column {pos}: {label!r} is not a field of the schema",
                                "remove the column or add the field to the Table Schema in schemas/"))
        seen.add(label)
    for name in expected:
        if name not in seen:
            issues.append(error(file, 1, name, "missing-label", f"the header has no {name!r} column",
                                f"add a {name!r} column (expected: {','.join(expected)})"))
    present = [label for label in header if label in expected]
    if not issues and present != expected:
        issues.append(error(file, 1, None, "incorrect-label", "the columns are not in the schema's order",
                            f"order them as: {','.join(expected)}"))
    return issues


def _row_issues(sc: Scan, width: int, file: str) -> tuple[list[Issue], np.ndarray]:
    """Blank, short and long records; returns the mask of records of the right width."""
    issues: list[Issue] = []
    body_cells, body_lines = sc.cells[1:], sc.lines[1:]
    blank = body_cells == 0
    for line in body_lines[blank]:
        issues.append(error(file, int(line), None, "blank-row", "empty line", "delete the empty line"))
    last = len(body_cells) - 1
    for i in np.flatnonzero(~blank & (body_cells != width)):
        n, line = int(body_cells[i]), int(body_lines[i])
        if n > width:
            issues.append(error(file, line, None, "extra-cell", f"{n} cells, but the header has {width}",
                                "remove the extra cell, or quote a cell that contains a comma"))
        else:
            cut = i == last and not sc.ends_with_newline
            hint = "the last line looks cut off: complete it" if cut else "add the missing cell(s)"
            issues.append(error(file, line, None, "missing-cell", f"{n} cells, but the header has {width}", hint))
    return issues, ~blank & (body_cells == width)


def _skip(row: object) -> str:
    return "skip"


def _arrow_read(body: bytes, width: int, quoted_newline: bool, on_invalid: Callable[[object], str] = _skip,
                ) -> pa.Table:
    names = [f"c{i}" for i in range(width)]
    return pacsv.read_csv(
        io.BytesIO(body),
        read_options=pacsv.ReadOptions(column_names=names),
        parse_options=pacsv.ParseOptions(newlines_in_values=quoted_newline, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _python_read(body: bytes, width: int, first_line: int) -> tuple[list[list[str]], list[int]]:
    """Rows of the right width and the physical line each starts on, by Python's csv module."""
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    rows, lines, line = [], [], first_line
    for row in reader:
        if row and len(row) == width:
            rows.append(row)
            lines.append(line)
        line = first_line + reader.line_num
    return rows, lines


def _ragged_rows(data: bytes, sc: Scan, ragged: np.ndarray, width: int) -> tuple[pl.DataFrame, dict[int, int]]:
    """Short rows padded with empty cells and long rows cut, as frictionless reads them."""
    rows, lines, short = [], [], {}
    for start, end, line in zip(sc.starts[1:][ragged], sc.ends[1:][ragged], sc.lines[1:][ragged], strict=True):
        cells = next(csv.reader([data[int(start):int(end)].decode("utf-8")]), [])
        if len(cells) < width:
            short[int(line)] = len(cells)
        rows.append((cells + [""] * width)[:width])
        lines.append(int(line))
    frame = pl.DataFrame(rows, schema=[f"c{i}" for i in range(width)], orient="row")
    return frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64)), short


def _frame(data: bytes, sc: Scan, header: list[str], good: np.ndarray) -> pl.DataFrame:
    width = len(header)
    body = data[int(sc.starts[1]):] if len(sc) > 1 else b""
    lines = sc.lines[1:][good]
    table = _arrow_read(body, width, sc.has_quoted_newline) if body else None
    if table is not None and table.num_rows == lines.size:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame.with_columns(pl.Series(LINE, lines, dtype=pl.Int64))
    # pyarrow disagreed with the scan (unusual quoting): use the slow, exact reader
    rows, row_lines = _python_read(body, width, int(sc.lines[1]) if len(sc) > 1 else 2)
    frame = pl.DataFrame(rows, schema=[f"c{i}" for i in range(width)], orient="row")
    return frame.with_columns(pl.Series(LINE, row_lines, dtype=pl.Int64))


def _named(frame: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    names = [label if label and header.count(label) == 1 else f"c{i}" for i, label in enumerate(header)]
    return frame.rename(dict(zip(frame.columns[: len(names)], names, strict=True)))


def read_table(resource: Resource) -> Table:
    """Read ``resource`` into a :class:`Table`; problems become issues, never exceptions."""
    file = resource.relpath
    try:
        data = resource.path.read_bytes()
    except FileNotFoundError:
        return _empty(resource, [error(file, None, None, "missing-file",
                                       "the descriptor names this file, but it does not exist")])
    except OSError as exc:
        return _empty(resource, [error(file, None, None, "source-error", f"cannot read the file: {exc.strerror}")])
    data = data.removeprefix(BOM)
    if not data.strip():
        return _empty(resource, [error(file, 1, None, "empty-file", "the file is empty",
                                       "it needs at least the header line: " + ",".join(resource.field_names))])
    if b"\r" in data:  # CRLF (Windows) and lone CR (old Mac) end lines, as in Python's csv module
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    fast = _fast_read(resource, data)
    if fast is not None:
        return fast
    bad = _decode_check(data, file)
    if bad:
        return _empty(resource, [bad])
    return _read_text(resource, data)


def _fast_read(resource: Resource, data: bytes) -> Table | None:
    """One pyarrow pass for the common case: a sound header and exactly one record per line.

    Anything unusual (a bad header, a blank line, a short or long row, a line break inside
    a quoted cell, bytes that are not UTF-8) returns None, and the exact path takes over.
    """
    end = data.find(b"\n")
    if end < 0 or b'"' in data[:end]:
        return None
    header = data[:end].decode("utf-8", errors="replace").split(",")
    body = data[end + 1:]
    if _header_issues(header, resource, resource.relpath) or not body.strip():
        return None
    invalid: list[object] = []

    def note(row: object) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = _arrow_read(body, len(header), True, note)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if invalid or table.num_rows != body.count(b"\n") + (not body.endswith(b"\n")):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(pl.int_range(2, table.num_rows + 2, dtype=pl.Int64).alias(LINE))
    return Table(resource, header, _named(frame, header), [])


def _read_text(resource: Resource, data: bytes) -> Table:
    file = resource.relpath
    issues: list[Issue] = []
    sc = scan(data)
    if sc.unclosed_quote is not None:
        line = data.count(b"\n", 0, sc.unclosed_quote) + 1
        issues.append(error(file, line, None, "source-error",
                            "a quoted cell starts here but its closing quote is missing",
                            'add the closing " (a quote inside a cell is written as "")'))
        owner = int(np.searchsorted(sc.starts, sc.unclosed_quote, side="right")) - 1
        sc = scan(data[: int(sc.starts[owner])])
    header = _parse_header(data, sc)
    if not any(label.strip() for label in header):
        return _empty(resource, issues + [error(file, 1, None, "blank-header", "the first line should be the header",
                                                "put the column names on line 1: " + ",".join(resource.field_names))])
    header_issues = _header_issues(header, resource, file)
    row_issues, good = _row_issues(sc, len(header), file)
    frame = _frame(data, sc, header, good)
    ragged = ~good & (sc.cells[1:] > 0)
    short: dict[int, int] = {}
    if ragged.any():
        extra, short = _ragged_rows(data, sc, ragged, len(header))
        frame = pl.concat([frame, extra]).sort(LINE)
    ragged_lines = set(sc.lines[1:][ragged].tolist())
    return Table(resource, header, _named(frame, header), issues + header_issues + row_issues,
                 header_ok=not header_issues, short_rows=short, ragged_lines=ragged_lines)
