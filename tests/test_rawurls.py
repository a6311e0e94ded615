"""Raw addresses made source-relative (jiekun.pipeline.rawurls) take a short way for the usual
page (an address that climbs out of the page's folder loses the steps between the page and its
file); every address must come out as the plain path arithmetic gives it."""

from __future__ import annotations

import posixpath
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from jiekun.pipeline.rawurls import ATTRIBUTE, _sub, source_relative

STEP = st.sampled_from(["a", "m", "metrics", "regions", "updates", "posts", "530000", "x.svg", ".", "..", ""])


def reference(url: str, source: str, page_url: str) -> str:
    """The address as path arithmetic gives it: resolved from the page's folder, relative to the file's."""
    source_dir = posixpath.dirname(source)
    page_dir = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    if source_dir == page_dir:
        return url
    target = posixpath.normpath(posixpath.join(page_dir, url))
    if target == ".." or target.startswith("../"):
        return url
    moved = posixpath.relpath(target, source_dir or ".")
    return moved + "/" if url.endswith("/") and not moved.endswith("/") else moved


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str, str]:
    folders = draw(st.lists(st.sampled_from(["metrics", "m", "regions", "updates", "posts"]), max_size=3))
    name = draw(st.sampled_from(["x", "index", "530000"]))
    source = "/".join([*folders, name + ".md"])
    if draw(st.booleans()):  # served below its file, as most pages are
        page = "/".join([*folders, name]) + "/" if name != "index" else "/".join(folders) + ("/" if folders else "")
    else:  # elsewhere (a post's own address)
        page = "/".join(draw(st.lists(st.sampled_from(["updates", "2026", "11", "p"]), min_size=1, max_size=4))) + "/"
    climbs = draw(st.integers(0, 6))
    url = "../" * climbs + "/".join(draw(st.lists(STEP, max_size=4)))
    return url, source, page


@settings(max_examples=3000, deadline=None)
@given(cases())
def test_every_address_is_what_path_arithmetic_gives(case: tuple[str, str, str]) -> None:
    url, source, page = case
    if not url or url.startswith("/") or '"' in url:
        return  # not a relative address: the pattern does not take it
    got = source_relative(f'<a href="{url}">x</a>', source, page)
    assert got == f'<a href="{reference(url, source, page)}">x</a>', (url, source, page)


PIECE = st.sampled_from(["src=", "href=", "xsrc=", "_href=", "中src=", '"', "'", "a", " ", "#", "?", "/", "../",
                         "http:", "<img ", ">", "\n"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECE, max_size=30).map("".join))
def test_the_quick_scan_finds_what_the_full_pattern_finds(text: str) -> None:
    """Attributes are found by one pattern per name (a plain string first, found fast); whatever
    the text, the result is the one full pattern's."""
    def mark(match: re.Match[str]) -> str:
        return f"[{match['name']}|{match['quote']}|{match['url']}|{match['rest']}]"

    assert _sub(text, mark) == ATTRIBUTE.sub(mark, text)
