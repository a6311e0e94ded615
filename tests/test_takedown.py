"""Taking a case down: its row removed, the real project rebuilt, and no trace of it left.

The takedown steps are those of the publication policy (docs/privacy.md, CONTRIBUTING.md
"Privacy and publication"): delete the case's row, replace its id and title in earlier
changelog entries, rebuild.  The test does exactly that on a copy of the real project with the
real ``jiekun build``, after a first build has filled the caches, then reads every file of
``site/`` and ``build/`` (inside zip and gzip files too) for the case's id, titles, name and
sentences of its summaries.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from jiekun.tools.diff import diff
from jiekun.tools.diffview import to_text

CASE = "yuxi-worker-cancer-back-at-work"
CASES = "datasets/case-studies/case-studies.csv"
CHANGELOG = "datasets/CHANGELOG.md"
REMOVED = "a case since removed"
TakenDown = tuple[Path, list[str], dict[str, list[str]]]  # the project, the texts looked for, where they were before
PROJECT = ("datasets", "schemas", "docs", "overrides", "mkdocs.yml")  # what `jiekun build` reads


def copy_project(dest: Path) -> Path:
    """The real project's data, pages and site configuration (the generator is the installed one)."""
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest / name)
    return dest


def read_cases(project: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((project / CASES).read_text(encoding="utf-8"))))


def sentences(text: str, others: str) -> list[str]:
    """The sentences of ``text`` (8 characters or more) that no other case contains: its distinctive text."""
    parts = [p.strip() for p in re.split(r"(?<=[。；;])|(?<=\. )", text)]
    return [p for p in parts if len(p) >= 8 and p not in others and not set(p) & set("\"'&<>")]


def needles(project: Path, case_id: str) -> list[str]:
    rows = read_cases(project)
    case = next(r for r in rows if r["id"] == case_id)
    others = "\n".join(v or "" for r in rows if r["id"] != case_id for v in r.values())
    found = [case_id, case["title_zh"], case["title_en"], case["display_name"]]
    found += sentences(case["summary_zh"], others) + sentences(case["summary_en"], others)
    return found


def remove_case(project: Path, case_id: str) -> None:
    """The policy's takedown steps: the row goes; earlier changelog entries stop naming it (id, title, name)."""
    case = next(r for r in read_cases(project) if r["id"] == case_id)
    path = project / CASES
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{case_id},")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    log = project / CHANGELOG
    text = log.read_text(encoding="utf-8")
    for mention in (f"`{case_id}`", case_id, case["title_zh"], case["title_en"], case["display_name"]):
        text = text.replace(mention, REMOVED)
    log.write_text(text, encoding="utf-8")


def jiekun_build(project: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                          capture_output=True, text=True, check=False, env=os.environ | {"PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stdout + done.stderr


def contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, and those of every file inside it when it is a zip (xlsx too) or gzip."""
    yield name, data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from contents(f"{name}!{member}", archive.read(member))
    elif data[:2] == b"\x1f\x8b":
        yield from contents(f"{name}!gunzip", gzip.decompress(data))


def forms(needle: str) -> list[bytes]:
    """The ways a text can be written in an output file: as is, JSON-escaped, HTML-escaped."""
    written = {needle, json.dumps(needle)[1:-1], html.escape(needle), html.escape(needle, quote=False)}
    return sorted(w.encode("utf-8") for w in written)


def traces(folder: Path, texts: list[str]) -> dict[str, list[str]]:
    """For each text, the files (and files inside archives) under ``folder`` that hold it."""
    hits: dict[str, list[str]] = {t: [] for t in texts}
    encoded = {t: forms(t) for t in texts}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for name, data in contents(path.relative_to(folder).as_posix(), path.read_bytes()):
            for text in texts:
                if any(form in data for form in encoded[text]):
                    hits[text].append(name)
    return {t: files for t, files in hits.items() if files}


@pytest.fixture(scope="module")
def taken_down(tmp_path_factory: pytest.TempPathFactory) -> TakenDown:
    project = copy_project(tmp_path_factory.mktemp("takedown") / "project")
    texts = needles(project, CASE)
    hand_written = traces(project / "docs", texts)
    assert hand_written == {}, f"a page in docs/ mentions the case; a takedown must edit it too: {hand_written}"
    jiekun_build(project)
    before = traces(project / "site", texts)
    remove_case(project, CASE)
    jiekun_build(project)
    return project, texts, before


def test_the_search_finds_the_case_before_it_is_removed(taken_down: TakenDown) -> None:
    """Else the test could not fail: every text is found, in pages, search index, downloads and inside the zips."""
    _, texts, before = taken_down
    assert set(before) == set(texts)
    where = before[CASE]
    assert f"cases/{CASE}/index.html" in where
    assert "search/index.json" in where
    assert "sitemap.xml" in where and "sitemap.xml.gz!gunzip" in where
    assert any(name.startswith("data/case-studies.zip!") for name in where)
    assert any(name.endswith(".csv") and "!" not in name for name in where)


def test_no_trace_is_left_in_the_site(taken_down: TakenDown) -> None:
    project, texts, _ = taken_down
    assert traces(project / "site", texts) == {}
    assert not (project / "site" / "cases" / CASE).exists()


def test_no_trace_is_left_in_the_generated_files_or_caches(taken_down: TakenDown) -> None:
    project, texts, _ = taken_down
    assert traces(project / "build", texts) == {}


def test_the_other_cases_are_still_there(taken_down: TakenDown) -> None:
    project, _, _ = taken_down
    for case in read_cases(project):
        assert (project / "site" / "cases" / case["id"] / "index.html").is_file(), case["id"]


def test_diff_shows_the_takedown_as_a_removal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_diff import commit, init_repo

    project = init_repo(copy_project(tmp_path / "repo"), monkeypatch)
    line = next(n for n, row in enumerate(read_cases(project), start=2) if row["id"] == CASE)
    remove_case(project, CASE)
    commit(project, "take a case down")
    result = diff(project, "HEAD~1", "HEAD")
    assert [(t.name, [(ln, row["id"]) for ln, row in t.removed], t.added, t.changed) for t in result.tables] == [
        ("case-studies", [(line, CASE)], [], [])]
    text = to_text(result)
    assert "removed" in text and CASE in text
