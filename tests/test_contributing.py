"""CONTRIBUTING.md documents every error code the validator can emit, with an example and the fix."""

from __future__ import annotations

import re

from conftest import REPO
from test_completeness import emitted_codes

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """Each `#### `code`` section of the guide's error-code list, by code."""
    parts = re.split(r"^#### `([a-z0-9-]+)`\n", GUIDE, flags=re.M)
    return {code: re.split(r"^#", body, flags=re.M)[0] for code, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_every_error_code_is_documented_and_no_other() -> None:
    documented = set(sections())
    assert emitted_codes() - documented == set(), "document these codes in CONTRIBUTING.md"
    assert documented - emitted_codes() == set(), "CONTRIBUTING.md documents codes the validator never emits"


def test_each_code_has_an_example_line_with_that_code_and_a_fix() -> None:
    for code, body in sections().items():
        example = re.search(r"^Example: `((?:datasets|docs)/[^`]+)`", body, flags=re.M)
        assert example, f"{code}: no example"
        assert example.group(1).endswith((f"[{code}]", f"[{code}] (warning)")), f"{code}: example shows another code"
        assert re.search(r"^Fix: \S", body, flags=re.M), f"{code}: no fix"


def test_the_guide_names_the_commands_a_contributor_uses() -> None:
    for command in ("jiekun validate", "jiekun diff", "jiekun serve", "jiekun check", "jiekun new case-study",
                    "jiekun new source", "jiekun export --xlsx DIR", "jiekun import FILE.xlsx", "make setup"):
        assert command in GUIDE, command


ZH_GUIDE = (REPO / "CONTRIBUTING.zh.md").read_text(encoding="utf-8")


def test_the_chinese_guide_walks_through_a_post_a_figure_a_case_and_a_press_sentence() -> None:
    for command in ("jiekun new post", "jiekun new figure", "jiekun new case-study", "jiekun validate",
                    "jiekun diff", "jiekun serve", "jiekun check", "--lang zh", "make setup"):
        assert command in ZH_GUIDE, command
    for heading in ("## 写一篇动态文章", "## 常见错误和提示", "## 添加一个数字", "## 添加一个案例", "## 复制媒体句子"):
        assert heading in ZH_GUIDE, heading


def test_the_chinese_guide_quotes_the_messages_the_tool_gives() -> None:
    """Each mistake's message in the guide is the catalogue's Chinese text, so the two cannot drift apart."""
    from jiekun.core import i18n

    i18n.use("zh")
    try:
        quoted = [
            i18n.gettext("the front matter (the lines between --- and ---) cannot be read at this line"),
            i18n.gettext("{typed!r} is typed by hand: it will not change when the data does").format(typed="3000户"),
            i18n.gettext('use half-width quotes: write " (or \') in place of “ ” (or ‘ ’), e.g. {{ figure("id") }}'),
            i18n.gettext("Region (its name or code; ? lists them)"),
            i18n.gettext("Headline figures and press sentences replaced"),
            i18n.gettext("delete the title: line; the heading is the post's title").split("；")[0],
        ]
    finally:
        i18n.use("en")
    for text in quoted:
        assert text in ZH_GUIDE, text


def test_the_chinese_guide_lists_every_code() -> None:
    documented = set(re.findall(r"^#### ([a-z0-9-]+)", ZH_GUIDE, flags=re.M))
    assert documented == emitted_codes()
