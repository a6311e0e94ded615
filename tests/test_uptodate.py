"""A build whose site is already what the engine would make does not run the engine.

Real builds of the fixture project (mkdocs-material, both editions): the second build of an
unchanged project keeps the site in place; a changed page, a site edited by hand, another
output folder or ``force`` runs the engine again.  The old site of a rebuild is removed in
the background, and goes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import make_project
from jiekun.core.progress import Progress
from jiekun.pipeline.build import build
from test_build import site_project

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _build(project: Path, **options: object) -> tuple[Path, list[str]]:
    said: list[str] = []
    site = build(project, progress=Progress(say=said.append), **options)  # type: ignore[arg-type]
    return site, said


def _engine_ran(said: list[str]) -> bool:
    ran = any("built the site in" in line for line in said)
    assert ran != any("is up to date" in line for line in said)
    return ran


def _old_sites(project: Path) -> list[Path]:
    return list(project.parent.glob(f"{project.name}/.site.old-*"))


def test_an_unchanged_site_is_not_built_again_and_any_change_is(tmp_path: Path) -> None:
    project = site_project(make_project(tmp_path / "project"))
    site, said = _build(project)
    assert _engine_ran(said)
    built = site.stat().st_ino, (site / "index.html").stat().st_mtime_ns

    site, said = _build(project)  # nothing changed: the site in place is kept as it is
    assert not _engine_ran(said)
    assert (site.stat().st_ino, (site / "index.html").stat().st_mtime_ns) == built

    about = site / "about" / "index.html"
    published = about.read_bytes()
    about.write_bytes(published + b"<!-- edited by hand -->")  # the site was changed: build it again
    site, said = _build(project)
    assert _engine_ran(said) and about.read_bytes() == published

    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n一句新加的话。\n", encoding="utf-8")
    site, said = _build(project)  # a source page changed
    assert _engine_ran(said) and "一句新加的话。" in about.read_text(encoding="utf-8")

    assert not _engine_ran(_build(project)[1])
    assert _engine_ran(_build(project, force=True)[1])
    other, said = _build(project, site_dir=tmp_path / "elsewhere")  # another folder has no such site
    assert _engine_ran(said) and (other / "index.html").is_file()
    assert not _engine_ran(_build(project, site_dir=other)[1])
    assert _engine_ran(_build(project)[1])  # the stamp vouches for the last site built only

    deadline = time.monotonic() + 60
    while _old_sites(project) and time.monotonic() < deadline:  # removed by a process of its own
        time.sleep(0.2)
    assert not _old_sites(project)


def test_a_variable_the_configuration_reads_is_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs resolves ``!ENV`` when it runs: a new value changes the site though no staged file changes
    (a project with no English edition, whose configuration the stage writes with values resolved)."""
    project = site_project(make_project(tmp_path / "project"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  edition_en:", "  edition_none:"), encoding="utf-8")
    monkeypatch.delenv("JIEKUN_FEED_IMAGE", raising=False)
    assert _engine_ran(_build(project)[1])
    assert not _engine_ran(_build(project)[1])
    monkeypatch.setenv("JIEKUN_FEED_IMAGE", "https://images.example.org/feed.png")
    site, said = _build(project)
    assert _engine_ran(said)
    assert "https://images.example.org/feed.png" in (site / "feed_rss_created.xml").read_text(encoding="utf-8")
