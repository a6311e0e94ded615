"""The region pages written by forked workers are the pages written in this process, all of them.

The scenario runs in a fresh interpreter: the workers fork only where no other thread runs, and
by this point the pytest process usually runs some (a test's server), so here it would never fork.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

SCENARIO = textwrap.dedent("""
    import functools, hashlib, json, sys
    from pathlib import Path
    from jiekun.core.pools import start_context
    from jiekun.site import regionpages
    from jiekun.site.generate import load

    assert start_context().get_start_method() == "fork", "a fresh interpreter must fork"
    site, _ = load(Path(sys.argv[1]))
    regionpages.CHUNK, regionpages.POOL_MIN = 2, 2
    pools, calls, real = [], [], regionpages.pooled

    def counted(task, chunks, workers, meanwhile, tasks_per_worker=None):
        pools.append(len(chunks))
        return real(task, chunks, workers, meanwhile, 2)  # fresh workers along the way too

    regionpages.pooled = counted
    out = {"regions": len(site.regions), "pools": pools, "calls": calls, "trees": {}, "ticks": {}, "listed": {}}
    for workers in (1, 2):
        folder, ticks = Path(sys.argv[2]) / f"w{workers}", []
        regions = regionpages.Regions.of(site, folder, "https://example.org/site/", english=True)
        written = regionpages.write_regions(regions, workers, functools.partial(calls.append, workers), ticks.append)
        files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        out["listed"][workers] = sorted(written) == files
        out["ticks"][workers] = sum(ticks)
        out["trees"][workers] = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in files}
        out["charts"] = sum(len(specs) for specs in regions.charts.values())
    print(json.dumps(out))
""")


def test_region_pages_by_workers_are_those_made_here(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCENARIO, str(REPO), str(tmp_path)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["pools"] == [(out["regions"] + 1) // 2]  # the second run went through the pool, in chunks of two
    assert out["calls"] == [1, 2]  # the other pages' writer ran once in each
    assert out["listed"] == {"1": True, "2": True}  # every file written is reported, and only those
    assert out["ticks"] == {"1": out["regions"], "2": out["regions"]}
    trees = out["trees"]
    assert trees["1"] == trees["2"]
    assert {"regions/530000.md", "en/regions/530000.md"} <= trees["2"].keys()
    pages = [name for name in trees["2"] if name.startswith(("chart/", "en/chart/"))]
    embeds = [name for name in trees["2"] if name.startswith(("embed/", "en/embed/"))]
    assert len(pages) == len(embeds) == 2 * out["charts"] > 0  # every chart of each edition has its page and embed
