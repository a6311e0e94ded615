"""Reporting the validation benchmark: a Markdown summary, and the section of docs/performance.md.

The section is rendered from ``bench/templates/performance-validate.md`` and replaces only
the text between the ``validate-bench`` markers of the page (``bench/docs_section.py``), so
other sections (the site build's, for one) and the page title stay as they are.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from string import Template

from bench.docs_section import write_section
from bench.validate_compare import Comparison
from bench.validate_run import TIME_BIN, Timing
from bench.validate_synth import OUTCOMES, REPO

DOCS = REPO / "docs" / "performance.md"
TEMPLATE = REPO / "bench" / "templates" / "performance-validate.md"
SECTION = "validate-bench"  # the markers <!-- validate-bench:start --> and <!-- validate-bench:end -->
PACKAGES = ("frictionless", "polars", "pyarrow", "numpy", "pandera", "pandas")
SPEED_TARGET, MEMORY_TARGET_MIB, REPO_TARGET_S = 20.0, 1024.0, 2.0
VALIDATION_MODULES = ("data/catalog", "data/load", "data/scan", "data/validate", "data/derive", "data/rules",
                      "data/figures", "data/breakdowns", "core/issues")


@dataclasses.dataclass
class Results:
    timings: list[Timing] = dataclasses.field(default_factory=list)
    comparisons: list[Comparison] = dataclasses.field(default_factory=list)
    rownumber_note: str = ""
    command: str = ""
    stages: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)  # project label -> stage -> s
    stage_rows: int = 0
    load: list[float] = dataclasses.field(default_factory=list)  # 1-minute load average, at start and end

    def find(self, label: str, tool: str, rows: int | None = None) -> Timing | None:
        return next((t for t in self.timings if (t.label, t.tool) == (label, tool) and rows in (None, t.rows)), None)

    def ratio(self, t: Timing) -> float | None:
        other = self.find(t.label, "frictionless", t.rows)
        return other.seconds / t.seconds if other and t.tool == "jiekun" else None


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


def _code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=REPO, check=False).stdout.strip()

    dirty = git("status", "--porcelain", "--", *(f"generator/jiekun/{name}.py" for name in VALIDATION_MODULES))
    return git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes to validation code)" if dirty else "")


def machine(results: Results) -> dict[str, str]:
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
        "code": _code_version(),
        "load average (1 min) at start / end": " / ".join(f"{x:.2f}" for x in results.load),
        "memory and CPU time measured with": "/usr/bin/time -v" if TIME_BIN.exists() else "getrusage",
    }


def timing_table(results: Results) -> str:
    out = ["| rows | data | tool | runs | seconds (median) | rows/s | CPU s | peak MiB | speed vs frictionless |",
           "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for t in results.timings:
        ratio = results.ratio(t)
        shown = f"{ratio:.1f}×" if ratio else ("1×" if t.tool == "frictionless" else "—")
        out.append(f"| {t.rows:,} | {t.label} | {t.tool} | {t.repeat} | {t.seconds:.2f} | {t.rows / t.seconds:,.0f} "
                   f"| {t.cpu:.2f} | {t.peak_mib:,.0f} | {shown} |")
    return "\n".join(out)


def comparison_table(results: Results) -> str:
    out = ["| rows | injected faults | frictionless errors | found by jiekun (same file, line, code) | missed "
           "| injected lines found (frictionless / jiekun) | lines only jiekun reports |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for c in results.comparisons:
        fl, missed = len(c.frictionless), len(c.missed)
        out.append(f"| {c.rows:,} | {len(c.injected):,} | {fl:,} | {fl - missed:,} | {missed:,} "
                   f"| {len(c.injected & c.lines(c.frictionless)):,} / {len(c.injected & c.lines(c.jiekun)):,} "
                   f"| {len(c.jiekun_only):,} |")
    lines = ["\n".join(out), ""]
    for c in results.comparisons:
        lines.append(f"- {c.rows:,} rows: frictionless errors by type: {c.counts(c.frictionless)}; "
                     f"jiekun issues by code: {c.counts(c.jiekun)}")
        if c.missed:
            lines.append("  - **missed**: " + "; ".join(f"{f}:{ln} {code} {fd or ''}" for f, ln, code, fd in c.missed))
    return "\n".join(lines)


def stage_table(results: Results) -> str:
    projects = list(results.stages)
    lines = [f"| stage ({results.stage_rows:,} rows, under cProfile) | " + " | ".join(f"{p} (s)" for p in projects)
             + " |", "|---|" + "---:|" * len(projects)]
    labels = next(iter(results.stages.values()), {})
    return "\n".join(lines + [f"| {label} | " + " | ".join(f"{results.stages[p][label]:.2f}" for p in projects) + " |"
                              for label in labels])


def render_results(results: Results) -> str:
    parts = ["# validate benchmark", "", f"Command: `{results.command}`", "", timing_table(results), "",
             f"## Projects with injected faults: errors in {OUTCOMES} and elsewhere", "", comparison_table(results),
             "", results.rownumber_note, "", "## Where jiekun's time goes", "", stage_table(results), "",
             "## Machine", ""]
    parts += [f"- {k}: {v}" for k, v in machine(results).items()]
    return "\n".join(parts) + "\n"


def _met(ok: bool) -> str:
    return "**达到**" if ok else "**未达到**"


def _speed_row(jk: Timing, fl: Timing) -> str:
    speed, rows = fl.seconds / jk.seconds, jk.rows
    return (f"| {rows:,} 行合法数据，速度 ≥ frictionless 的 {SPEED_TARGET:g} 倍 "
            f"| jiekun {jk.seconds:.2f} 秒（{rows / jk.seconds:,.0f} 行/秒），"
            f"frictionless {fl.seconds:.2f} 秒（{rows / fl.seconds:,.0f} 行/秒）：{speed:.1f} 倍 "
            f"| {_met(speed >= SPEED_TARGET)} |")


def _memory_row(jk: Timing, faulty: Timing | None) -> str:
    peak = max(jk.peak_mib, faulty.peak_mib if faulty else 0.0)
    shown = f"合法数据 {jk.peak_mib:,.0f} MiB" + (f"，带错误的数据 {faulty.peak_mib:,.0f} MiB" if faulty else "")
    return (f"| {jk.rows:,} 行，峰值内存 < 1 GiB（{MEMORY_TARGET_MIB:,.0f} MiB） | {shown} "
            f"| {_met(peak < MEMORY_TARGET_MIB)} |")


def _fault_row(comparisons: list[Comparison]) -> str:
    total = sum(len(c.frictionless) for c in comparisons)
    missed = sum(len(c.missed) for c in comparisons)
    return (f"| 带错误的文件上，frictionless 报告的每个错误 jiekun 都在同一文件、同一行报告 "
            f"| {len(comparisons)} 个规模共 {total:,} 个错误，jiekun 找到 {total - missed:,} 个，漏掉 {missed:,} 个 "
            f"| {_met(missed == 0)} |")


def target_rows(results: Results) -> list[str]:
    """One Markdown table row per target: what it asks, what was measured, met or not."""
    big = max((t.rows for t in results.timings if t.label == "clean"), default=0)
    jk, fl = results.find("clean", "jiekun", big), results.find("clean", "frictionless", big)
    repo = results.find("repository", "jiekun")
    rows = [_speed_row(jk, fl), _memory_row(jk, results.find("faults", "jiekun", big))] if jk and fl else []
    rows += [_fault_row(results.comparisons)] if results.comparisons else []
    if repo:
        rows.append(f"| 校验本仓库的真实数据 < {REPO_TARGET_S:g} 秒 | {repo.seconds:.2f} 秒（{repo.rows:,} 行数字） "
                    f"| {_met(repo.seconds < REPO_TARGET_S)} |")
    return rows


def docs_section(results: Results) -> str:
    repeats = sorted({t.repeat for t in results.timings})
    info = machine(results)
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        targets="\n".join(["| 目标 | 测得 | 结论 |", "|---|---|---|", *target_rows(results)]),
        command=results.command.replace(" --write-docs", "") + " --write-docs",
        repeats="、".join(map(str, repeats)),
        table=timing_table(results),
        comparison=comparison_table(results),
        stages=stage_table(results),
        machine="\n".join(f"- {k}: {v}" for k, v in info.items()),
        sizes="、".join(f"{n:,}" for n in sorted({t.rows for t in results.timings if t.label == "clean"})),
        faults="、".join(f"{n:,}" for n in sorted({len(c.injected) for c in results.comparisons})),
    )
    return text


def write_docs(results: Results, path: Path = DOCS) -> Path:
    return write_section(path, SECTION, docs_section(results))
