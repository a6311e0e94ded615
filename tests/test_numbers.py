"""The one number-formatting function, on the edge cases readers notice."""

from __future__ import annotations

import pytest
from jiekun.core import numbers_en as english
from jiekun.core.numbers import exact, format_value
from jiekun.core.text import date_label, period_label

#: ONE table of cases for both formatters: (value, unit in Chinese, unit in English, qualifier,
#: percent, as the Chinese pages write it, as the English pages write it)
CASES = [
    (0, "户", "households", "exact", False, "0户", "0 households"),
    (9999, "户", "households", "exact", False, "9999户", "9,999 households"),
    (10000, "户", "households", "exact", False, "1万户", "10,000 households"),
    (71000, "户", "households", "exact", False, "7.1万户", "71,000 households"),
    (36600, "户", "households", "exact", False, "3.66万户", "36,600 households"),
    (340200, "户", "households", "exact", False, "34.02万户", "340,200 households"),
    (150000, "户", "households", "nearly", False, "近15万户", "nearly 150,000 households"),
    (2513, "户", "households", "exact", False, "2513户", "2,513 households"),
    (2500, "户", "households", "more-than", False, "2500多户", "more than 2,500 households"),
    (2513, "户", "households", "more-than", False, "2513户以上", "more than 2,513 households"),
    (62000000, "元", "yuan", "exact", False, "6200万元", "62 million yuan"),
    (105000000, "元", "yuan", "exact", False, "1.05亿元", "105 million yuan"),
    (190000000, "元", "yuan", "more-than", False, "1.9亿多元", "more than 190 million yuan"),
    (1100000000, "元", "yuan", "exact", False, "11亿元", "1.1 billion yuan"),
    (20000000, "元", "yuan", "more-than", False, "2000多万元", "more than 20 million yuan"),
    (150000, "户", "households", "more-than", False, "15万多户", "more than 150,000 households"),
    (34000, "人", "people", "more-than", False, "3.4万多人", "more than 34,000 people"),
    (29900, "个", "", "about", False, "约2.99万个", "about 29,900"),
    (662000, "人次", "person-times", "exact", False, "66.2万人次", "662,000 person-times"),
    (12345, "户", "households", "exact", False, "约1.23万户", "12,345 households"),
    (12345, "户", "households", "about", False, "约1.23万户", "about 12,345 households"),
    (99999999, "元", "yuan", "exact", False, "约1亿元", "about 100 million yuan"),
    (999999999, "元", "yuan", "exact", False, "约10亿元", "about 1 billion yuan"),
    (9999, "户", "households", "about", False, "约9999户", "about 9,999 households"),
    (1234.5, "元", "yuan", "exact", False, "1234.5元", "1,234.5 yuan"),
    (0.05, "", "", "exact", True, "0.05%", "0.05%"),
    (99.95, "", "", "exact", True, "99.95%", "99.95%"),
    (100, "", "", "exact", True, "100%", "100%"),
    (98, "", "", "more-than", True, "98%以上", "more than 98%"),
    (100, "", "", "nearly", True, "近100%", "nearly 100%"),
]


@pytest.mark.parametrize(("value", "unit", "unit_en", "qualifier", "percent", "expected", "_"), CASES)
def test_format_value(value: float, unit: str, unit_en: str, qualifier: str, percent: bool, expected: str,
                      _: str) -> None:
    assert format_value(value, unit, qualifier, percent=percent) == expected


@pytest.mark.parametrize(("value", "_", "unit", "qualifier", "percent", "__", "expected"), CASES)
def test_format_value_english(value: float, _: str, unit: str, qualifier: str, percent: bool, __: str,
                              expected: str) -> None:
    assert english.format_value(value, unit, qualifier, percent=percent) == expected


def test_english_periods() -> None:
    assert english.date_label("2018-12") == "Dec 2018"
    assert english.date_label("2018-11-06") == "6 Nov 2018"
    assert english.period_label("point", None, "2018-11-06") == "as of 6 Nov 2018"
    assert english.period_label("point", None, "2018-12") == "Dec 2018"
    assert english.period_label("interval", "2004", "2018-10") == "2004 – Oct 2018"
    assert english.period_label("interval", None, "2020-10") == "cumulative to Oct 2020"
    assert english.period_label("interval", "2018", "2018") == "2018"
    assert english.period_label("per-year", None, "2018-11") == "per year (Nov 2018)"


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
