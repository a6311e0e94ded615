"""The generated part of the site: pages, charts and downloads from a small project.

Golden files under tests/golden/site/ hold the expected Markdown (regenerate with
``pytest --regen-golden``); the other tests check behaviour the goldens cannot show.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, tree_digest
from jiekun.site.expand import ExpandError, expand
from jiekun.site.generate import generate, load

HISTORY_ROW = ("henan-on-file-2017,410000,households-on-file,point,,2017,71000,household,about,national,,,"
               "约7.1万户,test-report,¶2,original,,,false,\n")


def to_72000(text: str) -> str:
    """The earlier figure of HISTORY_ROW, 约7.1万户, becomes 约7.2万户 (the value and its wording)."""
    return text.replace(",71000,", ",72000,").replace(",约7.1万户,", ",约7.2万户,")


@pytest.fixture
def history_project(project: Path) -> Path:
    """The valid fixture plus an earlier figure, so Henan has a history chart."""
    with (project / "datasets/outcomes/outcomes.csv").open("a", encoding="utf-8", newline="") as out:
        out.write(HISTORY_ROW)
    return project


def test_pages_and_files(history_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    result = generate(history_project, out, tmp_path / "cache")
    for page in ("regions/410000.md", "regions/410225.md", "metrics/households-on-file.md", "cases/index.md",
                 "cases/lankao-medical-aid.md", "sources.md", "data/index.md", "data-dictionary.md"):
        assert (out / page).is_file(), page
    assert (out / "charts/410000-households-on-file-national.svg").is_file()
    assert (out / "charts/breakdown-henan-by-category.csv").read_text().splitlines()[0].startswith("label,value")
    assert result.charts.rendered + result.charts.cached == 6  # three charts, each drawn in Chinese and English
    assert (out / "en/charts/410000-households-on-file-national.svg").is_file()
    csv = history_project / "datasets/outcomes/outcomes.csv"
    assert (out / "data/outcomes/outcomes.csv").read_bytes() == csv.read_bytes()
    rows = json.loads((out / "data/outcomes/outcomes.json").read_text())
    assert rows[0]["value"] == 3000 and rows[-1]["qualifier"] == "about"
    with zipfile.ZipFile(out / "data/outcomes.zip") as archive:
        assert "datapackage.json" in archive.namelist()
        assert archive.read("outcomes/outcomes.csv") == csv.read_bytes()


@pytest.mark.parametrize("page", ["regions/410000.md", "cases/lankao-medical-aid.md", "cases/index.md",
                                  "sources.md", "metrics/households-on-file.md", "data/index.md"])
def test_golden_pages(history_project: Path, tmp_path: Path, page: str,
                      golden: Callable[[str, str], None]) -> None:
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    golden("site/" + page, (out / page).read_text(encoding="utf-8"))


def test_deterministic_and_cached(history_project: Path, tmp_path: Path) -> None:
    first = generate(history_project, tmp_path / "a", tmp_path / "cache")
    second = generate(history_project, tmp_path / "b", tmp_path / "cache")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert first.charts.rendered == 6 and second.charts.rendered == 0  # 3 charts × 2 languages


def test_removed_rows_leave_no_pages(history_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    csv = history_project / "datasets/outcomes/outcomes.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(HISTORY_ROW, ""), encoding="utf-8")
    generate(history_project, out, tmp_path / "cache")
    assert not (out / "charts/410000-households-on-file-national.svg").exists()


def test_history_chart_on_region_page(history_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    page = (out / "regions/410000.md").read_text(encoding="utf-8")
    assert 'src="../../charts/410000-households-on-file-national.svg"' in page
    assert "约7.1万户" in page and "3000户" in page  # the qualifier of the 2017 figure is kept
    assert "71,000 户" in page  # and the exact value


def test_expand_calls_and_errors(project: Path) -> None:
    site, _ = load(project)
    text = expand("# Home\n\n{{ headline_cards() }}\n\n{{ not a call }}\n", "index.md", site, file="docs/index.md")
    assert "[河南省](regions/410000.md)" in text and "{{ not a call }}" in text
    with pytest.raises(ExpandError) as info:
        expand("# Home\n\n\n{{ nonsense() }}\n", "index.md", site, file="docs/index.md")
    assert info.value.file == "docs/index.md" and info.value.line == 4


def test_real_repository_generates(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    result = generate(REPO, out, tmp_path / "cache")
    assert result.pages > 100
    page = (out / "regions/530000.md").read_text(encoding="utf-8")
    assert "7.1万户" in page and "2513户" in page


def test_large_metric_is_split_by_top_region(history_project: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import jiekun.site.pages

    monkeypatch.setattr(jiekun.site.pages, "FULL_METRIC_PAGE", 1)
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    index = (out / "metrics/households-on-file.md").read_text(encoding="utf-8")
    assert "[河南省](households-on-file/410000.md)" in index
    part = (out / "metrics/households-on-file/410000.md").read_text(encoding="utf-8")
    assert "3000户" in part and "约7.1万户" not in part  # the latest figure per region only


def test_case_index_json_for_the_filter(history_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    entries = json.loads((out / "cases/index.json").read_text(encoding="utf-8"))
    assert entries == [{"url": "lankao-medical-aid/", "title": "兰考职工获医疗救助", "meta": "兰考县 · 2018年",
                        "data": {"causes": "illness", "interventions": "medical-aid", "outcome": "receiving-aid",
                                 "region": "410000 410100 410225"},
                        "tags": ["因病致困", "医疗救助", "持续帮扶"]}]


def test_one_row_change_redraws_one_chart(history_project: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "gen", tmp_path / "cache"
    generate(history_project, out, cache)
    svg = out / "charts/breakdown-henan-by-category.svg"
    before = svg.stat().st_mtime_ns
    csv = history_project / "datasets/outcomes/outcomes.csv"
    csv.write_text(to_72000(csv.read_text(encoding="utf-8")), encoding="utf-8")
    again = generate(history_project, out, cache)
    assert (again.charts.rendered, again.charts.cached) == (2, 4)  # the one chart, in each language
    assert svg.stat().st_mtime_ns == before  # an unchanged chart is not even rewritten
    assert "72000" in (out / "charts/410000-households-on-file-national.csv").read_text()


def test_unchanged_project_is_not_regenerated(history_project: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "gen", tmp_path / "cache"
    assert not generate(history_project, out, cache).fresh
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = generate(history_project, out, cache)
    assert again.fresh and again.pages > 0 and again.site.regions  # the model is there for the builder
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before  # not a byte written
    (out / "regions/410225.md").unlink()  # a generated file lost: the stamp no longer vouches
    assert not generate(history_project, out, cache).fresh
    assert (out / "regions/410225.md").is_file()
    csv = history_project / "datasets/outcomes/outcomes.csv"
    csv.write_text(to_72000(csv.read_text(encoding="utf-8")), encoding="utf-8")
    changed = generate(history_project, out, cache)
    assert not changed.fresh and "7.2万户" in (out / "regions/410000.md").read_text(encoding="utf-8")


def test_json_download_streams_the_same_bytes(history_project: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import jiekun.site.tableformats

    generate(history_project, tmp_path / "a", tmp_path / "cache")
    monkeypatch.setattr(jiekun.site.tableformats, "JSON_CHUNK", 1)  # one row per chunk
    generate(history_project, tmp_path / "b", tmp_path / "cache")
    for name in ("outcomes/outcomes.json", "case-studies/case-studies.json", "outcomes/breakdowns.json"):
        assert (tmp_path / "a/data" / name).read_bytes() == (tmp_path / "b/data" / name).read_bytes()
    assert json.loads((tmp_path / "b/data/outcomes/outcomes.json").read_bytes())


def test_many_regions_are_summarised_on_the_sources_page(history_project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import jiekun.site.casepages
    import jiekun.site.datapages

    monkeypatch.setattr(jiekun.site.datapages, "SOURCE_REGIONS", 0)
    monkeypatch.setattr(jiekun.site.datapages, "SOURCE_CASES", 0)
    monkeypatch.setattr(jiekun.site.casepages, "REGION_OPTIONS", 0)
    out = tmp_path / "gen"
    generate(history_project, out, tmp_path / "cache")
    sources = (out / "sources.md").read_text(encoding="utf-8")
    assert "[河南省](regions/410000.md)（1）" in sources and "regions/410225.md" not in sources
    assert "案例：1 个，见[案例索引](cases/index.md)" in sources
    index = (out / "cases/index.md").read_text(encoding="utf-8")
    assert '<option value="410100">' in index and '<option value="410225">' not in index  # top two levels
