"""The site engines: thin adapters that build (or serve) a staged source folder.

Everything jiekun adds to a site is in the staged folder (see :mod:`jiekun.pipeline.stage`); an
engine only turns it into HTML.  Each adapter knows its command line and its limits, nothing
else: mkdocs-material (the default) and Zensical, its makers' successor, which reads the same
``mkdocs.yml`` but runs no MkDocs hooks.

Zensical 0.0.73 stops for good, idle, right after "Build started" when its source folder holds
more than about 63,000 files (measured: 63,150 built, 63,400 did not; the kind of file does not
matter).  A national site has some 112,000 per edition, most of them finished files the engine
only copies: chart pages, embed views and chart images.  So an engine with ``copies_all=False``
is built with those folders (``finished``, given by the caller) set aside, outside its source
folder, and they are hard-linked into the site it wrote; they come back when it is done.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


class EngineError(Exception):
    """The engine failed or is not installed; ``output`` holds what it printed."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


@dataclasses.dataclass(frozen=True)
class Engine:
    name: str
    module: str  # the Python module that provides it (run as ``python -m``)
    build_args: tuple[str, ...]
    serve_args: tuple[str, ...]
    site_dir_option: bool  # True: the output folder is given on the command line
    concurrent: bool  # True: two configurations of one folder may be built at the same time
    source_relative_html: bool  # True: reads raw HTML addresses relative to the Markdown file (rawurls)
    copies_all: bool = True  # False: finished files are set aside and linked into its site (see above)

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def _require(self) -> None:
        if not self.available():
            raise EngineError(f"the {self.name} engine is not installed: pip install 'jiekun[{self.name}]'")

    def build(self, config: Path, out: Path, env: dict[str, str], site_dir: str = "site") -> None:
        """Build the staged source of ``config`` into the new folder ``out`` (``site_dir``: the
        configuration's output folder, for an engine that takes none on its command line)."""
        self.build_all([(config, out, site_dir)], env)

    def build_all(self, jobs: list[tuple[Path, Path, str]], env: dict[str, str],
                  finished: Mapping[Path, tuple[Path, tuple[str, ...]]] | None = None) -> None:
        """Build several staged configurations (config, out, site_dir), at once where the engine
        allows it (each run is a process of its own; one core builds one edition).  ``finished``:
        for a configuration, its source folder and the folders in it that the engine only copies."""
        self._require()
        asides = {} if self.copies_all else finished or {}
        for batch in [jobs] if self.concurrent else [[job] for job in jobs]:
            self._run(batch, env, {job[0]: asides.get(job[0], (job[0].parent, ())) for job in batch})

    def _run(self, batch: list[tuple[Path, Path, str]], env: dict[str, str],
             asides: dict[Path, tuple[Path, tuple[str, ...]]]) -> None:
        with ExitStack() as stack:
            kept = [stack.enter_context(set_aside(*asides[job[0]])) for job in batch]
            running = [(job, self._start(job, env)) for job in batch]
            failures = []
            for job, process in running:
                try:
                    self._finish(job, process)
                except EngineError as exc:
                    failures.append(exc.output)
            if failures:
                raise EngineError("\n".join(failures))
            for job, aside in zip(batch, kept, strict=True):
                link_tree(aside, job[1])

    def _start(self, job: tuple[Path, Path, str], env: dict[str, str]) -> subprocess.Popen[str]:
        config, out, _site_dir = job
        args = [sys.executable, "-m", self.module, *self.build_args, "-f", str(config)]
        if self.site_dir_option:
            args += ["--site-dir", str(out)]
        return subprocess.Popen(args, cwd=config.parent, env=os.environ | env | QUIET, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def _finish(self, job: tuple[Path, Path, str], process: subprocess.Popen[str]) -> None:
        config, out, site_dir = job
        output, _unused = process.communicate()
        built = out if self.site_dir_option else config.parent / site_dir
        if process.returncode != 0 or not (built / "index.html").is_file():
            raise EngineError((output or "").strip() or f"{self.name} wrote no index.html")
        if built != out:
            shutil.rmtree(out, ignore_errors=True)
            built.rename(out)

    def serve(self, config: Path, address: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start the engine's live-preview server on the staged source; the caller stops it."""
        self._require()
        args = [sys.executable, "-m", self.module, *self.serve_args, "-f", str(config)]
        return subprocess.Popen([*args, "--dev-addr", address], cwd=config.parent, env=os.environ | env | QUIET)


@contextmanager
def set_aside(source: Path, names: tuple[str, ...]) -> Iterator[Path]:
    """Move the folders ``names`` of ``source`` to a hidden folder beside it for the time of the
    block, which gets that folder; they are moved back at its end, however it ends.  A folder
    left aside by a run that was killed is moved back first."""
    aside = source.with_name(f".{source.name}-aside")
    _put_back(aside, source)
    if not names:
        yield aside  # nothing there: nothing to link
        return
    aside.mkdir()
    for name in names:
        if (source / name).is_dir():
            (source / name).rename(aside / name)
    try:
        yield aside
    finally:
        _put_back(aside, source)


def _put_back(aside: Path, source: Path) -> None:
    if not aside.is_dir():
        return
    for entry in aside.iterdir():
        if (source / entry.name).exists():
            shutil.rmtree(entry)  # the stage wrote it again since
        else:
            entry.rename(source / entry.name)
    aside.rmdir()


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file under ``source`` to the same place under ``target`` (copied where the
    two are on different file systems)."""
    for folder, _dirs, names in os.walk(source):
        into = Path(target, os.path.relpath(folder, source))
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(f"{folder}/{name}", into / name)
            except OSError:
                shutil.copy2(f"{folder}/{name}", into / name)


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", ("build", "--strict", "--quiet"), ("serve", "--livereload"),
                     site_dir_option=True, concurrent=True, source_relative_html=False),
    "zensical": Engine("zensical", "zensical", ("build", "--strict", "--clean"), ("serve",),
                       site_dir_option=False, concurrent=False, source_relative_html=True, copies_all=False),
}
DEFAULT = "mkdocs"
