"""Synthetic projects for the validation benchmark: N valid outcome rows, and a copy with faults.

A project is a copy of the repository's ``schemas/`` and ``datasets/`` (the real reference
tables, descriptors and case studies) whose ``datasets/outcomes/outcomes.csv`` holds N
synthetic rows, each valid against the Table Schema and every cross-table rule, and whose
breakdowns table is empty.  The outcomes package also gains an ``events`` table of N valid
rows with a date, a date and time, and numbers some of which are missing (written ``NA`` or
left empty, the schema's missingValues).  The faulty copy has about 1,000 faults injected at fixed
random rows, ten kinds in turn.  The random seeds are fixed: the files are deterministic.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import shutil
from pathlib import Path
from typing import TextIO

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
OUTCOMES = "datasets/outcomes/outcomes.csv"
SEED = 20240611
REGISTERS = ("", "national", "provincial")
NOTES = (
    "",
    "",
    "Counted at the end of the period.",
    'Reported as "about {n}", rounded in the source.',
    "Includes, as the source says, households helped twice.",
    'Table 2, column "total", row {n}; the text gives the same figure.',
    "数字取自正文第{n}段，与附表一致。",
    "See also the provincial report, which gives a similar figure.",
)


@dataclasses.dataclass(frozen=True)
class Metric:
    code: str
    unit: str
    label: str  # unit_label_zh, used in value_as_published
    kind: str  # stock, flow or rate


@dataclasses.dataclass(frozen=True)
class Reference:
    """What a synthetic row may refer to, read from the real reference tables."""

    header: list[str]
    regions: list[str]
    metrics: list[Metric]
    sources: list[str]
    qualifiers: list[str]
    last_month: tuple[int, int]  # the month of the earliest source's publication

    def row_id(self, i: int) -> str:
        region, metric, _ = self.slot(i)
        return f"{metric.code}-{region}-{i}"

    def slot(self, i: int) -> tuple[str, Metric, int]:
        """Region, metric and period index of row ``i``: a different combination for every row."""
        r, m = len(self.regions), len(self.metrics)
        return self.regions[i % r], self.metrics[(i // r) % m], i // (r * m)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_reference(root: Path = REPO) -> Reference:
    ref = root / "datasets" / "reference"
    schema = json.loads((root / "schemas" / "outcomes.schema.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    sources = _read_csv(ref / "sources.csv")
    earliest = min(s["published"][:7] for s in sources)
    return Reference(
        header=list(fields),
        regions=[r["code"] for r in _read_csv(ref / "regions.csv")],
        metrics=[Metric(m["code"], m["unit"], m["unit_label_zh"], m["kind"]) for m in _read_csv(ref / "metrics.csv")],
        sources=[s["id"] for s in sources],
        qualifiers=list(fields["qualifier"]["constraints"]["enum"]),
        last_month=(int(earliest[:4]), int(earliest[5:7])),
    )


def month_back(year: int, month: int, back: int) -> str:
    """``YYYY-MM`` of the month ``back`` months before ``year-month``."""
    n = year * 12 + (month - 1) - back
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _period(metric: Metric, end: str, rng: random.Random) -> tuple[str, str]:
    """period_kind and period_start: point for stocks and rates, interval or per-year for flows."""
    if metric.kind != "flow":
        return "point", ""
    return rng.choice((("interval", end[:4]), ("interval", end), ("interval", ""), ("per-year", "")))


def _value(metric: Metric, rng: random.Random) -> tuple[str, str]:
    """The value and the value as published."""
    if metric.unit == "percent":
        v = f"{rng.uniform(0, 100):.1f}"
        return v, f"{v}%"
    n = rng.randrange(0, 10_000_000)
    if n >= 10_000 and rng.random() < 0.3:
        n = n // 100 * 100
        return str(n), f"{n / 10_000:g}万{metric.label}"
    return str(n), f"{n}{metric.label}"


def make_row(i: int, ref: Reference, rng: random.Random) -> list[str]:
    """Row ``i`` (0-based), valid against the schema and every cross-table rule."""
    region, metric, p = ref.slot(i)
    end = month_back(*ref.last_month, p // len(REGISTERS))
    kind, start = _period(metric, end, rng)
    value, published = _value(metric, rng)
    note = rng.choice(NOTES).format(n=rng.randint(1, 99))
    estimated = "true" if p // len(REGISTERS) == 0 else "false"  # the latest month may be a report's estimated date
    return [ref.row_id(i), region, metric.code, kind, start, end, value, metric.unit,
            rng.choice(ref.qualifiers), REGISTERS[p % len(REGISTERS)], "", "", published, rng.choice(ref.sources),
            f"¶{rng.randint(1, 60)}", "original", "", "", estimated, note]


FAULT_KINDS = ("value-text", "negative-value", "qualifier-enum", "empty-required", "unknown-region",
               "unknown-metric", "duplicate-id", "extra-cell", "missing-cell", "bad-id-pattern")


@dataclasses.dataclass
class FaultContext:
    ref: Reference
    rng: random.Random
    faulty: set[int]  # 0-based indices of rows with a fault

    def earlier_clean(self, i: int) -> int:
        j = i - 1
        while j in self.faulty:
            j -= 1
        return j


SET_CELL = {  # fault kind -> (field, the texts it may be given)
    "value-text": ("value", ("n/a", "12万", "about 300", "1,900")),
    "negative-value": ("value", ("-5", "-120", "-0.5", "-37000")),
    "qualifier-enum": ("qualifier", ("approx", "Exact", "more than")),
    "unknown-region": ("region", ("999999", "110000", "440300")),
    "unknown-metric": ("metric", ("households-helped", "no-such-metric")),
}
EMPTIED = ("value", "unit", "value_as_published", "locator")  # required fields an empty-required fault blanks


def inject(kind: str, row: list[str], i: int, ctx: FaultContext) -> list[str]:
    """A copy of ``row`` with one fault of ``kind``."""
    header, rng, out = ctx.ref.header, ctx.rng, list(row)
    if kind in SET_CELL:
        field, texts = SET_CELL[kind]
        out[header.index(field)] = rng.choice(texts)
    elif kind == "empty-required":
        out[header.index(rng.choice(EMPTIED))] = ""
    elif kind == "duplicate-id":
        out[0] = ctx.ref.row_id(ctx.earlier_clean(i))
    elif kind == "bad-id-pattern":
        out[0] = rng.choice((row[0].upper(), row[0].replace("-", "_"), row[0] + "-"))
    elif kind == "extra-cell":
        out.append("extra")
    elif kind == "missing-cell":
        out.pop()
    else:
        raise ValueError(f"unknown fault kind {kind!r}")
    return out


def fault_plan(size: int, count: int) -> dict[int, str]:
    """Row index -> fault kind, at fixed random rows (never the first row, so a duplicate id has an original)."""
    rng = random.Random(SEED + 1)
    rows = sorted(rng.sample(range(1, size), min(count, size - 1)))
    return {i: FAULT_KINDS[k % len(FAULT_KINDS)] for k, i in enumerate(rows)}


EVENTS = "datasets/outcomes/events.csv"
EVENT_FIELDS: list[dict[str, object]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "e[0-9]+"}},
    {"name": "day", "type": "date", "constraints": {"required": True}},
    {"name": "at", "type": "datetime"},
    {"name": "amount", "type": "number", "constraints": {"minimum": 0}},
    {"name": "count", "type": "integer"},
    {"name": "note", "type": "string"},
]
EVENTS_SCHEMA = {"fields": EVENT_FIELDS, "primaryKey": ["id"], "missingValues": ["", "NA"]}


def event_row(i: int, rng: random.Random) -> list[str]:
    """Row ``i`` of the events table: a date, a date and time, and numbers of which some are missing."""
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    year = 2000 + (i // 336) % 25
    at = f"{year:04d}-{month:02d}-{day:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}" + ("Z" if i % 3 else "+08:00")
    amount = rng.choice(("NA", "", f"{rng.uniform(0, 1e6):.2f}", f"{rng.randrange(10**6)}"))
    count = rng.choice(("NA", str(rng.randrange(1000)), str(rng.randrange(10))))
    return [f"e{i}", f"{year:04d}-{month:02d}-{day:02d}", at if i % 5 else "", amount, count, rng.choice(NOTES[:3])]


def write_events(project: Path, size: int) -> None:
    """The events table (``size`` rows) and its resource in the outcomes package, schema in schemas/ too."""
    (project / "schemas" / "events.schema.json").write_text(json.dumps(EVENTS_SCHEMA, indent=2), encoding="utf-8")
    descriptor_path = project / "datasets" / "outcomes.datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "events", "path": "outcomes/events.csv", "schema": EVENTS_SCHEMA})
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    rng = random.Random(SEED + 3)
    with (project / EVENTS).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([f["name"] for f in EVENT_FIELDS])
        writer.writerows(event_row(i, rng) for i in range(size))


def copy_project(dest: Path) -> None:
    """A fresh project folder: the repository's schemas/ and datasets/, no outcome or breakdown rows."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "datasets", dest / "datasets")
    breakdowns = dest / "datasets" / "outcomes" / "breakdowns.csv"
    header = breakdowns.read_text(encoding="utf-8").splitlines()[0]
    breakdowns.write_text(header + "\n", encoding="utf-8")


def open_outcomes(project: Path) -> TextIO:
    return (project / OUTCOMES).open("w", encoding="utf-8", newline="")


def build(size: int, faults: int, ref: Reference) -> tuple[Path, Path, dict[int, str]]:
    """Write the clean and the faulty project of ``size`` rows; return them and the fault plan."""
    clean, faulty = OUT / str(size), OUT / f"{size}-faults"
    copy_project(clean)
    copy_project(faulty)
    plan = fault_plan(size, faults)
    ctx = FaultContext(ref, random.Random(SEED + 2), set(plan))
    rng = random.Random(SEED)
    with open_outcomes(clean) as fc, open_outcomes(faulty) as ff:
        wc, wf = csv.writer(fc, lineterminator="\n"), csv.writer(ff, lineterminator="\n")
        wc.writerow(ref.header)
        wf.writerow(ref.header)
        for i in range(size):
            row = make_row(i, ref, rng)
            wc.writerow(row)
            wf.writerow(inject(plan[i], row, i, ctx) if i in plan else row)
    for project in (clean, faulty):
        write_events(project, size)
    return clean, faulty, plan


def data_rows(project: Path) -> int:
    with (project / OUTCOMES).open("rb") as fh:
        return sum(1 for _ in fh) - 1
