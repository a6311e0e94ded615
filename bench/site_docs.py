"""The site benchmark's section of ``docs/performance.md``: Chinese prose around the result tables.

The prose is ``bench/templates/site-performance.md`` (``string.Template``); only the text
between ``<!-- site-bench:start -->`` and ``<!-- site-bench:end -->`` is replaced
(:mod:`bench.docs_section`), appended at the end of the page when the markers are missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from string import Template

from bench.docs_section import write_section
from bench.site_measure import MB, REPO
from bench.site_report import (
    Results,
    code_line,
    engines_table,
    machine,
    runs_table,
    shown,
    site_table,
    split_table,
    targets,
    targets_table,
)

DOCS = REPO / "docs" / "performance.md"
TEMPLATE = REPO / "bench" / "templates" / "site-performance.md"
SECTION = "site-bench"


def project_line_zh(results: Results) -> str:
    p = results.project
    if p is None:
        return ""
    return (f"本次的合成项目（`{shown(p.root)}`，规模 {results.scale:g}）：31 个省级地区和 "
            f"{p.regions:,} 个地级、县级地区，{p.figures:,} 个数字，{p.breakdowns:,} 个分类构成，"
            f"{p.cases:,} 个案例；应画 {p.charts:,} 张图表（每个地区 5 张折线图、3 张条形图）。")


def repo_line_zh(results: Results) -> str:
    if not results.repo_runs or results.repo_stats is None:
        return "本次没有构建本仓库的站点（`--skip-repository`）。"
    cold, warm = results.repo_runs
    return (f"本仓库的站点：`jiekun build` 冷构建 {cold.seconds:.1f} 秒（画 {cold.charts_rendered} 张图表），"
            f"热构建 {warm.seconds:.1f} 秒；共 {len(results.repo_stats.pages)} 个 HTML 页面，"
            f"{results.repo_stats.total_bytes / MB:.1f} MB。")


def load_note_zh(results: Results) -> str:
    cpus = len(os.sched_getaffinity(0))
    busiest = max((r.load for r in [*results.repo_runs, *results.runs.values()]), default=0.0)
    if busiest <= cpus:
        return f"测量期间 1 分钟平均负载不超过 {busiest:.1f}（{cpus} 个 CPU）。"
    return (f"测量期间 1 分钟平均负载最高达到 {busiest:.1f}（{cpus} 个 CPU）：同时有其他进程在运行，"
            "墙钟时间包含等待 CPU 的时间；CPU seconds（整个进程树的用户态加内核态时间）受影响较小。")


def docs_section(results: Results) -> str:
    items = targets(results)
    missed = [t.name_zh for t in items if not t.ok]
    verdict = "全部目标都已达到。" if not missed else (
        f"{len(items)} 项目标中有 {len(missed)} 项未达到：{'、'.join(missed)}。")
    command = results.command.replace(" --write-docs", "") + " --write-docs"
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        verdict=verdict, machine=machine(), code=code_line(results, chinese=True), command=command,
        project=project_line_zh(results),
        repo=repo_line_zh(results), runs=runs_table(results) + "\n\n" + load_note_zh(results),
        split=split_table(results), site=site_table(results), engines=engines_table(results),
        targets=targets_table(items, chinese=True), minutes=f"{results.bench_seconds / 60:.0f}",
        scale=f"{results.scale:g}")
    return text.strip()


def write_docs(results: Results, path: Path = DOCS) -> Path:
    """Replace the ``site-bench`` section of ``path`` (appended when its markers are missing)."""
    return write_section(path, SECTION, docs_section(results))
