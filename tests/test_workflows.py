"""The GitHub workflows, .ci/run and the pre-commit hook: valid YAML, and one definition of the checks."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, apply_defect

WORKFLOWS = REPO / ".github" / "workflows"
CHECKS = ".ci/run"


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict[Any, Any]) -> list[str]:
    return [line.strip() for step in steps(workflow) if "run" in step for line in step["run"].splitlines()]


def uses(workflow: dict[Any, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def commands(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_ci_run_is_the_one_definition_of_the_checks() -> None:
    script = commands((REPO / CHECKS).read_text(encoding="utf-8"))
    assert "make test || status=1" in script  # the README's test command
    assert ".venv/bin/jiekun check || status=1" in script  # strict validation and strict site build
    assert (REPO / CHECKS).stat().st_mode & 0o111, ".ci/run must be executable"


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_workflows_run_the_same_checks(name: str) -> None:
    workflow = load(WORKFLOWS / name)
    assert CHECKS in runs(workflow)
    assert not any("pytest" in line or "jiekun validate" in line or "mkdocs" in line for line in runs(workflow)), \
        "a workflow must not define checks of its own: put them in .ci/run"
    assert "sh scripts/system-deps.sh" in runs(workflow)
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    for job in workflow["jobs"].values():
        if any(s.get("run") == CHECKS for s in job["steps"]):
            assert job["container"] == "python:3.11-bookworm"


def test_pull_requests_get_a_preview_and_a_diff_against_their_base() -> None:
    workflow = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    check = next(s for s in steps(workflow) if s.get("run") == CHECKS)
    assert check["env"]["JIEKUN_DIFF_BASE"] == "${{ github.event.pull_request.base.sha }}"
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert (upload["with"]["name"], upload["with"]["path"]) == ("site", "site/")


def test_main_is_published_to_pages_and_released_on_a_new_version() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses(workflow))
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    release_info = next(s for s in steps(workflow) if "python -m jiekun.tools.release" in s.get("run", ""))
    assert release_info["id"] == "release"
    assert workflow["jobs"]["release"]["if"] == "needs.build.outputs.changed == 'true'"
    create = 'gh release create "$TAG" release/*.zip release/changelog.md'
    assert any(line.startswith(create) for line in runs(workflow))


def hook() -> dict[str, Any]:
    config = load(REPO / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    (found,) = repo["hooks"]
    assert repo["repo"] == "local"
    return dict(found)


def test_pre_commit_hook_runs_the_validator_on_staged_data_and_pages() -> None:
    found = hook()
    assert found["pass_filenames"] is False and found["language"] == "system"
    files = re.compile(found["files"])
    assert files.search("datasets/outcomes/outcomes.csv") and files.search("schemas/regions.schema.json")
    # jiekun validate checks the figure references of the pages too: a post that cites a missing figure stops the commit
    assert files.search("docs/updates/posts/2026-11-18-yunnan-register.md") and files.search("docs/index.md")
    assert not files.search("generator/datasets/x.py") and not files.search("tests/docs/x.md")


@pytest.mark.parametrize("defect, status", [(None, 0), ("negative-count", 1), ("whitespace", 1)])
def test_pre_commit_hook_entry_passes_valid_and_stops_invalid_data(project: Path, defect: str | None,
                                                                   status: int) -> None:
    """The entry as pre-commit runs it (from the repository root), on a copy of the project."""
    if defect == "whitespace":  # a warning stops the commit too, as it fails the pull-request checks
        regions = project / "datasets/reference/regions.csv"
        regions.write_text(regions.read_text(encoding="utf-8").replace("Zhengzhou", "Zhengzhou "), encoding="utf-8")
    elif defect:
        apply_defect(project, defect)
    entry = shlex.split(hook()["entry"])
    assert entry[1:] == ["validate", "--strict"]  # as strict as the pull-request checks
    done = subprocess.run([str(REPO / entry[0]), *entry[1:]], cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == status, done.stdout + done.stderr


def test_site_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The publish workflow builds with the Pages address; local builds use the placeholder."""
    from mkdocs.config import load_config

    monkeypatch.delenv("JIEKUN_SITE_URL", raising=False)
    assert load_config(str(REPO / "mkdocs.yml"))["site_url"] == "https://jiekun.example.org/"
    monkeypatch.setenv("JIEKUN_SITE_URL", "https://example.github.io/jiekun/")
    assert load_config(str(REPO / "mkdocs.yml"))["site_url"] == "https://example.github.io/jiekun/"
    publish = (REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert "JIEKUN_SITE_URL: ${{ steps.pages.outputs.base_url }}/" in publish


def test_pull_requests_run_the_portable_tests_on_windows_and_macos() -> None:
    job = load(WORKFLOWS / "pr.yml")["jobs"]["portable"]
    assert sorted(job["strategy"]["matrix"]["os"]) == ["macos-latest", "windows-latest"]
    assert [s["run"] for s in job["steps"] if "run" in s] == ["python .ci/portable.py"]
    script = (REPO / ".ci" / "portable.py").read_text(encoding="utf-8")
    assert '"--ignore=tests/browser", "-m", "not debian"' in script
