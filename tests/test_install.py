"""The wheel, installed outside the repository, builds a project folder that holds only its content."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import REPO

CONTENT = ("mkdocs.yml", "datasets", "schemas", "docs", "overrides")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.skipif(sys.platform == "win32", reason="the test spells out a POSIX venv (bin/, PATH with ':')")
def test_the_installed_wheel_builds_a_content_only_project(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so that building the wheel leaves nothing in the repository
    top = {".git", ".venv", "site", "build", "tests", "bench"}
    caches = shutil.ignore_patterns("__pycache__", "*.egg-info", ".*_cache")
    shutil.copytree(REPO, source, ignore=lambda folder, names: set(caches(folder, names)) | (
        top & set(names) if Path(folder) == REPO else set()))
    # built as pip builds it for a user: in isolation, with the build-system requirements of pyproject.toml
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("jiekun-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                             cwd=tmp_path).stdout.strip())
    # the dependencies come from the test's own environment; jiekun itself only from the wheel
    (site_packages / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    for name in CONTENT:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, project / name)
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    where = run(python, "-c", "import jiekun; print(jiekun.__file__)", cwd=project, env=env).stdout
    assert where.startswith(str(site_packages)), where
    zh = run(env_dir / "bin" / "jiekun", "validate", cwd=project, env={**env, "LANG": "zh_CN.UTF-8"}).stdout
    assert zh.startswith("有效：0 个错误"), zh  # the catalogue is in the wheel: the installed tool speaks Chinese
    run(env_dir / "bin" / "jiekun", "build", "--quiet", cwd=project, env=env)
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "regions" / "620400" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir()) == sorted([*CONTENT, "build", "site"])
