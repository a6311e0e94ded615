"""Stage: one complete, plain source folder that any MkDocs-compatible engine builds as it is.

``build/staged/`` holds

- ``mkdocs.yml``: the project's configuration, copied byte for byte (its relative paths,
  ``docs`` and ``overrides``, resolve to the copies beside it);
- ``docs/``: every hand-written page with its ``{{ … }}`` calls already expanded (figures with
  their footnotes; calls in the front-matter ``title``/``description`` and in headings written
  as plain values), every generated page, chart and download, and, in each page's front
  matter, what the theme needs for link previews (``og_image``, ``description``);
- ``overrides/``: the theme overrides, copied.

For an engine that cannot take every file in its source folder (``aside``: Zensical, see
:mod:`jiekun.pipeline.engines`), the files of the folders it would only copy (chart pages, embed
views, chart files) are staged beside the edition's source instead, in ``.docs-aside/`` and
``.docs-en-aside/`` (:func:`aside_folder`); the build links them into its site and the live
preview serves them.

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


def aside_name(docs: str) -> str:
    """The folder beside the source folder ``docs`` (a name) where its files set aside are staged."""
    return f".{docs}-aside"


def aside_folder(staged: Path, docs: str) -> Path:
    return staged / aside_name(docs)


def _set_aside(uri: str, aside: tuple[str, ...]) -> bool:
    """Whether a file of an edition (not a page) is staged aside: it is in one of the folders ``aside``."""
    return not uri.endswith(".md") and uri.split("/", 1)[0] in aside


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


#: a file found by :func:`_files`: (path from the folder, path, inode; 0 where it tells nothing: a
#: symbolic link, or a file on another file system than the staged folder)
Found = tuple[str, str, int]


def _files(folder: Path | str, partial: bool = False, empty: list[str] | None = None) -> Iterator[Found]:
    """Every file under ``folder`` (none if it does not exist), with its inode as the directory
    entry gives it, without a ``stat`` call: a national site has some 230,000 files, and pathlib
    objects and a ``stat`` of each took most of a no-change stage.  Folders reached through a
    symbolic link are skipped, as ``os.walk`` does; a file's ``.tmp`` sibling (being written)
    only with ``partial``; the folders with nothing in them are added to ``empty``."""
    stack = [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            entries = list(os.scandir(here))
        except (FileNotFoundError, NotADirectoryError):
            continue
        if not entries and empty is not None:
            empty.append(here)
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    stack.append((entry.path, prefix + entry.name + "/"))
            elif partial or not entry.name.endswith(".tmp"):
                yield prefix + entry.name, entry.path, 0 if entry.is_symlink() else entry.inode()


def _native(base: Path | str, *parts: str) -> str:
    """The path of ``parts`` (``/``-separated) under ``base`` as :func:`_files` writes paths (a string:
    no pathlib object for each of a national site's files)."""
    return f"{base}/{'/'.join(parts)}".replace("/", os.sep)


def _put_file(target: str, source: str, inode: int, there: int | None) -> None:
    """``target`` as a hard link of ``source`` (a copy where links are not possible); nothing to do
    when it is one already (``there``: the inode ``target`` has, None if it does not exist)."""
    if there is not None and (there == inode if inode else Path(target).samefile(source)):
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    tmp.replace(path)


def _prune(staged: Path, present: dict[str, int], keep: set[str], empty: list[str]) -> None:
    """Remove every file of ``present`` (a path of the staged folder: its inode) under the docs and
    overrides folders that is not in ``keep``, and then the folders that leaves empty, and those
    ``empty`` already (a run killed while it removed them left them)."""
    roots = tuple(_native(staged, folder) for folder in (DOCS, DOCS_EN, OVERRIDES)) + tuple(
        str(aside_folder(staged, docs)) for docs in (DOCS, DOCS_EN))
    inside = tuple(root + os.sep for root in roots)
    emptied = {Path(folder) for folder in empty if folder.startswith(inside)}
    for path in present:
        if path.startswith(inside) and path not in keep:
            Path(path).unlink(missing_ok=True)
            emptied.add(Path(path).parent)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        while str(folder) not in roots:
            try:  # not "is it empty?" first: that lists the parent, which may hold 50,000 folders
                folder.rmdir()
            except OSError:  # not empty (or gone already)
                break
            folder = folder.parent


#: a file to stage: (its path, its inode, hand-written?)
Source = tuple[str, int, bool]


def _on(folder: Path, device: int) -> Iterator[Found]:
    """:func:`_files` of ``folder``, an inode only where it is on ``device`` (the staged folder's):
    inodes of two file systems say nothing about each other."""
    if folder.is_dir() and folder.stat().st_dev != device:
        yield from ((rel, path, 0) for rel, path, _inode in _files(folder))
    else:
        yield from _files(folder)


def _sources(root: Path, generated: Path, device: int) -> dict[tuple[str, str], Source]:
    """Every file of both editions: (edition, path in it) → its file."""
    found: dict[tuple[str, str], Source] = {}
    for uri, path, inode in _on(root / DOCS, device):
        edition, rel = hand_edition(uri)
        found[edition, rel] = (path, inode, True)
        if edition == "zh" and shared_file(rel):
            found.setdefault((EN, rel), (path, inode, True))
    for uri, path, inode in _on(generated, device):
        edition, rel = (EN, uri[len(EN) + 1:]) if uri.startswith(f"{EN}/") else ("zh", uri)
        if (edition, rel) in found and found[edition, rel][2]:
            name = rel if edition == "zh" else rel[: -len(".md")] + SUFFIX
            raise StageError(f"{DOCS}/{name}: a hand-written page has the path of a generated one; rename it")
        found[edition, rel] = (path, inode, False)
    return found


def _urls(found: dict[tuple[str, str], Source]) -> dict[str, dict[str, str]]:
    """Each edition's pages and their addresses (a post's from its front matter)."""
    urls: dict[str, dict[str, str]] = {"zh": {}, EN: {}}
    for (edition, uri), (path, _inode, hand) in found.items():
        if uri.endswith(".md"):
            meta = split_page(Path(path).read_text(encoding="utf-8-sig"))[0] if hand and uri.startswith(POSTS) else {}
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
          site_url: str = "", settings: dict[str, Any] | None = None, source_relative_html: bool = False,
          aside: tuple[str, ...] = ()) -> Path:
    """Write the staged source of ``root`` into ``staged`` (both editions: ``docs/`` and
    ``docs-en/`` with ``mkdocs.en.yml``) and return the path of the Chinese configuration.
    ``source_relative_html``: raw HTML addresses relative to each Markdown file, for an engine
    that reads them so (:mod:`jiekun.pipeline.rawurls`); ``aside``: folders of each edition whose
    files are staged beside its source, not in it (:func:`aside_folder`)."""
    english = has_english(settings or {})
    staged.mkdir(parents=True, exist_ok=True)
    device = staged.stat().st_dev
    found = {key: value for key, value in _sources(root, generated, device).items() if english or key[0] != EN}
    urls = _urls(found)
    empty: list[str] = []
    present = {path: inode for _rel, path, inode in _files(staged, partial=True, empty=empty)}
    keep: set[str] = set()
    homes = {edition: (str(staged / docs), str(aside_folder(staged, docs))) for edition, docs in (("zh", DOCS),
                                                                                                  (EN, DOCS_EN))}
    for (edition, uri), (path, inode, hand) in sorted(found.items()):
        target = _native(homes[edition][_set_aside(uri, aside)], uri)
        keep.add(target)
        if not uri.endswith(".md"):
            _put_file(target, path, inode, present.get(target))
            continue
        text = _page(Path(path), hand, uri, edition, site, previews if edition == "zh" else {}, generated)
        if english:
            text = with_meta(text, switch_meta(edition, uri, urls, site_url))
        if source_relative_html:
            text = source_relative(text, uri, urls[edition][uri])
        write_if_changed(Path(target), text.encode())
    for uri, path, inode in _on(root / OVERRIDES, device):
        target = _native(staged, OVERRIDES, uri)
        _put_file(target, path, inode, present.get(target))
        keep.add(target)
    write_if_changed(staged / CONFIG, (root / CONFIG).read_bytes())
    if english:
        write_if_changed(staged / CONFIG_EN, english_config(settings or {}, site_url))
    else:
        (staged / CONFIG_EN).unlink(missing_ok=True)
    _prune(staged, present, keep, empty)
    return staged / CONFIG
