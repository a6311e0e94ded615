"""The tests that need no browser and no Debian package, on any system (the pull-request workflow
runs this on Windows and macOS; `.ci/run` stays the one definition of the full checks on Debian).

Usage: python .ci/portable.py
"""

from __future__ import annotations

import subprocess
import sys


def main() -> int:
    python = sys.executable
    subprocess.run([python, "-m", "pip", "install", "--quiet", "-e", ".[dev,zensical]"], check=True)
    return subprocess.call([python, "-m", "pytest", "--ignore=tests/browser", "-m", "not debian",
                            "-p", "no:cacheprovider"])


if __name__ == "__main__":
    sys.exit(main())
