"""Copy frictionless-py's test fixtures (data only) into tests/conformance/frictionless/.

Usage: python scripts/vendor_frictionless_fixtures.py GIT_DIR [COMMIT]
Copies every CSV and JSON file under data/ of at most MAX_BYTES (no recorded HTTP
cassettes, no expected-output fixtures) and the licence.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "tests" / "conformance" / "frictionless"
MAX_BYTES = 120_000


def main() -> None:
    git_dir, commit = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "HEAD")

    def git(*args: str) -> bytes:
        return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout

    for row in git("ls-tree", "-r", "-l", commit, "data").decode().splitlines():
        meta, path = row.split("\t", 1)
        size_text = meta.split()[3]
        size = int(size_text) if size_text.isdigit() else MAX_BYTES + 1  # an object absent from the copy
        if ("cassettes/" in path or path.startswith("data/fixtures/") or size > MAX_BYTES
                or not path.endswith((".csv", ".json"))):
            continue
        target = DEST / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(git("show", f"{commit}:{path}"))
    (DEST / "LICENSE.md").write_bytes(git("show", f"{commit}:LICENSE.md"))


if __name__ == "__main__":
    main()
