"""The English edition of the built site: every page has its twin under en/, each page links the
other language's twin, English pages are in English (Chinese only where marked lang="zh"), with
their own charts, and only translated posts appear in the English updates and feeds."""

from __future__ import annotations

import csv
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from jiekun.pipeline.editions import hand_edition, page_url

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: every kind of page the issue names, by its address under an edition's root
TWINS = ["", "regions/", "regions/620400/", "metrics/", "metrics/households-on-file/", "cases/",
         "cases/baiyin-laid-off-father-student-aid-job/", "sources/", "data/", "data-dictionary/", "key-figures/",
         "methodology/", "validation/", "privacy/", "about/", "updates/", "updates/2026/11/24/baiyin-exits/"]


class Page(HTMLParser):
    """What the tests read of a page: its html lang, alternates, switch, and unmarked Chinese text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.canonical = ""
        self.switch: dict[str, str] = {}
        self.unmarked: list[str] = []
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag == "link" and "alternate" in (a.get("rel") or "").split() and a.get("hreflang"):
            self.alternates[str(a["hreflang"])] = str(a.get("href"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = str(a.get("href"))
        if tag == "a" and "jk-lang-switch" in (a.get("class") or ""):
            self.switch = {k: str(v) for k, v in a.items()}
        if tag not in VOID:
            self._stack.append((tag, a.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        marked = any(lang and lang.startswith("zh") for _, lang in self._stack)
        code = any(tag in ("script", "style", "code", "pre", "title") for tag, _ in self._stack)
        if not marked and not code and CJK.search(data):
            self.unmarked.append(data.strip()[:60])


def read(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target(site: Path, page: str, href: str) -> Path:
    """The index.html a relative link of the page at ``page`` (an address under ``site``) leads to."""
    folder = PurePosixPath("/" + page)
    resolved = PurePosixPath(*[p for p in (folder / href).parts])
    parts: list[str] = []
    for part in resolved.parts[1:]:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return site.joinpath(*parts, "index.html")


@pytest.mark.parametrize("address", TWINS)
def test_every_page_has_its_english_twin_and_each_links_the_other(built_site: Path, address: str) -> None:
    zh, en = built_site / address / "index.html", built_site / "en" / address / "index.html"
    assert zh.is_file() and en.is_file(), address
    zh_page, en_page = read(zh), read(en)
    assert (zh_page.lang, en_page.lang) == ("zh", "en")
    assert zh_page.switch["lang"] == "en" and en_page.switch["lang"] == "zh"
    assert target(built_site, address, zh_page.switch["href"]) == en
    assert target(built_site, f"en/{address}", en_page.switch["href"]) == zh
    # hreflang alternates are full addresses, the pages' own canonical ones (the site's address is set)
    for page in (zh_page, en_page):
        assert (page.alternates["zh"], page.alternates["en"]) == (zh_page.canonical, en_page.canonical)
        assert page.alternates["x-default"] == zh_page.canonical and zh_page.canonical.startswith("https://")


def test_english_pages_mark_every_chinese_text(built_site: Path) -> None:
    """Code (a citation's BibTeX, a command) is shown as it is; everything else Chinese is lang="zh"."""
    pages = sorted((built_site / "en").rglob("index.html"))
    assert len(pages) > 100
    unmarked = {p.relative_to(built_site).as_posix(): found for p in pages if (found := read(p).unmarked)}
    assert unmarked == {}


def test_every_english_page_is_english_and_has_a_switch(built_site: Path) -> None:
    for path in sorted((built_site / "en").rglob("index.html")):
        address = path.parent.relative_to(built_site).as_posix() + "/"
        page = read(path)
        assert page.lang == "en", address
        if page.switch:  # the blog plugin's own archive and category pages have none
            assert target(built_site, address, page.switch["href"]).is_file(), (address, page.switch)


def test_a_post_is_in_english_only_where_translated(built_site: Path) -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "updates" / "posts"
    translated = {hand_edition(p.name)[1] for p in docs.glob("*.en.md")}
    assert translated == {"2026-11-24-baiyin-exits.md"}
    assert (built_site / "updates/2026/11/20/inner-mongolia-register/index.html").is_file()
    assert not (built_site / "en/updates/2026/11/20/inner-mongolia-register").exists()
    chinese_only = read(built_site / "updates/2026/11/20/inner-mongolia-register/index.html")
    assert target(built_site, "updates/2026/11/20/inner-mongolia-register/",
                  chinese_only.switch["href"]) == built_site / "en/updates/index.html"
    assert "en" not in chinese_only.alternates
    feed = (built_site / "en/feed_rss_created.xml").read_text(encoding="utf-8")
    assert feed.count("<item>") == 1 and "/en/updates/2026/11/24/baiyin-exits/" in feed
    assert (built_site / "feed_rss_created.xml").read_text(encoding="utf-8").count("<item>") == 3
    index = (built_site / "en/updates/index.html").read_text(encoding="utf-8")
    assert "baiyin-exits/" in index and "inner-mongolia-register" not in index


def test_english_charts_are_their_own_files(built_site: Path) -> None:
    zh = {p.name for p in (built_site / "charts").glob("*.svg")}
    en = {p.name for p in (built_site / "en/charts").glob("*.svg")}
    assert zh and en == zh
    svg = (built_site / "en/charts/530000-households-on-file-national.svg").read_text(encoding="utf-8")
    assert "Yunnan: Households on file (national register)" in svg and "Unit: households" in svg
    assert "Oct 2020 (date estimated)" in svg and not CJK.search(re.sub(r"font-family[^;\"]*", "", svg))
    rows = list(csv.reader(io.StringIO((built_site / "en/charts/530000-households-on-file-national.csv").read_text(
        encoding="utf-8"))))
    assert rows[0] == ["label", "value", "unit", "qualifier", "id", "source"]
    assert rows[1] == ["2017", "71000", "households", "exact", "yunnan-national-on-file-2017", "yunnan-2020"]
    page = (built_site / "en/regions/530000/index.html").read_text(encoding="utf-8")
    assert 'alt="Line chart&#58; Yunnan&#58; Households on file &#40;national register&#41;. 3 periods' in page
    assert list((built_site / "en/images/charts").glob("*.png"))


def test_english_numbers_on_the_pages(built_site: Path) -> None:
    home = (built_site / "en/index.html").read_text(encoding="utf-8")
    for figure in ("36,600 households", "340,200 households", "more than 190 million yuan", "1.1 billion yuan",
                   "662,000 person-times", "as of 6 Nov 2018", "2004 – Oct 2018"):
        assert figure in home, figure


def test_the_post_url_is_the_blogs() -> None:
    import datetime

    meta = {"date": {"created": datetime.date(2026, 11, 24)}, "slug": "baiyin-exits"}
    assert page_url("updates/posts/2026-11-24-baiyin-exits.md", meta) == "updates/2026/11/24/baiyin-exits/"
    assert page_url("index.md", {}) == "" and page_url("regions/620400.md", {}) == "regions/620400/"
    assert hand_edition("updates/.authors.en.yml") == ("en", "updates/.authors.yml")
    assert hand_edition("about.md") == ("zh", "about.md")


def test_english_disagreement_chart_says_the_sources_disagree(built_site: Path) -> None:
    slug = "disagreement-henan-aid-funds-raised-2017"
    page = (built_site / "en/regions/410000/index.html").read_text(encoding="utf-8")
    alt = re.search(rf'<img src="[^"]*charts/{slug}\.svg" alt="([^"]*)"', page)
    assert alt, f"the English Henan page does not show {slug}"
    text = html.unescape(alt.group(1))
    assert text.startswith("Bar chart: Henan: ") and "2 sources disagree" in text, text
    assert "not change over time" in text and "2017 (report of Oct 2018)" in text, text
    assert "2018 (report of Dec 2018): more than 190 million yuan" in text, text
    assert "cannot be joined as a line" in page  # the note above the chart's data table
    svg = (built_site / f"en/charts/{slug}.svg").read_text(encoding="utf-8")
    assert "not change over time" in svg and not CJK.search(re.sub(r"font-family[^;\"]*", "", svg))


def test_every_chart_page_and_embed_view_has_its_english_twin(built_site: Path) -> None:
    zh = sorted(p.parent.name for p in (built_site / "chart").glob("*/index.html"))
    en = sorted(p.parent.name for p in (built_site / "en/chart").glob("*/index.html"))
    assert zh and en == zh
    assert sorted(p.name for p in (built_site / "en/embed").glob("*.html")) == [f"{s}.html" for s in zh]
    for slug in zh:
        page = read(built_site / "en/chart" / slug / "index.html")
        assert page.lang == "en" and not page.unmarked, (slug, page.unmarked)
        for name in (f"en/charts/{slug}.svg", f"en/charts/{slug}.csv", f"en/images/charts/{slug}.png"):
            assert (built_site / name).is_file(), name  # what the page offers to download
    embed = (built_site / "en/chart" / zh[0] / "index.html").read_text(encoding="utf-8")
    assert f"/en/embed/{zh[0]}.html" in html.unescape(embed)  # the snippet frames the English view


@pytest.mark.parametrize("address", ["", "metrics/households-on-file/"])
def test_english_map_has_an_english_name_and_labels(built_site: Path, address: str) -> None:
    page = (built_site / "en" / address / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="jk-tilemap-svg"[^>]*aria-label="([^"]+)"', page)
    assert svg and "map" in svg.group(1).lower() and not CJK.search(svg.group(1)), address
    names = re.findall(r'<a href="[^"]*regions/\d{6}/" aria-label="([^"]+)"', page)
    assert any(n.startswith("Henan") for n in names) and not any(CJK.search(n) for n in names), names
    assert ">HA</text>" in page and ">GS</text>" in page  # the English tile labels of Henan and Gansu


def test_english_province_rolls_up_its_prefecture(built_site: Path) -> None:
    page = (built_site / "en/regions/620000/index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert re.search(r"with its 1 sub-region: \d+ figures and [1-9]\d* case studies, of which the region itself "
                     r"has 0 figures", text), text[:600]
    table = page[page.index("jk-rollup"):]
    table = table[:table.index("</table>")]
    assert "../620400/" in table and "Baiyin" in table and "3,195 households" in table
    cases = set(re.findall(r'href="\.\./\.\./cases/([a-z0-9-]+)/"', page))
    chinese = set(re.findall(r'href="\.\./\.\./cases/([a-z0-9-]+)/"',
                             (built_site / "regions/620000/index.html").read_text(encoding="utf-8")))
    assert "baiyin-laid-off-father-student-aid-job" in cases and cases == chinese  # all of Baiyin's cases
