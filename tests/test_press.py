"""Press sentences read as a Chinese writer writes them (issue 16, item 7): no repeated year or
unit, a yearly figure as 每年…, the article's title in 《》 and the date in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from jiekun.core.text import period_label


@pytest.mark.parametrize(("start", "end", "label"), [
    ("2018", "2018-12-24", "2018年1月至12月24日"), ("2018-03", "2018-10", "2018年3月至10月"),
    ("2016", "2018-10", "2016年至2018年10月"), ("2017", "2018", "2017年至2018年"), ("2018", "2018", "2018年"),
])
def test_a_span_writes_its_year_once(start: str, end: str, label: str) -> None:
    assert period_label("interval", start, end) == label


def test_the_real_key_figures_read_well(real_site: Path) -> None:
    press = (real_site / "key-figures.md").read_text(encoding="utf-8")
    assert "内蒙古自治区每年筹集帮扶资金2000多万元。" in press
    assert "内蒙古自治区提供就业岗位近18万个。" in press
    assert "河南省技能培训66.2万人次。" in press
    assert "（来源：《甘肃白银工会助1700户困难职工脱困》，工人日报，2018年12月24日）" in press
    for clumsy in ("每年为", "数为", "人次66.2万人次", "2018年至2018年", "（2018-", "）））"):
        assert clumsy not in press, clumsy


def test_the_copy_script_adds_the_figure_s_address() -> None:
    script = (Path(__file__).resolve().parent.parent / "docs/assets/javascripts/copy-figures.js").read_text()
    assert 'window.location.href.split("#")[0] + "#" + target.id' in script
