"""The message catalogues, managed with Babel: ``python -m jiekun.cli.messages`` (``make messages``).

It extracts every message marked ``_("…")`` (``gettext``, ``ngettext``, ``mark``) in the package's
Python modules and Jinja templates, adds the help texts of every command and option, updates
``jiekun/locale/<lang>/LC_MESSAGES/jiekun.po`` (new messages get an empty translation, messages
no longer used are dropped) and compiles each ``.po`` to the ``.mo`` the package reads.  Write the
missing translations in the ``.po`` and run it again.  ``--check`` changes nothing and exits 1 when
a message lacks a translation or a ``.mo`` differs from its ``.po`` (tests/test_i18n.py runs it).

Click's own messages (usage, headings, errors, prompts) have their catalogue, domain ``click``
(``jiekun/locale/<lang>/LC_MESSAGES/click.po``), extracted the same way from the installed click's
modules that translate (:func:`jiekun.cli.language.click_sources`): a click with new or changed
messages makes ``--check`` fail until they are translated.

Babel is a development tool (the ``dev`` extra); the installed package reads the committed ``.mo``
with Python's own :mod:`gettext`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from jiekun.cli.commands import main
from jiekun.cli.language import CLICK_DOMAIN, click_sources, help_texts
from jiekun.core.files import PACKAGE
from jiekun.core.i18n import DOMAIN, LANGUAGES

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "mark": None}
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
DOMAINS = (DOMAIN, CLICK_DOMAIN)
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def template(domain: str = DOMAIN) -> Catalog:
    """Every message of the package: the marked strings and the command line's help texts
    (domain ``click``: click's own messages)."""
    if domain == CLICK_DOMAIN:
        return click_template()
    catalog = Catalog(project="jiekun", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, _comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=(), strip_comment_tags=True):
        catalog.add(message, None, [(f"jiekun/{filename}", lineno)], context=context)
    for text in help_texts(main):
        catalog.add(text, None, [("jiekun/cli (help)", 0)])
    return catalog


def click_template() -> Catalog:
    """Click's messages, from the installed click's modules that translate them."""
    catalog = Catalog(project="jiekun", domain=CLICK_DOMAIN, charset="utf-8", fuzzy=False)
    for path in click_sources():
        for lineno, message, _comments, context in extract_from_file(
                "python", path, CLICK_KEYWORDS, comment_tags=(), strip_comment_tags=True):
            catalog.add(message, None, [(f"click/{path.name}", lineno)], context=context)
    return catalog


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return PACKAGE / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


def read(lang: str, domain: str = DOMAIN) -> Catalog:
    path = po_path(lang, domain)
    if not path.exists():
        return Catalog(locale=lang, domain=domain, project="jiekun", copyright_holder="the jiekun authors",
                       fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, omit_header=False, ignore_obsolete=True,
             include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(lang: str, domain: str = DOMAIN) -> Catalog:
    catalog = read(lang, domain)
    created = catalog.creation_date
    catalog.update(template(domain), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = catalog.revision_date = created  # no date that changes on every run
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """The message ids of ``catalog`` with no translation (or only a fuzzy one)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def problems() -> list[str]:
    """What ``--check`` reports: messages without a translation, catalogues not up to date."""
    found = []
    for lang, domain in ((lang, domain) for lang in LANGUAGES[1:] for domain in DOMAINS):
        catalog = updated(lang, domain)
        found += [f"{lang}: {domain}: no translation: {mid!r}" for mid in untranslated(catalog)]
        po = po_path(lang, domain)
        if not po.exists() or po.read_bytes() != po_bytes(catalog):
            found.append(f"{lang}: {po.name} is not up to date; run `make messages`")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{lang}: {mo.name} is not compiled from {po.name}; run `make messages`")
    return found


def write() -> None:
    for lang, domain in ((lang, domain) for lang in LANGUAGES[1:] for domain in DOMAINS):
        catalog = updated(lang, domain)
        po = po_path(lang, domain)
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(po_bytes(catalog))
        po.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        missing = untranslated(catalog)
        print(f"{po}: {len(catalog)} messages, {len(missing)} without a translation")


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        found = problems()
        print("\n".join(found) or "every message has a translation; the catalogues are up to date")
        sys.exit(1 if found else 0)
    write()
