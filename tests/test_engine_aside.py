"""Folders set aside from an engine's source come back however the build ends, and are linked
into the site it wrote (jiekun.pipeline.engines.set_aside and link_tree)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jiekun.pipeline.engines import link_tree, set_aside


def _source(tmp_path: Path) -> Path:
    docs = tmp_path / "staged" / "docs"
    for rel, text in {"index.md": "# home", "chart/a/index.html": "<p>a</p>", "charts/a.svg": "<svg/>",
                      "charts/b.csv": "x\n1\n"}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    return docs


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


def test_set_aside_folders_are_out_of_the_source_during_the_build_and_back_after(tmp_path: Path) -> None:
    docs = _source(tmp_path)
    before = _tree(docs)
    site = tmp_path / "site"
    with set_aside(docs, ("chart", "charts", "embed")) as aside:  # embed/ is absent: nothing to move
        assert _tree(docs) == {"index.md": "# home"}
        assert aside.parent == docs.parent and aside.name.startswith(".")
        link_tree(aside, site)
    assert _tree(docs) == before
    assert not aside.exists()
    assert _tree(site) == {k: v for k, v in before.items() if k != "index.md"}
    assert (site / "charts" / "a.svg").stat().st_ino == (docs / "charts" / "a.svg").stat().st_ino


def test_set_aside_folders_come_back_when_the_engine_fails(tmp_path: Path) -> None:
    docs = _source(tmp_path)
    before = _tree(docs)
    with pytest.raises(RuntimeError), set_aside(docs, ("chart", "charts")):
        raise RuntimeError("the engine failed")
    assert _tree(docs) == before
    assert [p.name for p in docs.parent.iterdir()] == ["docs"]


def test_a_folder_left_aside_by_a_killed_run_is_put_back_or_dropped(tmp_path: Path) -> None:
    docs = _source(tmp_path)
    aside = docs.with_name(".docs-aside")
    aside.mkdir()
    (docs / "chart").rename(aside / "chart")  # killed while chart/ was aside: the source lacks it
    (aside / "charts").mkdir()
    (aside / "charts" / "old.svg").write_text("<svg>old</svg>", encoding="utf-8")  # staged again since
    with set_aside(docs, ()):
        pass
    assert _tree(docs) == {"index.md": "# home", "chart/a/index.html": "<p>a</p>", "charts/a.svg": "<svg/>",
                           "charts/b.csv": "x\n1\n"}
    assert not aside.exists()
