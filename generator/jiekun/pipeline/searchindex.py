"""The site's search index, made from the built HTML after the engine has run.

Both engines write the same page markup (``article.md-content__inner``); this step reads each
built page's article, as a visitor sees it, and writes one JSON file that the site's own
search box (``docs/assets/javascripts/search.js``) loads on first use.  Because it reads the
engine's output, search behaves the same whichever engine built the site, and the themes' own
search is switched off so that there is one search box.

The index holds, for each page, its address, title, section headings and text, with the
parts marked ``data-search-exclude`` (figure tables, chart data) and the heading permalinks
left out.  The browser matches a query as a substring of this text, which is how Chinese
readers expect search to work (a part of a word finds the word), with no word segmentation
at build time to disagree with the one in the browser.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from jiekun.core.files import write_atomic, write_if_changed

#: where the index is written, from the site root (the browser script reads it from there)
INDEX = "search/index.json"
FORMAT = 1
#: this module's source: a cache of entries made by other code is not used
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
ARTICLE = re.compile(r'<article\b[^>]*class="[^"]*\bmd-content__inner\b[^"]*"[^>]*>')
SPACE = re.compile(r"\s+")
EXCLUDED = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-search-exclude\b[^>]*>")
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
#: elements whose text is never page text
SKIP_TAGS = frozenset({"script", "style", "svg", "template", "noscript", "button", "form"})
#: heading permalinks, the theme's "edit" and source-date notes
SKIP_CLASSES = frozenset({"headerlink", "md-source-file", "md-content__button"})
HEADINGS = frozenset({"h2", "h3"})
#: elements that end a run of text (a space keeps the words on either side apart)
BLOCKS = frozenset(["p", "div", "li", "td", "th", "tr", "dt", "dd", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                    "figcaption", "summary", "blockquote"])


@dataclasses.dataclass(frozen=True)
class Indexed:
    pages: int
    bytes: int
    path: Path
    reused: int = 0  # entries taken from the cache


class _Article(HTMLParser):
    """The text of one article: title (the first ``h1``), headings and body text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, inside a skipped part)
        self.title: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None  # "h1" or a heading tag while one is open

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.text.append(" ")
        if tag in VOID:
            return
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        skip = (self._skipping() or tag in SKIP_TAGS or "data-search-exclude" in found
                or bool(classes & SKIP_CLASSES))
        self.stack.append((tag, skip))
        if not skip and self._in is None and (tag in HEADINGS or (tag == "h1" and not self.title)):
            self._in = tag
            if tag in HEADINGS:
                self.headings.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag: ignore it as browsers do
        while self.stack and self.stack.pop()[0] != tag:
            pass
        if tag == self._in:
            self._in = None
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        if self._in == "h1":
            self.title.append(data)
        elif self._in is not None:
            self.headings[-1] += data
        self.text.append(data)


def _drop_excluded(html: str) -> str:
    """``html`` without the elements marked ``data-search-exclude`` (cut out before parsing:
    they are most of a page of figures, and the parser would only skip them)."""
    parts, at = [], 0
    while (found := EXCLUDED.search(html, at)) is not None:
        tag = re.compile(rf"<(/?){found.group(1)}\b[^>]*>")
        depth, end = 1, found.end()
        while depth and (edge := tag.search(html, end)) is not None:
            depth += -1 if edge.group(1) else 1
            end = edge.end()
        parts.append(html[at:found.start()])
        at = end if not depth else len(html)
    parts.append(html[at:])
    return "".join(parts)


def _clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def _article(html: str) -> str | None:
    """The inside of the page's article, or None when it has none."""
    start = ARTICLE.search(html)
    if not start:
        return None
    end = html.rfind("</article>")  # blog lists nest articles: the page's own closes last
    return html[start.end():end if end > start.end() else len(html)]


def page_entry(html: str, path: str) -> list[str] | None:
    """``[path, title, headings, text]`` of a built page, or None when it has no article."""
    article = _article(html)
    return None if article is None else _entry(article, path)


def _entry(article: str, path: str) -> list[str]:
    parser = _Article()
    parser.feed(_drop_excluded(article))
    parser.close()
    title = _clean("".join(parser.title))
    text = _clean("".join(parser.text))
    head = text.find(title, 0, 200) if title else -1
    if head != -1:  # the page's own title (and a breadcrumb before it) again as the first words
        text = text[head + len(title):].lstrip()
    headings = " · ".join(h for h in (_clean(x) for x in parser.headings) if h)
    return [path, title, headings, text]


def _address(site: Path, page: Path) -> str:
    """The page's address from the site root, as a link to it is written ("" for the home page)."""
    folder = page.parent.relative_to(site).as_posix()
    if page.name == "index.html":
        return "" if folder == "." else folder + "/"
    return page.relative_to(site).as_posix()


def _pages(site: Path, skip: tuple[Path, ...]) -> list[Path]:
    """The built HTML files of ``site``, in path order, not descending into a folder of ``skip``."""
    found = []
    for folder, dirs, files in os.walk(site):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip]
        found += [here / name for name in files if name.endswith(".html")]
    return sorted(found)


def _known(cache: Path | None) -> dict[str, list[str]]:
    """The entries kept by the last run in ``cache``, if it was made by this code."""
    try:
        kept = json.loads(cache.read_bytes()) if cache else {}
    except (OSError, ValueError):
        return {}
    entries = kept.get("entries") if isinstance(kept, dict) and kept.get("code") == CODE else None
    return entries if isinstance(entries, dict) else {}


def write_index(site: Path, skip: tuple[Path, ...] = (), cache: Path | None = None) -> Indexed:
    """Index every built page of ``site`` (not the 404 page, nothing under a folder of ``skip``:
    another edition's pages, folders of standalone pages) into ``site/search/index.json``.

    ``cache``: a file of the entries made last time, by address and article; a page whose article
    is unchanged is not parsed again (an entry depends on nothing else).  The file is rewritten
    with this run's entries only."""
    known, used, pages = _known(cache), {}, []
    for page in _pages(site, skip):
        if page.name == "404.html" and page.parent == site:
            continue
        address = _address(site, page)
        article = _article(page.read_text(encoding="utf-8", errors="replace"))
        if article is None:
            continue
        key = hashlib.blake2b(f"{address}\0{article}".encode(), digest_size=16).hexdigest()
        entry = used[key] = known.get(key) or _entry(article, address)
        if entry[1] or entry[3]:
            pages.append(entry)
    data = json.dumps({"format": FORMAT, "pages": pages}, ensure_ascii=False, separators=(",", ":")).encode()
    target = site / INDEX
    write_if_changed(target, data)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, json.dumps({"code": CODE, "entries": used}, ensure_ascii=False).encode())
    return Indexed(len(pages), len(data), target, sum(1 for key in used if key in known))
