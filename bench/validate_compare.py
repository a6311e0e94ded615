"""Comparing what frictionless and jiekun report on a project with injected faults.

frictionless numbers rows as CSV records (header = 1); jiekun reports physical lines.
:func:`record_lines` maps one to the other, and :func:`verify_row_numbers` checks that
mapping on a tiny project whose first record spans two lines.  An error frictionless
reports counts as found when jiekun reports the same code on the same line of the same
file (and, for a type or constraint error, on the same field).
"""

from __future__ import annotations

import csv
import dataclasses
import random
from collections import Counter
from pathlib import Path
from typing import Any

from bench.validate_run import Timing, measure
from bench.validate_synth import OUT, OUTCOMES, SEED, copy_project, load_reference, make_row, open_outcomes

CELL_ERRORS = {"type-error", "constraint-error"}  # frictionless errors that must name the same field

Error = tuple[str, int, str, str | None]  # file, physical line, code, field


def record_lines(path: Path) -> list[int]:
    """Physical line each CSV record starts on, by record number - 1 (the header is record 1)."""
    starts, previous = [], 0
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    return starts


def frictionless_errors(report: Any, project: Path) -> list[Error]:
    """Every row error frictionless reports, at the physical line its record starts on."""
    errors: list[Error] = []
    for task in report["tasks"]:
        file = f"datasets/{task['place']}"
        lines = record_lines(project / file) if task["errors"] else []
        for err in task["errors"]:
            if err.get("rowNumber"):
                field = err.get("fieldName") if err["type"] in CELL_ERRORS else None
                errors.append((file, lines[err["rowNumber"] - 1], err["type"], field))
    return errors


def jiekun_issues(report: Any) -> list[Error]:
    return [(i["file"], i["line"], i["code"], i["field"]) for i in report["issues"] if i["line"] is not None]


@dataclasses.dataclass(frozen=True)
class Comparison:
    rows: int
    injected: set[int]  # physical lines of outcomes.csv with an injected fault
    frictionless: list[Error]
    jiekun: list[Error]

    @property
    def missed(self) -> list[Error]:
        """frictionless errors jiekun does not report on the same line with the same code (and field)."""
        found: set[tuple[Any, ...]] = {(f, ln, code) for f, ln, code, _ in self.jiekun} | set(self.jiekun)
        return [e for e in self.frictionless if (e if e[3] is not None else e[:3]) not in found]

    def lines(self, errors: list[Error]) -> set[int]:
        return {line for file, line, _, _ in errors if file == OUTCOMES}

    @property
    def jiekun_only(self) -> set[int]:
        """Lines of outcomes.csv where jiekun reports a problem and frictionless none."""
        return self.lines(self.jiekun) - self.lines(self.frictionless)

    def counts(self, errors: list[Error]) -> str:
        return ", ".join(f"{code} {n}" for code, n in sorted(Counter(e[2] for e in errors).items()))

    def summary(self) -> str:
        missed = self.missed
        shown = "; ".join(f"{f}:{ln} {code} {field or ''}" for f, ln, code, field in missed[:20])
        return (f"{self.rows:,} rows, {len(self.injected)} injected faults: frictionless reports "
                f"{len(self.frictionless)} errors, jiekun finds {len(self.frictionless) - len(missed)} of them on the "
                f"same line with the same code; missed {len(missed)}" + (f" ({shown})" if missed else "")
                + f"; injected lines found: frictionless {len(self.injected & self.lines(self.frictionless))}, "
                f"jiekun {len(self.injected & self.lines(self.jiekun))}; jiekun-only lines {len(self.jiekun_only)}.")


def compare(faulty: Path, plan: dict[int, str], fl: Timing, jk: Timing) -> Comparison:
    return Comparison(jk.rows, {i + 2 for i in plan}, frictionless_errors(fl.report, faulty),
                      jiekun_issues(jk.report))


def verify_row_numbers() -> str:
    """Check on a tiny project what frictionless's rowNumber means: the record number, header = 1."""
    ref, project = load_reference(), OUT / "rownumber"
    copy_project(project)
    rows = [make_row(i, ref, random.Random(SEED)) for i in range(3)]
    rows[0][-1] = "a note\nover two lines"
    rows[2][ref.header.index("value")] = "abc"
    with open_outcomes(project) as fh:
        csv.writer(fh, lineterminator="\n").writerows([ref.header, *rows])
    fl = measure("frictionless", project, "rownumber", 3, 1)
    jk = measure("jiekun", project, "rownumber", 3, 1)
    numbers = [e["rowNumber"] for t in fl.report["tasks"] for e in t["errors"]]
    comparison = Comparison(3, set(), frictionless_errors(fl.report, project), jiekun_issues(jk.report))
    if numbers != [4] or comparison.lines(comparison.frictionless) != {5} or comparison.missed:
        raise SystemExit(f"unexpected row numbering: frictionless {numbers} -> {comparison.frictionless}, "
                         f"jiekun {comparison.jiekun}")
    return ("frictionless `rowNumber` counts CSV records with the header as 1 (a cell with a line break makes it "
            "differ from the physical line: the third record, on line 5, is rowNumber 4); the comparison maps "
            "each rowNumber to the physical line its record starts on.")
