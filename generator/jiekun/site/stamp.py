"""The generated folder's stamp: which inputs made it, so an unchanged project is not regenerated.

The inputs are every file under ``datasets/`` and ``schemas/`` and the generator itself (its
code, templates and chart style).  Generation is a pure function of them, so when their digest
is the one recorded by the last complete run and every file that run wrote is still there
with its size, the pages on disk are already the bytes a new run would write.  The stamp is
removed before a run writes anything and written only after it finished, so a run that
stops half-way never leaves a stamp that vouches for a half-written folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from jiekun import __version__
from jiekun.core.files import files_under, hash_files, package_digest, write_atomic

INPUT_DIRS = ("datasets", "schemas")


def inputs_digest(root: Path, extra: str = "") -> str:
    """SHA-256 over the names and bytes of every input file, the generator's version and ``extra``
    (what else the output depends on: the released versions found in git, the site's address)."""
    digest = hashlib.sha256(f"jiekun {__version__}\n{extra}\ngenerator {package_digest()}\n".encode())
    for name in INPUT_DIRS:
        hash_files(digest, root / name, name)
    return digest.hexdigest()


def path(out: Path) -> Path:
    return out.with_name(out.name + ".stamp.json")


def read(out: Path, inputs: str) -> dict[str, Any] | None:
    """The last run's stamp if it was made from ``inputs`` and its files are all still there."""
    try:
        stamp: dict[str, Any] = json.loads(path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("inputs") != inputs:
        return None
    for rel, size in stamp.get("sizes", {}).items():
        try:
            if (out / rel).stat().st_size != size:
                return None
        except OSError:
            return None
    return stamp


def clear(out: Path) -> None:
    path(out).unlink(missing_ok=True)


def write(out: Path, inputs: str, **counts: int) -> None:
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in files_under(out) if not p.name.endswith(".tmp")}
    stamp = {"inputs": inputs, **counts, "sizes": sizes}
    write_atomic(path(out), json.dumps(stamp, sort_keys=True, separators=(",", ":")).encode())
