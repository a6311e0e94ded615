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
from jiekun.pipeline.editions import (
    CONFIG_EN,
    DOCS_EN,
    EN,
    POSTS,
    SUFFIX,
    english_config,
    hand_edition,
    has_english,
    page_url,
    shared_file,
    switch_meta,
    with_meta,
)
from jiekun.pipeline.rawurls import source_relative
from jiekun.site.en_prose import EnglishNotes
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
                     generated: Path, lang: str = "zh", file: str = "") -> str:
    """A hand-written page with its calls expanded (in ``lang``) and its preview meta added;
    ``file``: its path in the project, for messages (default ``docs/<uri>``)."""
    text = text.replace("\r\n", "\n")
    meta, body, first = split_page(text)
    file, lines = file or f"{DOCS}/{uri}", meta_lines(text)
    for key in FRONT_MATTER:
        if isinstance(meta.get(key), str) and "{{" in meta[key]:
            meta[key] = expand_plain(meta[key], uri, site, file=file, line=lines.get(key, 1), lang=lang)
    notes = (EnglishNotes if lang == EN else Notes)(environment(), site, uri)
    body = expand(body, uri, site, file=file, notes=notes, first_line=first, lang=lang)
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
    """``(path from folder, file)`` of every file under ``folder`` (os.walk on strings: a national
    site has some 230,000 files, and pathlib's rglob and sorting took a third of a no-change stage)."""
    base = str(folder)
    for here, _dirs, files in os.walk(base):
        rel = os.path.relpath(here, base).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in files:
            if not name.endswith(".tmp"):
                yield prefix + name, Path(here, name)


def _put_file(target: Path, source: Path) -> None:
    """``target`` as a hard link of ``source`` (a copy where links are not possible)."""
    try:
        if os.path.samestat(target.stat(), source.stat()):
            return
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    tmp.replace(target)


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove every file under ``folder`` not in ``keep`` (paths as strings), then empty folders."""
    for here, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            if str(path := Path(here, name)) not in keep:
                path.unlink()
        for name in dirs:
            sub = Path(here, name)
            if not sub.is_symlink() and next(sub.iterdir(), None) is None:
                sub.rmdir()


def _sources(root: Path, generated: Path) -> dict[tuple[str, str], tuple[Path, bool]]:
    """Every file of both editions: (edition, path in it) → (its file, hand-written?)."""
    found: dict[tuple[str, str], tuple[Path, bool]] = {}
    for uri, path in _files(root / DOCS):
        edition, rel = hand_edition(uri)
        found[edition, rel] = (path, True)
        if edition == "zh" and shared_file(rel):
            found.setdefault((EN, rel), (path, True))
    for uri, path in _files(generated):
        edition, rel = (EN, uri[len(EN) + 1:]) if uri.startswith(f"{EN}/") else ("zh", uri)
        if (edition, rel) in found and found[edition, rel][1]:
            name = rel if edition == "zh" else rel[: -len(".md")] + SUFFIX
            raise StageError(f"{DOCS}/{name}: a hand-written page has the path of a generated one; rename it")
        found[edition, rel] = (path, False)
    return found


def _urls(found: dict[tuple[str, str], tuple[Path, bool]]) -> dict[str, dict[str, str]]:
    """Each edition's pages and their addresses (a post's from its front matter)."""
    urls: dict[str, dict[str, str]] = {"zh": {}, EN: {}}
    for (edition, uri), (path, hand) in found.items():
        if uri.endswith(".md"):
            meta = split_page(path.read_text(encoding="utf-8-sig"))[0] if hand and uri.startswith(POSTS) else {}
            urls[edition][uri] = page_url(uri, meta)
    return urls


def _page(path: Path, hand: bool, uri: str, edition: str, site: Site, previews: dict[str, dict[str, str]],
          generated: Path) -> str:
    """The staged text of one page of ``edition``: hand-written with its calls expanded, or generated."""
    name = f"{DOCS}/{uri[: -len('.md')] + SUFFIX if edition == EN else uri}"
    try:
        if hand:
            return handwritten_page(path.read_text(encoding="utf-8-sig"), uri, site, previews, generated, edition,
                                    name)
        return generated_page(path.read_text(encoding="utf-8"), uri, previews)
    except StageError as exc:
        raise StageError(f"{name}: {exc}") from None
    except ExpandError as exc:
        raise StageError(str(exc)) from None


def stage(root: Path, generated: Path, staged: Path, site: Site, previews: dict[str, dict[str, str]],
          site_url: str = "", settings: dict[str, Any] | None = None, source_relative_html: bool = False) -> Path:
    """Write the staged source of ``root`` into ``staged`` (both editions: ``docs/`` and
    ``docs-en/`` with ``mkdocs.en.yml``) and return the path of the Chinese configuration.
    ``source_relative_html``: raw HTML addresses relative to each Markdown file, for an engine
    that reads them so (:mod:`jiekun.pipeline.rawurls`)."""
    written: set[Path] = set()
    english = has_english(settings or {})
    found = {key: value for key, value in _sources(root, generated).items() if english or key[0] != EN}
    urls = _urls(found)
    for (edition, uri), (path, hand) in sorted(found.items()):
        target = staged / (DOCS_EN if edition == EN else DOCS) / uri
        written.add(target)
        if not uri.endswith(".md"):
            _put_file(target, path)
            continue
        text = _page(path, hand, uri, edition, site, previews if edition == "zh" else {}, generated)
        if english:
            text = with_meta(text, switch_meta(edition, uri, urls, site_url))
        if source_relative_html:
            text = source_relative(text, uri, urls[edition][uri])
        write_if_changed(target, text.encode())
    for uri, path in _files(root / OVERRIDES):
        _put_file(staged / OVERRIDES / uri, path)
        written.add(staged / OVERRIDES / uri)
    write_if_changed(staged / CONFIG, (root / CONFIG).read_bytes())
    written.add(staged / CONFIG)
    if english:
        write_if_changed(staged / CONFIG_EN, english_config(settings or {}, site_url))
        written.add(staged / CONFIG_EN)
    else:
        (staged / CONFIG_EN).unlink(missing_ok=True)
    keep = {str(path) for path in written}
    for folder in (staged / DOCS, staged / DOCS_EN, staged / OVERRIDES):
        _prune(folder, keep)
    return staged / CONFIG
