"""The site engines: thin adapters that build (or serve) a staged source folder.

Everything jiekun adds to a site is in the staged folder (see :mod:`jiekun.pipeline.stage`); an
engine only turns it into HTML.  Each adapter knows its command line and nothing else:
mkdocs-material (the default) and Zensical, its makers' successor, which reads the same
``mkdocs.yml`` but runs no MkDocs hooks.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
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

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def _require(self) -> None:
        if not self.available():
            raise EngineError(f"the {self.name} engine is not installed: pip install 'jiekun[{self.name}]'")

    def build(self, config: Path, out: Path, env: dict[str, str], site_dir: str = "site") -> None:
        """Build the staged source of ``config`` into the new folder ``out`` (``site_dir``: the
        configuration's output folder, for an engine that takes none on its command line)."""
        self._require()
        args = [sys.executable, "-m", self.module, *self.build_args, "-f", str(config)]
        if self.site_dir_option:
            args += ["--site-dir", str(out)]
        done = subprocess.run(args, cwd=config.parent, env=os.environ | env | QUIET, capture_output=True,
                              text=True, check=False)
        built = out if self.site_dir_option else config.parent / site_dir
        if done.returncode != 0 or not (built / "index.html").is_file():
            raise EngineError((done.stdout + done.stderr).strip() or f"{self.name} wrote no index.html")
        if built != out:
            shutil.rmtree(out, ignore_errors=True)
            built.rename(out)

    def serve(self, config: Path, address: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start the engine's live-preview server on the staged source; the caller stops it."""
        self._require()
        args = [sys.executable, "-m", self.module, *self.serve_args, "-f", str(config)]
        return subprocess.Popen([*args, "--dev-addr", address], cwd=config.parent, env=os.environ | env | QUIET)


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", ("build", "--strict", "--quiet"), ("serve", "--livereload"), True),
    "zensical": Engine("zensical", "zensical", ("build", "--strict", "--clean"), ("serve",), False),
}
DEFAULT = "mkdocs"
