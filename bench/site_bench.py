"""Benchmark the whole site build: the repository's site and a synthetic national project.

Measured, each as its own process (wall clock and peak memory, see ``bench/site_measure.py``):

1. the repository's own site (a copy of its project files in ``bench/out/site-repo/``, so the
   working ``site/`` and ``build/`` are left alone): ``jiekun build`` cold (empty chart
   cache) and warm;
2. a synthetic national project (``bench/site_synth.py``, about 3,200 regions, 232,000
   figures, 25,800 charts, 2,000 case studies; Chinese and English editions) in
   ``bench/out/site-national/``: ``jiekun validate --strict``; ``jiekun build`` cold (no
   ``build/``), then again with no change; a bare engine build of the staged folder that
   ``jiekun build`` handed its engine, both editions as jiekun builds them (the builder alone);
   ``generate()`` alone, warm and cold (in separate folders), for the split between
   validation, pages and charts; a rebuild after a one-row change, counting the charts
   rendered again; with Zensical installed, ``jiekun build --engine zensical`` and a bare
   Zensical build; and (``--no-editions`` skips it) a cold build of a copy with the Chinese
   edition only.  Optionally (default on) ``generate()`` and the bare mkdocs build of the
   Chinese edition run once more under cProfile.

Every command imports ``generator`` and the mkdocs hook from a snapshot of the code taken
at the start (``PYTHONPATH``), so edits made during the run do not mix versions.  The
results (Markdown, with a verdict per target) go to ``bench/out/site-results.md`` and
stdout; ``--write-docs`` also replaces the ``site-bench`` section of ``docs/performance.md``.

This is a benchmark, not a test: ``.venv/bin/python bench/site_bench.py`` (full scale, about
half an hour on two cores), ``--scale 0.1`` for a quick run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import site_measure as sm  # noqa: E402
from bench.edition_bench import chinese_only  # noqa: E402
from bench.site_docs import write_docs  # noqa: E402
from bench.site_report import Change, Results, mkdocs_stages, render_results, top_generator  # noqa: E402
from bench.site_synth import copy_config, make_project, one_row_change  # noqa: E402

OUT = REPO / "bench" / "out"


def bench_repository(out: Path, results: Results, code: Path) -> None:
    root = out / "site-repo"
    print(f"repository site ({root})", file=sys.stderr, flush=True)
    sm.copy_repository_project(root, code)
    cache = root / "build" / "cache" / "charts"
    cold = sm.jiekun_build("repository: jiekun build, cold", root)
    cold.charts_rendered = len(sm.cache_entries(cache))
    before = sm.cache_entries(cache)
    warm = sm.jiekun_build("repository: jiekun build, warm", root)
    warm.charts_rendered = len(sm.cache_entries(cache) - before)
    results.repo_runs = [cold, warm]
    results.repo_stats = sm.site_stats(root / "site")


def bench_national(out: Path, results: Results, profile: bool, code: Path, editions: bool = True) -> None:
    root = out / "site-national"
    print(f"synthetic national project ({root}, scale {results.scale:g})", file=sys.stderr, flush=True)
    start = time.perf_counter()
    results.project = make_project(root, results.scale, code=code)
    results.synth_seconds = time.perf_counter() - start
    results.runs["validate"] = sm.timed("national: jiekun validate --strict",
                                       [sm.BIN / "jiekun", "validate", "--strict", "--root", root])
    cache, generated = root / "build" / "cache" / "charts", root / "build" / "generated"
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    cold = results.runs["cold"] = sm.jiekun_build("national: jiekun build, cold", root)
    cold.charts_rendered = len(sm.cache_entries(cache))
    results.stats = sm.site_stats(root / "site")
    before = sm.cache_entries(cache)
    again = results.runs["rebuild"] = sm.jiekun_build("national: jiekun build, no change", root)
    again.charts_rendered = len(sm.cache_entries(cache) - before)
    config = sm.bare_project(root, out / "site-national-bare")
    results.runs["bare"] = sm.engine_build("national: bare mkdocs build (both editions)", "mkdocs", config)
    results.runs["warm-probe"], results.warm = sm.probe("national: generate(), warm", root, generated, cache,
                                                          regenerate=True)
    probe_dir = root / "build" / "probe"
    shutil.rmtree(probe_dir, ignore_errors=True)
    results.runs["cold-probe"], results.cold = sm.probe("national: generate(), cold", root, probe_dir / "generated",
                                                        probe_dir / "cache")
    shutil.rmtree(probe_dir, ignore_errors=True)
    bench_change(root, results)
    if profile:
        bench_profiles(root, out, config, results)
    if sm.engine_available("zensical"):
        bench_zensical(root, out, results)
    if editions:
        bench_chinese_only(root, out, results)


def bench_chinese_only(root: Path, out: Path, results: Results) -> None:
    """The same project with its Chinese edition only (``extra.edition_en`` removed from its
    mkdocs.yml), built cold: what the English edition adds to a cold build."""
    zh = out / "site-national-zh"
    shutil.rmtree(zh, ignore_errors=True)
    shutil.copytree(root, zh, ignore=shutil.ignore_patterns("build", "site"))
    chinese_only(zh / "mkdocs.yml")
    results.runs["cold-zh"] = sm.jiekun_build("national, Chinese edition only: jiekun build, cold", zh)
    results.zh_stats = sm.site_stats(zh / "site")


def bench_zensical(root: Path, out: Path, results: Results) -> None:
    """The same project with the other engine: ``jiekun build --engine zensical`` (the generated
    folder is current, so this is the stage and the engine) and a bare Zensical build of the
    staged folder; the site it writes, for the comparison of pages and bytes."""
    run = results.runs["zensical"] = sm.jiekun_build("national: jiekun build --engine zensical, no data change",
                                                     root, engine="zensical")
    run.charts_rendered = 0
    results.zensical_stats = sm.site_stats(root / "site")
    config = sm.bare_project(root, out / "site-national-bare-zensical")
    results.runs["zensical-bare"] = sm.engine_build("national: bare Zensical build (both editions)", "zensical",
                                                    config)


def bench_change(root: Path, results: Results) -> None:
    cache, charts = root / "build" / "cache" / "charts", root / "build" / "generated" / "charts"
    before, digests = sm.cache_entries(cache), sm.svg_digests(charts)
    figure, slug = one_row_change(root)
    run = results.runs["change"] = sm.jiekun_build("national: jiekun build, one-row change", root)
    run.charts_rendered = len(sm.cache_entries(cache) - before)
    after = sm.svg_digests(charts)
    changed = sorted(name for name in after.keys() | digests.keys() if after.get(name) != digests.get(name))
    results.change = Change(figure, slug, run.charts_rendered, changed)


def bench_profiles(root: Path, out: Path, config: Path, results: Results) -> None:
    prof = out / "site-profiles"
    prof.mkdir(parents=True, exist_ok=True)
    cache, generated = root / "build" / "cache" / "charts", root / "build" / "generated"
    results.runs["profile-generate"], _ = sm.probe("national: generate(), warm, under cProfile", root, generated,
                                                   cache, prof / "generate.prof", regenerate=True)
    results.generate_profile = top_generator(prof / "generate.prof")
    results.runs["profile-mkdocs"] = sm.mkdocs_build("national: bare mkdocs build, Chinese edition, under cProfile",
                                                     config, config.parent / "site-profiled", prof / "mkdocs.prof")
    results.mkdocs_profile = mkdocs_stages(prof / "mkdocs.prof")
    shutil.rmtree(config.parent / "site-profiled", ignore_errors=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the national project: 1 = 3,200 regions and 2,000 cases, 0.1 = a tenth")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip the cProfile runs of generate() and of the bare mkdocs build")
    parser.add_argument("--no-editions", dest="editions", action="store_false",
                        help="skip the cold build of the Chinese edition alone (for the English edition's cost)")
    parser.add_argument("--skip-repository", dest="repository", action="store_false",
                        help="do not build the repository's own site")
    parser.add_argument("--out", type=Path, default=OUT, help="work folder (default bench/out)")
    parser.add_argument("--write-docs", action="store_true",
                        help="replace the site-bench section of docs/performance.md with the results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    results = Results(command=" ".join([".venv/bin/python", "bench/site_bench.py", *shown]), scale=args.scale)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    code = Path(tempfile.mkdtemp(prefix="jiekun-site-bench-code-"))
    try:
        results.code = sm.snapshot_code(code)
        if args.repository:
            bench_repository(args.out, results, code)
        bench_national(args.out, results, args.profile, code, args.editions)
        results.code_changed = sm.code_digest(code) != sm.code_digest(REPO)
    finally:
        shutil.rmtree(code, ignore_errors=True)
        for project in (args.out / "site-repo", args.out / "site-national"):
            if (project / "mkdocs.yml").is_file():
                copy_config(project)  # hooks back to the repository's: the snapshot is gone
    results.bench_seconds = time.perf_counter() - started
    text = render_results(results)
    (args.out / "site-results.md").write_text(text, encoding="utf-8")
    print(text)
    if args.write_docs:
        print(f"wrote {write_docs(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
