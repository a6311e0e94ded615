"""Temporary build folders: each build's own, under a lock, and the leftovers of killed builds.

A build that is killed leaves its temporary folder (``.site.building-PID``) behind; the next
build removes the leftovers of builds that are no longer running (:func:`remove_leftovers`).
Whether a build still runs is told by a lock, not by its process id: each build holds an
exclusive ``flock`` on ``.site.building-PID.lock`` from before its folder exists until it is
gone, and the kernel releases that lock when the process dies however it dies.  A process id
alone could be reused by an unrelated process, which would keep a dead build's folder forever.
A leftover with no lock file (made before locks were used) is removed when its process is gone
or its folder has not changed for a day.  Windows has no ``flock``: there a leftover is removed
only once it has not changed for a day (a build never runs that long).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LEFTOVER = re.compile(r"(?:building|old)-(?P<pid>[0-9]+)(?P<lock>\.lock)?")
STALE_SECONDS = 24 * 3600  # a leftover without a lock file, untouched this long, is no build's


def _lock(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.building-{pid}.lock")


def _unlocked(lock: Path) -> int | None:
    """An open descriptor holding ``lock``'s flock when no running build holds it, else None."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    return True


def _gone(pid: int, paths: list[Path]) -> bool:
    """Whether the build ``pid`` left ``paths`` and no longer runs (see the module's docstring)."""
    if pid == os.getpid():
        return True  # an earlier build of this process; this process builds one site at a time
    if fcntl is None:  # no locks to ask, and no safe way to ask whether a process runs
        return time.time() - max((p.lstat().st_mtime for p in paths if p.exists()), default=0.0) > STALE_SECONDS
    lock = next((p for p in paths if p.name.endswith(".lock")), None)
    if lock is not None:
        fd = _unlocked(lock)
        if fd is None:
            return False
        os.close(fd)
        return True
    newest = max((p.lstat().st_mtime for p in paths if p.exists()), default=0.0)
    return not _alive(pid) or time.time() - newest > STALE_SECONDS


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the temporary folders (and lock files) of builds of ``target`` that no longer run;
    return what was removed.  Never touches those of a build still running."""
    found: dict[int, list[Path]] = {}
    prefix = f".{target.name}."
    for path in target.parent.glob(f"{glob.escape(prefix)}*"):
        match = LEFTOVER.fullmatch(path.name[len(prefix):])
        if match:
            found.setdefault(int(match["pid"]), []).append(path)
    removed: list[Path] = []
    for pid, paths in sorted(found.items()):
        if not _gone(pid, paths):
            continue
        for path in sorted(paths, key=lambda p: p.name.endswith(".lock")):  # the lock file last
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def claim(target: Path) -> tuple[Path, int]:
    """This build's temporary folder (not yet made) and the descriptor holding its lock."""
    lock = _lock(target, os.getpid())
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    return target.with_name(f".{target.name}.building-{os.getpid()}"), fd


def release(target: Path, work: Path, fd: int) -> None:
    """Remove this build's temporary folder (if still there) and its lock file; release the lock."""
    shutil.rmtree(work, ignore_errors=True)
    _lock(target, os.getpid()).unlink(missing_ok=True)
    os.close(fd)


#: run by a short-lived process: start the remover detached from this one and exit, so that
#: this process waits for no child of its own still running (nor warns of one at its exit)
LAUNCH = """import subprocess, sys
options = {"start_new_session": True}
if sys.platform == "win32":
    options = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
subprocess.Popen([sys.executable, "-I", "-S", "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                  sys.argv[1]], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 **options)
"""


def remove_in_background(folder: Path) -> None:
    """Remove ``folder`` in a process of its own that may outlive this one (a national site's
    old copy, some 230,000 files, takes tens of seconds to delete).  If that process cannot be
    started, the folder is removed here.  A folder whose removal did not finish (the machine
    stopped) is a leftover: its name holds this build's process id, and a later build removes
    it once this process is gone."""
    try:
        subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCH, str(folder)], stdin=subprocess.DEVNULL,
                       capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(folder, ignore_errors=True)
