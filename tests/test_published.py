"""Reading a figure's wording as published, and checking the figure against it."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st
from jiekun.core.issues import Severity
from jiekun.data.published import Reading, chinese_number, exemptions, read
from jiekun.data.validate import validate

OUTCOMES = "datasets/outcomes/outcomes.csv"

TABLE = [
    ("2513户", "2513", "household", "exact"),
    ("1.9亿多元", "190000000", "yuan", "more-than"),
    ("3.66万户", "36600", "household", "exact"),
    ("2000多万元", "20000000", "yuan", "more-than"),
    ("66.2万人次", "662000", "person-time", "exact"),
    ("70余万人", "700000", "person", "more-than"),
    ("435万多张", "4350000", "item", "more-than"),
    ("30万余户次", "300000", "household-time", "more-than"),
    ("近18万个", "180000", "item", "nearly"),
    ("将近5000户", "5000", "household", "nearly"),
    ("约2亿元", "200000000", "yuan", "about"),
    ("5万元左右", "50000", "yuan", "about"),
    ("3000户以上", "3000", "household", "more-than"),
    ("超过100人", "100", "person", "more-than"),
    ("逾千家", "1000", "item", "more-than"),
    ("99.95%", "99.95", "percent", "exact"),
    ("０.８１％", "0.81", "percent", "exact"),
    ("三次", "3", "item", "exact"),
    ("十二个", "12", "item", "exact"),
    ("一百零五人", "105", "person", "exact"),
    ("两千户", "2000", "household", "exact"),
    ("三千二百万元", "32000000", "yuan", "exact"),
    ("3千元", "3000", "yuan", "exact"),
    ("1,234,567元", "1234567", "yuan", "exact"),
    ("113名", "113", "person", "exact"),
    ("8000余人次", "8000", "person-time", "more-than"),
    ("5900", "5900", None, "exact"),
]
UNREADABLE = ["3-5万户", "3至5万户", "2000～3000人", "数千户", "上万人", "", "户", "约1.9亿多元", "三四个",
              "12,3456户", "3000户困难职工", "abc"]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), TABLE)
def test_reading_table(text: str, value: str, unit: str | None, qualifier: str) -> None:
    assert read(text) == Reading(Decimal(value), qualifier, unit)


@pytest.mark.parametrize("text", UNREADABLE)
def test_not_one_number_reads_as_none(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(("words", "number"), [("三", 3), ("十", 10), ("二十", 20), ("一千零一", 1001),
                                               ("两百", 200), ("三四", None), ("零十", None)])
def test_chinese_numerals(words: str, number: int | None) -> None:
    assert chinese_number(words) == number


PIECES = st.sampled_from(list("0123456789.,%-～至约近多余万亿千百十零一二两三户人次元个名 以上左右") + ["人次", "户次"])


@given(st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=12).map("".join)))
def test_reading_never_crashes(text: str) -> None:
    reading = read(text)
    assert reading is None or (reading.value >= 0 and reading.qualifier in {"exact", "more-than", "about", "nearly"})


def test_exemptions_are_read_from_the_note() -> None:
    assert exemptions("counted with 名 [as published: unit, qualifier]") == {"unit", "qualifier"}
    assert exemptions("as published: unit") == set() and exemptions(None) == set()


def _edit(root: Path, old: str, new: str) -> None:
    path = root / OUTCOMES
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def real_project(tmp_path: Path) -> Path:
    for folder in ("datasets", "schemas"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def test_edited_value_no_longer_matches_its_wording(tmp_path: Path) -> None:
    root = real_project(tmp_path)
    row = "yunnan-national-on-file-2020-10,530000,households-on-file,point,,2020-10,"
    _edit(root, row + "2513,", row + "2514,")
    issues = [i for i in validate(root) if i.code == "published-mismatch"]
    lines = (root / OUTCOMES).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(row))
    assert [(i.file, i.line, i.field, i.severity) for i in issues] == [(OUTCOMES, line, "value", Severity.ERROR)]
    assert "2514 household, exact" in issues[0].message and "'2513户' as published reads 2513 household, exact" \
        in issues[0].message


def test_unreadable_wording_is_a_warning_unless_the_note_says_why(project: Path) -> None:
    _edit(project, ",3000户,", ",3000至3100户,")
    report = validate(project)
    assert [(i.line, i.field, i.code, i.severity) for i in report] == \
        [(2, "value_as_published", "published-unreadable", Severity.WARNING)]
    assert report.ok() and not report.ok(strict=True)
    _edit(project, ",¶3,original,,,false,\n",
          ",¶3,original,,,false,The source gives a range. [as published: unreadable]\n")
    assert list(validate(project)) == []


def test_exemption_covers_only_what_it_names(project: Path) -> None:
    _edit(project, ",3000户,", ",3000名,")
    assert [(i.line, i.field, i.code) for i in validate(project)] == [(2, "unit", "published-mismatch")]
    _edit(project, ",¶3,original,,,false,\n", ",¶3,original,,,false,Families counted with 名. [as published: value]\n")
    assert [(i.line, i.field, i.code) for i in validate(project)] == [(2, "unit", "published-mismatch")]
    _edit(project, "[as published: value]", "[as published: unit]")
    assert list(validate(project)) == []
