"""``jiekun new figure``: asks for the region (by name), the metric (by label), the period and the
wording as published; reads the value, unit and qualifier from the wording; adds the row only if
the project still validates (:mod:`jiekun.tools.newfigure`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from jiekun.cli.new import ASK, _report, _unreadable, show_choices
from jiekun.core.i18n import _
from jiekun.data import published
from jiekun.tools.csvrows import UnreadableFile
from jiekun.tools.newfigure import RESOURCE, Answers, FigureError, figure_values, specs, split_period
from jiekun.tools.scaffold import Checker, FieldSpec, add_row

#: what is asked, in order: option name → the schema field that checks it (None: checked here)
ASKED = {"region": "region", "metric": "metric", "period": "period_end", "published": None,
         "source": "source", "locator": "locator"}


def _checker(root: Path) -> Callable[[str, str], tuple[str, str | None]]:
    checker, spec = Checker(root, RESOURCE), specs(root)

    def check(name: str, text: str) -> tuple[str, str | None]:
        """(the value as it will be written, the problem or None)."""
        text = text.strip()
        if name == "published":
            ok = published.read(text) is not None
            return text, None if ok else _("{wording!r} cannot be read as one number with its unit; type it as the "
                                           "source prints it, e.g. 约2.99万个").format(wording=text)
        if name == "period":
            start, end = split_period(text)
            problem = checker.problem(spec["period_end"], end) or (
                checker.problem(spec["period_start"], start) if start else None)
            return text, problem
        field: FieldSpec = spec[str(ASKED[name])]
        value = checker.normalise(field, text)
        return value, checker.problem(field, value)

    check.checker = checker  # type: ignore[attr-defined]
    check.specs = spec  # type: ignore[attr-defined]
    return check


def _ask(name: str, check: Callable[[str, str], tuple[str, str | None]]) -> str:
    spec: dict[str, FieldSpec] = check.specs  # type: ignore[attr-defined]
    field = spec.get(str(ASKED[name]) if ASKED[name] else "value_as_published")

    def proc(text: str) -> str:
        if text.strip() == ASK and field is not None:
            show_choices(field, check.checker)  # type: ignore[attr-defined]
            raise click.BadParameter(_("type one of the codes or names above"))
        value, problem = check(name, text)
        if problem:
            raise click.BadParameter(problem)
        return value

    answer: str = click.prompt(PROMPTS[name](), value_proc=proc)
    return answer


PROMPTS: dict[str, Callable[[], str]] = {
    "region": lambda: _("Region (its name or code; ? lists them)"),
    "metric": lambda: _("Metric (its name or code; ? lists them)"),
    "period": lambda: _("Period (2018, 2018-12, 2018-12-24, or 2017/2018 for a span)"),
    "published": lambda: _("The figure as the source prints it (e.g. 约2.99万个)"),
    "source": lambda: _("Source (its id; ? lists them)"),
    "locator": lambda: _("Where in the source (e.g. ¶3)"),
}


def _values(root: Path, given: dict[str, str | None], interactive: bool) -> dict[str, str]:
    check = _checker(root)
    answers: dict[str, str] = {}
    for name in ASKED:
        text = given.get(name)
        value, problem = check(name, text) if text not in (None, ASK) else ("", None)
        if text is not None and text != ASK and not problem:
            answers[name] = value
        elif interactive:
            if problem:
                click.echo(f"--{name}: {problem}", err=True)
            answers[name] = _ask(name, check)
        else:
            click.echo(f"--{name}: {problem or _('is required; give it as an option')}", err=True)
            click.echo(_("nothing written"), err=True)
            sys.exit(1)
    extra = {k: given.get(k) or "" for k in ("register", "figure_id", "note")}
    return figure_values(root, check.checker, Answers(**answers, **extra))  # type: ignore[attr-defined]


@click.command("figure")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path(), show_default=True,
              help="Project folder holding datasets/ and schemas/.")
@click.option("--region", help="The region: its name (as in the regions table) or its code.")
@click.option("--metric", help="The metric: its Chinese name or its code.")
@click.option("--period", help="The period: 2018, 2018-12, 2018-12-24, or 2017/2018 for a span.")
@click.option("--published", help="The figure as the source prints it, e.g. 约2.99万个: value, unit and qualifier "
                                  "are read from it.")
@click.option("--source", help="The id of the source (add a new one with `jiekun new source`).")
@click.option("--locator", help="Where in the source the figure is, e.g. ¶3.")
@click.option("--register", default="", help="national or provincial, for a figure of a register of one level.")
@click.option("--id", "figure_id", default="", help="The figure's id (default: region-metric-period).")
@click.option("--note", default="", help="A note for readers of the data.")
@click.option("--no-input", is_flag=True, help="Never prompt: fail when a required field is missing.")
@click.option("--dry-run", is_flag=True, help="Check and print the row; write nothing.")
def figure(root: Path, no_input: bool, dry_run: bool, **given: str | None) -> None:
    """Add a figure: the region, the metric, the period and the figure as published.

    The value, unit and qualifier are read from the wording as published (约2.99万个 is
    29900, item, about); the row is added only if the project still validates.

    \b
    Examples:
      jiekun new figure
      jiekun new figure --region 白银市 --metric 在档困难职工户数 --period 2018 \\
        --published 2461户 --source x --locator ¶2
    """
    if not (root / "datasets").is_dir():
        raise click.UsageError(_("{root} has no datasets/ folder (use --root to point at the project)").format(
            root=root))
    try:
        values = _values(root, given, interactive=not no_input)
        click.echo(_("read from {wording!r}: value {value}, unit {unit}, qualifier {qualifier}").format(
            wording=values["value_as_published"], value=values["value"], unit=values["unit"],
            qualifier=values["qualifier"]))
        added = add_row(root, RESOURCE, values, dry_run)
    except FigureError as exc:
        click.echo(str(exc), err=True)
        click.echo(_("nothing written"), err=True)
        sys.exit(1)
    except UnreadableFile as exc:
        _unreadable(exc)
    _report(added, dry_run)
