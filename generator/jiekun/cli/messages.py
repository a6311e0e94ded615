"""The message catalogues, managed with Babel: ``python -m jiekun.cli.messages`` (``make messages``).

It extracts every message marked ``_("…")`` (``gettext``, ``ngettext``, ``mark``) in the package's
Python modules and Jinja templates, adds the help texts of every command and option, updates
``jiekun/locale/<lang>/LC_MESSAGES/jiekun.po`` (new messages get an empty translation, messages
no longer used are dropped) and compiles each ``.po`` to the ``.mo`` the package reads.  Write the
missing translations in the ``.po`` and run it again.  ``--check`` changes nothing and exits 1 when
a message lacks a translation or a ``.mo`` differs from its ``.po`` (tests/test_i18n.py runs it).

Babel is a development tool (the ``dev`` extra); the installed package reads the committed ``.mo``
with Python's own :mod:`gettext`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from jiekun.cli.commands import main
from jiekun.cli.language import help_texts
from jiekun.core.i18n import DOMAIN, LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "mark": None}
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def template() -> Catalog:
    """Every message of the package: the marked strings and the command line's help texts."""
    catalog = Catalog(project="jiekun", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, _comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=(), strip_comment_tags=True):
        catalog.add(message, None, [(f"jiekun/{filename}", lineno)], context=context)
    for text in help_texts(main):
        catalog.add(text, None, [("jiekun/cli (help)", 0)])
    return catalog


def po_path(lang: str) -> Path:
    return PACKAGE / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="jiekun", copyright_holder="the jiekun authors",
                       fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, omit_header=False, ignore_obsolete=True,
             include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(lang: str) -> Catalog:
    catalog = read(lang)
    created = catalog.creation_date
    catalog.update(template(), no_fuzzy_matching=True)
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
    for lang in LANGUAGES[1:]:
        catalog = updated(lang)
        found += [f"{lang}: no translation: {mid!r}" for mid in untranslated(catalog)]
        po = po_path(lang)
        if not po.exists() or po.read_bytes() != po_bytes(catalog):
            found.append(f"{lang}: {po.name} is not up to date; run `make messages`")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{lang}: {mo.name} is not compiled from {po.name}; run `make messages`")
    return found


def write() -> None:
    for lang in LANGUAGES[1:]:
        catalog = updated(lang)
        po = po_path(lang)
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
