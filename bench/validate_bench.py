"""Benchmark ``jiekun validate`` against ``frictionless validate`` on synthetic projects.

For each size it builds, under ``bench/out/``, a copy of the project whose
``datasets/outcomes/outcomes.csv`` holds N synthetic rows that are valid against the
Table Schema and the cross-table rules (``<N>/``), and a copy of that with about 1,000
injected faults (``<N>-faults/``).  It then times both validators as separate processes
(wall clock and peak resident memory of the child), checks that jiekun reports every
line of ``outcomes.csv`` that frictionless reports on the faulty copy, and prints a
Markdown table (also written to ``bench/out/results.md``; with ``--write-docs``, to
``docs/performance.md``).

This is a benchmark, not a test: run it with ``.venv/bin/python bench/validate_bench.py``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = REPO / ".venv" / "bin"
DOCS = REPO / "docs" / "performance.md"
OUTCOMES = "datasets/outcomes/outcomes.csv"
SEED = 20240611
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
REGISTERS = ("", "national", "provincial")
PACKAGES = ("frictionless", "pandera", "polars", "pyarrow", "numpy", "pandas")
TIME_BIN = Path("/usr/bin/time")
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


# --------------------------------------------------------------------------- synthetic data


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
    return [ref.row_id(i), region, metric.code, kind, start, end, value, metric.unit, rng.choice(ref.qualifiers),
            REGISTERS[p % len(REGISTERS)], "", "", published, rng.choice(ref.sources),
            f"¶{rng.randint(1, 60)}", "", note]


# --------------------------------------------------------------------------- faults

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


# --------------------------------------------------------------------------- projects


def copy_project(dest: Path) -> None:
    """A fresh project folder: the repository's schemas/ and datasets/, no outcome or breakdown rows."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "schemas", dest / "schemas")
    shutil.copytree(REPO / "datasets", dest / "datasets")
    breakdowns = dest / "datasets" / "outcomes" / "breakdowns.csv"
    header = breakdowns.read_text(encoding="utf-8").splitlines()[0]
    breakdowns.write_text(header + "\n", encoding="utf-8")


def _open_outcomes(project: Path) -> TextIO:
    return (project / OUTCOMES).open("w", encoding="utf-8", newline="")


def build(size: int, faults: int, ref: Reference) -> tuple[Path, Path, dict[int, str]]:
    """Write the clean and the faulty project of ``size`` rows; return them and the fault plan."""
    clean, faulty = OUT / str(size), OUT / f"{size}-faults"
    copy_project(clean)
    copy_project(faulty)
    plan = fault_plan(size, faults)
    ctx = FaultContext(ref, random.Random(SEED + 2), set(plan))
    rng = random.Random(SEED)
    with _open_outcomes(clean) as fc, _open_outcomes(faulty) as ff:
        wc, wf = csv.writer(fc, lineterminator="\n"), csv.writer(ff, lineterminator="\n")
        wc.writerow(ref.header)
        wf.writerow(ref.header)
        for i in range(size):
            row = make_row(i, ref, rng)
            wc.writerow(row)
            wf.writerow(inject(plan[i], row, i, ctx) if i in plan else row)
    return clean, faulty, plan


def data_rows(project: Path) -> int:
    with (project / OUTCOMES).open("rb") as fh:
        return sum(1 for _ in fh) - 1


# --------------------------------------------------------------------------- running


@dataclasses.dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    returncode: int
    stdout: str


def _peak_from_time(stderr: str) -> float:
    found = re.findall(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(found[-1]) / 1024 if found else float("nan")


WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
           "sys.stderr.write('Maximum resident set size (kbytes): %d\\n' "
           "% resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


def run_once(cmd: Sequence[str]) -> Run:
    """Run ``cmd`` once in a fresh process; wall clock and the child's peak resident memory."""
    wrapped = [str(TIME_BIN), "-v", *cmd] if TIME_BIN.exists() else [sys.executable, "-c", WRAPPER, *cmd]
    start = time.perf_counter()
    proc = subprocess.run(wrapped, capture_output=True, text=True, cwd=REPO, check=False)
    seconds = time.perf_counter() - start
    return Run(seconds, _peak_from_time(proc.stderr), proc.returncode, proc.stdout)


@dataclasses.dataclass(frozen=True)
class Timing:
    label: str  # the project: "clean", "faults" or "repository"
    tool: str
    rows: int
    seconds: float  # median
    peak_mib: float  # largest of the runs
    repeat: int
    report: Any  # the parsed JSON report of the last run


def jiekun_cmd(project: Path) -> list[str]:
    return [str(BIN / "jiekun"), "validate", "--root", str(project), "--format", "json"]


def frictionless_cmd(project: Path) -> list[str]:
    return [str(BIN / "frictionless"), "validate", str(project / "datasets" / "outcomes.datapackage.json"),
            "--json", "--limit-errors", "1000000"]


def measure(tool: str, project: Path, label: str, rows: int, repeat: int) -> Timing:
    cmd = jiekun_cmd(project) if tool == "jiekun" else frictionless_cmd(project)
    runs = [run_once(cmd) for _ in range(repeat)]
    last = runs[-1]
    if last.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit {last.returncode}")
    seconds = statistics.median(r.seconds for r in runs)
    print(f"  {tool:12} {label:10} {rows:>9,} rows  {seconds:7.2f} s  {max(r.peak_mib for r in runs):7.0f} MiB"
          f"  (exit {last.returncode}, {repeat} run(s))", flush=True)
    return Timing(label, tool, rows, seconds, max(r.peak_mib for r in runs), repeat, json.loads(last.stdout))


def check_clean(project: Path) -> None:
    """The clean project must pass ``jiekun validate --strict`` (exit 0) before anything is timed."""
    proc = subprocess.run([str(BIN / "jiekun"), "validate", "--root", str(project), "--strict"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"synthetic project {project} is not valid:\n{proc.stdout[-3000:]}")
    print(f"  strict check passed: {proc.stdout.strip().splitlines()[-1]}", flush=True)


def assert_valid(timing: Timing) -> None:
    report = timing.report
    ok = report["valid"] and (timing.tool == "frictionless" or report["summary"]["warnings"] == 0)
    if not ok:
        raise SystemExit(f"{timing.tool} reports problems in the clean project ({timing.rows} rows)")


# --------------------------------------------------------------------------- comparing the reports


def record_lines(path: Path) -> list[int]:
    """Physical line each CSV record starts on, by record number - 1 (the header is record 1)."""
    starts, previous = [], 0
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    return starts


def frictionless_lines(report: Any, lines: list[int], place: str) -> tuple[set[int], dict[str, int]]:
    """Physical lines of ``place`` where frictionless reports an error, and its error counts by type."""
    found: set[int] = set()
    types: dict[str, int] = {}
    for task in report["tasks"]:
        if task.get("place") != place:
            continue
        for err in task["errors"]:
            types[err["type"]] = types.get(err["type"], 0) + 1
            if err.get("rowNumber"):
                found.add(lines[err["rowNumber"] - 1])
    return found, types


def jiekun_lines(report: Any, file: str) -> tuple[set[int], dict[str, int]]:
    found: set[int] = set()
    codes: dict[str, int] = {}
    for issue in report["issues"]:
        if issue["file"] == file:
            codes[issue["code"]] = codes.get(issue["code"], 0) + 1
            if issue["line"] is not None:
                found.add(int(issue["line"]))
    return found, codes


@dataclasses.dataclass(frozen=True)
class Comparison:
    rows: int
    injected: set[int]  # physical lines with an injected fault
    frictionless: set[int]
    jiekun: set[int]
    frictionless_types: dict[str, int]
    jiekun_codes: dict[str, int]

    @property
    def missed(self) -> list[int]:
        return sorted(self.frictionless - self.jiekun)

    def summary(self) -> str:
        both = len(self.frictionless & self.jiekun)
        missed = self.missed
        listed = ", ".join(map(str, missed[:50])) + (" …" if len(missed) > 50 else "")
        return (f"{self.rows:,} rows, {len(self.injected)} injected faults: frictionless reports errors on "
                f"{len(self.frictionless)} lines of {OUTCOMES}, jiekun on {len(self.jiekun)}; jiekun also found "
                f"{both} of the {len(self.frictionless)} frictionless lines; missed {len(missed)}"
                + (f" ({listed})" if missed else "")
                + f"; injected lines found: frictionless {len(self.injected & self.frictionless)}, "
                f"jiekun {len(self.injected & self.jiekun)}; jiekun lines not reported by frictionless: "
                f"{len(self.jiekun - self.frictionless)}.")


def compare(faulty: Path, plan: dict[int, str], fl: Timing, jk: Timing) -> Comparison:
    lines = record_lines(faulty / OUTCOMES)
    place = OUTCOMES.removeprefix("datasets/")
    fl_lines, fl_types = frictionless_lines(fl.report, lines, place)
    jk_lines, jk_codes = jiekun_lines(jk.report, OUTCOMES)
    return Comparison(jk.rows, {i + 2 for i in plan}, fl_lines, jk_lines, fl_types, jk_codes)


def verify_row_numbers() -> str:
    """Check on a tiny project what frictionless's rowNumber means: the record number, header = 1."""
    ref, project = load_reference(), OUT / "rownumber"
    copy_project(project)
    rows = [make_row(i, ref, random.Random(SEED)) for i in range(3)]
    rows[0][-1] = "a note\nover two lines"
    rows[2][ref.header.index("value")] = "abc"
    with _open_outcomes(project) as fh:
        csv.writer(fh, lineterminator="\n").writerows([ref.header, *rows])
    fl = measure("frictionless", project, "rownumber", 3, 1)
    jk = measure("jiekun", project, "rownumber", 3, 1)
    numbers = [e["rowNumber"] for t in fl.report["tasks"] for e in t["errors"]]
    jk_found, _ = jiekun_lines(jk.report, OUTCOMES)
    mapped, _ = frictionless_lines(fl.report, record_lines(project / OUTCOMES), OUTCOMES.removeprefix("datasets/"))
    if numbers != [4] or mapped != {5} or jk_found != {5}:
        raise SystemExit(f"unexpected row numbering: frictionless {numbers} -> {mapped}, jiekun {jk_found}")
    return ("frictionless `rowNumber` counts CSV records with the header as 1 (a cell with a line break makes it "
            "differ from the physical line: the third record, on line 5, is rowNumber 4); the comparison maps "
            "each rowNumber to the physical line its record starts on.")


# --------------------------------------------------------------------------- where jiekun's time goes

STAGES = (  # (file, function) of generator/ whose cumulative time the profile reports
    ("cli.py", "<module>", "import generator.cli (pandera, polars, pyarrow …)"),
    ("load.py", "read_table", "read every CSV (load.read_table)"),
    ("scan.py", "scan", "… of which NumPy structural scan (scan.scan)"),
    ("scan.py", "_cells", "… … of which cell counts (scan._cells)"),
    ("load.py", "_frame", "… of which pyarrow parse to polars (load._frame)"),
    ("validate.py", "_drop_blank_rows", "blank-row check (validate._drop_blank_rows)"),
    ("validate.py", "_cell_issues", "pandera cell checks (validate._cell_issues)"),
    ("validate.py", "_key_issues", "primary keys (validate._key_issues)"),
    ("validate.py", "_foreign_key_issues", "foreign keys (validate._foreign_key_issues)"),
    ("rules.py", "run", "cross-table rules (rules.run)"),
    ("validate.py", "check", "validation, total (validate.check)"),
)


def profile_stages(project: Path) -> list[tuple[str, float]]:
    """Cumulative seconds of jiekun's stages on ``project``, from one cProfile run (which adds overhead)."""
    prof = OUT / "jiekun.prof"
    subprocess.run([str(BIN / "python"), "-m", "cProfile", "-o", str(prof), "-m", "generator", "validate",
                    "--root", str(project)], capture_output=True, cwd=REPO, check=False)
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    found: dict[tuple[str, str], float] = {}
    for (file, _, func), (_, _, _, cumulative, _) in stats.items():
        key = (Path(file).name, func)
        if Path(file).parent.name == "generator" and key not in found:
            found[key] = cumulative
    return [(label, found[(file, func)]) for file, func, label in STAGES if (file, func) in found]


def stage_table(stages: list[tuple[str, float]], rows: int) -> str:
    lines = [f"| stage ({rows:,} rows, under cProfile) | seconds |", "|---|---:|"]
    return "\n".join(lines + [f"| {label} | {seconds:.2f} |" for label, seconds in stages])


# --------------------------------------------------------------------------- the benchmark


@dataclasses.dataclass
class Results:
    timings: list[Timing] = dataclasses.field(default_factory=list)
    comparisons: list[Comparison] = dataclasses.field(default_factory=list)
    rownumber_note: str = ""
    command: str = ""
    stages: str = ""


def bench_size(size: int, args: argparse.Namespace, ref: Reference, results: Results) -> None:
    print(f"{size:,} rows: building {OUT / str(size)} and {OUT / f'{size}-faults'}", flush=True)
    clean, faulty, plan = build(size, args.faults, ref)
    if size == min(args.sizes):
        check_clean(clean)
    repeat = args.repeat_large if args.repeat_large and size >= 1_000_000 else args.repeat
    clean_runs = [measure(tool, clean, "clean", size, repeat) for tool in ("jiekun", "frictionless")]
    for timing in clean_runs:
        assert_valid(timing)
    jk, fl = (measure(tool, faulty, "faults", size, repeat) for tool in ("jiekun", "frictionless"))
    comparison = compare(faulty, plan, fl, jk)
    print("  " + comparison.summary(), flush=True)
    results.timings += [*clean_runs, jk, fl]
    results.comparisons.append(comparison)


def bench_repository(args: argparse.Namespace, results: Results) -> None:
    rows = data_rows(REPO)
    print(f"repository ({rows} outcome rows):", flush=True)
    for tool in ("jiekun", "frictionless"):
        results.timings.append(measure(tool, REPO, "repository", rows, args.repeat))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=lambda s: [int(x.replace("_", "")) for x in s.split(",")],
                        default=list(DEFAULT_SIZES), help="comma-separated row counts (default 10000,100000,1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--repeat-large", type=int, default=0,
                        help="runs per measurement for sizes of 1,000,000 rows and more (default: --repeat)")
    parser.add_argument("--faults", type=int, default=1000, help="faults injected per faulty project")
    parser.add_argument("--write-docs", action="store_true", help="rewrite docs/performance.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    results = Results(command=" ".join([".venv/bin/python", "bench/validate_bench.py", *shown]))
    OUT.mkdir(parents=True, exist_ok=True)
    results.rownumber_note = verify_row_numbers()
    ref = load_reference()
    for size in sorted(args.sizes):
        bench_size(size, args, ref, results)
    bench_repository(args, results)
    largest = max(args.sizes)
    results.stages = stage_table(profile_stages(OUT / str(largest)), largest)
    text = render_results(results, machine())
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    if args.write_docs:
        DOCS.write_text(render_docs(results, machine()), encoding="utf-8")
        print(f"wrote {DOCS.relative_to(REPO)}")
    missed = sum(len(c.missed) for c in results.comparisons)
    return 1 if missed else 0


# --------------------------------------------------------------------------- reporting


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return float("nan")


def machine() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": f"{_ram_gib():.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "memory measured with": "/usr/bin/time -v" if TIME_BIN.exists() else "getrusage(RUSAGE_CHILDREN)",
    }


def _ratio(t: Timing, timings: list[Timing]) -> str:
    if t.tool != "jiekun":
        return "1×"
    other = next((o for o in timings if o.tool == "frictionless" and (o.label, o.rows) == (t.label, t.rows)), None)
    return f"{other.seconds / t.seconds:.1f}×" if other else "—"


def table(timings: list[Timing]) -> str:
    out = ["| rows | data | tool | runs | seconds (median) | rows/s | peak MiB | speed vs frictionless |",
           "|---:|---|---|---:|---:|---:|---:|---:|"]
    for t in timings:
        out.append(f"| {t.rows:,} | {t.label} | {t.tool} | {t.repeat} | {t.seconds:.2f} | "
                   f"{t.rows / t.seconds:,.0f} | {t.peak_mib:,.0f} | {_ratio(t, timings)} |")
    return "\n".join(out)


def _codes(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def comparison_table(results: Results) -> str:
    out = ["| rows | injected faults | frictionless error lines | jiekun error lines | found by both "
           "| missed by jiekun | jiekun only | injected lines found (frictionless / jiekun) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in results.comparisons:
        out.append(f"| {c.rows:,} | {len(c.injected):,} | {len(c.frictionless):,} | {len(c.jiekun):,} "
                   f"| {len(c.frictionless & c.jiekun):,} | {len(c.missed):,} | {len(c.jiekun - c.frictionless):,} "
                   f"| {len(c.injected & c.frictionless):,} / {len(c.injected & c.jiekun):,} |")
    return "\n".join(out)


def comparison_lines(results: Results) -> Iterator[str]:
    for c in results.comparisons:
        yield f"- {c.rows:,} rows: frictionless errors by type: {_codes(c.frictionless_types)}; " \
              f"jiekun issues by code: {_codes(c.jiekun_codes)}"
        if c.missed:
            yield f"  - **lines jiekun missed**: {', '.join(map(str, c.missed))}"


def render_results(results: Results, info: dict[str, str]) -> str:
    parts = ["# validate benchmark", "", f"Command: `{results.command}`", "", table(results.timings), "",
             "## Faulty projects: lines of outcomes.csv with an error", "", comparison_table(results), "",
             *comparison_lines(results), "",
             results.rownumber_note, "", "## Where jiekun's time goes", "", results.stages, "",
             "## Machine", ""]
    parts += [f"- {k}: {v}" for k, v in info.items()]
    return "\n".join(parts) + "\n"


def _target_line(results: Results) -> str:
    big = max((t.rows for t in results.timings if t.label == "clean"), default=0)
    jk = next((t for t in results.timings if (t.label, t.rows, t.tool) == ("clean", big, "jiekun")), None)
    fl = next((t for t in results.timings if (t.label, t.rows, t.tool) == ("clean", big, "frictionless")), None)
    repo = next((t for t in results.timings if (t.label, t.tool) == ("repository", "jiekun")), None)
    if not (jk and fl and repo):
        return ""
    speed = fl.seconds / jk.seconds
    return (f"在 {big:,} 行的合法数据上，`jiekun validate` 用时 {jk.seconds:.2f} 秒，是 frictionless 的 "
            f"{speed:.1f} 倍速度（目标 ≥ 10 倍：{'达到' if speed >= 10 else '未达到'}），"
            f"峰值内存 {jk.peak_mib:,.0f} MiB（目标 < 1 GiB：{'达到' if jk.peak_mib < 1024 else '未达到'}）；"
            f"校验本仓库的真实数据用时 {repo.seconds:.2f} 秒"
            f"（目标 < 2 秒：{'达到' if repo.seconds < 2 else '未达到'}）。")


def _verdict(results: Results) -> str:
    missed = sum(len(c.missed) for c in results.comparisons)
    extra = sum(len(c.jiekun - c.frictionless) for c in results.comparisons)
    text = ("jiekun 报告了 frictionless 报告的每一个出错行。" if not missed
            else f"**jiekun 漏掉了 frictionless 报告的 {missed} 个出错行**（见上面列出的行号），这是需要修正的缺陷。")
    return text + (f"jiekun 另外报告了 {extra} 个 frictionless 没有报告的行（来自 frictionless 不做的检查）。" if extra
                   else "jiekun 也没有报告 frictionless 之外的行。")


def render_docs(results: Results, info: dict[str, str]) -> str:
    repeats = sorted({t.repeat for t in results.timings})
    summary = _target_line(results)
    return DOC_TEMPLATE.format(
        summary=summary,
        command=results.command.replace(" --write-docs", "") + " --write-docs",
        table=table(results.timings),
        repeats="、".join(map(str, repeats)),
        comparison=comparison_table(results) + "\n\n" + "\n".join(comparison_lines(results)),
        verdict=_verdict(results),
        stages=results.stages,
        missed_target=("目标没有全部达到：" if "未达到" in summary else "") + "下表",
        machine="\n".join(f"- {k}: {v}" for k, v in info.items()),
    )


DOC_TEMPLATE = """# 性能

{summary}

## 测量什么

基准脚本 `bench/validate_bench.py` 为每个规模（1 万、10 万、100 万行）在 `bench/out/` 下生成一个合成项目：
复制本仓库的 `schemas/` 和 `datasets/`（真实的参照表、描述文件和案例），把 `datasets/outcomes/outcomes.csv`
换成 N 行合成数字。每一行都符合 Table Schema 和跨表规则（编号唯一，地区、指标、来源都取自真实参照表，
单位与指标一致，存量指标为时点数、流量指标为区间数或年度数，统计期不晚于来源发布日期，百分比不超过 100；
备注有时含逗号和引号，必须加引号）。同一地区、指标、统计期的组合不重复，所以没有 `conflicting-figures` 警告。
随机种子固定，生成结果是确定的。计时之前，脚本先确认最小的合法项目通过 `jiekun validate --strict`。

每个规模还有一份带错误的副本（`bench/out/<N>-faults/`）：在固定的随机行上注入约 1,000 个错误，
十种各占十分之一：`value` 中写文字、负数、`qualifier` 不在取值范围内、必填项为空、未知地区代码（外键）、
未知指标、重复编号、多一个单元格、少一个单元格、编号不符合格式。

计时的是整个进程（用 `subprocess` 测墙钟时间，包括 Python 启动和导入模块），每个命令单独运行：

- `.venv/bin/jiekun validate --root DIR --format json`：检查 `datasets/` 下的两个数据包（数字和案例）及全部跨表规则；
- `.venv/bin/frictionless validate DIR/datasets/outcomes.datapackage.json --json --limit-errors 1000000`：
  只检查数字数据包（字段类型、约束、主键、外键），不检查跨表规则。

峰值内存是子进程的最大常驻内存（用 `/usr/bin/time -v` 测得）。每项运行若干次（表中 runs 列），取中位数；
本次运行的次数为 {repeats}。rows/s 按 `outcomes.csv` 的数据行数计算；“repository” 是本仓库的真实数据。

## 结果

{table}

## 与 frictionless 的结果比较

在带错误的项目上，比较两个工具在 `outcomes.csv` 中报告出错的物理行号：

{comparison}

{verdict}

frictionless 的 `rowNumber` 是 CSV 记录的序号（表头为 1），不是物理行号：单元格里有换行时两者不同。
脚本在一个 3 行的小项目上验证了这一点（第 1 行数据的备注跨两行，第 3 行数据在物理第 5 行，
frictionless 报告 rowNumber 4，jiekun 报告第 5 行），比较时把每个 rowNumber 换算成该记录起始的物理行号。
合成数据的单元格里没有换行，所以这里两者相同。

## 时间花在哪里

{missed_target}是用 cProfile 对最大的合法项目运行一次 `python -m generator validate` 得到的各阶段累计时间
（cProfile 本身会使时间略有增加；以“… of which”开头的行包含在它上面的行之内）。

{stages}

## 机器

{machine}

## 如何复现

```bash
{command}
```

结果同时写入 `bench/out/results.md`（该目录不进入版本库）。不加 `--write-docs` 时不改动本页。

## 速度从哪里来

`jiekun validate` 不逐行用 Python 处理数据。它先用 NumPy 对 CSV 的字节做一次结构扫描：
找出所有换行符和引号的位置，按引号的奇偶区分记录之间的换行和单元格里的换行，
得到每条记录的起始物理行号和单元格个数，多出或缺少单元格的行由此直接报告。
然后用 pyarrow 的 CSV 解析器（C++，多线程）把所有单元格作为文字读入，转为 polars 数据框；
类型、必填、取值范围、格式等检查由 Table Schema 推导出来，交给 pandera 的 polars 后端，
以列为单位的向量化表达式一次检查整列，只有出错的单元格才回到 Python 生成报告。
主键、外键和跨表规则同样是 polars 的连接和分组运算。
"""


if __name__ == "__main__":
    sys.exit(main())
