"""Worker pools: the one way jiekun runs a task over batches in several processes.

Workers are forked where that is safe: a pool of two starts in about 0.1 s, against 0.6 s for
``forkserver`` on its first use (0.05 s after) and 0.7 s for ``spawn`` on every call
(``bench/chart_bench.py``); forked workers share the caller's memory (the site model, compiled
templates) until they write to it; and a caller's script needs no ``if __name__ == "__main__"``
guard.  Forking is used on Linux only, and only while the process runs one Python thread: a
process running threads (``mkdocs serve``, a test runner's) can deadlock in a forked child, and
Python 3.12+ warns of it.  Elsewhere workers come from ``forkserver`` (other POSIX systems) or
``spawn`` (Windows, which has no fork), and the main script then needs the guard.

The workers of a pool only run the task they are given (draw charts, render pages, index a
site); that is why a pool may fork where :func:`jiekun.core.apart.apart`, whose child goes on
with any work (queries of the polars tables among them), does not: it also refuses the threads
that polars and pyarrow start.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

B = TypeVar("B")
R = TypeVar("R")
#: a start method to use whatever the process ("fork", "forkserver", "spawn": for a benchmark or
#: a test); None: chosen as the module notes say
METHOD: str | None = None


def start_context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    """The start method of a pool (see the module notes); ``preload``: modules a ``forkserver``
    imports once, for all the workers it starts (matplotlib, for the chart workers)."""
    if METHOD is None and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    method = METHOD or ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    context = multiprocessing.get_context(method)
    if method == "forkserver" and preload:
        context.set_forkserver_preload(list(preload))
    return context


def pooled(task: Callable[[B], R], batches: list[B], workers: int, meanwhile: Callable[[], None] = lambda: None,
           tasks_per_worker: int | None = None, preload: tuple[str, ...] = ()) -> Iterator[R]:
    """``task`` of each batch, in a pool of at most ``workers`` processes, in the order they finish;
    ``meanwhile`` runs here while the workers start.  ``tasks_per_worker``: a worker that has done
    this many is replaced by a fresh one (forked workers share this process's memory until they
    touch it; a fresh one starts sharing again).  ``preload``: see :func:`start_context`."""
    with start_context(preload).Pool(min(workers, len(batches)), maxtasksperchild=tasks_per_worker) as pool:
        done = pool.imap_unordered(task, batches)
        meanwhile()
        yield from done
