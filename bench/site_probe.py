"""Helper process of the site benchmark (run by ``bench/site_measure.py``, not by hand).

``site_probe.py generate ROOT OUT CACHE [--profile FILE] [--regenerate]`` runs
:func:`jiekun.site.generate.generate` alone and prints its stats as one JSON line: pages,
files, charts rendered and cached, and the seconds of each stage (validate, pages, charts).

``site_probe.py engine NAME STAGED OUT`` is the bare engine build: the engine adapter
(:data:`jiekun.pipeline.engines.ENGINES`) builds every edition of a staged folder (its
``mkdocs.yml`` and, when there, the English edition's ``mkdocs.en.yml``) into ``OUT``, as
``jiekun build`` has it do (both at once where the engine allows), with nothing before or after.

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


def run_engine(name: str, staged: Path, out: Path) -> dict[str, object]:
    """The engine alone on a folder staged for it, as ``jiekun build`` runs it (for an engine that
    cannot take every file, the finished files staged beside the source are linked in, as there)."""
    from jiekun.pipeline.editions import CONFIG_EN, DOCS_EN, SITE_EN
    from jiekun.pipeline.engines import ENGINES
    from jiekun.pipeline.stage import DOCS, aside_folder

    staged, out = staged.resolve(), out.resolve()
    start = time.perf_counter()
    jobs = [(staged / "mkdocs.yml", out, "site")]
    finished = {staged / "mkdocs.yml": aside_folder(staged, DOCS)}
    if (staged / CONFIG_EN).is_file():
        jobs.append((staged / CONFIG_EN, out.with_name(out.name + "-en"), SITE_EN))
        finished[staged / CONFIG_EN] = aside_folder(staged, DOCS_EN)
    ENGINES[name].build_all(jobs, {}, finished)
    return {"editions": len(jobs), "total": time.perf_counter() - start}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="helper process of bench/site_bench.py")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    for name in ("root", "out", "cache"):
        gen.add_argument(name, type=Path)
    gen.add_argument("--profile", type=Path)
    gen.add_argument("--regenerate", action="store_true", help="ignore the stamp of the last run")
    eng = sub.add_parser("engine")
    eng.add_argument("name")
    eng.add_argument("staged", type=Path)
    eng.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "engine":
        print(json.dumps(run_engine(args.name, args.staged, args.out)))
        return 0
    result = run_generate(args.root, args.out, args.cache, args.profile, args.regenerate)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
