"""The ``jiekun`` command: a thin shell over the Python API."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from jiekun import __version__, api
from jiekun.cli.language import LanguageGroup
from jiekun.cli.new import NewGroup
from jiekun.cli.newfigure import figure as new_figure
from jiekun.core.i18n import _
from jiekun.core.issues import DataError
from jiekun.core.progress import QUIET, Progress, Tick
from jiekun.core.report import FORMATS, to_text
from jiekun.data.revisions import GitError
from jiekun.pipeline.build import BuildError
from jiekun.pipeline.engines import DEFAULT as DEFAULT_ENGINE
from jiekun.pipeline.engines import ENGINES
from jiekun.site.headlines import change_lines
from jiekun.tools.check import summary_markdown
from jiekun.tools.diffview import FORMATS as DIFF_FORMATS
from jiekun.tools.posts import PostError

ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path(),
                    show_default=True, help="Project folder holding datasets/ and schemas/.")


@click.group(cls=LanguageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jiekun")
def main() -> None:
    """jiekun: validate a programme's results data and publish it as a site.

    \b
    Example:
      jiekun validate
    """


@main.command()
@ROOT
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="text for people, json for tools, markdown for a pull-request comment.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def validate(root: Path, fmt: str, strict: bool) -> None:
    """Check every data package; print every problem with file, line and field.

    Exits 0 when the data is valid, 1 when it is not, 2 on a usage error.
    Never writes to the files it checks.

    \b
    Examples:
      jiekun validate
      jiekun validate --strict --format markdown > report.md
    """
    require_project(root)
    report = api.validate(root)
    click.echo(FORMATS[fmt](report, strict), nl=False)
    sys.exit(0 if report.ok(strict) else 1)


@main.command()
@ROOT
def sync(root: Path) -> None:
    """Copy the Table Schemas in schemas/ into the data package descriptors.

    Run it after editing a file in schemas/; `jiekun validate` reports
    schema-drift until you do.

    \b
    Example:
      jiekun sync
    """
    changed = api.sync(root)
    for path in changed:
        click.echo(_("updated {path}").format(path=path))
    click.echo(_("{n} descriptor(s) updated").format(n=len(changed)))


ENGINE = click.option("--engine", type=click.Choice(sorted(ENGINES)), default=DEFAULT_ENGINE, show_default=True,
                      help="The site engine that turns the staged source into HTML.")
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors and the result.")


def require_project(root: Path) -> None:
    """A usage error (exit 2) unless ``root`` is a project: a folder with datasets/."""
    if not (root / "datasets").is_dir():
        raise click.UsageError(_("{root} has no datasets/ folder (use --root to point at the project)").format(
            root=root))


@contextlib.contextmanager
def site_errors(after: str) -> Iterator[None]:
    """Invalid data or a failed build: the report or the engine's output, then ``after``; exit 1."""
    try:
        yield
    except DataError as exc:
        click.echo(to_text(exc.report), nl=False, err=True)
        click.echo(after, err=True)
        sys.exit(1)
    except BuildError as exc:
        click.echo(exc.output, err=True)
        click.echo(after, err=True)
        sys.exit(1)


@contextlib.contextmanager
def _terminal_bar(label: str, total: int) -> Iterator[Tick]:
    with click.progressbar(length=max(total, 1), label=f"{label:<7}", file=sys.stderr, show_pos=True) as bar:
        yield bar.update


def reporter(quiet: bool, terminal: bool) -> Progress:
    """What a long run prints, on standard error: nothing (--quiet); a line per stage and a bar
    for pages and charts on a terminal; a line per stage only in a log (CI)."""
    if quiet:
        return QUIET
    say = functools.partial(click.echo, err=True)
    return Progress(say, _terminal_bar) if terminal else Progress(say)


def _progress(quiet: bool) -> Progress:
    return reporter(quiet, sys.stderr.isatty())


@main.command()
@ROOT
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: ROOT/site).")
@ENGINE
@click.option("--force", is_flag=True, help="Run the engine even when the site is up to date.")
@QUIET_OPTION
def build(root: Path, site_dir: Path | None, engine: str, force: bool, quiet: bool) -> None:
    """Validate the data, generate pages and charts, and build the site.

    Invalid data stops the build with the validation report (exit 1); the
    previous site is left exactly as it was.  When nothing the site is made
    from has changed since it was built, the engine is not run (--force runs
    it).  Each stage prints one line with its counts and time (on standard
    error; --quiet for none).

    \b
    Examples:
      jiekun build
      jiekun build --engine zensical
    """
    require_project(root)
    with site_errors(_("site not built; the previous site is unchanged")):
        built = api.build(root, site_dir, engine=engine, progress=_progress(quiet), force=force)
    click.echo(_("site built in {site}").format(site=built.site))
    for number, why in built.not_built:
        click.echo(_("data version {number} not built: {why}").format(number=number, why=why), err=True)


@main.command()
@ROOT
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--edition", type=click.Choice(["all", "zh", "en"]), default="all", show_default=True,
              help="The editions to preview: all (Chinese at the root, English under /en/), or one of them.")
@ENGINE
@QUIET_OPTION
def serve(root: Path, dev_addr: str, edition: str, engine: str, quiet: bool) -> None:
    """Live preview of the site; rebuilds when datasets/, schemas/, docs/ or overrides/ change.

    Both editions are served at one address, as they are published: the
    language switch leads from one to the other.

    \b
    Examples:
      jiekun serve
      jiekun serve --edition en
      jiekun serve --engine zensical --dev-addr 127.0.0.1:8001
    """
    require_project(root)
    with site_errors(_("nothing to preview until the problem is fixed")):
        sys.exit(api.serve(root, dev_addr, engine=engine, progress=_progress(quiet), edition=edition))


new = NewGroup("new", help="""Add a row to a table, checking each value as you give it, or a news post.

    \b
    Examples:
      jiekun new source
      jiekun new figure
      jiekun new case-study --region 兰考县 --causes ? --source henan-2018-12 --dry-run
      jiekun new post "云南在档困难职工降至2513户" --slug yunnan-register
    """)
new.add_command(new_figure)
main.add_command(new)


@main.command("export")
@ROOT
@click.option("--xlsx", "xlsx_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write one workbook per data package into.")
@click.option("--force", is_flag=True, help="Export even if the data has errors (the report is printed).")
def export(root: Path, xlsx_dir: Path, force: bool) -> None:
    """Write each data package as an Excel workbook: a sheet per table, titled headers, drop-downs.

    Edit it in Excel or WPS and bring it back with `jiekun import`. Every text cell is
    written as text, never as a formula. Data with errors is not exported: the validation
    report is printed and nothing is written (exit 1), unless --force.

    \b
    Example:
      jiekun export --xlsx sheets/
    """
    require_project(root)
    try:
        exported = api.export(root, xlsx_dir, force)
    except DataError as exc:
        click.echo(to_text(exc.report), nl=False, err=True)
        click.echo(_("no workbook written: fix the errors, or export anyway with --force"), err=True)
        sys.exit(1)
    except ValueError as exc:
        click.echo(_("cannot export: {problem}").format(problem=exc), err=True)
        sys.exit(1)
    if exported.report is not None:
        click.echo(to_text(exported.report), nl=False, err=True)
        click.echo(_("exported anyway (--force): the workbooks hold data with errors"), err=True)
    for path in exported.files:
        click.echo(_("wrote {path}").format(path=path))


@main.command("import")
@ROOT
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Write an edited table even if its CSV changed since the export (that change is lost).")
def import_(root: Path, workbook: Path, force: bool) -> None:
    """Check a workbook made by `jiekun export` and, only if it is valid, write its tables' CSVs.

    Every problem is shown with its sheet, row and column; then nothing is written (exit 1).
    A workbook with no edit gives CSVs byte-identical to the ones exported. Only the tables
    edited in the workbook are written; one whose CSV changed since the export is refused.

    \b
    Example:
      jiekun import sheets/outcomes.xlsx
    """
    require_project(root)
    result = api.import_workbook(root, workbook, force)
    for issue in result.issues:
        click.echo(issue.text(), err=issue in result.errors)
    if not result.ok:
        click.echo(_("{workbook}: {n} error(s); no file written").format(
            workbook=workbook.name, n=len(result.errors)), err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(_("updated {path}").format(path=path))
    click.echo(_("{workbook}: valid; {written} file(s) updated, {unchanged} unchanged").format(
        workbook=workbook.name, written=len(result.written), unchanged=len(result.tables) - len(result.written)))


@new.command("post")
@ROOT
@click.argument("title")
@click.option("--slug", default=None, help="ASCII kebab-case name for the file and URL (default: post-YYYYMMDD-N).")
def new_post(root: Path, title: str, slug: str | None) -> None:
    """Create docs/updates/posts/YYYY-MM-DD-<slug>.md with today's date and front matter.

    Never overwrites a file.

    \b
    Example:
      jiekun new post "云南在档困难职工降至2513户" --slug yunnan-register
    """
    try:
        path = api.new_post(root, title, slug)
    except PostError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(_("created {path}").format(path=path.relative_to(root) if path.is_relative_to(root) else path))


@main.command()
@ROOT
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: ROOT/site).")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path), envvar="GITHUB_STEP_SUMMARY",
              default=None, help="Append the report (validation, build, data diff) as Markdown to this file; "
                                 "defaults to $GITHUB_STEP_SUMMARY when set.")
@click.option("--base", envvar="JIEKUN_DIFF_BASE", default=None,
              help="Revision the data diff in the summary compares with (default: merge-base with main; "
                   "$JIEKUN_DIFF_BASE when set).")
def check(root: Path, site_dir: Path | None, summary: Path | None, base: str | None) -> None:
    """Run the checks every change must pass: strict validation and a strict site build.

    This is the data half of `.ci/run` (the other half is `make test`), which both
    GitHub workflows run.  Exits 0 when everything passed, 1 when something failed.

    \b
    Examples:
      jiekun check
      jiekun check --summary report.md --base origin/main
    """
    require_project(root)
    result = api.check(root, site_dir, with_diff=summary is not None, base=base or None)  # "" from an unset CI value
    click.echo(to_text(result.report, strict=True), nl=False)
    click.echo(_("site built in {site}").format(site=result.site) if result.site
               else _("site: {error}").format(error=result.build_error))
    for line in change_lines(result.diff.headlines) if result.diff else []:
        click.echo(line)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as fh:
            fh.write(summary_markdown(result))
        click.echo(_("report appended to {path}").format(path=summary))
    sys.exit(0 if result.ok else 1)


@main.command()
@ROOT
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(sorted(DIFF_FORMATS)), default="text", show_default=True,
              help="text for people, json for tools, markdown for a pull request.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the data changed (as `git diff --exit-code`).")
def diff(root: Path, base: str | None, head: str | None, fmt: str, exit_code: bool) -> None:
    """What a change does to the data: rows added, removed and changed, and the site's figures.

    Compares BASE (default: the merge-base of HEAD with main) with HEAD (default: the
    working tree, uncommitted edits included).  Tables are matched by name and rows by
    primary key, so moved files, reordered rows and line endings are not changes.
    Exits 0 (1 with --exit-code if the data changed); 2 for a bad revision or no git repository.

    \b
    Examples:
      jiekun diff
      jiekun diff main HEAD --format markdown > diff.md
    """
    try:
        result = api.diff(root, base, head)
    except GitError as exc:
        click.echo(_("Error: {problem}").format(problem=exc), err=True)
        sys.exit(2)
    click.echo(DIFF_FORMATS[fmt](result), nl=False)
    sys.exit(1 if exit_code and result.changed else 0)
