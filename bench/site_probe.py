"""Helper process of the site benchmark (run by ``bench/site_measure.py``, not by hand).

``site_probe.py generate ROOT OUT CACHE [--profile FILE] [--regenerate]`` runs
:func:`jiekun.site.generate.generate` alone and prints its stats as one JSON line: pages,
files, charts rendered and cached, and the seconds of each stage (validate, pages, charts).

``generator`` is whatever ``PYTHONPATH`` (the benchmark's snapshot of the code) or the
editable install provides: this script does not put the repository on ``sys.path``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from jiekun.site import stamp
from jiekun.site.generate import Generated, generate


def run_generate(root: Path, out: Path, cache: Path, profile: Path | None, regenerate: bool) -> dict[str, object]:
    if regenerate:
        stamp.clear(out)  # as after a data change: every page written again, charts from the cache
    start = time.perf_counter()
    result: list[Generated] = []
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: result.append(generate(root, out, cache)))
        profiler.dump_stats(profile)
    else:
        result.append(generate(root, out, cache))
    done = result[0]
    return {"pages": done.pages, "files": done.files, "rendered": done.charts.rendered,
            "cached": done.charts.cached, "chart_seconds": done.charts.seconds, "seconds": done.seconds,
            "total": time.perf_counter() - start, "fresh": done.fresh,
            "module": sys.modules[generate.__module__].__file__}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="helper process of bench/site_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    for name in ("root", "out", "cache"):
        gen.add_argument(name, type=Path)
    gen.add_argument("--profile", type=Path)
    gen.add_argument("--regenerate", action="store_true", help="ignore the stamp of the last run")
    args = parser.parse_args(argv)
    result = run_generate(args.root, args.out, args.cache, args.profile, args.regenerate)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
