"""``jiekun new figure``: a figure row from what a writer knows, the region (by name), the metric
(by label), the period and the wording as published, from which the value, unit and qualifier
are read (:func:`jiekun.data.published.read`).

The row is added by :func:`jiekun.tools.scaffold.add_row`, so it is written only when the whole
project still validates with it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from jiekun.core.i18n import _
from jiekun.core.vocab import SLUG
from jiekun.data import published
from jiekun.tools.csvrows import column, read_records
from jiekun.tools.scaffold import Checker, FieldSpec, field_specs, read_schema

RESOURCE = "outcomes"
#: a period written as a range: 2017/2018, 2017~2018, 2017至2018, 2017-2018 (two years)
RANGE = re.compile(r"^\s*(?P<start>[0-9]{4}(?:-[0-9]{2}){0,2})\s*(?:/|~|～|至|到|—|–|(?<=[0-9]{4})-(?=[0-9]{4}\s*$))"
                   r"\s*(?P<end>[0-9]{4}(?:-[0-9]{2}){0,2})\s*$")


class FigureError(ValueError):
    """What the writer typed cannot make a figure; the message says what to type."""


@dataclasses.dataclass(frozen=True)
class Answers:
    region: str
    metric: str
    period: str
    published: str
    source: str
    locator: str
    register: str = ""
    figure_id: str = ""
    note: str = ""


def specs(root: Path) -> dict[str, FieldSpec]:
    return {s.name: s for s in field_specs(read_schema(root, RESOURCE))}


def split_period(period: str) -> tuple[str, str]:
    """(start, end) of ``2018``, ``2018-12``, ``2018-12-24`` (no start) or a range ``2017/2018``."""
    match = RANGE.match(period)
    return (match["start"], match["end"]) if match else ("", period.strip())


def _metric_row(root: Path, checker: Checker, metric: str) -> dict[str, str]:
    target = checker.catalog.resource("metrics")
    rows = read_records(target.path) if target else []
    head = rows[0].cells if rows else []
    for rec in rows[1:]:
        cell = dict(zip(head, rec.cells, strict=False))
        if cell.get("code") == metric:
            return cell
    return {}


def _kind(metric_kind: str, start: str) -> str:
    if metric_kind == "flow":
        return "interval"
    return "point" if not start else "interval"


def _new_id(root: Path, checker: Checker, region: str, metric: str, end: str) -> str:
    used = column(checker.resource.path, "id")
    base = f"{region}-{metric}-{end}".lower()
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def figure_values(root: Path, checker: Checker, answers: Answers) -> dict[str, str]:
    """The row's cells, field → text; FigureError when the wording cannot be read."""
    spec = specs(root)
    region = checker.normalise(spec["region"], answers.region.strip())
    metric = checker.normalise(spec["metric"], answers.metric.strip())
    reading = published.read(answers.published.strip())
    if reading is None:
        raise FigureError(_("{wording!r} cannot be read as one number with its unit; type the figure as the "
                            "source prints it, e.g. 约2.99万个, 3.66万户, 1.9亿多元").format(wording=answers.published))
    start, end = split_period(answers.period)
    row = _metric_row(root, checker, metric)
    if start and row.get("kind") == "flow" and not end:
        raise FigureError(_("the period needs an end: type 2018, 2018-12 or 2017/2018"))
    figure_id = answers.figure_id.strip() or _new_id(root, checker, region, metric, end)
    if not SLUG.fullmatch(figure_id):
        raise FigureError(_("{id!r} is not an id: use lower-case letters a-z, digits and single hyphens").format(
            id=figure_id))
    return {
        "id": figure_id, "region": region, "metric": metric,
        "period_kind": _kind(row.get("kind", ""), start or (end if row.get("kind") == "flow" else "")),
        "period_start": start or (end if row.get("kind") == "flow" else ""), "period_end": end,
        "value": format(reading.value.normalize(), "f"), "unit": reading.unit or row.get("unit", ""),
        "qualifier": reading.qualifier, "register": answers.register.strip(),
        "value_as_published": answers.published.strip(), "source": answers.source.strip(),
        "locator": answers.locator.strip(), "role": "original", "period_estimated": "false",
        "note": answers.note.strip(),
    }
