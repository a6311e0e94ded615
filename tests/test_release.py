"""Data releases: the changelog entry of a version, version changes between revisions, CITATION.cff."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from jiekun.tools.release import ReleaseError, changelog_entry, main, package_version, version_change
from test_diff import commit, git, repo  # noqa: F401  (the git repository fixture)

CHANGELOG = """\
# Data changelog

Intro.

## 0.10.0 — 2027-01-02

- ten

## 0.1.0 — 2026-11-25

- first
### details
- more
"""


def test_changelog_entry_is_the_section_of_that_version() -> None:
    assert changelog_entry(CHANGELOG, "0.1.0") == "## 0.1.0 — 2026-11-25\n\n- first\n### details\n- more\n"
    assert changelog_entry(CHANGELOG, "0.10.0") == "## 0.10.0 — 2027-01-02\n\n- ten\n"
    assert changelog_entry(CHANGELOG, "0.1") is None  # a prefix of a version is not that version
    assert changelog_entry(CHANGELOG, "1.0.0") is None


def test_the_real_changelog_has_an_entry_for_the_current_version() -> None:
    version = package_version(REPO)
    assert version
    entry = changelog_entry((REPO / "datasets/CHANGELOG.md").read_text(encoding="utf-8"), version)
    assert entry and entry.startswith(f"## {version} — ")
    assert "\n## " not in entry


def test_citation_matches_the_data_packages() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert (citation["cff-version"], citation["type"]) == ("1.2.0", "dataset")
    assert citation["version"] == package_version(REPO), "bump CITATION.cff with the data packages' version"
    heading = changelog_entry((REPO / "datasets/CHANGELOG.md").read_text(encoding="utf-8"), citation["version"])
    assert heading and citation["date-released"] == re.search(r"\d{4}-\d{2}-\d{2}", heading.splitlines()[0])[0]  # type: ignore[index]
    for descriptor in (REPO / "datasets").glob("*.datapackage.json"):
        assert citation["license"] in [lic["name"] for lic in json.loads(descriptor.read_text())["licenses"]]


def set_version(root: Path, version: str) -> None:
    for path in (root / "datasets").glob("*.datapackage.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["version"] = version
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def test_version_change_between_revisions(repo: Path) -> None:  # noqa: F811
    set_version(repo, "8.0.0")
    commit(repo, "8.0.0")
    set_version(repo, "8.1.0")
    assert version_change(repo, "HEAD") == ("8.0.0", "8.1.0")  # the working tree
    commit(repo, "8.1.0")
    assert version_change(repo, "HEAD~1", "HEAD") == ("8.0.0", "8.1.0")
    assert version_change(repo, "HEAD", "HEAD") is None
    assert version_change(repo, "0" * 40) == (None, "8.1.0")  # a branch's first push
    git(repo, "commit", "-q", "--allow-empty", "-m", "no data change")
    assert version_change(repo, "HEAD~1") is None


def test_versions_that_disagree_are_refused(repo: Path) -> None:  # noqa: F811
    path = repo / "datasets/outcomes.datapackage.json"
    path.write_text(path.read_text().replace('"version": "', '"version": "9', 1))
    with pytest.raises(ReleaseError, match="different versions"):
        package_version(repo)


def test_release_command_writes_the_notes_and_zips(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    set_version(repo, "8.0.0")
    commit(repo, "8.0.0")
    set_version(repo, "8.1.0")
    (repo / "datasets/CHANGELOG.md").write_text(CHANGELOG.replace("0.10.0", "8.1.0"), encoding="utf-8")
    (repo / "site/data").mkdir(parents=True)
    (repo / "site/data/outcomes.zip").write_bytes(b"PK zip")
    out = tmp_path / "release"
    args = ["--root", str(repo), "--before", "HEAD", "--notes", str(out / "changelog.md"), "--assets", str(out)]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stdout) == (0, "version=8.1.0\nchanged=true\n"), result.output
    assert (out / "changelog.md").read_text() == "## 8.1.0 — 2027-01-02\n\n- ten\n"
    assert (out / "outcomes.zip").read_bytes() == b"PK zip"
    (repo / "datasets/CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr == "Error: datasets/CHANGELOG.md has no `## 8.1.0` section: add the changes of this version\n"
    commit(repo, "8.1.0")
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stdout) == (0, "version=8.1.0\nchanged=false\n")


def test_the_address_is_one_value_everywhere_it_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs.yml's site_url (without JIEKUN_SITE_URL) is the address CITATION.cff, .zenodo.json
    and the descriptors repeat; a test, because archives read those files from the repository."""
    from mkdocs.config import load_config

    monkeypatch.delenv("JIEKUN_SITE_URL", raising=False)
    url = load_config(str(REPO / "mkdocs.yml"))["site_url"]
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["url"] == url
    for path in (REPO / "datasets").glob("*.datapackage.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        assert (descriptor["homepage"], descriptor["id"]) == (url, f"{url}data/{descriptor['name']}/")
        assert descriptor["created"] and descriptor["sources"] and descriptor["contributors"]
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert {r["identifier"] for r in zenodo["related_identifiers"]} == {url, f"{url}data/v{citation['version']}/"}


def test_zenodo_metadata_matches_the_citation() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert (zenodo["upload_type"], zenodo["access_right"]) == ("dataset", "open")
    assert (zenodo["title"], zenodo["version"], zenodo["publication_date"]) == (
        citation["title"], citation["version"], citation["date-released"])
    assert zenodo["license"] == citation["license"].lower()
    assert zenodo["creators"] == [{"name": a["name"]} for a in citation["authors"]]
    assert zenodo["keywords"] == citation["keywords"] and zenodo["description"]
