"""The one number-formatting function, on the edge cases readers notice."""

from __future__ import annotations

import pytest
from jiekun.core.numbers import exact, format_value
from jiekun.core.text import date_label, period_label


@pytest.mark.parametrize(("value", "unit", "qualifier", "percent", "expected"), [
    (0, "户", "exact", False, "0户"),
    (9999, "户", "exact", False, "9999户"),
    (10000, "户", "exact", False, "1万户"),
    (71000, "户", "exact", False, "7.1万户"),
    (150000, "户", "nearly", False, "近15万户"),
    (2513, "户", "exact", False, "2513户"),
    (2500, "户", "more-than", False, "2500多户"),
    (2513, "户", "more-than", False, "2513户以上"),
    (62000000, "元", "exact", False, "6200万元"),
    (105000000, "元", "exact", False, "1.05亿元"),
    (190000000, "元", "more-than", False, "1.9亿多元"),
    (20000000, "元", "more-than", False, "2000多万元"),
    (150000, "户", "more-than", False, "15万多户"),
    (34000, "人", "more-than", False, "3.4万多人"),
    (12345, "户", "exact", False, "约1.23万户"),
    (12345, "户", "about", False, "约1.23万户"),
    (99999999, "元", "exact", False, "约1亿元"),
    (9999, "户", "about", False, "约9999户"),
    (1234.5, "元", "exact", False, "1234.5元"),
    (0.05, "", "exact", True, "0.05%"),
    (99.95, "", "exact", True, "99.95%"),
    (100, "", "exact", True, "100%"),
    (98, "", "more-than", True, "98%以上"),
    (100, "", "nearly", True, "近100%"),
])
def test_format_value(value: float, unit: str, qualifier: str, percent: bool, expected: str) -> None:
    assert format_value(value, unit, qualifier, percent=percent) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (0, "0"), (9999, "9,999"), (71000, "71,000"), (190000000.0, "190,000,000"), (1234.5, "1,234.5"), (0.05, "0.05"),
])
def test_exact(value: float, expected: str) -> None:
    assert exact(value) == expected


def test_period_labels() -> None:
    assert date_label("2018-11-06") == "2018年11月6日"
    assert period_label("point", None, "2018-11-06") == "截至2018年11月6日"
    assert period_label("point", None, "2017") == "2017年"
    assert period_label("interval", "2016", "2018-10") == "2016年至2018年10月"
    assert period_label("interval", None, "2020-10") == "截至2020年10月累计"
    assert period_label("interval", "2018", "2018") == "2018年"
    assert period_label("per-year", None, "2018-11") == "每年（2018年11月）"
