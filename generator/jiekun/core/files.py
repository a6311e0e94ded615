"""Files the generator writes: written only when their bytes change, and never half-written."""

from __future__ import annotations

import filecmp
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

#: the jiekun package: its code, templates, messages and chart style
PACKAGE = Path(__file__).resolve().parents[1]


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted (none if it does not exist; compiled Python files aside)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def hash_files(digest: hashlib._Hash, folder: Path, label: str) -> None:
    """Add to ``digest`` the path (as ``label/…``) and bytes of every file of :func:`files_under` ``folder``."""
    for path in files_under(folder):
        digest.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def package_digest() -> str:
    """SHA-256 over the path and bytes of every file of the package (compiled files aside): what
    an output made by jiekun depends on besides its inputs.  Read again on every call (a few
    milliseconds), so that a long-running preview sees a change to the code."""
    digest = hashlib.sha256()
    hash_files(digest, PACKAGE, "generator")
    return digest.hexdigest()


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
