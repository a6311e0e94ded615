"""Render a validation :class:`~jiekun.core.issues.Report` as text, JSON or Markdown.

The JSON shape is stable and documented in ``docs/validation.md``:
``{"format": "jiekun-validation/1", "valid", "strict", "summary": {...}, "issues": [...]}``.
"""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, StrictUndefined

from jiekun.core.i18n import _, install, ngettext
from jiekun.core.issues import Issue, Report

JSON_FORMAT = "jiekun-validation/1"


def summary_line(report: Report, strict: bool = False) -> str:
    ok = report.ok(strict)
    n_err, n_warn = len(report.errors), len(report.warnings)
    counts = ngettext("{n:,} error", "{n:,} errors", n_err).format(n=n_err) + _(", ") + ngettext(
        "{n:,} warning", "{n:,} warnings", n_warn).format(n=n_warn)
    checked = _("{tables} checked in {seconds:.2f} s").format(
        tables=ngettext("{n:,} table", "{n:,} tables", report.tables).format(n=report.tables) + _(", ")
        + ngettext("{n:,} row", "{n:,} rows", report.rows).format(n=report.rows), seconds=report.seconds)
    verdict = _("valid") if ok else _("INVALID")
    strict_note = _(" (--strict: warnings fail)") if strict and report.warnings else ""
    return _("{verdict}: {counts}{strict_note}; {checked}").format(
        verdict=verdict, counts=counts, strict_note=strict_note, checked=checked)


def issue_line(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else issue.file
    field = f" {issue.field}:" if issue.field else ""
    mark = "" if issue.severity.value == "error" else _(" (warning)")
    return f"{where}:{field} {issue.message} [{issue.code}]{mark}"


def to_text(report: Report, strict: bool = False) -> str:
    lines = []
    for issue in report:
        lines.append(issue_line(issue))
        if issue.hint:
            lines.append(f"    → {issue.hint}")
    lines.append(summary_line(report, strict))
    return "\n".join(lines) + "\n"


def to_dict(report: Report, strict: bool = False) -> dict[str, object]:
    return {
        "format": JSON_FORMAT,
        "valid": report.ok(strict),
        "strict": strict,
        "summary": {"errors": len(report.errors), "warnings": len(report.warnings), "tables": report.tables,
                    "rows": report.rows, "files": report.files},
        "issues": [i.to_dict() for i in report],
    }


def to_json(report: Report, strict: bool = False) -> str:
    return json.dumps(to_dict(report, strict), ensure_ascii=False, indent=2) + "\n"


def md_cell(text: object) -> str:
    """Escape text for a Markdown table cell (untrusted data must stay text)."""
    s = "" if text is None else str(text)
    for ch in "\\`*_[]<>|#{}":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def to_markdown(report: Report, strict: bool = False) -> str:
    env = install(Environment(loader=PackageLoader("jiekun", "templates"), autoescape=False,
                              undefined=StrictUndefined, keep_trailing_newline=True))
    env.filters["cell"] = md_cell
    return env.get_template("validation-report.md.j2").render(
        report=report, issues=report.sorted(), summary=summary_line(report, strict), valid=report.ok(strict))


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown}
