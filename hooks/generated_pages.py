"""mkdocs adapter: generate jiekun's pages into a folder and add them to the build.

The only file that touches mkdocs.  jiekun writes plain Markdown, SVG, CSV, JSON and zip
files into ``build/generated/`` (see :mod:`generator.generate`); this hook adds that folder
to the build, expands ``{{ call() }}`` data blocks in hand-written pages, and turns a data
problem into a build error with the validation report.  Another builder needs only the same
three steps.  (It also writes the search plugin's index as UTF-8, which is mkdocs-specific.)
"""

from __future__ import annotations

import gc
import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator.expand import ExpandError, expand, expand_plain, meta_lines
from generator.figurerefs import Notes
from generator.generate import generate
from generator.issues import DataError
from generator.model import Site
from generator.press import PNG_DIR, history_slug, previews
from generator.refcheck import FRONT_MATTER
from generator.render import environment
from generator.report import to_text

logging.getLogger("jieba").setLevel(logging.WARNING)
STATE: dict[str, Any] = {}


def _paths(config: Any) -> tuple[Path, Path, Path]:
    root = Path(config["config_file_path"]).parent
    out = Path(os.environ.get("JIEKUN_GENERATED", root / "build" / "generated"))
    cache = Path(os.environ.get("JIEKUN_CACHE", root / "build" / "cache" / "charts"))
    return root, out, cache


def _site_url(config: Any) -> str:
    url = str(config.get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"


def on_pre_build(config: Any) -> None:
    root, out, cache = _paths(config)
    STATE.clear()
    gc.unfreeze()  # a live-preview rebuild: let the last build's model be collected
    try:
        STATE["generated"] = generate(root, out, cache, site_url=_site_url(config))
    except DataError as exc:
        raise PluginError("the data is not valid:\n" + to_text(exc.report)) from None
    STATE["out"] = out
    STATE["previews"] = previews(STATE["generated"].site, config["site_name"])
    gc.collect()
    gc.freeze()  # the site model lives through the build: keep it out of every later GC pass


def on_shutdown() -> None:
    STATE.clear()
    gc.unfreeze()


def on_files(files: Files, config: Any) -> Files:
    out: Path = STATE["out"]
    for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.name.endswith(".tmp")):
        rel = path.relative_to(out).as_posix()
        files.append(File(rel, src_dir=str(out), dest_dir=config["site_dir"],
                          use_directory_urls=config["use_directory_urls"]))
    return files


def _first_line(source: str, markdown: str) -> int:
    """The file line where ``markdown`` (the page without its front matter) starts."""
    if source and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n") + 1
    return 1


def _plain_meta(page: Any, site: Site, source: str) -> None:
    """Write the figures of the front-matter title and description as plain text, in place:
    the theme (page title, og:), the blog plugin (index, excerpts) and the feed plugin read
    ``page.meta`` after this event (the blog's ``on_page_markdown`` runs at priority -50, the
    feed's ``on_page_content`` later still)."""
    lines = meta_lines(source)
    for key in FRONT_MATTER:
        value = page.meta.get(key)
        if isinstance(value, str) and "{{" in value:
            page.meta[key] = expand_plain(value, page.file.src_uri, site, file=f"docs/{page.file.src_uri}",
                                          line=lines.get(key, 1))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Expand data calls in hand-written pages; give every page its link-preview image and text
    (``page.meta.og_image``, a path from the site root, read by ``overrides/main.html``)."""
    preview = STATE["previews"].get(page.file.src_uri, {})
    for key, value in preview.items():
        if value:
            page.meta.setdefault(key, value)
    if page.file.abs_src_path and Path(page.file.abs_src_path).is_relative_to(STATE["out"]):
        return markdown
    site: Site = STATE["generated"].site
    notes = Notes(environment(), site, page.file.src_uri)
    path = page.file.abs_src_path
    source = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n") if path else ""
    try:
        _plain_meta(page, site, source)
        text = expand(markdown, page.file.src_uri, site, file=f"docs/{page.file.src_uri}", notes=notes,
                      first_line=_first_line(source, markdown))
    except ExpandError as exc:
        raise PluginError(str(exc)) from None
    if page.meta.get("image"):  # a post's own preview image (a path from the site root)
        page.meta.setdefault("og_image", str(page.meta["image"]).lstrip("/"))
    elif notes.cited:  # else the chart of the first figure it cites, or of that figure's region
        own = f"{PNG_DIR}/{history_slug(notes.cited[0])}.png"
        region = STATE["previews"].get(f"regions/{notes.cited[0]['region']}.md", {}).get("og_image")
        image = own if (STATE["out"] / own).is_file() else region
        if image:
            page.meta.setdefault("og_image", image)
    return text


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: Any) -> None:
    """Rewrite the search index with UTF-8 text instead of ``\\uXXXX`` escapes: the same JSON,
    about half the bytes for Chinese text, for every visitor who searches."""
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_bytes())
        tmp = index.with_name(index.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(index)
