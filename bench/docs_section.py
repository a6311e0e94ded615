"""One benchmark's section of a docs page, between its own markers, the rest of the page untouched.

Several benchmarks write to ``docs/performance.md``; each owns the text between its pair of
HTML comments (``<!-- NAME:start -->`` … ``<!-- NAME:end -->``).
"""

from __future__ import annotations

import re
from pathlib import Path


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(page: str, name: str, text: str) -> str:
    """``page`` with what is between the ``name`` markers replaced by ``text``, or the section appended."""
    start, end = markers(name)
    section = f"{start}\n{text.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(page):
        return pattern.sub(lambda _: section, page, count=1)
    return page.rstrip("\n") + "\n\n" + section + "\n"


def write_section(path: Path, name: str, text: str, title: str = "# 性能") -> Path:
    """Rewrite the ``name`` section of the page at ``path`` (a new page gets ``title``)."""
    page = path.read_text(encoding="utf-8") if path.is_file() else title + "\n"
    path.write_text(replace_section(page, name, text), encoding="utf-8")
    return path
