"""Figures in prose: every form of figure() and change() renders exactly, and bad references fail
with the page's file and line (in expand, in jiekun validate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from jiekun.model.model import Site
from jiekun.site.expand import ExpandError, expand, expand_plain
from jiekun.site.generate import load
from jiekun.site.handtyped import hand_typed
from jiekun.site.refcheck import validate

EARLIER = ("henan-on-file-2017,410000,households-on-file,point,,2017,71000,household,about,national,,,"
           "约7.1万户,test-report,¶2,original,,,false,\n")
NOTE_2018 = ("[^jk-fig-1]: 河南省在档困难职工户数，2018年11月（全国级档案）：3000户。"
             "来源：[测试报道](../../sources.md#src-test-report)（¶3）。更多数字见[河南省](../../regions/410000.md)页面。")
PAGE = "updates/posts/p.md"


@pytest.fixture
def history(project: Path) -> Path:
    with (project / "datasets/outcomes/outcomes.csv").open("a", encoding="utf-8", newline="") as out:
        out.write(EARLIER)
    return project


@pytest.fixture
def site(history: Path) -> Site:
    return load(history)[0]


def run(site: Site, text: str) -> str:
    return expand(text, PAGE, site, file="docs/" + PAGE)


def test_figure_by_id(site: Site) -> None:
    assert run(site, 'A {{ figure("henan-on-file-2018") }}.\n') == f"A 3000户[^jk-fig-1].\n\n\n{NOTE_2018}\n"


def test_figure_by_keywords_and_qualifier_kept(site: Site) -> None:
    text = run(site, '{{ figure(region="410000", metric="aid-funds-raised", period="2018") }}')
    assert text.startswith("1.9亿多元[^jk-fig-1]")
    assert ("[^jk-fig-1]: 河南省筹集帮扶资金，2018年：1.9亿多元。"
            "来源：[测试报道](../../sources.md#src-test-report)（¶5）") in text


def test_figure_by_region_name_period_prefix_and_category(site: Site) -> None:
    assert run(site, '{{ figure(region="河南省", metric="households-on-file", period="2018-11") }}').startswith(
        "3000户[^jk-fig-1]")
    assert run(site, '{{ figure(region="410000", metric="households-on-file", period="2018", category="dibao") }}'
               ).startswith("1000户[^jk-fig-1]")
    assert run(site, '{{ figure(region="410000", metric="share-of-households-on-file", category="dibao") }}'
               ).startswith("33.33%[^jk-fig-1]")


def test_same_figure_twice_shares_one_footnote_labels_unique(site: Site) -> None:
    text = run(site, '{{ figure("henan-on-file-2018") }} {{ figure("henan-aid-funds-2018") }} '
                     '{{ figure("henan-on-file-2018") }}\n')
    assert text.startswith("3000户[^jk-fig-1] 1.9亿多元[^jk-fig-2] 3000户[^jk-fig-1]\n")
    assert text.count("[^jk-fig-1]:") == 1 and text.count("[^jk-fig-2]:") == 1


@pytest.mark.parametrize(("call", "expected"), [
    ('change("henan-on-file-2017", "henan-on-file-2018")', "较2017年下降约95.8%"),  # 71000 (约) → 3000
    ('change("henan-on-file-2017", "henan-on-file-2018", by="amount")', "较2017年减少约6.8万户"),
    ('change({"region": "410000", "metric": "households-on-file", "period": "2017"}, "henan-on-file-2018")',
     "较2017年下降约95.8%"),
    ('change("henan-on-file-2017", "henan-on-file-2018", since=False)', "下降约95.8%"),  # the span said already
    ('change("henan-on-file-2017", "henan-on-file-2018", by="amount", since=False)', "减少约6.8万户"),
])
def test_change_forms(site: Site, call: str, expected: str) -> None:
    text = run(site, "{{ " + call + " }}")
    assert text.startswith(expected + "[^jk-fig-1]\n")
    assert "[^jk-fig-1]: 河南省在档困难职工户数（全国级档案）：2017年为约7.1万户，2018年11月为3000户。" in text
    assert "来源：[测试报道](../../sources.md#src-test-report)（¶2、¶3）。" in text


def test_change_wording_real_data() -> None:
    site = load(REPO)[0]
    cases = {
        ("yunnan-national-on-file-2017", "yunnan-national-on-file-2020-10", "percent"): "较2017年下降96.5%",
        ("inner-mongolia-on-file-2011", "inner-mongolia-on-file-2018-11-06", "percent"): "较2011年下降95.2%",
        ("inner-mongolia-on-file-2011", "inner-mongolia-on-file-2018-11-06", "amount"): "较2011年减少约14.28万户",
        ("yunnan-national-on-file-2020-04", "yunnan-national-on-file-2020-10", "percent"): "较2020年4月下降58.4%",
        ("henan-aid-funds-raised-2017", "henan-aid-funds-raised-2018", "percent"): "与2017年持平",
    }
    for (a, b, by), expected in cases.items():
        text = run(site, f'{{{{ change("{a}", "{b}", by="{by}") }}}}')
        assert text.startswith(expected + "[^jk-fig-1]"), (a, b, text[:40])


def test_change_increase_and_points(history: Path) -> None:
    csv = history / "datasets/outcomes/outcomes.csv"
    with csv.open("a", encoding="utf-8", newline="") as out:
        out.write("henan-on-file-2019,410000,households-on-file,point,,2019,3600,household,exact,national,,,"
                  "3600户,test-report,¶9,original,,,false,\n")
    site = load(history)[0]
    assert run(site, '{{ change("henan-on-file-2018", "henan-on-file-2019") }}').startswith(
        "较2018年11月增长20%[^jk-fig-1]")
    assert run(site, '{{ change("henan-on-file-2018", "henan-on-file-2019", by="amount") }}').startswith(
        "较2018年11月增加600户[^jk-fig-1]")


@pytest.mark.parametrize(("call", "message"), [
    ('figure("no-such-figure")', "no figure with id 'no-such-figure'"),
    ('figure(region="410000", metric="households-on-file")', "2 figures match"),  # 2017 and 2018 totals
    ('figure(region="火星", metric="households-on-file")', "no region with code or name '火星'"),
    ('figure(region="410000", metric="households-on-file", period="2016")', "no figure matches"),
    ('figure(region="410000")', "needs metric"),
    ('figure(region="410000", metric="x", colour="red")', "unknown keyword colour"),
    ('change("henan-on-file-2018", "henan-on-file-2017")', "must end later than"),
    ('change("henan-on-file-2017", "henan-aid-funds-2018")', "different metrics"),
    ('change("henan-on-file-2017", "henan-on-file-2018", by="speed")', "by='speed'"),
    ('change("henan-on-file-2017", "henan-on-file-2018", since="yes")', "since must be True or False"),
])
def test_bad_reference_fails_with_file_and_line(site: Site, call: str, message: str) -> None:
    with pytest.raises(ExpandError) as info:
        expand("---\n\n# Title\n\nText {{ " + call + " }}\n", PAGE, site, file="docs/" + PAGE, first_line=4)
    assert (info.value.file, info.value.line) == ("docs/" + PAGE, 8)
    assert message in info.value.message


def test_validate_reports_references_with_file_and_line(history: Path) -> None:
    page = history / "docs/updates/posts/2026-01-01-x.md"
    page.parent.mkdir(parents=True)
    page.write_text('---\ntitle: x\n---\n# x\n\n{{ figure("henan-on-file-2018") }}\n{{ figure("gone") }}\n'
                    '{{ figure(region="410000", metric="households-on-file") }}\n'
                    '{{ change("henan-on-file-2018", "henan-on-file-2017") }}\n', encoding="utf-8")
    (history / "docs/plain.md").write_text("no calls here {{ headline_cards() }}\n", encoding="utf-8")
    found = [(i.file, i.line, i.code) for i in validate(history).errors]
    file = "docs/updates/posts/2026-01-01-x.md"
    assert found == [(file, 7, "unresolved-reference"), (file, 8, "ambiguous-reference"),
                     (file, 9, "mismatched-change")]


def test_validate_catches_a_data_change_that_breaks_a_post(history: Path) -> None:
    page = history / "docs/post.md"
    page.parent.mkdir()
    page.write_text('# x\n\n{{ figure(region="410000", metric="households-on-file", period="2018") }}\n',
                    encoding="utf-8")
    assert validate(history).ok()
    csv = history / "datasets/outcomes/outcomes.csv"
    with csv.open("a", encoding="utf-8", newline="") as out:  # a second 2018 total: the keywords now match two
        out.write("henan-on-file-2018-12,410000,households-on-file,point,,2018-12,2900,household,exact,national,,,"
                  "2900户,test-report,¶9,original,,,false,\n")
    issues = validate(history).errors
    assert [(i.file, i.line, i.code) for i in issues] == [("docs/post.md", 3, "ambiguous-reference")]


def test_real_posts_resolve() -> None:
    assert not [i for i in validate(REPO).errors if i.file.startswith("docs/")]


@pytest.mark.parametrize(("call", "message"), [
    ('figures("henan-on-file-2018")', "unknown function 'figures'"),
    ('chnage("henan-on-file-2017", "henan-on-file-2018")', "unknown function 'chnage'"),
    ('figure(henan-on-file-2018)', "cannot be read"),  # not a literal: expand cannot read it either
    ('headline_cards(colour="red")', "headline_cards"),  # a known function given arguments it does not take
    ('change("henan-on-file-2017", "henan-on-file-2018", since="yes")', "since"),
])
def test_validate_rejects_every_call_the_build_rejects(history: Path, site: Site, call: str, message: str) -> None:
    """jiekun validate and the build agree: a call the build would stop on is a bad-reference."""
    text = "# x\n\nText {{ " + call + " }}\n"
    with pytest.raises(ExpandError) as info:
        expand(text, PAGE, site, file="docs/" + PAGE)
    assert info.value.line == 3
    (history / "docs").mkdir(exist_ok=True)
    (history / "docs/post.md").write_text(text, encoding="utf-8")
    issues = validate(history).errors
    assert [(i.file, i.line, i.code) for i in issues] == [("docs/post.md", 3, "bad-reference")]
    assert message in issues[0].message


def test_titles_descriptions_and_headings_get_the_plain_value(site: Site) -> None:
    """No footnote where a footnote cannot go (a page title, a preview text, the feed, a heading)."""
    text = 'Down to {{ figure("henan-on-file-2018") }}, {{ change("henan-on-file-2017", "henan-on-file-2018") }}.'
    assert expand_plain(text, PAGE, site, file="docs/" + PAGE, line=3) == "Down to 3000户, 较2017年下降约95.8%."
    page = '# 降至{{ figure("henan-on-file-2018") }}\n\n正文{{ figure("henan-on-file-2018") }}。\n'
    assert run(site, page) == f"# 降至3000户\n\n正文3000户[^jk-fig-1]。\n\n\n{NOTE_2018}\n"
    with pytest.raises(ExpandError) as info:
        expand_plain("x {{ headline_cards() }}", PAGE, site, file="docs/" + PAGE, line=3)
    assert info.value.line == 3 and "only figure() and change()" in info.value.message


def test_validate_checks_front_matter_references_with_their_line(history: Path) -> None:
    page = history / "docs/updates/posts/2026-01-01-x.md"
    page.parent.mkdir(parents=True)
    page.write_text('---\ntitle: "降至{{ figure(\'henan-on-file-2018\') }}"\ndate:\n  created: 2026-01-01\n'
                    'description: 降至{{ figure("gone") }}，{{ headline_cards() }}\n---\n# x\n', encoding="utf-8")
    found = [(i.file, i.line, i.code) for i in validate(history).errors]
    file = "docs/updates/posts/2026-01-01-x.md"
    assert found == [(file, 5, "bad-reference"), (file, 5, "unresolved-reference")]


def test_hand_typed_figures_are_found() -> None:
    text = ('---\ndate:\n  created: 2026-11-18\ntitle: 降至2513户\ndescription: 从{{ figure("a") }}减少到7.1万户。\n'
            '---\n# 降至{{ figure("b") }}\n\n2020年10月的3400余户，96.5%，1.9亿多元，占六成；'
            '见[页面](../../regions/530000.md)。\n')
    assert hand_typed(text) == [(4, "2513户"), (5, "7.1万户"), (9, "3400余户"), (9, "96.5%"), (9, "1.9亿多元"),
                                (9, "六成")]


def test_posts_write_every_figure_from_the_data() -> None:
    """Posts (title, description and text) cite figures with figure()/change(), never type them:
    a typed figure goes stale when the data changes (docs/validation.md, 文章中的数字)."""
    typed = {path.name: found for path in sorted((REPO / "docs/updates/posts").glob("*.md"))
             if (found := hand_typed(path.read_text(encoding="utf-8")))}
    assert not typed, typed


def test_change_wording_real_data_in_english() -> None:
    """The same calls on an English page write English: the twin of test_change_wording_real_data."""
    site = load(REPO)[0]
    cases = {
        ("yunnan-national-on-file-2017", "yunnan-national-on-file-2020-10", "percent"): "down 96.5% on 2017",
        ("inner-mongolia-on-file-2011", "inner-mongolia-on-file-2018-11-06", "percent"): "down 95.2% on 2011",
        ("inner-mongolia-on-file-2011", "inner-mongolia-on-file-2018-11-06", "amount"):
            "142,803 households fewer than in 2011",  # exact: English writes it in full
        ("yunnan-national-on-file-2020-04", "yunnan-national-on-file-2020-10", "percent"): "down 58.4% on Apr 2020",
        ("henan-aid-funds-raised-2017", "henan-aid-funds-raised-2018", "percent"): "unchanged from 2017",
    }
    for (a, b, by), expected in cases.items():
        text = expand(f'{{{{ change("{a}", "{b}", by="{by}") }}}}', PAGE, site, file="docs/p.en.md", lang="en")
        assert text.startswith(expected + "[^jk-fig-1]"), (a, b, text[:60])
        assert "在档" not in text.split("[^jk-fig-1]:")[1], "the footnote must be in English"


def test_figure_in_english_with_its_footnote(site: Site) -> None:
    text = expand('A {{ figure("henan-on-file-2018") }}.\n', PAGE, site, file="docs/p.en.md", lang="en")
    assert text.startswith("A 3,000 households[^jk-fig-1].\n")
    assert ("[^jk-fig-1]: Households on file in Henan, Nov 2018 (national register): 3,000 households; "
            'the source writes “<span lang="zh">3000户</span>”. Source: [A test report]'
            "(../../sources.md#src-test-report) (¶3).") in text
    assert expand_plain('{{ change("henan-on-file-2017", "henan-on-file-2018") }}', PAGE, site, file="d", line=1,
                        lang="en") == "down about 95.8% on 2017"
