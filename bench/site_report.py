"""Results of the site benchmark: targets, Markdown tables, profile summaries (the docs section: site_docs.py)."""

from __future__ import annotations

import dataclasses
import os
import platform
import pstats
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.site_measure import KB, MB, REPO, Run, SiteStats
from bench.site_synth import Project

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "matplotlib", "polars")
GIB = 1024**3
#: mkdocs build stages found in the profile: (file ending, function, label)
MKDOCS_STAGES = (
    ("mkdocs/commands/build.py", "build", "whole mkdocs build"),
    ("mkdocs/structure/files.py", "get_files", "find files (get_files)"),
    ("mkdocs/structure/nav.py", "get_navigation", "navigation (get_navigation)"),
    ("mkdocs/commands/build.py", "_populate_page", "Markdown to HTML (_populate_page)"),
    ("mkdocs/structure/files.py", "copy_static_files", "copy charts, downloads, assets (copy_static_files)"),
    ("mkdocs/commands/build.py", "_build_page", "theme template, search entry, write (_build_page)"),
)


@dataclasses.dataclass
class Change:
    figure: str
    expected: str  # slug of the one chart whose data changed
    rendered: int
    changed: list[str]  # slugs whose SVG changed

    @property
    def ok(self) -> bool:
        return self.rendered == 1 and self.changed == [self.expected]


@dataclasses.dataclass
class Target:
    name: str
    name_zh: str
    measured: str
    ok: bool


@dataclasses.dataclass
class Results:
    command: str
    scale: float
    project: Project | None = None
    synth_seconds: float = 0.0
    repo_runs: list[Run] = dataclasses.field(default_factory=list)
    repo_stats: SiteStats | None = None
    runs: dict[str, Run] = dataclasses.field(default_factory=dict)
    stats: SiteStats | None = None
    warm: dict[str, Any] = dataclasses.field(default_factory=dict)
    cold: dict[str, Any] = dataclasses.field(default_factory=dict)
    change: Change | None = None
    generate_profile: list[tuple[str, int, float, float]] = dataclasses.field(default_factory=list)
    mkdocs_profile: list[tuple[str, int, float, float]] = dataclasses.field(default_factory=list)
    zensical_stats: SiteStats | None = None  # the site Zensical wrote, when it is installed
    zh_stats: SiteStats | None = None  # the site of the Chinese edition alone (--no-editions: not built)
    bench_seconds: float = 0.0
    code: str = ""  # the snapshot measured: commit, uncommitted changes, digest
    code_changed: bool = False  # the working tree's code differed from the snapshot at the end


# --------------------------------------------------------------------------- profiles


def _stats(path: Path) -> dict[tuple[str, int, str], tuple[Any, ...]]:
    return pstats.Stats(str(path)).stats  # type: ignore[attr-defined, no-any-return]


def top_generator(path: Path, count: int = 15) -> list[tuple[str, int, float, float]]:
    """The generator's functions with the most cumulative time: (name, calls, own s, cumulative s)."""
    rows = [(f"{Path(file).stem}.{func}", int(calls), float(own), float(cum))
            for (file, _, func), (_, calls, own, cum, _) in _stats(path).items()
            if f"{os.sep}generator{os.sep}" in file and func != "generate"]
    return sorted(rows, key=lambda r: -r[3])[:count]


def mkdocs_stages(path: Path) -> list[tuple[str, int, float, float]]:
    stats = _stats(path)
    found = []
    for ending, function, label in MKDOCS_STAGES:
        for (file, _, func), (_, calls, own, cum, _) in stats.items():
            if func == function and file.endswith(ending):
                found.append((label, int(calls), float(own), float(cum)))
                break
    return found


# --------------------------------------------------------------------------- machine and code


def _first(path: str, key: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return "?"
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "?")


def code_line(results: Results, chinese: bool = False) -> str:
    if chinese:
        later = "；测量期间工作目录中的代码有改动，本节结果不反映这些改动" if results.code_changed else ""
        return f"测量开始时的代码快照（{results.code}）{later}"
    later = "; the working tree's code changed during the run (not measured)" if results.code_changed else ""
    return f"snapshot taken at the start, {results.code}{later}"


def machine() -> str:
    kib = int(_first("/proc/meminfo", "MemTotal").split()[0] or 0)
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return (f"{_first('/proc/cpuinfo', 'model name')}, {len(os.sched_getaffinity(0))} CPUs, "
            f"{kib / 1024**2:.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, {versions}")


# --------------------------------------------------------------------------- targets


def _need(results: Results) -> tuple[SiteStats, Change]:
    if results.stats is None or results.change is None:
        raise ValueError("the national project was not measured")
    return results.stats, results.change


def chart_rate(results: Results) -> float:
    return float(results.cold["rendered"]) / max(float(results.cold["chart_seconds"]), 1e-9)


def targets(results: Results) -> list[Target]:
    stats, change = _need(results)
    runs = results.runs
    ratio = runs["rebuild"].seconds / runs["bare"].seconds
    page, biggest = stats.pages[0]
    national = [r for k, r in runs.items() if not k.startswith("profile")]
    largest = max(r.peak_kib for r in national) * 1024
    tree = max(r.tree_kib for r in national) * 1024
    pss = max(r.tree_pss_kib for r in national) * 1024
    return [
        Target("chart throughput >= 50 charts/s", "图表渲染速度 ≥ 50 张/秒",
               f"{chart_rate(results):,.1f} charts/s ({results.cold['rendered']:,} charts)", chart_rate(results) >= 50),
        Target("cold national build <= 5 min", "全国规模冷构建 ≤ 5 分钟",
               f"{runs['cold'].seconds / 60:.1f} min", runs["cold"].seconds <= 300),
        Target("no-change rebuild <= 1.1x bare mkdocs build", "无改动重建 ≤ 裸 mkdocs 构建的 1.1 倍",
               f"{runs['rebuild'].seconds:.0f} s / {runs['bare'].seconds:.0f} s = {ratio:.2f}x (CPU time: "
               f"{runs['rebuild'].cpu_seconds / runs['bare'].cpu_seconds:.2f}x)", ratio <= 1.1),
        *engine_targets(results),
        Target("one-row change re-renders only the changed charts", "改一行数据只重绘数据变了的图表",
               f"{change.rendered} rendered, {len(change.changed)} SVG changed (expected 1: {change.expected})",
               change.ok),
        Target("<= 100 KB of HTML per page", "每页 HTML ≤ 100 KB",
               f"max {biggest / KB:,.0f} KB ({page}); mean {stats.mean_page / KB:,.1f} KB; "
               f"{stats.over(100 * KB):,} of {len(stats.pages):,} pages over", biggest <= 100 * KB),
        Target("peak memory <= 2 GiB", "峰值内存 ≤ 2 GiB",
               f"process tree {pss / GIB:.2f} GiB (sum of PSS); largest process {largest / GIB:.2f} GiB; "
               f"sum of RSS {tree / GIB:.2f} GiB (counts pages shared by forked processes once per process)",
               pss <= 2 * GIB),
        Target("search index <= 10 MB, each language", "每种语言的搜索索引 ≤ 10 MB",
               f"Chinese {stats.search_index / MB:,.1f} MB, English {stats.search_index_en / MB:,.1f} MB",
               max(stats.search_index, stats.search_index_en) <= 10 * MB),
        *edition_targets(results),
    ]


def edition_targets(results: Results) -> list[Target]:
    """The English edition's cost: the bilingual cold build against the Chinese edition's alone."""
    runs = results.runs
    if "cold-zh" not in runs:
        return []
    ratio = runs["cold"].seconds / runs["cold-zh"].seconds
    return [Target("bilingual cold build <= 2x the Chinese edition's alone", "双语冷构建 ≤ 仅中文冷构建的 2 倍",
                   f"{runs['cold'].seconds:.0f} s / {runs['cold-zh'].seconds:.0f} s = {ratio:.2f}x", ratio <= 2)]


def engine_targets(results: Results) -> list[Target]:
    runs = results.runs
    if "zensical" not in runs or "zensical-bare" not in runs:
        return []
    ratio = runs["zensical"].seconds / runs["zensical-bare"].seconds
    return [Target("Zensical: jiekun build (no data change) <= 1.1x bare Zensical build",
                   "Zensical：jiekun 构建（数据未变）≤ 裸 Zensical 构建的 1.1 倍",
                   f"{runs['zensical'].seconds:.0f} s / {runs['zensical-bare'].seconds:.0f} s = {ratio:.2f}x",
                   ratio <= 1.1)]


def engines_table(results: Results) -> str:
    """mkdocs-material and Zensical on the same staged national source: pages, bytes, time."""
    stats, runs, other = results.stats, results.runs, results.zensical_stats
    if stats is None or other is None:
        return "Zensical is not installed here: no comparison."
    lines = ["| engine | HTML pages | whole site | bare engine build (s) | jiekun build, no data change (s) |",
             "|---|---:|---:|---:|---:|"]
    for name, st, bare, full in (("mkdocs-material", stats, "bare", "rebuild"),
                                 ("Zensical", other, "zensical-bare", "zensical")):
        lines.append(f"| {name} | {len(st.pages):,} | {st.total_bytes / MB:,.0f} MB | {runs[bare].seconds:,.1f} "
                     f"| {runs[full].seconds:,.1f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Markdown


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def runs_table(results: Results) -> str:
    lines = ["| run | seconds | CPU seconds | load | peak RSS, largest process (MiB) "
             "| peak PSS, process tree (MiB) | peak RSS, process tree (MiB) | charts rendered |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for run in [*results.repo_runs, *results.runs.values()]:
        charts = "" if run.charts_rendered is None else f"{run.charts_rendered:,}"
        lines.append(f"| {run.name} | {run.seconds:,.1f} | {run.cpu_seconds:,.1f} | {run.load:.1f} "
                     f"| {_mib(run.peak_kib)} | {_mib(run.tree_pss_kib)} | {_mib(run.tree_kib)} | {charts} |")
    return "\n".join(lines)


def split_table(results: Results) -> str:
    cold, warm, runs = results.cold, results.warm, results.runs
    rows = [("validation (inside generate)", cold["seconds"]["validate"], warm["seconds"]["validate"]),
            ("pages and downloads", cold["seconds"]["pages"], warm["seconds"]["pages"]),
            ("charts (render or copy from cache)", cold["seconds"]["charts"], warm["seconds"]["charts"]),
            ("generate() in its process, total", cold["total"], warm["total"]),
            ("validation before the builder starts (as the jiekun validate process)", runs["validate"].seconds,
             runs["validate"].seconds),
            ("generate() process, wall clock (with imports)", runs["cold-probe"].seconds, runs["warm-probe"].seconds),
            ("jiekun build (cold / one-row change)", runs["cold"].seconds, runs["change"].seconds),
            ("bare mkdocs build of the staged folder (both editions)", runs["bare"].seconds, runs["bare"].seconds),
            ("jiekun build minus generate() process", runs["cold"].seconds - runs["cold-probe"].seconds,
             runs["change"].seconds - runs["warm-probe"].seconds)]
    lines = ["| seconds | cold (empty cache) | warm: every page rewritten, charts from the cache |", "|---|---:|---:|"]
    lines += [f"| {label} | {a:,.1f} | {b:,.1f} |" for label, a, b in rows]
    lines.append(f"| charts rendered / cached | {cold['rendered']:,} / {cold['cached']:,} "
                 f"| {warm['rendered']:,} / {warm['cached']:,} |")
    return "\n".join(lines)


def site_table(results: Results) -> str:
    stats, _ = _need(results)
    pages, runs = len(stats.pages), results.runs
    rows = [("HTML pages", f"{pages:,}"),
            ("Markdown pages generated / files generated", f"{results.cold['pages']:,} / {results.cold['files']:,}"),
            ("time per page, cold jiekun build", f"{1000 * runs['cold'].seconds / pages:,.1f} ms"),
            ("time per page, no-change rebuild", f"{1000 * runs['rebuild'].seconds / pages:,.1f} ms"),
            ("time per page, bare mkdocs build", f"{1000 * runs['bare'].seconds / pages:,.1f} ms"),
            ("HTML per page, mean / max", f"{stats.mean_page / KB:,.1f} KB / {stats.pages[0][1] / KB:,.1f} KB"),
            ("pages over 100 KB", f"{stats.over(100 * KB):,}"),
            ("search index, Chinese / English (search/index.json, en/search/index.json)",
             f"{stats.search_index / MB:,.1f} MB / {stats.search_index_en / MB:,.1f} MB"),
            ("pages in the search index / mean and largest entry",
             f"{stats.search.pages:,} / {stats.search_index / max(1, stats.search.pages) / KB:,.1f} KB and "
             f"{stats.search.largest / KB:,.1f} KB (`{stats.search.largest_page}`)"),
            ("whole site", f"{stats.total_bytes / MB:,.0f} MB in {stats.files:,} files")]
    lines = ["| measure | value |", "|---|---:|", *[f"| {a} | {b} |" for a, b in rows], "",
             "| largest pages | HTML |", "|---|---:|"]
    lines += [f"| `{path}` | {size / KB:,.1f} KB |" for path, size in stats.pages[:5]]
    sections: dict[str, list[int]] = {}
    for path, size in stats.pages:
        sections.setdefault(path.split("/")[0] + "/" if "/" in path else "(top level)", []).append(size)
    lines += ["", "| section | pages | mean HTML | largest |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {len(sizes):,} | {sum(sizes) / len(sizes) / KB:,.1f} KB | {max(sizes) / KB:,.1f} KB |"
              for name, sizes in sorted(sections.items(), key=lambda kv: -sum(kv[1]))]
    return "\n".join(lines)


def targets_table(items: list[Target], chinese: bool = False) -> str:
    head = "| 目标 | 实测 | 结论 |" if chinese else "| target | measured | verdict |"
    lines = [head, "|---|---|---|"]
    for t in items:
        verdict = ("达到" if t.ok else "**未达到**") if chinese else ("met" if t.ok else "**not met**")
        lines.append(f"| {t.name_zh if chinese else t.name} | {t.measured} | {verdict} |")
    return "\n".join(lines)


def profile_tables(results: Results) -> str:
    if not results.generate_profile:
        return "Not profiled (--no-profile)."
    lines = ["`generate()` on the national project with every chart cached, under cProfile "
             "(the generator's functions with the most cumulative time):", "",
             "| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    lines += [f"| `{name}` | {calls:,} | {own:,.2f} | {cum:,.2f} |" for name, calls, own, cum in
              results.generate_profile]
    lines += ["", "The bare mkdocs build under cProfile, by stage:", "",
              "| stage | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {calls:,} | {own:,.2f} | {cum:,.2f} |" for name, calls, own, cum in results.mkdocs_profile]
    return "\n".join(lines)


def shown(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)


def project_line(results: Results) -> str:
    p = results.project
    if p is None:
        return ""
    return (f"Synthetic national project (`{shown(p.root)}`, scale {results.scale:g}): 31 provinces and "
            f"{p.regions:,} prefectures and counties, {p.figures:,} figures, {p.breakdowns:,} breakdowns, "
            f"{p.cases:,} case studies; {p.charts:,} charts expected (5 histories and 3 breakdowns a region); "
            f"written in {results.synth_seconds:.1f} s.")


def repo_line(results: Results) -> str:
    if not results.repo_runs or results.repo_stats is None:
        return "The repository's own site was not built (--skip-repository)."
    cold, warm = results.repo_runs
    return (f"Repository site (a copy of the project files in `bench/out/site-repo/`): cold `jiekun build` "
            f"{cold.seconds:.1f} s ({cold.charts_rendered} charts rendered), warm {warm.seconds:.1f} s; "
            f"{len(results.repo_stats.pages)} HTML pages, {results.repo_stats.total_bytes / MB:.1f} MB.")


def load_note(results: Results) -> str:
    """A warning when other processes competed for the CPUs during the runs."""
    cpus = len(os.sched_getaffinity(0))
    runs = [*results.repo_runs, *results.runs.values()]
    busiest = max((r.load for r in runs), default=0.0)
    if busiest <= cpus:
        return f"The 1-minute load average stayed at or below {busiest:.1f} on {cpus} CPUs."
    return (f"The 1-minute load average reached {busiest:.1f} on {cpus} CPUs: other processes were running, so "
            "wall-clock times include waiting for a CPU; CPU seconds (user + system of the whole process tree) "
            "are less affected.")


def render_results(results: Results) -> str:
    c = results.change
    change = "" if c is None else (
        f"One-row change: `{c.figure}` raised by one. Charts rendered: {c.rendered}; SVGs that changed: "
        f"{', '.join(f'`{s}`' for s in c.changed) or 'none'}; expected `{c.expected}` only.")
    parts = ["# Site build benchmark", "",
             f"Command: `{results.command}` ({results.bench_seconds / 60:.0f} min in all).", "",
             f"Machine: {machine()}.", "", f"Code: {code_line(results)}.", "",
             project_line(results), "", repo_line(results), "",
             "## Runs", "", runs_table(results), "", load_note(results), "",
             "## Generation and builder", "", split_table(results), "",
             "## The national site", "", site_table(results), "",
             "## Engines", "", engines_table(results), "",
             "## Targets", "", targets_table(targets(results)), "", change, "",
             "## Where the time goes", "", profile_tables(results), ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- docs/performance.md
