"""Files the generator writes: written only when their bytes change, and never half-written."""

from __future__ import annotations

import filecmp
import os
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file of this process and a rename: a reader
    (or another process writing the same file) never sees half a file."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_if_changed(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes or a stream of chunks) unless the file already holds exactly it
    (keeps mtimes for live reload); a new file replaces the old one by rename."""
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(data, bytes):
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            for chunk in data:
                handle.write(chunk)
        if path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            tmp.unlink()
            return
    tmp.replace(path)
