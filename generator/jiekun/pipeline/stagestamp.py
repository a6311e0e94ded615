"""Whether the staged source in place is what staging would write now: then neither the site
model nor the staged pages are made again (:func:`jiekun.pipeline.build.prepare`).

Staging is a function of

- the generated folder: its own stamp (:mod:`jiekun.site.stamp`) says whether it is complete
  and made from the current data, schemas and jiekun code, whose digest it is;
- the hand-written sources (``docs/``, ``overrides/``, ``mkdocs.yml``): every file's path,
  size and modification time, and the environment variables the configuration reads;
- the engine's reading of raw HTML addresses (:mod:`jiekun.pipeline.rawurls`) and the folders
  it needs staged beside its source (:func:`jiekun.pipeline.stage.aside_folder`).

A stamp beside the staged folder (``build/staged.stamp.json``) records these and the staged
folder's own files (path, size, modification time) after staging.  When all of them match, a
new staging would write the same bytes.  The stamp is removed before staging starts and written
after it ends, so an interrupted staging never leaves one that vouches for a half-written folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from jiekun.core.files import write_atomic
from jiekun.pipeline.stage import CONFIG, DOCS, OVERRIDES
from jiekun.pipeline.uptodate import STAGED, config_variables, tree_digest

STAMP = "staged.stamp.json"
HAND = (CONFIG, DOCS, OVERRIDES)  # the hand-written sources, under the project's root


def staging_inputs(root: Path, generated: Path, generated_from: str, source_relative_html: bool,
                   aside: tuple[str, ...] = ()) -> dict[str, object]:
    """What staging reads, as the stamp records it (``generated_from``: the generated folder's digest;
    the last two, the engine's needs: :func:`jiekun.pipeline.stage.stage`)."""
    return {"root": str(root), "generated": str(generated), "generated_from": generated_from,
            "hand": tree_digest(root, HAND), "variables": config_variables(root / CONFIG),
            "source_relative_html": source_relative_html, "aside": list(aside)}


def _path(staged: Path) -> Path:
    return staged.with_name(STAMP)


def _stamp(staged: Path) -> dict[str, object]:
    """The stamp of ``staged`` ({} if there is none or it cannot be read)."""
    try:
        stamp = json.loads(_path(staged).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def staged_current(staged: Path, inputs: dict[str, object]) -> bool:
    """Whether ``staged`` is what staging ``inputs`` wrote last, untouched since."""
    stamp = _stamp(staged)
    return (bool(stamp) and stamp.get("inputs") == inputs and (staged / CONFIG).is_file()
            and stamp.get("staged") == tree_digest(staged, STAGED))


def recorded_digest(staged: Path) -> str | None:
    """The digest of ``staged`` (:func:`jiekun.pipeline.uptodate.tree_digest`) its stamp records, as
    staging just wrote or checked it: no second walk of a national site's 230,000 files."""
    digest = _stamp(staged).get("staged")
    return digest if isinstance(digest, str) else None


def clear_staged(staged: Path) -> None:
    _path(staged).unlink(missing_ok=True)


def record_staged(staged: Path, inputs: dict[str, object]) -> None:
    """Vouch that ``staged`` is what staging ``inputs`` writes (called when staging has ended)."""
    try:
        stamp = {"inputs": inputs, "staged": tree_digest(staged, STAGED)}
        write_atomic(_path(staged), json.dumps(stamp, sort_keys=True, indent=1).encode())
    except OSError:
        clear_staged(staged)
