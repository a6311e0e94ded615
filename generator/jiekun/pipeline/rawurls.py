"""Addresses in a page's raw HTML, written for an engine that reads them relative to the source file.

jiekun writes the ``src`` and ``href`` of the HTML it puts in pages (charts, the tile map, figure
links) as the final, page-relative address: from ``metrics/x.md``, served at ``metrics/x/``, the
root is ``../../``.  mkdocs leaves raw HTML alone, so that is what the browser gets.  Zensical
rewrites every relative address in a page as if it were relative to the Markdown file, so the
same ``../../regions/530000/`` comes out as ``../../../regions/530000/``: a browser clamps that at
the site's root, but on a site published under a sub-path (``example.org/project/``) it leaves
the site.  For such an engine the stage writes each raw address relative to the source file
instead, and the engine turns it back into the page-relative one.

Markdown links (``[text](../regions/530000.md)``) are source-relative already and left alone, as
are absolute addresses, addresses with a scheme, anchors within the page, and code.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

#: a quoted value that is a relative address
VALUE = r'(?P<quote>["\'])(?P<url>(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^"\'#?]+)(?P<rest>[^"\']*)(?P=quote)'
#: a src or href attribute whose value is a relative address
ATTRIBUTE = re.compile(r"(?P<name>\b(?:src|href)=)" + VALUE)
#: the same, one name each: a pattern that starts with a plain string is found four times as fast
NAMED = tuple(re.compile(f"(?P<name>{name}=)" + VALUE) for name in ("src", "href"))
#: fenced code blocks and inline code spans, which are shown, not followed
CODE = re.compile(r"^(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def _clean(path: str) -> bool:
    """Whether ``path`` (after its leading ``../``) has no ``.``, ``..`` or empty step but a last empty one."""
    steps = path.split("/")
    return not path or all(step not in ("", ".", "..") for step in steps[:-1]) and steps[-1] not in (".", "..")


def source_relative(text: str, source: str, page_url: str) -> str:
    """``text`` of the Markdown file ``source`` (its path in the docs folder), served at
    ``page_url`` (directory URL, no leading slash), with each raw address made source-relative."""
    source_dir = posixpath.dirname(source)
    page_dir = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    if source_dir == page_dir:
        return text
    page_depth = page_dir.count("/") + 1 if page_dir else 0
    # a page served below its file's folder (metrics/x.md at metrics/x/: one step down, the usual
    # case): an address that climbs at least that many steps loses them; any other goes the long way
    parts = source_dir.split("/") if source_dir else []
    below = page_depth - len(parts) if (
        not source_dir or page_dir.startswith(source_dir + "/")) else -1

    def rewrite(match: re.Match[str]) -> str:
        url = match["url"]
        climbs = 0
        while url.startswith("../", 3 * climbs):
            climbs += 1
        rest, up = url[3 * climbs:], climbs - below
        # the short way, unless the address climbs above the file's folder and comes down into it
        # again, where path arithmetic gives a shorter address
        if 0 <= below <= climbs <= page_depth and _clean(rest) and (
                up == 0 or rest.split("/", 1)[0] != parts[len(parts) - up]):
            moved: str | None = "../" * up + rest or "./"
        else:
            moved = _long_way(url, page_dir, source_dir)
        if moved is None:
            return match[0]  # outside the site: not ours to change
        return f"{match['name']}{match['quote']}{moved}{match['rest']}{match['quote']}"

    if "`" not in text and "~~~" not in text:  # no code to leave alone
        return _sub(text, rewrite)
    out, start = [], 0
    for code in CODE.finditer(text):
        out += [_sub(text[start:code.start()], rewrite), code[0]]
        start = code.end()
    out.append(_sub(text[start:], rewrite))
    return "".join(out)


def _sub(text: str, rewrite: Callable[[re.Match[str]], str]) -> str:
    """``ATTRIBUTE.sub(rewrite, text)``, found with :data:`NAMED`; where those find a match that
    ATTRIBUTE would not take there (a name ending a longer word, or two that overlap), with ATTRIBUTE."""
    out, at = [], 0
    for match in sorted([*NAMED[0].finditer(text), *NAMED[1].finditer(text)], key=lambda m: m.start()):
        start = match.start()
        if start < at or start and (text[start - 1].isalnum() or text[start - 1] == "_"):  # not at \b
            return ATTRIBUTE.sub(rewrite, text)
        out += [text[at:start], rewrite(match)]
        at = match.end()
    out.append(text[at:])
    return "".join(out)


def _long_way(url: str, page_dir: str, source_dir: str) -> str | None:
    """``url`` (relative to ``page_dir``) relative to ``source_dir``; None if it leaves the site."""
    target = posixpath.normpath(posixpath.join(page_dir, url))
    if target == ".." or target.startswith("../"):
        return None
    moved = posixpath.relpath(target, source_dir or ".")
    return moved + "/" if url.endswith("/") and not moved.endswith("/") else moved
