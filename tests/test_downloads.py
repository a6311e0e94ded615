"""The downloads as a researcher gets them: the built site served on 127.0.0.1, every descriptor
validated with frictionless by path and by URL (also inside the zips), typed Parquet read back
with pandas, and each released version at its own address."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, serving
from frictionless import validate
from jiekun.data.versions import changelog_versions, not_built
from jiekun.site.generate import generate
from jiekun.tools.release import package_version
from test_diff import commit, init_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture committed on main, at data version 0.0.1: below every version these tests
    release, whatever version the real descriptors (which the fixture copies) carry."""
    from conftest import make_project
    from test_release import set_version

    project = make_project(tmp_path / "repo")
    set_version(project, "0.0.1")
    return init_repo(project, monkeypatch)

DTYPES = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


def _valid(source: str) -> None:
    report = validate(source)
    assert report.valid, (source, report.flatten(["type", "note"])[:5])
    assert [task.stats["rows"] for task in report.tasks], source


def test_every_descriptor_offered_validates_by_path_and_by_url(site: Path, served: str) -> None:
    descriptors = sorted((site / "data").rglob("datapackage.json"))
    versions = {v for v, _ in changelog_versions((REPO / "datasets/CHANGELOG.md").read_text(encoding="utf-8"))}
    assert {p.relative_to(site / "data").parts[0] for p in descriptors} >= {f"v{v}" for v in versions} | {"outcomes"}
    for path in descriptors:
        _valid(str(path))
        _valid(served + path.relative_to(site).as_posix())


def test_every_zip_validates_when_extracted_and_holds_its_papers(site: Path, tmp_path: Path) -> None:
    zips = sorted((site / "data").rglob("*.zip"))
    assert len(zips) >= 2 * len(list((site / "data").glob("v*")))
    for i, path in enumerate(zips):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert names == sorted(names) and {"README.md", "LICENSE", "CHANGELOG.md", "datapackage.json"} <= set(names)
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            archive.extractall(tmp_path / str(i))
        _valid(str(tmp_path / str(i) / "datapackage.json"))
        descriptor = json.loads((tmp_path / str(i) / "datapackage.json").read_text(encoding="utf-8"))
        licence = (tmp_path / str(i) / "LICENSE").read_text(encoding="utf-8")
        assert descriptor["licenses"][0]["path"] in licence and descriptor["licenses"][0]["name"] in licence
        readme = (tmp_path / str(i) / "README.md").read_text(encoding="utf-8")
        assert f"version {descriptor['version']}" in readme
        assert all(r["path"] in readme for r in descriptor["resources"])


def test_each_released_version_has_its_own_address_with_its_own_data(site: Path) -> None:
    current = package_version(REPO)
    listed = json.loads((site / "data/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in listed if v["current"]] == [current]
    for entry in listed:
        assert entry.get("not_built") is None, entry  # the repository has its whole history
        folder = site / "data" / f"v{entry['version']}"
        for name in entry["packages"]:
            descriptor = json.loads((folder / name / "datapackage.json").read_text(encoding="utf-8"))
            assert descriptor["version"] == entry["version"]
    for name in ("outcomes/outcomes.csv", "outcomes.zip", "case-studies/datapackage.json"):
        assert (site / "data" / name).read_bytes() == (site / "data" / f"v{current}" / name).read_bytes()
    first = site / "data/v0.1.0/outcomes/outcomes.csv"
    assert len(pd.read_csv(first, dtype=str, keep_default_na=False)) == 154  # as datasets/CHANGELOG.md says of 0.1.0


def test_parquet_is_typed_from_the_schemas_and_holds_the_csv_rows(site: Path) -> None:
    checked = 0
    for descriptor_path in sorted((site / "data").glob("*/datapackage.json")):
        for res in json.loads(descriptor_path.read_text(encoding="utf-8"))["resources"]:
            csv_rows = pd.read_csv(descriptor_path.parent / res["path"], dtype=str, keep_default_na=False)
            frame = pd.read_parquet(descriptor_path.parent / f"{res['name']}.parquet")
            fields = res["schema"]["fields"]
            assert list(frame.columns) == [f["name"] for f in fields]
            assert len(frame) == len(csv_rows), res["name"]
            for field in fields:
                assert str(frame[field["name"]].dtype) == DTYPES[field["type"]], (res["name"], field["name"])
                if field["type"] == "string":
                    text = csv_rows[field["name"]].where(csv_rows[field["name"]] != "")
                    assert frame[field["name"]].fillna("").tolist() == text.fillna("").tolist()
            checked += 1
    assert checked >= 14


CASES = "datasets/case-studies/case-studies.csv"
LOG = "# Data changelog\n\nIntro.\n\n{}"


def _release(root: Path, version: str, sections: str) -> None:
    from test_release import set_version

    set_version(root, version)
    (root / "datasets/CHANGELOG.md").write_text(LOG.format(sections), encoding="utf-8")


@pytest.fixture
def history(repo: Path) -> Path:
    """1.0.0 with a second story, then 1.1.0 with one more figure; the working tree takes the story down."""
    lines = (repo / CASES).read_text(encoding="utf-8").splitlines(keepends=True)
    story = lines[1].replace(lines[1].split(",")[0], "second-story", 1)
    (repo / CASES).write_text("".join([*lines, story]), encoding="utf-8")
    _release(repo, "1.0.0", "## 1.0.0 — 2026-01-01\n\n- first\n")
    commit(repo, "data 1.0.0")
    outcomes = repo / "datasets/outcomes/outcomes.csv"
    rows = outcomes.read_text(encoding="utf-8").splitlines(keepends=True)
    outcomes.write_text("".join([*rows, rows[-1].replace(rows[-1].split(",")[0], "one-more", 1)]), encoding="utf-8")
    _release(repo, "1.1.0", "## 1.1.0 — 2026-02-01\n\n- one more\n\n## 1.0.0 — 2026-01-01\n\n- first\n")
    commit(repo, "data 1.1.0")
    (repo / CASES).write_text("".join(lines), encoding="utf-8")  # the takedown, not yet committed
    return repo


def _rows(path: Path) -> list[str]:
    return pd.read_csv(path, dtype=str, keep_default_na=False)["id"].tolist()


def test_old_versions_come_from_git_and_a_story_taken_down_leaves_every_version(history: Path,
                                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(history, out, tmp_path / "cache", site_url="https://example.org/x/")
    data = out / "data"
    listed = {v["version"]: v for v in json.loads((data / "versions.json").read_text(encoding="utf-8"))}
    assert sorted(listed) == ["1.0.0", "1.1.0"] and listed["1.1.0"]["current"]
    assert listed["1.0.0"]["date"] == "2026-01-01"
    assert "one-more" in _rows(data / "v1.1.0/outcomes/outcomes.csv")
    assert "one-more" not in _rows(data / "v1.0.0/outcomes/outcomes.csv")
    for folder in (data, data / "v1.0.0", data / "v1.1.0"):
        assert "second-story" not in _rows(folder / "case-studies/case-studies.csv")
        with zipfile.ZipFile(folder / "case-studies.zip") as archive:
            assert b"second-story" not in archive.read(CASES.removeprefix("datasets/"))
    with zipfile.ZipFile(data / "v1.0.0/case-studies.zip") as archive:
        assert "1 row(s) of this version were withdrawn" in archive.read("README.md").decode()
        assert archive.read("CHANGELOG.md").decode().endswith("## 1.0.0 — 2026-01-01\n\n- first\n")
    descriptor = json.loads((data / "v1.0.0/outcomes/datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["version"], descriptor["homepage"]) == ("1.0.0", "https://example.org/x/")
    _valid(str(data / "v1.0.0/outcomes/datapackage.json"))


def test_a_story_changed_since_leaves_the_older_versions_an_unchanged_one_stays(history: Path,
                                                                              tmp_path: Path) -> None:
    """A story made less identifying (its text changed) is not offered in its old wording."""
    import csv
    import io

    generate(history, tmp_path / "before", tmp_path / "cache")
    (story,) = csv.DictReader(io.StringIO((history / CASES).read_text(encoding="utf-8")))
    assert story["id"] in _rows(tmp_path / "before/data/v1.0.0/case-studies/case-studies.csv")  # unchanged: kept
    story["locator"] = "¶99"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(story), lineterminator="\n")
    writer.writeheader()
    writer.writerow(story)
    (history / CASES).write_text(text.getvalue(), encoding="utf-8")
    generate(history, tmp_path / "after", tmp_path / "cache")
    assert story["id"] not in _rows(tmp_path / "after/data/v1.0.0/case-studies/case-studies.csv")
    assert story["id"] in _rows(tmp_path / "after/data/case-studies/case-studies.csv")


def test_without_history_the_current_version_is_built_and_the_others_named(history: Path, tmp_path: Path) -> None:
    from test_diff import git

    commit(history, "takedown")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", str(shallow))
    plain = tmp_path / "plain"
    shutil.copytree(history, plain, ignore=shutil.ignore_patterns(".git"))
    for root, why in ((shallow, "shallow clone"), (plain, "no git history")):
        out = tmp_path / f"out-{root.name}"
        generate(root, out, tmp_path / "cache")
        listed = {v["version"]: v for v in json.loads((out / "data/versions.json").read_text(encoding="utf-8"))}
        assert listed["1.1.0"]["current"] and (out / "data/v1.1.0/outcomes.zip").is_file()
        assert why in listed["1.0.0"]["not_built"] and not (out / "data/v1.0.0").exists()
        assert [v for v, _ in not_built(out)] == ["1.0.0"]  # what `jiekun build` prints
        page = (out / "data/index.md").read_text(encoding="utf-8")
        assert "本次构建未能生成" in page and why in page


def test_every_chart_point_names_its_figure_and_source(site: Path) -> None:
    figures = pd.read_csv(REPO / "datasets/outcomes/outcomes.csv", dtype=str, keep_default_na=False).set_index("id")
    charts = sorted((site / "charts").glob("*.csv"))
    assert charts
    for path in charts:
        points = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(points.columns[-2:]) == ["id", "source"], path.name
        for point in points.itertuples():
            row = figures.loc[point.id]
            assert (point.source, float(point.value)) == (row["source"], float(row["value"])), (path.name, point.id)


def test_a_merged_branch_is_one_step_the_old_version_is_main_before_the_merge(repo: Path) -> None:
    from jiekun.data.versions import released
    from test_diff import git

    _release(repo, "1.0.0", "## 1.0.0 — 2026-01-01\n\n- first\n")
    commit(repo, "1.0.0")
    released_state = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "side")
    (repo / "datasets/note.txt").write_text("work in progress under 1.0.0\n", encoding="utf-8")
    commit(repo, "half-way, still 1.0.0")
    _release(repo, "1.1.0", "## 1.1.0 — 2026-02-01\n\n- more\n\n## 1.0.0 — 2026-01-01\n\n- first\n")
    commit(repo, "1.1.0")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "side", "-m", "merge side")
    found = {v.number: v.commit for v in released(repo, "1.1.0").built}
    assert found == {"1.1.0": None, "1.0.0": released_state}
