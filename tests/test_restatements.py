"""One row per figure on the site: restatements and the set-aside side of a disagreement are
listed (and marked) but never drawn, and estimated dates are marked wherever they are shown."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from jiekun.site.generate import generate

ROW = "{id},410000,households-on-file,point,,{end},{value},household,exact,national,,,{pub},test-report,{loc},{rest},\n"
CHART = "charts/410000-households-on-file-national.csv"


def add(project: Path, *rows: str) -> None:
    with (project / "datasets/outcomes/outcomes.csv").open("a", encoding="utf-8", newline="") as out:
        out.writelines(rows)


def row(fid: str, end: str, loc: str, rest: str, value: int = 71000) -> str:
    return ROW.format(id=fid, end=end, value=value, pub=f"{value}户", loc=loc, rest=rest)


def chart_points(out: Path) -> list[tuple[str, str]]:
    with (out / CHART).open(encoding="utf-8", newline="") as f:
        return [(r["label"], r["value"]) for r in csv.DictReader(f)]


def test_a_caption_repeating_a_figure_is_listed_but_not_drawn(project: Path, tmp_path: Path) -> None:
    add(project, row("henan-on-file-2017", "2017", "¶2", "original,,,false"),
        row("henan-on-file-2017-caption", "2017", "caption ¶1", "caption,henan-on-file-2017,,false"))
    generate(project, tmp_path / "gen", tmp_path / "cache")
    assert chart_points(tmp_path / "gen") == [("2017年", "71000"), ("2018年11月", "3000")]
    page = (tmp_path / "gen/regions/410000.md").read_text(encoding="utf-8")
    assert '图片说明中的重复，见 <a href="#fig-henan-on-file-2017">henan-on-file-2017</a>' in page
    assert "（本级另有 1 行是同一数字的重复）" in page  # the region's own rows, beside its sub-regions'


def test_disagreeing_rows_are_not_drawn_as_a_change(project: Path, tmp_path: Path) -> None:
    add(project, row("henan-on-file-2017", "2017", "¶2", "original,,henan-on-file-2016,false"),
        row("henan-on-file-2016", "2016", "¶9", "original,,henan-on-file-2017,false"))
    generate(project, tmp_path / "gen", tmp_path / "cache")
    assert chart_points(tmp_path / "gen") == [("2017年", "71000"), ("2018年11月", "3000")]  # the earlier row
    page = (tmp_path / "gen/regions/410000.md").read_text(encoding="utf-8")
    assert '与 <a href="#fig-henan-on-file-2017">henan-on-file-2017</a> 不一致' in page
    kept = '与 <a href="#fig-henan-on-file-2016">henan-on-file-2016</a> 不一致（同一事实，不是前后变化）；图表采用本行'
    assert kept in page
    metric = (tmp_path / "gen/metrics/households-on-file.md").read_text(encoding="utf-8")
    assert "2 行与另一行对同一事实给出不同的数字或日期，图表只画其中一行" in metric


def test_an_estimated_date_is_marked_in_tables_charts_and_notes(project: Path, tmp_path: Path) -> None:
    add(project, row("henan-on-file-2018-12", "2018-12", "¶2", "original,,,true", value=2900))
    generate(project, tmp_path / "gen", tmp_path / "cache")
    assert ("2018年12月（日期为估计）", "2900") in chart_points(tmp_path / "gen")
    page = (tmp_path / "gen/regions/410000.md").read_text(encoding="utf-8")
    assert "<td>2018年12月（日期为估计）<td" in page
    metric = (tmp_path / "gen/metrics/households-on-file.md").read_text(encoding="utf-8")
    assert "1 行的日期是估计的" in metric


def test_the_real_data_draws_one_row_per_figure(real_site: Path) -> None:
    """Yunnan's 7.1万 (2016 survey, 2017 register, restated by the 2018 review) is one point of
    one line, and Henan's counts repeated by the later report make no flat line."""
    charts = {p.stem for p in (real_site / "charts").glob("*.csv")}
    assert "530000-households-on-file" not in charts  # the blank-register 'series' 2016 → 2018
    assert not {"410000-help-centres", "410000-help-stations", "410000-aid-funds-raised-interval"} & charts
    with (real_site / "charts/530000-households-on-file-national.csv").open(encoding="utf-8") as f:
        values = [r["value"] for r in csv.DictReader(f)]
    assert values.count("71000") == 1
    notes = (real_site / "metrics/households-exited.md").read_text(encoding="utf-8").split("## 各地数字")[0]
    for said in ("统计期不同", "地区层级不同", "档案口径不全", "日期是估计的", "是分项"):
        assert said in notes, said


def test_the_english_metric_page_has_the_same_notes_in_english(real_site: Path) -> None:
    """One note per question in each language, the counts the same, and no Chinese in the English."""
    zh = (real_site / "metrics/households-exited.md").read_text(encoding="utf-8").split("## 各地数字")[0]
    en = (real_site / "en/metrics/households-exited.md").read_text(encoding="utf-8").split("## Figures by region")[0]
    notes_zh = [line for line in zh.splitlines() if line.startswith("- ")]
    notes_en = [line for line in en.splitlines() if line.startswith("- ")]
    assert "## Before comparing these figures" in en and len(notes_en) == len(notes_zh) >= 5, notes_en
    for said in ("Different periods", "Different levels of region", "Register not always stated",
                 "have an estimated date", "are breakdown parts"):
        assert sum(said in n for n in notes_en) == 1, said
    for zh_note, en_note in zip(notes_zh, notes_en, strict=True):
        counts = re.findall(r"(\d+) 行", zh_note), re.findall(r"(\d+) rows?", en_note)
        assert counts[0] == counts[1], (zh_note, en_note)
    assert not re.search(r"[\u4e00-\u9fff]", "\n".join(notes_en)), notes_en


def test_the_real_data_marks_estimated_dates_on_sources_and_press_pages(real_site: Path) -> None:
    sources = (real_site / "sources.md").read_text(encoding="utf-8")
    assert "| 发布日期 | 2020-10（日期为估计） |" in sources and "| 发布日期 | 2018-12-24 |" in sources
    press = (real_site / "key-figures.md").read_text(encoding="utf-8")
    assert "2020年10月（日期为估计），云南省在档困难职工（全国级档案）2513户。" in press
    assert "，2020年10月，日期为估计）" in press  # the source's date, estimated too
