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
