"""What a long build prints: bars on a terminal, a line per stage in a log, nothing with --quiet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_project
from jiekun.cli import main, reporter
from jiekun.core.progress import QUIET, bounded
from test_build import site_project


def test_bounded_tick_never_counts_past_its_total() -> None:
    seen: list[int] = []
    step = bounded(seen.append, 3)
    for n in (1, 1, 5, 1):
        step(n)
    assert seen == [1, 1, 1]


def test_reporter_chooses_by_terminal_and_quiet() -> None:
    assert reporter(True, True) is QUIET
    assert reporter(False, False).bar is QUIET.bar  # a log: lines only
    assert reporter(False, True).bar is not QUIET.bar


def test_a_log_gets_one_line_per_stage(tmp_path: Path) -> None:
    project = site_project(make_project(tmp_path / "project"))
    # a process of its own: the lines of the stages run in a forked child (jiekun.core.apart) reach
    # the real standard error, which CliRunner's capture in this process would not see
    result = subprocess.run([sys.executable, "-m", "jiekun", "build", "--root", str(project)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = (result.stderr + result.stdout).splitlines()  # the stages on standard error, the result on output
    words = [line.split()[0] for line in lines]
    # one line per stage; the search index is made once per edition (Chinese, and English under en/)
    assert words[:4] == ["validated", "generated", "staged", "mkdocs"] and words[-1] == "site", words
    assert words[4:-1] and set(words[4:-1]) == {"indexed"}, words
    assert "charts drawn" in lines[1] and " s" in lines[3]
    assert "%" not in result.stdout + result.stderr  # no bar in a log


def test_a_forced_rebuild_takes_every_search_entry_from_the_cache(tmp_path: Path) -> None:
    """The engine runs again (--force) on an unchanged source: every page's article is the same,
    so no page is parsed again for the search index, and the index is the same bytes."""
    project = site_project(make_project(tmp_path / "project"))
    first = CliRunner().invoke(main, ["build", "--root", str(project)])
    index = (project / "site" / "search" / "index.json").read_bytes()
    again = CliRunner().invoke(main, ["build", "--force", "--root", str(project)])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    counts = [re.search(r"indexed ([\d,]+) pages .*; ([\d,]+) unchanged\)", line)
              for line in again.output.splitlines() if line.startswith("indexed")]
    assert len(counts) == 2 and all(c and c.group(1) == c.group(2) != "0" for c in counts), again.output
    assert "; 0 unchanged)" in first.output
    assert (project / "site" / "search" / "index.json").read_bytes() == index


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_terminal_gets_bars_for_pages_and_charts(tmp_path: Path) -> None:
    import pty

    project = site_project(make_project(tmp_path / "project"))
    main_end, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                               stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(main_end, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(main_end)
    assert process.wait(timeout=300) == 0, output.decode(errors="replace")
    text = output.decode(errors="replace")
    for label in ("pages", "charts"):  # each bar ends full: n/n
        assert re.search(rf"{label}\s+\[#+\]\s+(\d+)/\1\b", text), text
