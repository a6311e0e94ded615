"""The command's language: ``--lang``, else the locale; help texts translated from the catalogue.

The help of every command and option is written in English (docstrings, ``help=``); these
English texts are the catalogue's message ids (collected by :func:`help_texts`, for
``make messages`` and the test that every message has a translation), and :func:`translate`
puts the chosen language's text in their place before any help is shown.

Click's own text ("Usage:", "Options", "Error: No such option", "Aborted!", …) comes from the
``click`` catalogue (click's messages, extracted from the installed click): :func:`speak_click`.
"""

from __future__ import annotations

import functools
import gettext
import importlib
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import click

from jiekun.core import i18n

_ENGLISH = "_jiekun_english"
CLICK_DOMAIN = "click"
OPTIONS_METAVAR = "[OPTIONS]"  # click's usage line: "Usage: jiekun build [OPTIONS]"
SUBCOMMAND_METAVAR = "COMMAND [ARGS]..."
LANG_HELP = "Language of messages and help: en or zh (default: from the locale; LANG or LC_ALL zh_* gives zh)."


def first_sentence(text: str | None) -> str | None:
    """The first sentence of a help text, whole, as a command's line in its group's list (click would
    cut it at about 45 characters, at a space: a Chinese sentence has none, and kept one word)."""
    if not text:
        return text
    paragraph = " ".join(text.split("\n\n", 1)[0].split())
    end = re.search(r"。|[.!?](?=\s|$)", paragraph)
    return paragraph[:end.end()] if end else paragraph


def _commands(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


def _clean(text: str | None) -> str | None:
    return inspect.cleandoc(text) if text else None


def help_texts(command: click.Command) -> Iterator[str]:
    """Every English help text of ``command`` and the commands and options under it."""
    yield from (LANG_HELP, OPTIONS_METAVAR, SUBCOMMAND_METAVAR)
    for cmd in _commands(command):
        english = getattr(cmd, _ENGLISH, None)
        texts = (english[0], english[1]) if english else (_clean(cmd.help), _clean(cmd.short_help))
        yield from (t for t in texts if t)
        for param in cmd.params:
            english_param = getattr(param, _ENGLISH, None) or _clean(getattr(param, "help", None))
            if english_param:
                yield english_param


def lang_option() -> click.Option:
    """``--lang``: taken wherever it is on the command line (by :class:`LanguageGroup`)."""
    return click.Option(["--lang"], type=click.Choice(i18n.LANGUAGES), default=None, expose_value=False,
                        help=LANG_HELP)


def translate(command: click.Command) -> None:
    """Put the language in use in place of the help texts of ``command`` and everything under it,
    and give every command the ``--lang`` option."""
    for cmd in _commands(command):
        cmd._help_option = None  # click keeps the help option, its help in the language of its first use
        if not any(p.name == "lang" for p in cmd.params):
            cmd.params.append(lang_option())
        if not hasattr(cmd, _ENGLISH):
            setattr(cmd, _ENGLISH, (_clean(cmd.help), _clean(cmd.short_help)))
        help_, short = getattr(cmd, _ENGLISH)
        cmd.help = i18n.gettext(help_) if help_ else help_
        cmd.short_help = i18n.gettext(short) if short else first_sentence(cmd.help)
        cmd.options_metavar = i18n.gettext(OPTIONS_METAVAR)
        if isinstance(cmd, click.Group):
            cmd.subcommand_metavar = i18n.gettext(SUBCOMMAND_METAVAR)
        for param in cmd.params:
            if not isinstance(param, click.Option):
                continue
            if not hasattr(param, _ENGLISH):
                setattr(param, _ENGLISH, _clean(param.help))
            english = getattr(param, _ENGLISH)
            param.help = i18n.gettext(english) if english else english


def click_sources() -> list[Path]:
    """The source files of click's modules that translate their messages (they import gettext)."""
    folder = Path(click.__file__).parent
    return [path for path in sorted(folder.glob("*.py")) if "from gettext import" in path.read_text("utf-8")]


@functools.cache
def _click_modules() -> tuple[ModuleType, ...]:
    """The modules of :func:`click_sources`, imported (click imports some only when used);
    ``click._winconsole`` only on Windows (elsewhere it refuses to be imported)."""
    return tuple(importlib.import_module(f"click.{path.stem}") for path in click_sources()
                 if path.stem != "_winconsole" or sys.platform == "win32")


def speak_click(lang: str) -> None:
    """Click's own messages in ``lang``: its usage line and headings, its errors, prompts, the help option.

    Click's modules translate with ``from gettext import gettext as _`` (and ``ngettext``): Python's
    global gettext, domain ``messages``, which would mean changing the whole process's domain and
    locale.  Instead, the module attributes ``_`` and ``ngettext`` of each of click's modules that
    import them are pointed at jiekun's ``click`` catalogue for ``lang`` (English: back to gettext's
    own functions, so click is as it was); click looks them up when it makes a message.
    ``python -m jiekun.cli.messages`` extracts the catalogue from the same modules."""
    if lang == i18n.DEFAULT:
        gettext_, ngettext_ = gettext.gettext, gettext.ngettext
    else:
        catalogue = i18n.translations(lang, CLICK_DOMAIN)
        gettext_, ngettext_ = catalogue.gettext, catalogue.ngettext
    for module in _click_modules():
        if hasattr(module, "_"):
            module._ = gettext_  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_  # type: ignore[attr-defined]


def _peek_lang(args: list[str]) -> str | None:
    for pos, arg in enumerate(args):
        if arg == "--lang" and pos + 1 < len(args):
            return args[pos + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class LanguageGroup(click.Group):
    """The top command: before anything is parsed (``--help`` included), the language is chosen
    (``--lang`` wherever it is on the command line, else the locale) and the help translated."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _peek_lang(args)
        i18n.use(lang if lang in i18n.LANGUAGES else i18n.from_environment())
        speak_click(i18n.current())
        translate(self)
        return super().parse_args(ctx, args)


