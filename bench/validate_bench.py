"""Benchmark ``jiekun validate`` against ``frictionless validate`` on synthetic projects.

For each size it builds, under ``bench/out/``, a copy of the project whose
``datasets/outcomes/outcomes.csv`` holds N synthetic rows that are valid against the
Table Schema and the cross-table rules (``<N>/``), and a copy of that with about 1,000
injected faults (``<N>-faults/``) (``bench/validate_synth.py``).  It then times both
validators as separate processes (wall clock, CPU time and peak resident memory of the
child, ``bench/validate_run.py``), checks that jiekun reports every error frictionless
reports on the faulty copy, on the same line (``bench/validate_compare.py``), profiles
jiekun once on the largest clean and faulty projects, and prints a Markdown report (also written to
``bench/out/results.md``; with ``--write-docs``, its section of ``docs/performance.md``
is rewritten, ``bench/validate_report.py``).

This is a benchmark, not a test: run it with ``.venv/bin/python bench/validate_bench.py``
(about ten minutes on two cores: frictionless takes about a minute per run at 1,000,000
rows); ``--sizes 10000,100000 --repeat 1`` for a quick run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.validate_compare import compare, verify_row_numbers  # noqa: E402
from bench.validate_report import DOCS, Results, render_results, write_docs  # noqa: E402
from bench.validate_run import assert_valid, check_clean, measure, profile_stages  # noqa: E402
from bench.validate_synth import OUT, Reference, build, data_rows, load_reference  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


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
    parser.add_argument("--write-docs", action="store_true",
                        help="rewrite the validate-bench section of docs/performance.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    results = Results(command=" ".join([".venv/bin/python", "bench/validate_bench.py", *shown]),
                      load=[os.getloadavg()[0]])
    OUT.mkdir(parents=True, exist_ok=True)
    results.rownumber_note = verify_row_numbers()
    ref = load_reference()
    for size in sorted(args.sizes):
        bench_size(size, args, ref, results)
    bench_repository(args, results)
    results.stage_rows = max(args.sizes)
    results.stages = {label: profile_stages(OUT / f"{results.stage_rows}{suffix}")
                      for label, suffix in (("clean", ""), ("faults", "-faults"))}
    results.load.append(os.getloadavg()[0])
    text = render_results(results)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    if args.write_docs:
        print(f"wrote {write_docs(results, DOCS).relative_to(REPO)}")
    return 1 if any(c.missed for c in results.comparisons) else 0


if __name__ == "__main__":
    sys.exit(main())
