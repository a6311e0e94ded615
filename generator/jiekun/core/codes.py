"""The error-code catalogue (``codes.toml``): every code jiekun reports, with its severity and
what it means, in English and Chinese.  One source for the documentation's lists
(:mod:`jiekun.tools.codesdoc`) and for anything that explains a code."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from importlib import resources

LANGUAGES = ("en", "zh")


@dataclasses.dataclass(frozen=True)
class Group:
    id: str
    title: dict[str, str]
    intro: dict[str, str]


@dataclasses.dataclass(frozen=True)
class Code:
    code: str
    group: str
    severity: str
    text: dict[str, str]  # language -> what it means, an example and the fix (Markdown)


@dataclasses.dataclass(frozen=True)
class Catalogue:
    groups: list[Group]
    codes: dict[str, Code]

    def in_group(self, group: str) -> list[Code]:
        return [c for c in self.codes.values() if c.group == group]


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the package, in its file's order."""
    data = tomllib.loads(resources.files("jiekun.core").joinpath("codes.toml").read_text(encoding="utf-8"))
    groups = [Group(g["id"], {lang: g[lang] for lang in LANGUAGES},
                    {lang: g.get(f"intro_{lang}", "").strip() for lang in LANGUAGES}) for g in data["group"]]
    known = {g.id for g in groups}
    codes: dict[str, Code] = {}
    for entry in data["code"]:
        if entry["group"] not in known or entry["code"] in codes:
            raise ValueError(f"codes.toml: {entry['code']}: unknown group or listed twice")
        codes[entry["code"]] = Code(entry["code"], entry["group"], entry["severity"],
                                    {lang: entry[lang].strip() for lang in LANGUAGES})
    return Catalogue(groups, codes)
