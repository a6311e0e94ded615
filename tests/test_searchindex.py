"""The search index made from built pages (generator/jiekun/pipeline/searchindex.py), on small pages written here."""

from __future__ import annotations

import json
from pathlib import Path

from jiekun.pipeline.searchindex import INDEX, page_entry, write_index

PAGE = """<html><head><title>ignored</title></head><body>
<nav class="md-header__inner">站名 <a href="#">导航</a></nav>
<main><article class="md-content__inner md-typeset">
<p class="crumbs">案例 › 白银市</p>
<h1 id="a">白银下岗职工学电焊<a class="headerlink" href="#a">&para;</a></h1>
<p>他参加了电焊工培训班&nbsp;后来<b>稳定</b>就业。<br>第二行</p>
<h2 id="b">经过<a class="headerlink" href="#b">&para;</a></h2>
<div class="jk-table" data-search-exclude="data-search-exclude"><div><table>
<tr><td>123,456 户</td></tr></table></div>隐</div>
<article class="md-post"><h2>一篇文章</h2><p>摘要</p></article>
<script>var secret = 1;</script><svg><title>图</title></svg>
<p>结尾 &lt;b&gt;</p>
</article></main>
<footer>页脚文字</footer></body></html>"""


def test_a_page_gives_its_title_headings_and_visible_text() -> None:
    entry = page_entry(PAGE, "cases/x/")
    assert entry is not None
    path, title, headings, text = entry
    assert (path, title) == ("cases/x/", "白银下岗职工学电焊")
    assert headings == "经过 · 一篇文章"
    assert text.startswith("他参加了电焊工培训班 后来稳定就业。 第二行")  # the crumbs and title are not repeated
    assert "摘要" in text and text.endswith("结尾 <b>")  # nested articles (blog lists) are the page's text
    for absent in ("¶", "123,456", "隐", "secret", "图", "页脚", "导航", "ignored"):
        assert absent not in text, absent


def test_a_page_without_an_article_is_not_indexed() -> None:
    assert page_entry("<html><body><p>redirect</p></body></html>", "old/") is None


def test_the_index_lists_every_page_but_the_404_page(tmp_path: Path) -> None:
    for folder in ("", "cases/x/", "regions/620400/"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE, encoding="utf-8")
    done = write_index(tmp_path)
    data = json.loads((tmp_path / INDEX).read_text(encoding="utf-8"))
    assert sorted(p[0] for p in data["pages"]) == ["", "cases/x/", "regions/620400/"]
    assert done.pages == 3 and done.bytes == (tmp_path / INDEX).stat().st_size
    assert "\\u" not in (tmp_path / INDEX).read_text(encoding="utf-8"), "Chinese is written as UTF-8, not escapes"
    before = (tmp_path / INDEX).stat().st_mtime_ns
    write_index(tmp_path)
    assert (tmp_path / INDEX).stat().st_mtime_ns == before, "an unchanged index is not rewritten"


def test_unchanged_pages_take_their_entries_from_the_cache(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache" / "zh.json"
    for folder in ("", "cases/x/", "regions/620400/"):
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "index.html").write_text(PAGE, encoding="utf-8")
    plain = write_index(site)
    without = (site / INDEX).read_bytes()
    first = write_index(site, cache=cache)
    assert (first.reused, (site / INDEX).read_bytes()) == (0, without)
    again = write_index(site, cache=cache)
    assert (again.pages, again.reused, (site / INDEX).read_bytes()) == (plain.pages, 3, without)
    changed = site / "cases/x/index.html"
    changed.write_text(PAGE.replace("第二行", "改过的一行"), encoding="utf-8")
    after = write_index(site, cache=cache)
    entries = {p[0]: p for p in json.loads((site / INDEX).read_text(encoding="utf-8"))["pages"]}
    assert after.reused == 2 and "改过的一行" in entries["cases/x/"][3] and "第二行" in entries[""][3]
    changed.unlink()
    assert write_index(site, cache=cache).pages == 2
    assert len(json.loads(cache.read_text(encoding="utf-8"))["entries"]) == 2, "entries of gone pages are dropped"


def test_a_cache_from_other_code_or_unreadable_is_not_used(tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "zh.json"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    write_index(site, cache=cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["entries"] = {key: [entry[0], "forged", "", "forged"] for key, entry in kept["entries"].items()}
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert write_index(site, cache=cache).reused == 1, "this code's cache is trusted"
    kept["code"] = "older"
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert write_index(site, cache=cache).reused == 0
    assert "forged" not in (site / INDEX).read_text(encoding="utf-8")
    cache.write_text("{not json", encoding="utf-8")
    assert write_index(site, cache=cache).reused == 0
