"""Benchmark the chart stage: ``jiekun.charts.charts.render_all`` on N synthetic charts.

Builds N specs like the site's (half history lines of 2-10 periods, half breakdowns of 3-8
categories, about one figure in eight a lower bound or approximation), then times
``render_all`` cold (empty cache: every chart rendered) and warm (every chart copied from
the cache), and prints a Markdown table: charts/s, ms/chart, SVG bytes/chart and peak
resident memory of this process and of the largest worker.  The table is also written to
``bench/out/charts/results.md``.

This is a benchmark, not a test: ``.venv/bin/python bench/chart_bench.py`` (2,000 charts),
``--count 25000`` for the site's scale, ``--start-method spawn`` to compare start methods.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "generator"))

from jiekun.charts.charts import ChartSpec, Point, RenderStats, render_all  # noqa: E402
from jiekun.core import pools  # noqa: E402

OUT = REPO / "bench" / "out" / "charts"
SEED = 20261125
CATEGORIES = ("因病致困", "因残致困", "因学致困", "因灾致困", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金",
              "交通条件落后", "自身发展动力不足", "其他原因")
UNITS = ("户", "元", "人次", "人", "个")
QUALIFIERS = ("exact",) * 21 + ("more-than", "about", "nearly")


def synthetic_specs(count: int, seed: int = SEED) -> list[ChartSpec]:
    """``count`` specs, alternately history and breakdown, reproducible from ``seed``."""
    rng = random.Random(seed)
    return [history(rng, i) if i % 2 == 0 else breakdown(rng, i) for i in range(count)]


def figure(rng: random.Random, percent: bool) -> float:
    if percent:
        return round(rng.uniform(40, 100), 2)
    return float(rng.choice((rng.randint(1, 9999), rng.randint(10_000, 9_999_999), rng.randint(10**8, 10**10))))


def history(rng: random.Random, index: int) -> ChartSpec:
    percent = rng.random() < 0.25
    count = rng.randint(2, 10)
    monthly = rng.random() < 0.3
    periods = [f"2020-{m:02d}" for m in range(1, count + 1)] if monthly else [str(2011 + y) for y in range(count)]
    points = tuple(Point(p, figure(rng, percent), rng.choice(QUALIFIERS)) for p in periods)
    unit = "%" if percent else rng.choice(UNITS)
    return ChartSpec(f"history-{index}", "history", f"第{index}号指标历年变化", unit, percent, points)


def breakdown(rng: random.Random, index: int) -> ChartSpec:
    percent = rng.random() < 0.25
    labels = rng.sample(CATEGORIES, rng.randint(3, 8))
    points = tuple(Point(label, figure(rng, percent), rng.choice(QUALIFIERS)) for label in labels)
    unit = "%" if percent else rng.choice(UNITS)
    return ChartSpec(f"breakdown-{index}", "breakdown", f"第{index}号指标按致贫原因分", unit, percent, points)


@dataclass
class Run:
    name: str
    charts: int
    stats: RenderStats
    cpu: float  # seconds of CPU, this process and its workers
    svg_bytes: int

    def row(self, parent_mb: float, worker_mb: float) -> str:
        rate = self.charts / self.stats.seconds
        return (f"| {self.name} | {self.charts:,} | {self.stats.rendered:,} | {self.stats.cached:,} "
                f"| {self.stats.seconds:.2f} | {rate:,.0f} | {1000 / rate:.2f} | {1000 * self.cpu / self.charts:.2f} "
                f"| {self.svg_bytes / self.charts:,.0f} | {parent_mb:.0f} | {worker_mb:.0f} |")


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (forked or spawned workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(name: str, specs: Sequence[ChartSpec], out: Path, workers: int) -> Run:
    cpu = cpu_seconds()
    stats = render_all(specs, out / "site", out / "cache", workers=workers)
    cpu = cpu_seconds() - cpu
    size = sum(path.stat().st_size for path in (out / "site").glob("*.svg"))
    print(f"{name}: {stats}, {cpu:.1f} s CPU", file=sys.stderr)
    return Run(name, len(specs), stats, cpu, size)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def table(runs: Sequence[Run], args: argparse.Namespace) -> str:
    parent, worker = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    head = [
        f"Charts: {args.count:,} synthetic specs, {args.workers} worker(s), start method {args.start_method}; "
        f"Python {platform.python_version()}, matplotlib {metadata.version('matplotlib')}, "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} CPUs, load average {os.getloadavg()[0]:.1f} "
        "(CPU ms/chart counts workers' time and is the figure to compare on a busy machine; "
        "worker CPU and RSS are not seen under forkserver).",
        "",
        "| run | charts | rendered | cached | seconds | charts/s | ms/chart | CPU ms/chart | SVG bytes/chart "
        "| peak RSS, main (MB) | peak RSS, worker (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    return "\n".join(head + [run.row(parent, worker) for run in runs]) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=2000, help="number of charts (the site: 25000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (1: render in this process)")
    parser.add_argument("--start-method", choices=("fork", "forkserver", "spawn"), default="fork")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVGs, CSVs and cache (emptied)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pools.METHOD = args.start_method
    specs = synthetic_specs(args.count)
    shutil.rmtree(args.out, ignore_errors=True)
    runs = [timed("cold (empty cache)", specs, args.out, args.workers),
            timed("warm (all cached)", specs, args.out, args.workers)]
    text = table(runs, args)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
