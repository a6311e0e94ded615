"""Running the validators for the benchmark: whole processes, timed, and one profiled run.

Each command runs as its own process under ``/usr/bin/time -v`` (or, where that is missing,
a small Python wrapper reading ``getrusage``): wall clock from here, peak resident memory
and CPU time (user + system) of the child from the report.
"""

from __future__ import annotations

import dataclasses
import json
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.validate_synth import OUT, REPO

BIN = REPO / ".venv" / "bin"
TIME_BIN = Path("/usr/bin/time")
WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); u = resource.getrusage("
           "resource.RUSAGE_CHILDREN); sys.stderr.write('User time (seconds): %f\\nSystem time (seconds): %f\\n"
           "Maximum resident set size (kbytes): %d\\n' % (u.ru_utime, u.ru_stime, u.ru_maxrss)); "
           "sys.exit(r.returncode)")


@dataclasses.dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child
    peak_mib: float
    returncode: int
    stdout: str


def _from_time(stderr: str, label: str) -> float:
    found = re.findall(re.escape(label) + r": ([0-9.]+)", stderr)
    return float(found[-1]) if found else float("nan")


def run_once(cmd: Sequence[str]) -> Run:
    """Run ``cmd`` once in a fresh process; wall clock, CPU time and the child's peak resident memory."""
    wrapped = [str(TIME_BIN), "-v", *cmd] if TIME_BIN.exists() else [sys.executable, "-c", WRAPPER, *cmd]
    start = time.perf_counter()
    proc = subprocess.run(wrapped, capture_output=True, text=True, cwd=REPO, check=False)
    seconds = time.perf_counter() - start
    cpu = _from_time(proc.stderr, "User time (seconds)") + _from_time(proc.stderr, "System time (seconds)")
    peak = _from_time(proc.stderr, "Maximum resident set size (kbytes)") / 1024
    return Run(seconds, cpu, peak, proc.returncode, proc.stdout)


@dataclasses.dataclass(frozen=True)
class Timing:
    label: str  # the project: "clean", "faults" or "repository"
    tool: str
    rows: int
    seconds: float  # median wall clock
    cpu: float  # median CPU time
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
    timing = Timing(label, tool, rows, statistics.median(r.seconds for r in runs),
                    statistics.median(r.cpu for r in runs), max(r.peak_mib for r in runs), repeat,
                    json.loads(last.stdout))
    print(f"  {tool:12} {label:10} {rows:>9,} rows  {timing.seconds:7.2f} s  cpu {timing.cpu:6.2f} s"
          f"  {timing.peak_mib:7.0f} MiB  (exit {last.returncode}, {repeat} run(s))", flush=True)
    return timing


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


STAGES = (  # (file, function) of generator/ whose cumulative time the profile reports, and its label
    ("cli.py", "<module>", "import jiekun.cli (polars, pyarrow, numpy …)"),
    ("load.py", "read_table", "read every CSV (load.read_table)"),
    ("load.py", "_fast_parse", "… of which one-pass pyarrow parse (load._fast_parse)"),
    ("load.py", "_exact_parse", "… of which exact path: NumPy scan + pyarrow (load._exact_parse)"),
    ("load.py", "_table", "… of which arrow to polars (load._table)"),
    ("validate.py", "_drop_blank_rows", "blank-row check (validate._drop_blank_rows)"),
    ("validate.py", "_cell_issues", "cell rules: types and constraints (validate._cell_issues)"),
    ("validate.py", "_key_issues", "primary keys (validate._key_issues)"),
    ("validate.py", "_typed", "typed frame (validate._typed)"),
    ("validate.py", "_foreign_key_issues", "foreign keys (validate._foreign_key_issues)"),
    ("rules.py", "run", "cross-table rules (rules.run)"),
    ("validate.py", "check", "validation, total (validate.check)"),
)


def profile_stages(project: Path) -> dict[str, float]:
    """Cumulative seconds of jiekun's stages on ``project``, from one cProfile run (which adds overhead)."""
    prof = OUT / f"jiekun-{project.name}.prof"
    subprocess.run([str(BIN / "python"), "-m", "cProfile", "-o", str(prof), "-m", "jiekun", "validate",
                    "--root", str(project)], capture_output=True, cwd=REPO, check=False)
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    found: dict[tuple[str, str], float] = {}
    for (file, _, func), (_, _, _, cumulative, _) in stats.items():
        key = (Path(file).name, func)
        if Path(file).parent.name == "generator" and key not in found:
            found[key] = cumulative
    return {label: found.get((file, func), 0.0) for file, func, label in STAGES}
