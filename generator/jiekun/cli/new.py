"""The ``jiekun new`` commands, built from the Table Schemas when they are called.

Each field of the table becomes an option (``title_zh`` → ``--title-zh``) whose help is the
field's title and description; enums become choices; a field with ``x-separator`` may be
given several times.  Required fields that are missing are asked for (unless ``--no-input``),
and every value is checked as it is given (:meth:`jiekun.tools.scaffold.Checker.problem`).
The options are read from ``ROOT/schemas`` (``--root``, default the current folder), else
from the schemas of this installation.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from jiekun.cli.language import lang_option, translate
from jiekun.core.i18n import _
from jiekun.core.report import issue_line
from jiekun.tools.csvrows import UnreadableFile
from jiekun.tools.scaffold import KINDS, Added, Checker, FieldSpec, add_row, field_specs, join_values, read_schema

RESERVED = {"root", "no_input", "dry_run"}


def _peek_root(args: list[str]) -> Path:
    for pos, arg in enumerate(args):
        if arg == "--root" and pos + 1 < len(args):
            return Path(args[pos + 1])
        if arg.startswith("--root="):
            return Path(arg.split("=", 1)[1])
    return Path()


def _option(spec: FieldSpec) -> click.Option:
    need = _(" [required; asked for when missing]") if spec.required else ""
    many = _(" Repeat the option or separate codes with '{separator}'.").format(
        separator=spec.separator) if spec.separator else ""
    kind = click.Choice(spec.choices) if spec.choices else click.STRING
    described = _("{title}: {description}").format(title=spec.title, description=spec.description)
    return click.Option([spec.option, spec.name], type=kind, multiple=bool(spec.separator),
                        help=described + many + need)


def _ask(spec: FieldSpec, checker: Checker) -> str:
    codes = checker.codes(spec)
    if codes:
        click.echo(_("{title} codes: ").format(
            title=spec.title) + ", ".join(f"{c} ({label})" for c, label in codes.items()))
    choices = f" ({', '.join(spec.choices)})" if spec.choices else ""
    many = _(", several separated by '{separator}'").format(separator=spec.separator) if spec.separator else ""

    def check(text: str) -> str:
        if text.strip() == ASK:
            show_choices(spec, checker)
            raise click.BadParameter(_("type one of the codes or names above"))
        value = join_values([text], spec.separator) if spec.separator else text.strip()
        value = checker.normalise(spec, value)
        problem = checker.problem(spec, value)
        if problem:
            raise click.BadParameter(problem)
        return value

    answer: str = click.prompt(f"{spec.title} [{spec.name}]{choices}{many}", value_proc=check,
                               default=None if spec.required else "", show_default=False)
    return answer


ASK = "?"


def show_choices(spec: FieldSpec, checker: Checker) -> None:
    """The values ``spec`` takes, code and name (what ``?`` asks for)."""
    choices = checker.choices(spec)
    if not choices:
        click.echo(_("{option} ({title}) is free text: {description}").format(
            option=spec.option, title=spec.title, description=spec.description))
        return
    click.echo(_("{option} ({title}): type a code or its name").format(option=spec.option, title=spec.title))
    for code, label in sorted(choices.items()):
        click.echo(f"  {code}  {label}".rstrip())


def _given(spec: FieldSpec, raw: Any) -> str | None:
    if raw is None or raw == ():
        return None
    if spec.separator:
        return join_values(list(raw), spec.separator)
    return str(raw).strip()


def collect(specs: list[FieldSpec], checker: Checker, raw: dict[str, Any], interactive: bool) -> dict[str, str]:
    """The values of the new row: options, checked, then answers to prompts for what is missing."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for spec in specs:
        value = _given(spec, raw.get(spec.name))
        if value == ASK:
            show_choices(spec, checker)
            if not interactive:
                sys.exit(0)  # the list was asked for; nothing else to do
            value = None
        elif value is not None:
            value = checker.normalise(spec, value)
        problem = checker.problem(spec, value) if value is not None else None
        if value is not None and not problem:
            values[spec.name] = value
        elif interactive and (spec.required or problem):
            if problem:
                click.echo(f"{spec.option} ({spec.title}): {problem}", err=True)
            values[spec.name] = _ask(spec, checker)
        elif problem or spec.required:
            problems.append(f"{spec.option} ({spec.title}): {problem or _('is required; give it as an option')}")
    if problems:
        click.echo("\n".join(problems), err=True)
        click.echo(_("nothing written"), err=True)
        sys.exit(1)
    return values


def _report(added: Added, dry_run: bool) -> None:
    if not added.report.ok():
        click.echo(_("refused: {file} with this row would not validate; the file is unchanged").format(
            file=added.path.name), err=True)
        for issue in added.report.errors:
            click.echo(issue_line(issue), err=True)
        sys.exit(1)
    for issue in added.report.warnings:
        click.echo(issue_line(issue), err=True)
    if dry_run:
        click.echo(added.text, nl=False)
        click.echo(_("(dry run: valid; would be line {line} of {path}; nothing written)").format(
            line=added.line, path=added.path))
    else:
        click.echo(_("added line {line} to {path}").format(line=added.line, path=added.path))


def _unreadable(exc: UnreadableFile) -> NoReturn:
    click.echo(_("cannot add a row: {problem}").format(problem=exc), err=True)
    click.echo(_("nothing written"), err=True)
    sys.exit(1)


def _command(name: str, resource: str, root: Path) -> click.Command:
    specs = [s for s in field_specs(read_schema(root, resource)) if s.name not in RESERVED]

    def run(root: Path, no_input: bool, dry_run: bool, **raw: Any) -> None:
        if not (root / "datasets").is_dir():
            raise click.UsageError(_("{root} has no datasets/ folder (use --root to point at the project)").format(
                root=root))
        try:
            checker = Checker(root, resource)
        except LookupError as exc:
            raise click.UsageError(str(exc)) from exc
        except UnreadableFile as exc:
            _unreadable(exc)
        try:
            values = collect(specs, checker, raw, interactive=not no_input)
            added = add_row(root, resource, values, dry_run)
        except UnreadableFile as exc:
            _unreadable(exc)
        _report(added, dry_run)

    example = " ".join([f"{s.option} …" for s in specs if s.required][:3])
    params: list[click.Parameter] = [
        click.Option(["--root"], type=click.Path(file_okay=False, path_type=Path), default=Path(),
                     show_default=True, help=_("Project folder holding datasets/ and schemas/.")),
        click.Option(["--no-input"], is_flag=True, help=_("Never prompt: fail when a required field is missing.")),
        click.Option(["--dry-run"], is_flag=True, help=_("Check and print the row; write nothing.")),
        lang_option(), *(_option(s) for s in specs)]
    return click.Command(name, callback=run, params=params, help=_(
        "Add a row to the {table} table, asking for each required field that is missing.\n\n"
        "Every value is checked as it is given (ids must be new, codes must exist); the row is "
        "appended without changing any other byte of the file, and only if the project still "
        "validates. A region or category may be given by its name or label (it is written as its "
        "code); ? in place of a value lists the choices.\n\n\b\nExamples:\n  jiekun new {name}\n"
        "  jiekun new {name} --dry-run {example} …").format(
            table=resource, name=name, example=example),
        short_help=_("Add a row to the {table} table.").format(table=resource))


class NewGroup(click.Group):
    """``jiekun new KIND``: one command per table in :data:`jiekun.tools.scaffold.KINDS`, plus any
    command added to the group as usual."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*KINDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:  # commands added the ordinary way (``jiekun new post``)
            return self.commands[cmd_name]
        if cmd_name not in KINDS:
            return None
        command = _command(cmd_name, KINDS[cmd_name], ctx.meta.get("jiekun.root", Path()))
        translate(command)  # made after the language was chosen: its usage line in that language too
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                          list[str]]:
        ctx.meta["jiekun.root"] = _peek_root(args)
        return super().resolve_command(ctx, args)
