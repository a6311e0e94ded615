"""Where a long run is: a line per stage, and a bar for the long loops (pages, charts).

The pipeline reports through a :class:`Progress`; it never prints itself.  The CLI chooses:
bars on a terminal, one plain line per stage when the output is a log (CI), nothing with
``--quiet``.  A tick is a number of items done.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator

Tick = Callable[[int], None]


def _nothing(_: object) -> None:
    return None


@contextlib.contextmanager
def _no_bar(label: str, total: int) -> Iterator[Tick]:
    yield _nothing


@dataclasses.dataclass(frozen=True)
class Progress:
    """``say`` prints a stage's line; ``bar(label, total)`` is a context giving a tick."""

    say: Callable[[str], None] = _nothing
    bar: Callable[[str, int], contextlib.AbstractContextManager[Tick]] = _no_bar


QUIET = Progress()


def bounded(tick: Tick, total: int) -> Tick:
    """A tick that never counts past ``total`` (page counts are estimated before they are made)."""
    done = [0]

    def step(n: int) -> None:
        n = max(0, min(n, total - done[0]))
        done[0] += n
        if n:
            tick(n)

    return step
