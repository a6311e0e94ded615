"""The site's two editions: Chinese at the root, English under ``en/``.

An English hand-written page is kept beside its Chinese twin, named ``<name>.en.md``
(``docs/about.en.md``, ``docs/updates/posts/2026-11-24-baiyin-exits.en.md``); a page without
one has no English twin (a post appears in English only where its translation exists).  The
generated English pages are in the generated folder's ``en/``.  The stage puts the English
edition in ``docs-en/`` beside ``docs/`` and writes its configuration, ``mkdocs.en.yml``, from
``mkdocs.yml`` and its ``extra.edition_en`` values, so both editions build from one plain
folder, each by one run of the engine.

Every staged page gets, in its front matter, the link of the language switch (``jk_switch``:
its twin in the other edition, or that edition's home when it has no twin) and its
``hreflang`` alternates (``jk_alternates``: each with its address relative to the page and,
when the site's address is configured, its full address, which is what search engines read),
which the theme override prints.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

EN = "en"
SUFFIX = ".en.md"
ENGLISH_FILE = re.compile(r"(.+)\.en(\.[A-Za-z0-9]+)")
DOCS_EN = "docs-en"
CONFIG_EN = "mkdocs.en.yml"
SITE_EN = "site-en"  # where an engine without a site-dir option writes the English edition
LABELS = {"zh": "中文", "en": "English"}
POSTS = "updates/posts/"


def hand_edition(uri: str) -> tuple[str, str]:
    """(edition, path in it) of a hand-written file: ``about.en.md`` → (en, about.md),
    ``updates/.authors.en.yml`` → (en, updates/.authors.yml)."""
    if match := ENGLISH_FILE.fullmatch(uri):
        return EN, match.group(1) + match.group(2)
    return "zh", uri


def shared_file(uri: str) -> bool:
    """A hand-written file both editions need (stylesheets, scripts, images, the blog's authors)."""
    return not uri.endswith(".md") and (uri.startswith("assets/") or uri.startswith("updates/"))


def _created(meta: Mapping[str, Any]) -> datetime.date | None:
    value = meta.get("date")
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def page_url(uri: str, meta: Mapping[str, Any]) -> str:
    """The address of a page under its edition's root (directory URLs; a post's as the blog makes it)."""
    if uri.startswith(POSTS):
        created = _created(meta)
        if created and meta.get("slug"):
            return f"updates/{created:%Y/%m/%d}/{meta['slug']}/"
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/"


def _fallback(uri: str) -> str:
    """Where the switch leads when a page has no twin: the updates list for a post, else home."""
    return "updates/" if uri.startswith(POSTS) else ""


def switch_meta(edition: str, uri: str, urls: dict[str, dict[str, str]], site_url: str = "") -> str:
    """Front-matter lines (valid YAML) for the page ``uri`` of ``edition``: its switch and alternates.

    The switch's address is relative, so that a local preview stays local.  An alternate has its
    relative address (``href``) and, given the site's address, its full one (``url``: hreflang
    alternates must be full addresses); the override's ``rel=" alternate"`` keeps
    mkdocs-material from fetching a sitemap beside them."""
    other = EN if edition == "zh" else "zh"
    here = urls[edition][uri]
    twin = urls[other].get(uri)
    root = "../" * (here.count("/") + (1 if edition == EN else 0))  # from this page to the Chinese root

    def href(lang: str, url: str) -> str:
        return (root + (f"{EN}/" if lang == EN else "") + url) or "./"

    target = twin if twin is not None else _fallback(uri)
    lines = [f"jk_switch: {json.dumps({'href': href(other, target), 'lang': other, 'label': LABELS[other]})}"]
    if twin is not None:
        both = {edition: here, other: twin}
        alternates = [{"lang": lang, "href": href(lang, both[lang])}
                      | ({"url": site_url + (f"{EN}/" if lang == EN else "") + both[lang]} if site_url else {})
                      for lang in ("zh", EN)]
        lines.append(f"jk_alternates: {json.dumps(alternates)}")
    return "\n".join(lines) + "\n"


def with_meta(text: str, lines: str) -> str:
    """``text`` with front-matter ``lines`` added (a front matter made when it has none)."""
    if text.startswith("---\n"):
        return "---\n" + lines + text[4:]
    return "---\n" + lines + "---\n" + text


def has_english(settings: dict[str, Any]) -> bool:
    """Whether the project has an English edition: its ``mkdocs.yml`` sets ``extra.edition_en``."""
    return bool((settings.get("extra") or {}).get("edition_en"))


def _plugin(plugins: list[Any], name: str) -> dict[str, Any] | None:
    for index, entry in enumerate(plugins):
        if entry == name:
            plugins[index] = {name: {}}
            return plugins[index][name]  # type: ignore[no-any-return]
        if isinstance(entry, dict) and name in entry:
            entry[name] = entry[name] or {}
            return entry[name]  # type: ignore[no-any-return]
    return None


def english_config(settings: dict[str, Any], site_url: str) -> bytes:
    """``mkdocs.en.yml``: the project's configuration (its ``!ENV`` values resolved) with the
    English edition's name, navigation and language, its pages in :data:`DOCS_EN`."""
    config = copy.deepcopy(settings)
    extra = config.setdefault("extra", {}) or {}
    edition = extra.pop("edition_en", None) or {}
    for key in ("site_name", "site_description", "nav"):
        if key in edition:
            config[key] = edition[key]
    config.update(docs_dir=DOCS_EN, site_dir=SITE_EN, site_url=site_url + f"{EN}/" if site_url else None)
    config.setdefault("theme", {})["language"] = EN
    plugins = config.get("plugins") or []
    if (search := _plugin(plugins, "search")) is not None:
        search["lang"] = [EN]
    if (blog := _plugin(plugins, "blog")) is not None:
        blog.update(edition.get("blog") or {})
    if (rss := _plugin(plugins, "rss")) is not None:
        rss["feed_title"] = edition.get("feed_title", rss.get("feed_title"))
        if rss.get("cache_dir"):
            rss["cache_dir"] = str(rss["cache_dir"]) + f"-{EN}"
    text: str = yaml.safe_dump({k: v for k, v in config.items() if v is not None}, allow_unicode=True,
                               sort_keys=False)
    return ("# The English edition: written by the stage from mkdocs.yml; do not edit.\n" + text).encode()
