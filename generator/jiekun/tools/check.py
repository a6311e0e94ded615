"""The checks a change must pass, defined once: ``jiekun check``, run by ``.ci/run`` and the workflows.

1. the data validates with no error and no warning (``jiekun validate --strict``);
2. the site builds with the builder in strict mode (:func:`jiekun.pipeline.build.build`);
3. optionally, the data diff against a base revision is computed for the report.

The code checks (ruff, mypy, pytest) are ``make test``; ``.ci/run`` runs both, and the
pull-request and publish workflows run ``.ci/run``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jiekun.core.i18n import install
from jiekun.core.issues import DataError, Report
from jiekun.core.report import to_markdown as report_markdown
from jiekun.data.revisions import GitError
from jiekun.pipeline.build import BuildError, build
from jiekun.site.refcheck import check
from jiekun.site.render import environment
from jiekun.tools.diff import DataDiff, diff
from jiekun.tools.diffview import to_markdown as diff_markdown


@dataclasses.dataclass
class CheckResult:
    report: Report
    site: Path | None = None
    build_error: str | None = None
    diff: DataDiff | None = None
    diff_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok(strict=True) and self.site is not None


def run_checks(root: Path | str = ".", site_dir: Path | str | None = None, *,
               with_diff: bool = False, base: str | None = None) -> CheckResult:
    """Validate strictly, build the site if the data passed, and (``with_diff``) diff against ``base``."""
    root = Path(root)
    checked = check(root)  # validated once: the build takes this result
    result = CheckResult(checked[0])
    if not result.report.ok(strict=True):
        result.build_error = "not built: the data does not pass `jiekun validate --strict`"
    else:
        try:
            result.site = build(root, site_dir, checked=checked)
        except (BuildError, DataError) as exc:
            result.build_error = exc.output if isinstance(exc, BuildError) else str(exc)
    if with_diff:
        try:
            result.diff = diff(root, base)
        except GitError as exc:
            result.diff_error = str(exc)
    return result


def summary_markdown(result: CheckResult) -> str:
    """The report for a pull request's job summary: verdict, validation report, build, data diff."""
    return install(environment()).get_template("check-summary.md.j2").render(
        ok=result.ok, result=result, validation=report_markdown(result.report, strict=True),
        diff=diff_markdown(result.diff) if result.diff else None)
