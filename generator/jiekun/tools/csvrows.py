"""CSV text the way the repository writes it, and safe writes of candidate files.

The canonical form of a data file is UTF-8 without BOM, LF line endings, a final newline and
the quoting of Python's :func:`csv.writer` (``QUOTE_MINIMAL``: a cell is quoted only when it
holds a comma, a quote or a line break).  Commands that write data (``jiekun new``,
``jiekun import``) first write the candidate files into a temporary copy of the project and
validate that copy (:func:`validate_candidates`); only when it is valid are the real files
replaced, each by a temporary file and :func:`os.replace` (:func:`replace_files`).

A file that cannot be read (not UTF-8, missing, not CSV) is never taken for an empty table:
:func:`read_records` raises :class:`UnreadableFile`, which names the file and what to do.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from jiekun.core.issues import Report
from jiekun.data.load import GBK_HINT
from jiekun.data.validate import validate

BOM = "\ufeff"


@dataclasses.dataclass(frozen=True)
class Record:
    """One CSV record: its cells, the exact text it was written as, and its first line."""

    cells: list[str]
    text: str
    line: int


def format_row(cells: list[str], newline: str = "\n") -> str:
    """One record in the canonical quoting, ending with ``newline``."""
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow(cells)
    return out.getvalue()


def newline_of(text: str) -> str:
    """The line ending the file uses (that of its first line); LF for a one-line file."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def records(text: str) -> list[Record]:
    """Every record of a CSV text with the exact text it spans (quoted line breaks included)."""
    lines = list(io.StringIO(text.removeprefix(BOM), newline=""))
    reader = csv.reader(iter(lines))
    out: list[Record] = []
    done = 0
    for cells in reader:
        out.append(Record(cells, "".join(lines[done:reader.line_num]), done + 1))
        done = reader.line_num
    return out


class UnreadableFile(ValueError):
    """A data file that cannot be read as a UTF-8 CSV (its text names the file, the line and the fix)."""

    def __init__(self, code: str, file: str, line: int | None, message: str, hint: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}; {hint}")
        self.code, self.file, self.line, self.message, self.hint = code, file, line, message, hint


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise UnreadableFile("encoding-error", file, line, f"the file is not UTF-8 text (byte {exc.start})",
                                 "save the file as UTF-8") from None
        raise UnreadableFile("encoding-error", file, line, "the file is not UTF-8: it looks like GBK/GB18030",
                             GBK_HINT) from None


def read_records(path: Path) -> list[Record]:
    """The records of a UTF-8 CSV file; :class:`UnreadableFile` when it cannot be read."""
    file = path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("missing-file", file, None, "the file does not exist",
                             "restore it, or correct the path in the data package") from None
    except OSError as exc:
        raise UnreadableFile("source-error", file, None, f"the file cannot be read ({exc.strerror})",
                             "check the file") from None
    try:
        return records(_decode(data, file))
    except csv.Error as exc:
        raise UnreadableFile("source-error", file, None, f"the file cannot be read as CSV ({exc})",
                             "fix the file (see `jiekun validate`)") from None


def column(path: Path, name: str) -> dict[str, int]:
    """The values of one column of a CSV file (by header label), each with its first line."""
    rows = read_records(path)
    if not rows or name not in rows[0].cells:
        return {}
    pos = rows[0].cells.index(name)
    out: dict[str, int] = {}
    for rec in rows[1:]:
        if pos < len(rec.cells):
            out.setdefault(rec.cells[pos], rec.line)
    return out


def _copy_project(root: Path, dest: Path) -> None:
    for folder in ("datasets", "schemas"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, dest / folder)


def validate_candidates(root: Path, candidates: Mapping[Path, bytes]) -> Report:
    """Validate the project as it would be with ``candidates`` (path → new bytes) written.

    The project's ``datasets/`` and ``schemas/`` are copied into a temporary folder and the
    candidates written there; the real files are never touched.  Issue locations are relative
    to the project root, as for :func:`jiekun.data.validate.validate`.
    """
    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="jiekun-check-") as tmp:
        copy = Path(tmp)
        _copy_project(root, copy)
        for path, data in candidates.items():
            target = copy / Path(path).resolve().relative_to(root.resolve())
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return validate(copy)


def _new_file_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask (mkstemp would give 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def _staged(candidates: Mapping[Path, bytes]) -> Iterator[dict[Path, Path]]:
    """Temporary files next to each target, holding its new bytes; removed if left unused."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in candidates.items():
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            staged[path] = Path(name)
        yield staged
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


def replace_files(candidates: Mapping[Path, bytes]) -> list[Path]:
    """Write every changed file (temp file + os.replace); all of them or, on failure, none.

    Files whose bytes would not change are not touched.  Returns the files written.
    """
    changed = {p: d for p, d in candidates.items() if not p.exists() or p.read_bytes() != d}
    originals = {p: p.read_bytes() for p in changed if p.exists()}
    done: list[Path] = []
    with _staged(changed) as staged:
        try:
            for path, tmp in staged.items():
                if path in originals:
                    shutil.copymode(path, tmp)
                else:
                    tmp.chmod(_new_file_mode())
                tmp.replace(path)
                done.append(path)
        except OSError:
            for path in done:  # put back what was already replaced
                if path in originals:
                    path.write_bytes(originals[path])
                else:
                    path.unlink(missing_ok=True)
            raise
    return done
