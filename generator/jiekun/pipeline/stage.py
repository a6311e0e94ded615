"""Stage: one complete, plain source folder that any MkDocs-compatible engine builds as it is.

``build/staged/`` holds

- ``mkdocs.yml``: the project's configuration, copied byte for byte (its relative paths,
  ``docs`` and ``overrides``, resolve to the copies beside it);
- ``docs/``: every hand-written page with its ``{{ … }}`` calls already expanded (figures with
  their footnotes; calls in the front-matter ``title``/``description`` and in headings written
  as plain values), every generated page, chart and download, and, in each page's front
  matter, what the theme needs for link previews (``og_image``, ``description``);
- ``overrides/``: the theme overrides, copied.

No project hook or plugin is needed to build it.  A file is written only when its bytes
change (an unchanged chart is hard-linked, not copied), so a live-preview engine watching the
folder sees only real changes; files no longer produced are removed.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from jiekun.core.files import write_if_changed
from jiekun.model.model import Site
from jiekun.site.expand import ExpandError, expand, expand_plain, meta_lines
from jiekun.site.figurerefs import Notes
from jiekun.site.press import PNG_DIR, history_slug
from jiekun.site.refcheck import FRONT_MATTER
from jiekun.site.render import environment

CONFIG = "mkdocs.yml"
DOCS, OVERRIDES = "docs", "overrides"
#: a page's YAML front matter, as MkDocs and Zensical read it
META = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


class StageError(Exception):
    """The source cannot be staged (a call that does not resolve, a clash of page paths)."""


def split_page(text: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, the file line where the body starts) of a Markdown page."""
    match = META.match(text)
    if not match:
        return {}, text, 1
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise StageError(f"front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise StageError("front matter must be a list of `key: value` lines")
    return meta, text[match.end():], text.count("\n", 0, match.end()) + 1


def join_page(meta: dict[str, Any], body: str) -> str:
    if not meta:
        return body
    front: str = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 16)
    return "---\n" + front + "---\n" + body


def handwritten_page(text: str, uri: str, site: Site, previews: dict[str, dict[str, str]],
                     generated: Path) -> str:
    """A hand-written page with its calls expanded and its preview meta added."""
    text = text.replace("\r\n", "\n")
    meta, body, first = split_page(text)
    file, lines = f"{DOCS}/{uri}", meta_lines(text)
    for key in FRONT_MATTER:
        if isinstance(meta.get(key), str) and "{{" in meta[key]:
            meta[key] = expand_plain(meta[key], uri, site, file=file, line=lines.get(key, 1))
    notes = Notes(environment(), site, uri)
    body = expand(body, uri, site, file=file, notes=notes, first_line=first)
    for key, value in previews.get(uri, {}).items():
        if value:
            meta.setdefault(key, value)
    if meta.get("image"):  # a post's own preview image (a path from the site root)
        meta.setdefault("og_image", str(meta["image"]).lstrip("/"))
    elif notes.cited:  # else the chart of the first figure it cites, or of that figure's region
        own = f"{PNG_DIR}/{history_slug(notes.cited[0])}.png"
        region = previews.get(f"regions/{notes.cited[0]['region']}.md", {}).get("og_image")
        image = own if (generated / own).is_file() else region
        if image:
            meta.setdefault("og_image", image)
    return join_page(meta, body)


def generated_page(text: str, uri: str, previews: dict[str, dict[str, str]]) -> str:
    extra = {key: value for key, value in previews.get(uri, {}).items() if value}
    if not extra:
        return text
    meta, body, _ = split_page(text)
    return join_page({**extra, **meta}, body)


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.endswith(".tmp"):
                yield path.relative_to(folder).as_posix(), path


def _put_file(target: Path, source: Path) -> None:
    """``target`` as a hard link of ``source`` (a copy where links are not possible)."""
    if target.is_file() and target.samefile(source):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    tmp.replace(target)


def _prune(folder: Path, keep: set[Path]) -> None:
    for path in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else []:
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def stage(root: Path, generated: Path, staged: Path, site: Site, previews: dict[str, dict[str, str]]) -> Path:
    """Write the staged source of ``root`` into ``staged`` and return the path of its configuration."""
    docs, written = staged / DOCS, set()
    hand = dict(_files(root / DOCS))
    made = dict(_files(generated))
    clash = sorted(set(hand) & set(made))
    if clash:
        raise StageError(f"{DOCS}/{clash[0]}: a hand-written page has the path of a generated one; rename it")
    for uri, path in hand.items():
        target = docs / uri
        try:
            if uri.endswith(".md"):
                write_if_changed(target, handwritten_page(path.read_text(encoding="utf-8-sig"), uri, site, previews,
                                                          generated).encode())
            else:
                _put_file(target, path)
        except StageError as exc:
            raise StageError(f"{DOCS}/{uri}: {exc}") from None
        except ExpandError as exc:
            raise StageError(str(exc)) from None
        written.add(target)
    for uri, path in made.items():
        target = docs / uri
        if uri.endswith(".md"):
            write_if_changed(target, generated_page(path.read_text(encoding="utf-8"), uri, previews).encode())
        else:
            _put_file(target, path)
        written.add(target)
    for uri, path in _files(root / OVERRIDES):
        _put_file(staged / OVERRIDES / uri, path)
        written.add(staged / OVERRIDES / uri)
    write_if_changed(staged / CONFIG, (root / CONFIG).read_bytes())
    written.add(staged / CONFIG)
    for folder in (docs, staged / OVERRIDES):
        _prune(folder, written)
    return staged / CONFIG

