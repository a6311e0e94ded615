"""The error-code lists of the guides, written from the catalogue (:mod:`jiekun.core.codes`).

Each guide holds its list between two marker comments; ``python -m jiekun.tools.codesdoc``
rewrites what is between them, and ``tests/test_codes.py`` fails when a guide differs.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from jiekun.core.codes import Catalogue, catalogue
from jiekun.core.files import write_if_changed

BEGIN = "<!-- error codes: generated from generator/jiekun/core/codes.toml; do not edit between these lines -->"
END = "<!-- end of the generated error codes -->"
#: guide (relative to the project) -> its language
GUIDES = {"CONTRIBUTING.md": "en", "CONTRIBUTING.zh.md": "zh", "docs/validation.md": "zh",
          "docs/validation.en.md": "en"}
WARNING = {"en": "", "zh": "（警告）"}


def heading(code: str, severity: str, lang: str) -> str:
    return f"#### `{code}`" if lang == "en" else f"#### {code}{WARNING[lang] if severity == 'warning' else ''}"


def render(cat: Catalogue, lang: str) -> str:
    """The list in ``lang``: a section per group, a subsection per code."""
    parts: list[str] = []
    for group in cat.groups:
        parts.append(f"### {group.title[lang]}\n")
        if group.intro[lang]:
            parts.append(group.intro[lang] + "\n")
        for code in cat.in_group(group.id):
            parts.append(f"{heading(code.code, code.severity, lang)}\n{code.text[lang]}\n")
    return "\n".join(parts)


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _inert(markdown: str, lang: str) -> str:
    """The list as a page of the site shows it: code spans holding ``{{ … }}`` as HTML with the
    braces as references (the build does not take them for calls to expand); on an English
    page, Chinese words marked ``lang="zh"`` (in code spans too)."""
    def code(match: re.Match[str]) -> str:
        inner = match.group(1)
        chinese = lang == "en" and CJK.search(inner)
        if "{{" not in inner and not chinese:
            return match.group(0)
        mark = ' lang="zh"' if chinese else ""
        return f"<code{mark}>" + html.escape(inner, quote=False).replace("{", "&#123;") + "</code>"

    parts = re.split(r"(`[^`\n]*`)", markdown)
    for i, part in enumerate(parts):
        if i % 2:
            parts[i] = re.sub(r"`([^`\n]*)`", code, part)
        elif lang == "en":
            parts[i] = CJK.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', part)
    return "".join(parts)


def updated(text: str, lang: str, cat: Catalogue, page: bool = False) -> str:
    """``text`` with the part between the markers replaced by the list; ValueError without markers.
    ``page``: the guide is a page of the site (its calls must stay inert)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the guide lacks the markers {BEGIN!r} … {END!r}")
    listed = render(cat, lang)
    return text[:start] + BEGIN + "\n\n" + (_inert(listed, lang) if page else listed) + "\n" + text[end:]


def write_guides(root: Path) -> list[Path]:
    """Rewrite every guide's list; the guides that changed."""
    changed = []
    for name, lang in GUIDES.items():
        path = root / name
        old = path.read_text(encoding="utf-8")
        new = updated(old, lang, catalogue(), page=name.startswith("docs/"))
        if new != old:
            write_if_changed(path, new.encode("utf-8"))
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in write_guides(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"updated {path}")
