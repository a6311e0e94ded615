"""The language jiekun speaks: English or Chinese, from the locale or ``--lang``.

Messages are written in English in the code, marked ``_("…")`` (or ``ngettext``), and
translated from gettext catalogues: ``jiekun/locale/<lang>/LC_MESSAGES/jiekun.po``, managed
with Babel (``make messages`` extracts, updates and compiles them; the compiled ``.mo`` is
committed, so a fresh clone and the wheel speak Chinese without a build step).
tests/test_i18n.py fails when a message lacks a translation or a ``.mo`` is out of date.

The language is chosen once per run, by :func:`use` (the CLI calls it with ``--lang`` or
with what :func:`from_environment` reads: ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` as gettext
reads them, ``zh_*`` giving Chinese).  Messages are translated when they are made, in the
language in use at that moment.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

from jinja2 import Environment

DOMAIN = "jiekun"
LANGUAGES = ("en", "zh")
DEFAULT = "en"

_current = DEFAULT


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: ``zh`` for a ``zh_*`` locale, else English.

    The first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set decides, as for gettext;
    ``JIEKUN_LANG`` (``en`` or ``zh``) comes before all of them."""
    env = os.environ if environ is None else environ
    chosen = env.get("JIEKUN_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            first = value.split(":")[0].lower()
            return "zh" if first.startswith("zh") else DEFAULT
    return DEFAULT


@functools.cache
def translations(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The catalogue of ``lang`` shipped with the package (English: the messages as written).

    ``domain`` names the catalogue: ``jiekun`` (the package's messages) or ``click`` (click's own,
    see :func:`jiekun.cli.language.speak_click`)."""
    if lang == DEFAULT:
        return _gettext.NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    mo = resources.files("jiekun").joinpath("locale", lang, "LC_MESSAGES", f"{domain}.mo")
    with mo.open("rb") as fh:
        return _gettext.GNUTranslations(fh)


def use(lang: str) -> None:
    """Speak ``lang`` from now on (``en`` or ``zh``)."""
    global _current
    translations(lang)  # an unknown language fails here, not at the first message
    _current = lang


def current() -> str:
    return _current


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


_ = gettext


def localized(meta: Mapping[str, Any], key: str) -> str:
    """A metadata text (a field's or a package's ``title``, ``description``) in the language in use:
    its extension ``x-<key>-<language>`` (``x-title-zh``, ``x-description-zh``) when the tool does not
    speak the default language and the metadata give one, else ``meta[key]``; "" when neither."""
    if _current != DEFAULT and meta.get(f"x-{key}-{_current}"):
        return str(meta[f"x-{key}-{_current}"])
    return str(meta.get(key) or "")


def mark(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (translated later, where it is shown)."""
    return message


def install(env: Environment) -> Environment:
    """Give a Jinja environment ``_``/``gettext``/``ngettext`` in the language in use (newstyle:
    ``_("%(n)s rows", n=3)``) and ``{% trans %}``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env
