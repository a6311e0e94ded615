"""The copy-paste examples of the data page, run against the downloads of a site built from the
real data: the pandas example must read region codes as text and leave out restatements and
breakdown parts, and the frictionless example must validate the package as downloaded."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

pd = pytest.importorskip("pandas")


@pytest.fixture
def built(real_site: Path) -> Path:
    return real_site


def code_block(page: str, language: str) -> str:
    found = re.search(rf"^```{language}\n(.*?)^```$", page, flags=re.S | re.M)
    assert found, f"no {language} example on the data page"
    return found.group(1)


def expected_totals() -> list[dict[str, str]]:
    with (REPO / "datasets/outcomes/outcomes.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["role"] == "original" and not r["breakdown"]]


def test_pandas_example_runs_on_the_download(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (built / "data/index.md").read_text(encoding="utf-8")
    example = code_block(page, "python")
    table = re.search(r'pd\.read_csv\(\s*"([^"]+)"', example)
    assert table, "the example reads a named file"
    download = sorted(built.glob(f"data/**/{table.group(1)}"))[0]
    monkeypatch.chdir(download.parent)
    scope: dict[str, Any] = {}
    exec(compile(example, "data-page-example", "exec"), scope)  # the page's own code, unchanged
    totals = scope["totals"]
    assert str(totals["region"].dtype) == "string" and set(totals["region"].str.len()) == {6}
    assert set(totals["role"]) == {"original"} and totals["breakdown"].isna().all()
    assert sorted(totals["id"]) == sorted(r["id"] for r in expected_totals())
    exited = totals[(totals["region"] == "620400") & (totals["metric"] == "households-exited")]
    assert list(exited["value"]) == [1700], "Baiyin's 1700 households are counted once"
    henan = totals[(totals["region"] == "410000") & (totals["metric"] == "households-exited")]
    assert henan["value"].sum() < 827_600, "Henan's exits by route are not added to its totals"


def test_frictionless_example_validates_the_downloaded_zip(built: Path, tmp_path: Path) -> None:
    page = (built / "data/index.md").read_text(encoding="utf-8")
    commands = code_block(page, "bash")
    unzip = re.search(r"^unzip (\S+) -d (\S+)$", commands, flags=re.M)
    assert unzip and "frictionless validate" in commands
    with zipfile.ZipFile(sorted(built.glob(f"data/**/{unzip.group(1)}"))[0]) as archive:
        archive.extractall(tmp_path / unzip.group(2))
    line = next(c for c in commands.splitlines() if c.startswith("frictionless validate"))
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(cli), *line.split()[1:]], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
