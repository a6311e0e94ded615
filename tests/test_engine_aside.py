"""Files staged beside the source for an engine that cannot take every file (Zensical stops
when its source folder holds more than about 63,000): the finished folders go to
``.docs-aside/``, are linked into the site it wrote, and come back into the source for an
engine that takes them (jiekun.pipeline.stage.stage's ``aside``, engines.link_tree)."""

from __future__ import annotations

import os
from pathlib import Path

from jiekun.model.model import Site
from jiekun.pipeline.engines import link_tree
from jiekun.pipeline.stage import aside_folder, stage
from test_stage import files, project, site  # noqa: F401  (site: the fixture)

ASIDE = ("chart", "charts", "embed")  # embed/ is not produced here: nothing to put aside


def test_finished_folders_are_staged_beside_the_source_and_linked_into_the_site(tmp_path: Path,
                                                                                site: Site) -> None:  # noqa: F811
    root, generated, staged = project(tmp_path)
    stage(root, generated, staged, site, {}, aside=ASIDE)
    docs, aside = staged / "docs", aside_folder(staged, "docs")
    assert aside == staged / ".docs-aside"
    assert sorted(files(docs)) == ["data/one.csv", "index.md", "logo.svg", "regions/x.md"]
    assert sorted(files(aside)) == ["chart/b/index.html", "charts/a.svg", "charts/b.svg"]
    assert os.path.samestat((aside / "charts" / "a.svg").stat(), (generated / "charts" / "a.svg").stat())
    before = files(staged)
    stage(root, generated, staged, site, {}, aside=ASIDE)
    assert files(staged) == before  # nothing written again
    site_dir = tmp_path / "site"
    (site_dir / "charts").mkdir(parents=True)
    link_tree(aside, site_dir)
    assert sorted(files(site_dir)) == sorted(files(aside))
    page = Path("chart", "b", "index.html")
    assert (site_dir / page).stat().st_ino == (aside / page).stat().st_ino


def test_a_page_in_a_finished_folder_stays_in_the_source(tmp_path: Path, site: Site) -> None:  # noqa: F811
    root, generated, staged = project(tmp_path)
    (generated / "charts" / "about.md").write_text("---\ntitle: About\n---\n# About\n", encoding="utf-8")
    stage(root, generated, staged, site, {}, aside=ASIDE)
    assert (staged / "docs" / "charts" / "about.md").is_file()
    assert not (aside_folder(staged, "docs") / "charts" / "about.md").exists()


def test_the_files_move_between_the_source_and_aside_with_the_engine(tmp_path: Path, site: Site) -> None:  # noqa: F811
    root, generated, staged = project(tmp_path)
    stage(root, generated, staged, site, {})
    whole = files(staged / "docs")
    stage(root, generated, staged, site, {}, aside=ASIDE)
    assert not (staged / "docs" / "chart").exists() and not (staged / "docs" / "charts").exists()
    stage(root, generated, staged, site, {})
    assert files(staged / "docs") == whole  # the same files, linked again: the same inodes
    assert files(aside_folder(staged, "docs")) == {}
    (generated / "charts" / "b.svg").unlink()
    stage(root, generated, staged, site, {}, aside=ASIDE)
    assert sorted(files(aside_folder(staged, "docs"))) == ["chart/b/index.html", "charts/a.svg"]
