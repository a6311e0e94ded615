"""Run one step of a long job in a child process, so that the memory it used goes back to the system.

CPython rarely returns freed memory: after the site model, the tables and the page rendering
are freed, a national build's process still holds some 450 MiB while the engine's processes run
beside it.  :func:`apart` runs a function in a forked child and returns its result (or raises its
exception) in the caller; when the child ends, all its memory is released.

It forks only on Linux, and only while every other thread of the process is one known to survive
a fork: the allocators' housekeeping threads that polars, pyarrow and numpy start when imported.
A Python thread, or a thread pool a library has started (polars starts its pool on first use,
and a child forked after that hangs in its first query), means the function runs in this
process, as it does on Windows and macOS.  The child inherits everything, open terminals
included, so progress lines and bars print as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends


class ChildError(RuntimeError):
    """The child failed in a way that cannot be passed back as it is (it was killed, or its
    exception does not pickle); the message holds what is known, its traceback included."""


#: names (as the kernel shows them) of the threads a fork may leave behind besides those named
#: as the process is (the main thread, and OpenBLAS's, which keep the name of the program:
#: "python", or "jiekun" for the console script): jemalloc's background threads, polars'
#: spill-file cleaner
FORK_SAFE_THREADS = frozenset({"jemalloc_bg_thd", "polars-ooc-clea"})


def can_fork() -> bool:
    """True where :func:`apart` forks: Linux, one Python thread, no other thread but the known ones."""
    if sys.platform != "linux" or threading.active_count() != 1:
        return False
    try:
        program = Path("/proc/self/comm").read_text(encoding="utf-8", errors="replace").strip()
        names = {(task / "comm").read_text(encoding="utf-8", errors="replace").strip()
                 for task in Path("/proc/self/task").iterdir()}
    except OSError:
        return False
    return names <= FORK_SAFE_THREADS | {program}


def apart(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``function(*args, **kwargs)``, run in a forked child where that is safe (see the module notes)."""
    if not can_fork():
        return function(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, function, args, kwargs, os.getpid()))
    child.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = None
    finally:
        receive.close()
        child.join()
    if outcome is None:
        raise ChildError(f"the child process running {function.__name__} ended without a result "
                         f"(exit code {child.exitcode})")
    done, value = outcome
    if done:
        return value  # type: ignore[no-any-return]
    raise value


def _child(send: Connection, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           parent: int) -> None:
    _end_with(parent)
    outcome: tuple[bool, Any]
    try:
        outcome = (True, function(*args, **kwargs))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
        where = traceback.format_exc()
        if _pickles(exc):
            exc.add_note(f"(raised in a child process)\n{where}")
            outcome = (False, exc)
        else:
            outcome = (False, ChildError(where))
    # the parent may be gone or interrupted (Ctrl-C reaches both): no traceback for a closed pipe
    with contextlib.suppress(OSError):
        send.send(outcome)
        send.close()


def _end_with(parent: int) -> None:
    """Ask the kernel to stop this child when its parent ends (a killed ``jiekun build`` leaves no
    child writing on: the next build removes what it left, as after any killed build)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _pickles(exc: BaseException) -> bool:
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure means: send the text instead
        return False
    return type(copy) is type(exc)
