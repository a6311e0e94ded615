"""A page's front matter (the ``key: value`` lines between ``---`` and ``---``), read as the site
build reads it, as YAML, so that ``jiekun validate`` reports what would stop the build: with the
file and line, and what to type instead of the parser's words.  And a post has one title.
"""

from __future__ import annotations

import re

import yaml

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error, warning

FULL_WIDTH_QUOTES = "“”‘’"
H1 = re.compile(r"^# +\S", re.MULTILINE)


def split(text: str) -> tuple[str | None, int]:
    """(the YAML between the first two ``---`` lines, or None; the file line the body starts on)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number - 1]), number + 1
    return None, 1


def _hint(line: str) -> str:
    key, _colon, value = line.partition(":")
    value = value.strip()
    if "{{" in line and value.startswith('"'):
        return _("the value is in double quotes and the call inside it uses double quotes too: put the value in "
                 "single quotes, e.g. {key}: '…{{{{ figure(\"id\") }}}}…'").format(key=key.strip())
    if any(q in line for q in FULL_WIDTH_QUOTES):
        return _("use half-width quotes (\" or ') around the value, not full-width “ ” or ‘ ’")
    if "：" in line and ":" not in line:
        return _("use a half-width colon after the key: {key}: value").format(key=line.split("：")[0].strip())
    return _("write each line as key: value (a half-width colon and a space); put a value that holds a colon, "
             "a # or quotes in single quotes, and write a ' inside it as ''")


def issues(file: str, text: str, post: bool) -> list[Issue]:
    """What is wrong with the front matter of ``text`` (the page ``file``); a post also needs one title."""
    yaml_text, body_line = split(text)
    if yaml_text is None:
        return []
    try:
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line if mark is not None else 0) + 2
        shown = text.split("\n")[line - 1] if line - 1 < len(text.split("\n")) else ""
        return [error(file, line, None, "front-matter-error",
                      _("the front matter (the lines between --- and ---) cannot be read at this line"), _hint(shown))]
    if meta is not None and not isinstance(meta, dict):
        return [error(file, 2, None, "front-matter-error", _("the front matter is not a list of key: value lines"),
                      _("write each line as key: value, e.g. description: 一句话摘要"))]
    found = []
    if post and isinstance(meta, dict) and "title" in meta and H1.search("\n".join(text.split("\n")[body_line - 1:])):
        line = next(n for n, t in enumerate(text.split("\n"), start=1) if t.startswith("title"))
        found.append(warning(file, line, "title", "two-titles",
                             _("the post has two titles: this title: line and the heading (# …) of the text; "
                               "the list of posts and the page would not show the same one"),
                             _("delete the title: line; the heading is the post's title")))
    return found
