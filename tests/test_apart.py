"""jiekun.core.apart: a step run in a forked child gives back its result, its errors, and its memory.

Each scenario runs in a fresh interpreter: this test process has usually started polars' thread
pool already, and then apart() rightly refuses to fork."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="apart() forks on Linux only")

SCENARIOS = textwrap.dedent('''
    import ctypes, json, os, threading
    from pathlib import Path
    # named as the console script names its process (threads started from now on take that name):
    # with only "python" allowed, the real `jiekun build` never forked
    ctypes.CDLL(None).prctl(15, b"jiekun", 0, 0, 0)  # PR_SET_NAME
    from jiekun.core.apart import ChildError, apart, can_fork
    from jiekun.core.issues import DataError, Issue, Report
    import jiekun.pipeline.build  # everything the build imports (polars, pyarrow, numpy, matplotlib)

    KEPT = []  # what a step leaves behind: a cache, an interned name, a module-level table

    def rss():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    def where(n):
        return os.getpid(), n * 2

    def big(n):
        rows = [str(i) * 8 for i in range(n)]  # some 100 bytes an entry
        KEPT.extend(rows[::64])  # one in 64 outlives the step and pins the memory pages around it
        return len(rows)

    def invalid():
        raise DataError(Report([Issue("datasets/x/data/figures.csv", 3, "value", "type-error", "not a number")]))

    class Unpicklable(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a} {b}")

    def odd():
        raise Unpicklable("two", "arguments")

    def killed():
        os._exit(3)

    def failure(function):
        try:
            apart(function)
        except BaseException as exc:
            return type(exc).__name__, str(exc), getattr(exc, "report", None) and [
                [i.code, i.file, i.line, i.field] for i in exc.report.errors]

    out = {"can_fork": can_fork(), "pid": os.getpid(), "where": apart(where, 21)}
    before = rss()
    out["big"] = apart(big, 2_000_000)
    out["grown_apart"], out["kept_apart"] = rss() - before, len(KEPT)
    big(2_000_000)
    out["grown_here"] = rss() - before
    out["invalid"], out["odd"], out["killed"] = failure(invalid), failure(odd), failure(killed)
    import polars as pl
    pl.DataFrame({"a": [1, 2]}).select(pl.col("a").sum())  # starts polars' thread pool
    out["can_fork_after_polars"], out["where_after_polars"] = can_fork(), apart(where, 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    out["can_fork_with_a_thread"] = can_fork()
    stop.set()
    thread.join()
    print(json.dumps(out))
''')


@pytest.fixture(scope="module")
def seen() -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", SCENARIOS], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_result_comes_back_from_another_process(seen: dict[str, Any]) -> None:
    assert seen["can_fork"]
    pid, doubled = seen["where"]
    assert doubled == 42
    assert pid != seen["pid"]


def test_the_memory_of_the_step_is_not_kept(seen: dict[str, Any]) -> None:
    assert seen["big"] == 2_000_000
    assert seen["kept_apart"] == 0  # the child's leftovers went with it
    assert seen["grown_apart"] < 30
    assert seen["grown_here"] > 60  # the same step run here keeps most of its memory


def test_a_data_error_comes_back_with_its_report(seen: dict[str, Any]) -> None:
    name, message, issues = seen["invalid"]
    assert name == "DataError"
    assert issues == [["type-error", "datasets/x/data/figures.csv", 3, "value"]]
    assert "figures.csv:3: value: not a number" in message


def test_an_error_that_cannot_travel_comes_back_as_text_with_its_traceback(seen: dict[str, Any]) -> None:
    name, message, _ = seen["odd"]
    assert name == "ChildError"
    assert "Traceback" in message
    assert "in odd" in message
    assert "Unpicklable: two arguments" in message


def test_a_child_that_dies_is_an_error_with_its_exit_code(seen: dict[str, Any]) -> None:
    name, message, _ = seen["killed"]
    assert name == "ChildError"
    assert "exit code 3" in message


def test_after_polars_started_its_thread_pool_the_step_runs_here(seen: dict[str, Any]) -> None:
    # a child forked then hangs in its first polars query (found by test_uptodate, with the
    # pool started by earlier tests)
    assert not seen["can_fork_after_polars"]
    assert seen["where_after_polars"][0] == seen["pid"]


def test_with_a_python_thread_running_it_does_not_fork(seen: dict[str, Any]) -> None:
    assert not seen["can_fork_with_a_thread"]


def test_a_child_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f'''
        import os, time
        from pathlib import Path
        from jiekun.core.apart import apart
        def slow():
            Path({str(pid_file)!r}).write_text(str(os.getpid()))
            time.sleep(120)
        apart(slow)
    ''')
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(300):
            if pid_file.is_file() and pid_file.read_text():
                break
            time.sleep(0.05)
        child = int(pid_file.read_text())
        assert child != parent.pid
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        for _ in range(100):
            if not Path(f"/proc/{child}").exists() or "Z" in _state(child):
                break
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the child outlived its parent"
    finally:
        parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
