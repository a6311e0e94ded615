"""The command's language: ``--lang``, else the locale; help texts translated from the catalogue.

The help of every command and option is written in English (docstrings, ``help=``); these
English texts are the catalogue's message ids (collected by :func:`help_texts`, for
``make messages`` and the test that every message has a translation), and :func:`translate`
puts the chosen language's text in their place before any help is shown.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import click

from jiekun.core import i18n

_ENGLISH = "_jiekun_english"
LANG_HELP = "Language of messages and help: en or zh (default: from the locale; LANG or LC_ALL zh_* gives zh)."


def _commands(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


def _clean(text: str | None) -> str | None:
    return inspect.cleandoc(text) if text else None


def help_texts(command: click.Command) -> Iterator[str]:
    """Every English help text of ``command`` and the commands and options under it."""
    yield LANG_HELP
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
        if not any(p.name == "lang" for p in cmd.params):
            cmd.params.append(lang_option())
        if not hasattr(cmd, _ENGLISH):
            setattr(cmd, _ENGLISH, (_clean(cmd.help), _clean(cmd.short_help)))
        help_, short = getattr(cmd, _ENGLISH)
        cmd.help = i18n.gettext(help_) if help_ else help_
        cmd.short_help = i18n.gettext(short) if short else short
        for param in cmd.params:
            if not isinstance(param, click.Option):
                continue
            if not hasattr(param, _ENGLISH):
                setattr(param, _ENGLISH, _clean(param.help))
            english = getattr(param, _ENGLISH)
            param.help = i18n.gettext(english) if english else english


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
        translate(self)
        return super().parse_args(ctx, args)


