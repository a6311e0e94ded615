"""Measuring tools of the site benchmark: timed child processes, process-tree memory, site sizes.

Each measured command runs as its own process under ``/usr/bin/time -f "%e %M"``: wall clock
and the peak resident memory of the largest single process of its tree (GNU time reports the
largest of the process and the descendants it waited for).  A thread also samples the summed
resident memory of the whole tree (the process, mkdocs, the chart workers) every 0.2 s: an
upper bound, since forked workers share pages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jiekun.pipeline.searchindex import INDEX

from bench.site_synth import copy_config

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
PYTHON = BIN / "python"
TIME_BIN = Path("/usr/bin/time")
PROBE = REPO / "bench" / "site_probe.py"
#: environment of every measured command; use_code() adds PYTHONPATH (the code snapshot)
ENV = {"NO_MKDOCS_2_WARNING": "1"}
KB, MB = 1000, 1000**2



@dataclasses.dataclass
class Run:
    name: str
    seconds: float
    peak_kib: int  # largest single process (GNU time %M)
    tree_kib: int  # summed RSS of the process tree, sampled (counts a page shared by n processes n times)
    output: str
    cpu_seconds: float = 0.0  # user + system time of the process tree
    load: float = 0.0  # highest 1-minute load average seen at the start or the end
    charts_rendered: int | None = None
    note: str = ""
    tree_pss_kib: int = 0  # summed PSS of the process tree, sampled: each shared page split among its sharers


class TreeSampler(threading.Thread):
    """Polls the summed VmRSS and PSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib, self.peak_pss_kib = pid, interval, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            pids = tree_pids(self.pid)
            self.peak_kib = max(self.peak_kib, sum(rss_kib(p) for p in pids))
            self.peak_pss_kib = max(self.peak_pss_kib, sum(pss_kib(p) for p in pids))

    def stop(self) -> tuple[int, int]:
        self.done.set()
        self.join()
        return self.peak_kib, self.peak_pss_kib


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _parent(pid: str) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _kib(path: str, key: str) -> int:
    """The ``key:`` line (in KiB) of a /proc file, 0 if the process is gone."""
    try:
        text = Path(path).read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(key)), 0)


def rss_kib(pid: int) -> int:
    return _kib(f"/proc/{pid}/status", "VmRSS:")


def pss_kib(pid: int) -> int:
    return _kib(f"/proc/{pid}/smaps_rollup", "Pss:")


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (ppid := _parent(entry.name)) is not None:
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def timed(name: str, cmd: Sequence[str | Path], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` under /usr/bin/time; raise RuntimeError (with its output) if it fails."""
    print(f"  {name}: {' '.join(map(str, cmd))}", file=sys.stderr, flush=True)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        full = [str(TIME_BIN), "-f", "%e %M %U %S", "-o", out.name, *map(str, cmd)]
        load = load_average()
        child = subprocess.Popen(full, cwd=cwd, env=os.environ | ENV | (env or {}), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        sampler = TreeSampler(child.pid)
        sampler.start()
        output, _ = child.communicate()
        tree, pss = sampler.stop()
        line = [x for x in Path(out.name).read_text().splitlines() if x.strip()][-1]
    if child.returncode != 0:
        raise RuntimeError(f"{name} failed (exit {child.returncode}):\n{output[-4000:]}")
    seconds, kib, user, system = line.split()
    run = Run(name, float(seconds), int(kib), tree, output, float(user) + float(system), max(load, load_average()),
              tree_pss_kib=pss)
    print(f"    {run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s, load {run.load:.1f}), peak "
          f"{run.peak_kib / 1024:,.0f} MiB (tree RSS {tree / 1024:,.0f} MiB, PSS {pss / 1024:,.0f} MiB)",
          file=sys.stderr, flush=True)
    return run


# --------------------------------------------------------------------------- the code measured


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def code_digest(root: Path) -> str:
    """sha256 (12 hex digits) of ``root``'s generator/ files, by relative path."""
    digest = hashlib.sha256()
    for path in sorted(p for p in (root / "generator").rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot_code(dest: Path) -> str:
    """Copy the repository's generator/ (the jiekun package's source folder) into ``dest`` and make
    every measured command import it from there (PYTHONPATH), so that edits made while the benchmark runs do not
    mix versions.  ``dest`` must be outside ``bench/`` (mypy checks bench/).  Returns a
    description of the code: commit, uncommitted changes, digest."""
    shutil.copytree(REPO / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(dest / "generator"), os.environ.get("PYTHONPATH")]))
    dirty = " with uncommitted changes" if _git("status", "--porcelain", "generator") else ""
    return f"commit {_git('rev-parse', '--short', 'HEAD')}{dirty}, generator digest {code_digest(dest)}"


# --------------------------------------------------------------------------- builds and probes


def jiekun_build(name: str, root: Path, engine: str = "mkdocs") -> Run:
    return timed(name, [BIN / "jiekun", "build", "--quiet", "--root", root, "--engine", engine], cwd=root)


def probe(name: str, root: Path, out: Path, cache: Path, profile: Path | None = None,
          regenerate: bool = False) -> tuple[Run, dict[str, Any]]:
    """``jiekun.site.generate.generate`` alone, in its own process; its stats as a dict."""
    extra = (["--profile", str(profile)] if profile else []) + (["--regenerate"] if regenerate else [])
    run = timed(name, [PYTHON, PROBE, "generate", root, out, cache, *extra])
    stats: dict[str, Any] = json.loads(run.output.strip().splitlines()[-1])
    snapshot = ENV.get("PYTHONPATH", "").split(os.pathsep)[0]
    if snapshot and not str(stats["module"]).startswith(snapshot):
        raise RuntimeError(f"{name} imported {stats['module']}, not the snapshot in {snapshot}")
    return run, stats


def bare_project(root: Path, dest: Path) -> Path:
    """A copy of the staged source the last ``jiekun build`` of ``root`` handed its engine (every
    page expanded and generated, no hook); returns its mkdocs.yml, for a bare engine build."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(root / "build" / "staged", dest, ignore=shutil.ignore_patterns("site", "build"))
    return dest / "mkdocs.yml"


def engine_available(module: str) -> bool:
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True, check=False).returncode == 0


def engine_build(name: str, engine: str, config: Path) -> Run:
    """A bare build of a staged folder by the engine alone: every edition (the Chinese and, when
    staged, the English), at once where the engine allows, as ``jiekun build`` has it do
    (``site_probe.py engine``); into ``site/`` and ``site-en/`` beside the staged folder."""
    out = config.parent.parent / f"{config.parent.name}-site"
    for folder in (out, out.with_name(out.name + "-en")):
        shutil.rmtree(folder, ignore_errors=True)
    return timed(name, [PYTHON, PROBE, "engine", engine, config.parent, out], cwd=config.parent)


def mkdocs_build(name: str, config: Path, site: Path, profile: Path | None = None) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    head = [PYTHON, "-m", "cProfile", "-o", profile] if profile else [PYTHON]
    return timed(name, [*head, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config, "--site-dir", site],
                 cwd=config.parent)


# --------------------------------------------------------------------------- what a build left


def cache_entries(cache: Path) -> set[str]:
    return {p.name for p in cache.glob("*.svg")} if cache.is_dir() else set()


def svg_digests(charts: Path) -> dict[str, str]:
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in charts.glob("*.svg")}


@dataclasses.dataclass
class SearchStats:
    pages: int  # pages in the site's search index (generator/jiekun/pipeline/searchindex.py)
    largest: int  # bytes of the largest page entry
    largest_page: str


def search_stats(path: Path) -> SearchStats:
    if not path.is_file():
        return SearchStats(0, 0, "")
    pages = json.loads(path.read_bytes()).get("pages", [])
    sizes = sorted(((len(json.dumps(p, ensure_ascii=False).encode()), p[0]) for p in pages), reverse=True)
    return SearchStats(len(pages), *(sizes[0] if sizes else (0, "")))


@dataclasses.dataclass
class SiteStats:
    files: int
    total_bytes: int
    pages: list[tuple[str, int]]  # (page URL path, HTML bytes), largest first
    search_index: int
    search: SearchStats
    search_index_en: int = 0  # the English edition's (en/search/index.json), when there is one

    @property
    def mean_page(self) -> float:
        return sum(size for _, size in self.pages) / max(1, len(self.pages))

    def over(self, limit: int) -> int:
        return sum(1 for _, size in self.pages if size > limit)


def site_stats(site: Path) -> SiteStats:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(((p.relative_to(site).as_posix(), p.stat().st_size) for p in files if p.suffix == ".html"),
                   key=lambda item: (-item[1], item[0]))
    index, index_en = site / INDEX, site / "en" / INDEX
    return SiteStats(len(files), sum(p.stat().st_size for p in files), pages,
                     index.stat().st_size if index.is_file() else 0, search_stats(index),
                     index_en.stat().st_size if index_en.is_file() else 0)


def copy_repository_project(dest: Path, code: Path = REPO) -> None:
    """The repository's project files (not its build/ or site/), so the bench leaves those alone."""
    shutil.rmtree(dest, ignore_errors=True)
    for name in ("schemas", "docs", "datasets"):
        shutil.copytree(REPO / name, dest / name)
    copy_config(dest, code)
