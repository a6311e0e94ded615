"""One staged source, two engines: mkdocs-material (the default) and Zensical build the same site."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO
from jiekun.cli import main
from jiekun.pipeline.build import FINISHED, build, prepare
from jiekun.pipeline.engines import ENGINES
from jiekun.pipeline.searchindex import INDEX
from jiekun.pipeline.stage import aside_folder

#: files one engine writes and the other does not, each with its reason; pages (HTML) never differ
ENGINE_FILES = {
    "mkdocs": {
        "sitemap.xml.gz": "mkdocs also writes a gzipped copy of the sitemap",
        "tags.json": "mkdocs-material's tags plugin writes its index as a file",
    },
    "zensical": {
        "search.json": "Zensical writes its own search index, empty, even with its search off",
        "rss.xsl": "Zensical's feeds come with a stylesheet for browsers",
    },
}
CALL = re.compile(r"\{\{\s*[a-z_]+\(")  # a {{ call(…) }} (BibTeX's {{braces}} are not one)
THEME_ASSETS = re.compile(
    r"(en/)?assets/(javascripts|stylesheets)/(?!jiekun|updates|case-filter|copy-figures|search|tables|keyboard)")
#: a relative src or href (no scheme, not absolute, not an anchor; Zensical's JSON in attributes skipped)
ADDRESS = re.compile(r'(?:src|href)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?&]+)"')
PAGE_LIMIT = 100 * 1000  # bytes of HTML per page (bench/site_report.py's target)
EDITIONS = ("", "en/")  # each engine builds both editions: Chinese at the root, English under en/


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sites(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site by each engine: the default engine's is the test run's shared build."""
    out = tmp_path_factory.mktemp("engines")
    return {name: built_site if name == "mkdocs" else build(REPO, out / name, engine=name) for name in ENGINES}


def test_staged_source_is_complete_and_plain(sites: dict[str, Path]) -> None:
    staged = REPO / "build" / "staged"
    assert (staged / "mkdocs.yml").read_bytes() == (REPO / "mkdocs.yml").read_bytes()
    config = yaml.safe_load((staged / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert "hooks" not in config, "the staged source must build without a project hook"
    pages = sorted((staged / "docs").rglob("*.md"))
    assert len(pages) > 100
    assert [p for p in pages if CALL.search(p.read_text(encoding="utf-8"))] == [], "every call is expanded"
    region = (staged / "docs" / "regions" / "620400.md").read_text(encoding="utf-8")
    assert re.search(r"^og_image: images/charts/\S+\.png$", region, re.MULTILINE)
    post = next((staged / "docs" / "updates" / "posts").glob("*baiyin*.md")).read_text(encoding="utf-8")
    assert re.search(r"^description: .*1700多户", post, re.MULTILINE), "front-matter figures are written out"
    assert re.search(r"^# .*1700多户", post, re.MULTILINE), "figures in headings are plain values"
    assert re.search(r"^\[\^jk-fig-1\]: ", post, re.MULTILINE), "figures in prose keep their footnotes"


def test_an_engine_that_cannot_take_every_file_gets_the_finished_ones_linked(sites: dict[str, Path]) -> None:
    """Zensical is built without the chart pages, embed views and chart files in its source (it
    stops when a source folder holds more than about 63,000 files): they are staged beside it
    and reach its site as hard links of the staged files, byte for byte those mkdocs copied."""
    staged, zen, mk = REPO / "build" / "staged", sites["zensical"], sites["mkdocs"]
    assert not ENGINES["zensical"].copies_all and ENGINES["mkdocs"].copies_all
    prepare(REPO, engine="zensical")  # the staged folder as the Zensical build had it (current: not staged again)
    for edition, docs in (("", "docs"), ("en/", "docs-en")):
        aside = aside_folder(staged, docs)
        for name in FINISHED:
            assert not (staged / docs / name).exists(), (docs, name)
            inside = sorted(p.relative_to(aside) for p in (aside / name).rglob("*") if p.is_file())
            assert len(inside) > 10, (docs, name)
            for rel in inside:
                made = zen / edition / rel
                assert made.stat().st_ino == (aside / rel).stat().st_ino, made
                assert made.read_bytes() == (mk / edition / rel).read_bytes(), made


def test_no_page_of_either_engine_is_over_100_kb(sites: dict[str, Path]) -> None:
    """The page-size target (bench/site_report.py: 100 KB of HTML per page) holds for the
    hand-written pages too, with both engines: Zensical's markup is the larger."""
    over = {f"{name}: {page.relative_to(site).as_posix()} ({page.stat().st_size:,} B)"
            for name, site in sites.items() for page in site.rglob("*.html") if page.stat().st_size > PAGE_LIMIT}
    assert over == set(), "split the page or shorten it"


def test_both_engines_publish_the_same_pages(sites: dict[str, Path]) -> None:
    found = {name: {f for f in files(site) if not THEME_ASSETS.match(f)} for name, site in sites.items()}
    mk, zen = found["mkdocs"], found["zensical"]
    assert {f for f in mk if f.endswith(".html")} == {f for f in zen if f.endswith(".html")}
    assert mk - zen == {edition + f for edition in EDITIONS for f in ENGINE_FILES["mkdocs"]}
    assert zen - mk == {edition + f for edition in EDITIONS for f in ENGINE_FILES["zensical"]}
    for site in sites.values():
        english = (site / "en" / "regions" / "620400" / "index.html").read_text(encoding="utf-8")
        assert '<html lang="en"' in english and "Baiyin" in english and 'class="jk-lang-switch"' in english
        post = next((site / "updates").rglob("baiyin-exits/index.html")).read_text(encoding="utf-8")
        assert "{{" not in post and "1700" in post
        assert 'property="og:image"' in (site / "regions" / "620400" / "index.html").read_text(encoding="utf-8")


def test_both_engines_get_the_same_search_index(sites: dict[str, Path]) -> None:
    """The one search (search/index.json, from the built pages) lists the same pages with the same
    titles and headings whichever engine built the site; the themes' own search boxes are off."""
    indexes = {name: json.loads((site / INDEX).read_text(encoding="utf-8")) for name, site in sites.items()}
    mk, zen = (indexes[name]["pages"] for name in ("mkdocs", "zensical"))
    assert len(mk) > 100
    assert [p[:3] for p in mk] == [p[:3] for p in zen]
    for site in sites.values():
        page = (site / "cases" / "index.html").read_text(encoding="utf-8")
        assert "md-search__input" not in page and "md-search__button" not in page, "a theme search box is shown"
        assert "assets/javascripts/search.js" in page


def _targets(site: Path) -> dict[str, list[str]]:
    """Each relative src or href of each page that leaves the site or leads to no file of it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        here = page.parent.relative_to(site).as_posix()
        for url in ADDRESS.findall(page.read_text(encoding="utf-8")):
            path = posixpath.normpath(posixpath.join(here, unquote(html.unescape(url))))
            target = site / path
            if path.startswith("..") or not (target.is_file() or (target / "index.html").is_file()):
                found.setdefault(page.relative_to(site).as_posix(), []).append(url)
    return found


def test_every_address_in_a_page_leads_to_a_file_of_the_site(sites: dict[str, Path]) -> None:
    """With either engine, no relative address leaves the site (a browser would clamp it at the
    root, but a site published under a sub-path would lose it) or leads nowhere; an English page
    shows its own edition's charts."""
    for name, site in sites.items():
        broken = _targets(site)
        assert not broken, f"{name}: " + "; ".join(f"{p}: {u[:3]}" for p, u in list(broken.items())[:5])
        english = (site / "en" / "regions" / "620400" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'src="\.\./\.\./charts/[^"]+\.svg"', english), name


def test_feeds_are_dated_by_the_content_with_either_engine(sites: dict[str, Path]) -> None:
    """Zensical stamps its feeds with the build's time; the build dates them by the content."""
    channel = re.compile(r"<(?:pubDate|lastBuildDate)>([^<]*)</")
    dates = {name: {channel.findall((site / feed).read_text(encoding="utf-8").partition("<item>")[0])[0]
                    for feed in ("feed_rss_created.xml", "en/feed_rss_updated.xml")}
             for name, site in sites.items()}
    assert dates["mkdocs"] == dates["zensical"] and len(dates["mkdocs"]) == 1, dates


def test_raw_addresses_become_source_relative_for_an_engine_that_reads_them_so() -> None:
    from jiekun.pipeline.rawurls import source_relative

    page = ('<img src="../../charts/a.svg"> <a href="../../regions/530000/">x</a> <a href="#top">t</a>\n'
            '[md](../regions/530000.md) <a href="https://example.org/">e</a> <a href="/abs/">a</a>\n'
            '`<a href="../../x/">` code\n```\n<img src="../../y.svg">\n```\n')
    out = source_relative(page, "metrics/m.md", "metrics/m/")
    assert out.splitlines()[0] == '<img src="../charts/a.svg"> <a href="../regions/530000/">x</a> <a href="#top">t</a>'
    assert out.splitlines()[1:] == page.splitlines()[1:], "Markdown links, absolute addresses and code stay"
    assert source_relative(page, "regions/index.md", "regions/") == page, "an index page's folder is its own"
    post = source_relative('<a href="../../../../../cases/">c</a>', "updates/posts/p.md", "updates/2026/11/24/p/")
    assert post == '<a href="../../cases/">c</a>'
    assert source_relative('<a href="../../../../">x</a>', "a/b.md", "a/b/") == '<a href="../../../../">x</a>'


def test_cli_builds_with_the_engine_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(REPO), "--site-dir", str(tmp_path / "s"),
                                       "--engine", "zensical"])
    assert result.exit_code == 0, result.output
    assert "zensical built the site" in result.output
    assert (tmp_path / "s" / "search.json").is_file()
    quiet = CliRunner().invoke(main, ["build", "--root", str(REPO), "--site-dir", str(tmp_path / "q"), "--quiet"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output.strip() == f"site built in {tmp_path / 'q'}"
    unknown = CliRunner().invoke(main, ["build", "--root", str(REPO), "--engine", "hugo"])
    assert unknown.exit_code == 2


def test_a_call_the_stage_cannot_expand_names_file_and_line(tmp_path: Path) -> None:
    from jiekun.pipeline.stage import StageError, stage
    from jiekun.site.generate import load

    site, _ = load(REPO)
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "docs" / "index.md").write_text("---\ntitle: t\n---\n# t\n\ntext {{ figure(\"gone\") }}\n",
                                            encoding="utf-8")
    with pytest.raises(StageError, match=r"^docs/index\.md:6: figure: no figure with id 'gone'"):
        stage(root, tmp_path / "generated", tmp_path / "staged", site, {})
    (root / "docs" / "index.md").write_text("---\ntitle: [unclosed\n---\n# t\n", encoding="utf-8")
    with pytest.raises(StageError, match=r"^docs/index\.md: front matter is not valid YAML"):
        stage(root, tmp_path / "generated", tmp_path / "staged", site, {})
