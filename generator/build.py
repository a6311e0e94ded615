"""Stage 5: build the site into a folder, never leaving a half-written site in its place.

The builder is a command (mkdocs-material today, see :data:`BUILDER`): it runs in a fresh
temporary folder next to the target, and only a successful build replaces the target, by
rename.  Invalid data stops the build before the builder starts; the old site stays as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .issues import DataError
from .sourcedate import build_environment
from .validate import validate

#: the site builder: a command that builds the project's site into the folder given last
BUILDER = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir"]
SERVER = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr"]


class BuildError(Exception):
    """The site builder failed; ``output`` holds what it printed."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(root: Path | str = ".", site_dir: Path | str | None = None) -> Path:
    """Validate the data, build the site into ``site_dir`` (default ``root/site``) and return it.

    Raises DataError (data invalid) or BuildError (builder failed); in both cases the
    previous ``site_dir`` is untouched.
    """
    root = Path(root).resolve()
    target = Path(site_dir).resolve() if site_dir else root / "site"
    report = validate(root)
    if not report.ok():
        raise DataError(report)
    work = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = build_environment(root, os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path})
    done = subprocess.run([*BUILDER, str(work)], cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (work / "index.html").is_file():
        shutil.rmtree(work, ignore_errors=True)
        raise BuildError((done.stdout + done.stderr).strip())
    _swap(work, target)
    return target


def serve(root: Path | str = ".", address: str = "127.0.0.1:8000") -> int:
    """Live preview: rebuilds when a file under datasets/, schemas/ or docs/ changes.  Returns
    the server's exit status, as a shell gives it (128 + the signal that stopped it: 143 for SIGTERM)."""
    root = Path(root).resolve()
    server = subprocess.Popen([*SERVER, address, "--livereload"], cwd=root)
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())  # never leave it running
    try:
        code = server.wait()
    except KeyboardInterrupt:
        server.terminate()
        code = server.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 128 - code if code < 0 else code  # Popen gives -N for a child stopped by signal N
