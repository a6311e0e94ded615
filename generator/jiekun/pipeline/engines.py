"""The site engines: thin adapters that build (or serve) a staged source folder.

Everything jiekun adds to a site is in the staged folder (see :mod:`jiekun.pipeline.stage`); an
engine only turns it into HTML.  Each adapter knows its command line and its limits, nothing
else: mkdocs-material (the default) and Zensical, its makers' successor, which reads the same
``mkdocs.yml`` but runs no MkDocs hooks.

Zensical 0.0.73 stops for good, idle, right after "Build started" when its source folder holds
more than about 63,000 files (measured: 63,150 built, 63,400 did not; the kind of file does not
matter).  A national site has some 112,000 per edition, most of them finished files the engine
only copies: chart pages, embed views and chart images.  For an engine with ``copies_all=False``
the stage puts those files beside the source folder, not in it
(:func:`jiekun.pipeline.stage.aside_folder`); after the build they are hard-linked into the site
it wrote (``finished``, given by the caller), and the live preview serves them itself
(:mod:`jiekun.pipeline.preview`).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
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
    copies_all: bool = True  # False: finished files are staged aside and linked into its site (see above)

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
                  finished: Mapping[Path, Path] | None = None) -> None:
        """Build several staged configurations (config, out, site_dir), at once where the engine
        allows it (each run is a process of its own; one core builds one edition).  ``finished``:
        for a configuration, the folder of the files staged beside its source, linked into its site."""
        self._require()
        for batch in [jobs] if self.concurrent else [[job] for job in jobs]:
            self._run(batch, env)
            for config, out, _site_dir in batch:
                if finished and config in finished:
                    link_tree(finished[config], out)

    def _run(self, batch: list[tuple[Path, Path, str]], env: dict[str, str]) -> None:
        running = [(job, self._start(job, env)) for job in batch]
        failures = []
        for job, process in running:
            try:
                self._finish(job, process)
            except EngineError as exc:
                failures.append(exc.output)
        if failures:
            raise EngineError("\n".join(failures))

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


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file under ``source`` (if it exists) to the same place under ``target``
    (copied where the two are on different file systems)."""
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
