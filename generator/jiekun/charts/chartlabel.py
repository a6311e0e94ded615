"""A chart's SVG as an image with a name and a description, for whoever opens the file itself.

On a page the ``<img>`` element's alt text names the chart; a chart opened, downloaded or
embedded on its own has only the file.  :func:`labelled` makes the root ``<svg>`` an image
(``role="img"``) whose first children are a ``<title>`` (the chart's title: its accessible name)
and a ``<desc>`` (the text alternative: its description), as SVG-AAM maps them.  The cache keeps
the drawing alone; the label is added when a chart is written, so it follows the current text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

ROOT = re.compile(r"<svg\b[^>]*>")


def labelled(svg: str, title: str, description: str, lang: str = "zh-CN") -> str:
    """``svg`` with ``role="img"`` and ``lang`` on its root and a title and description first inside."""
    root = ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG document: no <svg> element")
    tag = root.group(0)
    if ' role="img"' in tag:
        return svg
    opened = f'{tag[:-1]} role="img" lang={quoteattr(lang)}>'
    inside = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>"
    return svg[:root.start()] + opened + inside + svg[root.end():]
