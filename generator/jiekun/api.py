"""The Python API: one function per ``jiekun`` command, as the command line calls it.

    >>> import jiekun.api as jk
    >>> report = jk.validate("path/to/project")
    >>> site = jk.build("path/to/project").site

Every function takes the project folder (the one holding ``datasets/``, ``schemas/`` and
``mkdocs.yml``) and returns data: a :class:`~jiekun.core.issues.Report`, a result object or
paths.  Invalid data raises :class:`~jiekun.core.issues.DataError` carrying its report; nothing
here prints.  The validated tables themselves are in :mod:`jiekun.data.loaders`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from jiekun.core.issues import Report
from jiekun.core.progress import QUIET, Progress
from jiekun.data import catalog
from jiekun.data.versions import not_built
from jiekun.pipeline import build as pipeline
from jiekun.pipeline import live
from jiekun.pipeline.engines import DEFAULT as DEFAULT_ENGINE
from jiekun.site import refcheck
from jiekun.tools import check as checks
from jiekun.tools import diff as datadiff
from jiekun.tools import posts

if TYPE_CHECKING:
    from jiekun.tools.xlsximport import Imported

__all__ = ["Built", "Exported", "build", "check", "diff", "export", "import_workbook", "new_post", "serve",
           "sync", "validate"]


@dataclasses.dataclass(frozen=True)
class Built:
    """A built site: where it is, and the older data versions it could not offer (number, why)."""

    site: Path
    not_built: list[tuple[str, str]]


@dataclasses.dataclass(frozen=True)
class Exported:
    """Workbooks written, and the validation report when the data was exported with errors (force)."""

    files: list[Path]
    report: Report | None


def validate(root: Path | str = ".") -> Report:
    """Every problem of the data packages and of the figures the pages cite."""
    return refcheck.validate(root)


def sync(root: Path | str = ".") -> list[Path]:
    """Copy the Table Schemas into the package descriptors; the descriptors changed."""
    return catalog.sync(root)


def build(root: Path | str = ".", site_dir: Path | str | None = None, engine: str = DEFAULT_ENGINE,
          progress: Progress = QUIET, force: bool = False) -> Built:
    """Validate, generate, stage and build the site with ``engine``; swap it into ``site_dir``
    (the engine is not run when the site there is up to date, unless ``force``)."""
    out = pipeline.build(root, site_dir, engine=engine, progress=progress, force=force)
    return Built(out, not_built(out))


def serve(root: Path | str = ".", address: str = "127.0.0.1:8000", engine: str = DEFAULT_ENGINE,
          progress: Progress = QUIET, edition: str = "all") -> int:
    """Live preview of both editions (``all``) or of one, ``zh`` or ``en`` (restaged on every
    input change) until interrupted; the engine's exit status."""
    return live.serve(root, address, engine=engine, progress=progress, edition=edition)


def check(root: Path | str = ".", site_dir: Path | str | None = None, *, with_diff: bool = False,
          base: str | None = None) -> checks.CheckResult:
    """Strict validation and a strict build (and the data diff, for a pull request's summary)."""
    return checks.run_checks(root, site_dir, with_diff=with_diff, base=base)


def diff(root: Path | str = ".", base: str | None = None, head: str | None = None) -> datadiff.DataDiff:
    """What a change does to the data between two git revisions (HEAD: the working tree)."""
    return datadiff.diff(root, base, head)


def export(root: Path | str, out_dir: Path | str, force: bool = False) -> Exported:
    """One workbook per data package (DataError on invalid data unless ``force``)."""
    from jiekun.tools.xlsx import export_xlsx  # openpyxl only for the commands that need it

    report = refcheck.validate(root) if force else None
    files = export_xlsx(Path(root), Path(out_dir), force)
    return Exported(files, report if report is not None and not report.ok() else None)


def import_workbook(root: Path | str, workbook: Path | str, force: bool = False) -> Imported:
    """Check an exported workbook and, only if valid, write the CSVs of the tables it edits."""
    from jiekun.tools.xlsximport import import_xlsx

    return import_xlsx(Path(root), Path(workbook), force)


def new_post(root: Path | str, title: str, slug: str | None = None) -> Path:
    """Create a dated post skeleton under ``docs/updates/posts/`` (never overwrites)."""
    return posts.new_post(Path(root), title, slug)
