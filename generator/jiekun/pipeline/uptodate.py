"""Whether the site in place is already what the engine would build: then the engine is not run.

After a build swaps its site into place it records a stamp (``build/site.stamp.json``):

- the staged source: every file's path, size and modification time.  Staging writes a file
  only when its bytes change and hard-links unchanged charts (:mod:`jiekun.pipeline.stage`),
  so an unchanged source keeps every one of them;
- what else the engine's output depends on: the engine, every installed distribution and its
  version (the theme, Markdown extensions, the engine itself) and Python's, the build environment
  (``SOURCE_DATE_EPOCH``), the environment variables the configuration reads (``!ENV``) and
  jiekun's own code (post-processing);
- the site it swapped in: the folder's path and every file's path, size and modification
  time, so a site edited, pruned or replaced by hand is built again.

The engine's output is a function of these (two builds of one source are byte-identical), so
when all of them match, a new build would write the same bytes.  Any difference, a missing or
unreadable stamp, or ``force`` runs the engine.  The stamp is removed before the engine runs
and written only after the swap, so an interrupted build never leaves one that vouches for a
site it did not finish.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from jiekun.core.files import package_digest, write_atomic
from jiekun.pipeline.editions import CONFIG_EN, DOCS_EN
from jiekun.pipeline.stage import CONFIG, DOCS, OVERRIDES, aside_name

STAMP = "site.stamp.json"
ENV_TAG = re.compile(r"!ENV\s+(?:([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\])")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: what staging writes (an engine may keep caches of its own beside them)
STAGED = (CONFIG, CONFIG_EN, DOCS, DOCS_EN, OVERRIDES, aside_name(DOCS), aside_name(DOCS_EN))


def _entries(folder: str, rel: str) -> Iterator[str]:
    """``path size mtime`` of every file under ``folder`` (``rel``: its path), in name order."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, f"{rel}{entry.name}/")
        else:
            info = entry.stat(follow_symlinks=False)
            yield f"{rel}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n"


def tree_digest(folder: Path, names: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the path, size and modification time of every file under ``folder`` (only
    of its entries ``names``, when given: files or folders)."""
    digest = hashlib.sha256()
    for name in names if names is not None else [""]:
        top = folder / name
        if top.is_dir():
            for line in _entries(str(top), f"{name}/" if name else ""):
                digest.update(line.encode())
        elif top.is_file():
            info = top.stat()
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    return sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in importlib.metadata.distributions()
                   if d.metadata["Name"]})


def config_variables(config: Path) -> dict[str, str | None]:
    """The environment variables a configuration reads with ``!ENV`` (``!ENV NAME`` or
    ``!ENV [NAME, OTHER, default]``) and their values here: the engine resolves them when it runs."""
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return {}
    names: set[str] = set()
    for single, listed in ENV_TAG.findall(text):
        names.update([single] if single else [n.strip() for n in listed.split(",") if IDENTIFIER.fullmatch(n.strip())])
    return {name: os.environ.get(name) for name in sorted(names)}


def made_from(staged: Path, engine: str, environment: dict[str, str], digest: str | None = None) -> dict[str, object]:
    """Everything the engine's output is made from, as the stamp records it (``digest``: the staged
    folder's :func:`tree_digest`, when it is known already)."""
    return {"staged": digest or tree_digest(staged, STAGED), "engine": engine,
            "environment": dict(sorted(environment.items())), "variables": config_variables(staged / CONFIG),
            "python": sys.version, "installed": _installed(),
            "code": package_digest()}


def _path(staged: Path) -> Path:
    return staged.with_name(STAMP)


def current(staged: Path, made_from: dict[str, object], target: Path) -> bool:
    """Whether ``target`` holds the site that a build of ``made_from`` swapped in, untouched."""
    try:
        stamp = json.loads(_path(staged).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("inputs") != made_from or stamp.get("site") != str(target):
        return False
    return target.is_dir() and stamp.get("built") == tree_digest(target)


def clear_stamp(staged: Path) -> None:
    _path(staged).unlink(missing_ok=True)


def record(staged: Path, made_from: dict[str, object], target: Path) -> None:
    """Vouch that ``target`` is the site built from ``made_from`` (called after the swap).  A stamp
    that cannot be written is no error: the next build runs the engine."""
    try:
        stamp = {"inputs": made_from, "site": str(target), "built": tree_digest(target)}
        write_atomic(_path(staged), json.dumps(stamp, sort_keys=True, indent=1).encode())
    except OSError:
        clear_stamp(staged)
