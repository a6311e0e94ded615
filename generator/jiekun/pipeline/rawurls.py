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

#: a quoted src or href attribute whose value is a relative address
ATTRIBUTE = re.compile(r'(?P<name>\b(?:src|href)=)(?P<quote>["\'])(?P<url>(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^"\'#?]+)'
                       r'(?P<rest>[^"\']*)(?P=quote)')
#: fenced code blocks and inline code spans, which are shown, not followed
CODE = re.compile(r"^(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def source_relative(text: str, source: str, page_url: str) -> str:
    """``text`` of the Markdown file ``source`` (its path in the docs folder), served at
    ``page_url`` (directory URL, no leading slash), with each raw address made source-relative."""
    source_dir = posixpath.dirname(source)
    page_dir = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    if source_dir == page_dir:
        return text

    def rewrite(match: re.Match[str]) -> str:
        url = match["url"]
        target = posixpath.normpath(posixpath.join(page_dir, url))
        if target == ".." or target.startswith("../"):
            return match[0]  # outside the site: not ours to change
        moved = posixpath.relpath(target, source_dir or ".")
        if url.endswith("/") and not moved.endswith("/"):
            moved += "/"
        return f"{match['name']}{match['quote']}{moved}{match['rest']}{match['quote']}"

    out, start = [], 0
    for code in CODE.finditer(text):
        out += [ATTRIBUTE.sub(rewrite, text[start:code.start()]), code[0]]
        start = code.end()
    out.append(ATTRIBUTE.sub(rewrite, text[start:]))
    return "".join(out)
