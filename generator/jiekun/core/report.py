"""Render a validation :class:`~jiekun.core.issues.Report` as text, JSON or Markdown.

The JSON shape is stable and documented in ``docs/validation.md``:
``{"format": "jiekun-validation/1", "valid", "strict", "summary": {...}, "issues": [...]}``.
"""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, StrictUndefined

from jiekun.core.issues import Issue, Report

JSON_FORMAT = "jiekun-validation/1"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report, strict: bool = False) -> str:
    ok = report.ok(strict)
    counts = f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}"
    checked = f"{_plural(report.tables, 'table')}, {_plural(report.rows, 'row')} checked in {report.seconds:.2f} s"
    verdict = "valid" if ok else "INVALID"
    strict_note = " (--strict: warnings fail)" if strict and report.warnings else ""
    return f"{verdict}: {counts}{strict_note}; {checked}"


def issue_line(issue: Issue) -> str:
    where = f"{issue.file}:{issue.line}" if issue.line else issue.file
    field = f" {issue.field}:" if issue.field else ""
    mark = "" if issue.severity.value == "error" else " (warning)"
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
    env = Environment(loader=PackageLoader("jiekun", "templates"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["cell"] = md_cell
    return env.get_template("validation-report.md.j2").render(
        report=report, issues=report.sorted(), summary=summary_line(report, strict), valid=report.ok(strict))


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown}
