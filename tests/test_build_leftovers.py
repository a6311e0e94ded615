"""A killed build's temporary folder is removed by the next build; a running build's never is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, make_project
from jiekun.pipeline.build import build
from jiekun.pipeline.leftovers import remove_leftovers
from test_build import site_project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no flock on Windows: leftovers go after a day")

HOLD = "import sys, time; from pathlib import Path; from jiekun.pipeline.leftovers import claim; " \
       "work, fd = claim(Path(sys.argv[1])); work.mkdir(); (work / 'index.html').write_text('x'); " \
       "print('ready', flush=True); time.sleep(600)"


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def running_build(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A live process that holds a build's lock and folder for ``tmp_path/site``, as a build does."""
    proc = _python(HOLD, str(tmp_path / "site"))
    assert proc.stdout and proc.stdout.readline().strip() == "ready"
    yield proc
    _stop(proc)


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if proc.stdout:
        proc.stdout.close()


def _dead_pid() -> int:
    proc = _python("pass")
    proc.communicate()
    return proc.pid


def _leftover(parent: Path, name: str) -> Path:
    folder = parent / name
    (folder / "assets").mkdir(parents=True)
    (folder / "assets/big.bin").write_bytes(b"x" * 1000)
    return folder


def test_running_build_is_kept_and_removed_once_it_is_gone(tmp_path: Path,
                                                           running_build: subprocess.Popen[str]) -> None:
    work = tmp_path / f".site.building-{running_build.pid}"
    assert work.is_dir() and work.with_name(work.name + ".lock").is_file()
    assert remove_leftovers(tmp_path / "site") == []
    assert (work / "index.html").is_file()
    _stop(running_build)
    assert remove_leftovers(tmp_path / "site") == [work, work.with_name(work.name + ".lock")]
    assert sorted(tmp_path.iterdir()) == []


def test_dead_process_leftovers_go_and_other_files_stay(tmp_path: Path) -> None:
    pid = _dead_pid()
    gone = [_leftover(tmp_path, f".site.building-{pid}"), _leftover(tmp_path, f".site.old-{pid}")]
    kept = [_leftover(tmp_path, ".site.building-x1"), _leftover(tmp_path, f".other.building-{pid}"),
            _leftover(tmp_path, "site")]
    assert sorted(remove_leftovers(tmp_path / "site")) == sorted(gone)
    assert sorted(tmp_path.iterdir()) == sorted(kept)


def test_a_reused_pid_does_not_keep_a_dead_build_folder(tmp_path: Path,
                                                        running_build: subprocess.Popen[str]) -> None:
    """The lock file of a dead build whose PID now belongs to another live process is free: removed."""
    other = _python("import time; print('ready', flush=True); time.sleep(600)")
    try:
        assert other.stdout and other.stdout.readline().strip() == "ready"
        dead = _leftover(tmp_path, f".site.building-{other.pid}")
        dead.with_name(dead.name + ".lock").write_text("")  # the lock of a build that was killed
        assert remove_leftovers(tmp_path / "site") == [dead, dead.with_name(dead.name + ".lock")]
    finally:
        _stop(other)
    assert (tmp_path / f".site.building-{running_build.pid}").is_dir()  # the running one stays


def test_leftover_without_lock_of_a_live_pid_goes_only_when_stale(tmp_path: Path) -> None:
    """A folder made before builds took a lock: kept while its PID lives, unless untouched for a day."""
    other = _python("import time; print('ready', flush=True); time.sleep(600)")
    try:
        assert other.stdout and other.stdout.readline().strip() == "ready"
        folder = _leftover(tmp_path, f".site.old-{other.pid}")
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
        assert remove_leftovers(tmp_path / "site") == []
        os.utime(folder, (time.time() - 2 * 86400, time.time() - 2 * 86400))
        assert remove_leftovers(tmp_path / "site") == [folder]
    finally:
        _stop(other)


def test_killed_build_leaves_a_folder_the_next_build_removes(tmp_path: Path) -> None:
    project = site_project(make_project(tmp_path / "project"))
    killed = subprocess.Popen([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                              cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = project / f".site.building-{killed.pid}"
    deadline = time.monotonic() + 120
    while not work.is_dir() and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.05)
    os.killpg(killed.pid, signal.SIGKILL)  # the build and the builder it started
    killed.wait()
    assert work.is_dir(), "the build was killed before it made its folder"
    site = build(project)
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
