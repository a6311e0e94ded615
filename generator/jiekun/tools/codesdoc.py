"""The error-code lists of the guides, written from the catalogue (:mod:`jiekun.core.codes`).

Each guide holds its list between two marker comments; ``python -m jiekun.tools.codesdoc``
rewrites what is between them, and ``tests/test_codes.py`` fails when a guide differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jiekun.core.codes import Catalogue, catalogue
from jiekun.core.files import write_if_changed

BEGIN = "<!-- error codes: generated from generator/jiekun/core/codes.toml; do not edit between these lines -->"
END = "<!-- end of the generated error codes -->"
#: guide (relative to the project) -> its language
GUIDES = {"CONTRIBUTING.md": "en", "CONTRIBUTING.zh.md": "zh", "docs/validation.md": "zh"}
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


def updated(text: str, lang: str, cat: Catalogue) -> str:
    """``text`` with the part between the markers replaced by the list; ValueError without markers."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the guide lacks the markers {BEGIN!r} … {END!r}")
    return text[:start] + BEGIN + "\n\n" + render(cat, lang) + "\n" + text[end:]


def write_guides(root: Path) -> list[Path]:
    """Rewrite every guide's list; the guides that changed."""
    changed = []
    for name, lang in GUIDES.items():
        path = root / name
        old = path.read_text(encoding="utf-8")
        new = updated(old, lang, catalogue())
        if new != old:
            write_if_changed(path, new.encode("utf-8"))
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in write_guides(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"updated {path}")
