"""Errors as data: every problem found is an :class:`Issue`, never an exception."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True, order=True)
class Issue:
    """One problem: where it is (file, physical line, field) and what to do."""

    file: str
    line: int | None
    field: str | None
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """File order, then line, field and code; message and hint make the order total."""
        return (self.file, self.line or 0, self.field or "", self.code, self.message, self.hint or "")

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


def error(file: str, line: int | None, field: str | None, code: str, message: str,
          hint: str | None = None) -> Issue:
    return Issue(file, line, field, code, message, Severity.ERROR, hint)


def warning(file: str, line: int | None, field: str | None, code: str, message: str,
            hint: str | None = None) -> Issue:
    return Issue(file, line, field, code, message, Severity.WARNING, hint)


@dataclasses.dataclass
class Report:
    """All issues of one validation run, with what was checked."""

    issues: list[Issue] = dataclasses.field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def sorted(self) -> list[Issue]:
        return sorted(set(self.issues), key=Issue.sort_key)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.WARNING]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.sorted())


class DataError(Exception):
    """Raised by the Python loaders when the data does not validate."""

    def __init__(self, report: Report) -> None:
        self.report = report
        first = report.errors[:5]
        lines = [f"{i.file}:{i.line or '-'}: {i.field or '-'}: {i.message} [{i.code}]" for i in first]
        more = len(report.errors) - len(first)
        if more > 0:
            lines.append(f"… and {more} more")
        super().__init__("data does not validate:\n" + "\n".join(lines))

    def __reduce__(self) -> tuple[type[DataError], tuple[Report], dict[str, object]]:
        # rebuilt from its report (the default would call __init__ with the message)
        return type(self), (self.report,), self.__dict__
