"""Posts, feeds, previews and the key-figures page in real mkdocs builds of a small project."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from conftest import make_project
from jiekun.cli import main
from jiekun.pipeline.build import build
from jiekun.site.generate import generate, load
from jiekun.site.press import previews
from jiekun.tools.posts import PostError, new_post
from test_build import site_project

EARLIER = ("henan-on-file-2017,410000,households-on-file,point,,2017,71000,household,exact,national,,,"
           "7.1万户,test-report,¶2,original,,,false,\n")
POST = """---
date:
  created: 2026-01-02
slug: henan-register
authors:
  - editors
categories:
  - 数据解读
description: 在档户数{{ change("henan-on-file-2017", "henan-on-file-2018") }}，降至{{ figure("henan-on-file-2018") }}。
---
# 河南在档户数降至{{ figure("henan-on-file-2018") }}

在档户数为{{ figure(region="410000", metric="households-on-file", period="2018") }}，
{{ change("henan-on-file-2017", "henan-on-file-2018") }}，筹款{{ figure("henan-aid-funds-2018") }}。

<!-- more -->

再提一次：{{ figure("henan-on-file-2018") }}。
"""
POST_FILE = "docs/updates/posts/2026-01-02-henan-register.md"
POST_HTML = "updates/2026/01/02/henan-register/index.html"


def raise_funds(text: str) -> str:
    """The fixture's funds raised, 1.9亿多元, become 2.1亿多元 (the value and its wording)."""
    return text.replace(",190000000,", ",210000000,").replace(",1.9亿多元,", ",2.1亿多元,")


def project_with_post(path: Path) -> Path:
    project = site_project(make_project(path))
    with (project / "datasets/outcomes/outcomes.csv").open("a", encoding="utf-8", newline="") as out:
        out.write(EARLIER)
    (project / POST_FILE).parent.mkdir(parents=True, exist_ok=True)
    (project / POST_FILE).write_text(POST, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = project_with_post(tmp_path_factory.mktemp("updates") / "project")
    return build(project)


def text_of(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_post_figures_and_footnotes(built: Path) -> None:
    html = (built / POST_HTML).read_text(encoding="utf-8")
    text = text_of(built / POST_HTML)
    assert "在档户数为3000户" in text and "下降95.8%" in text and "筹款1.9亿多元" in text
    assert html.count('class="footnote-ref"') == 4  # three figures cited four times: one footnote reused
    assert html.count('<li id="fn:jk-fig-') == 3
    assert 'href="../../../../../sources/#src-test-report"' in html and 'href="../../../../../regions/410000/"' in html


def test_updates_list_archive_category_and_feed(built: Path) -> None:
    index = text_of(built / "updates/index.html")
    assert "河南在档户数降至3000户" in index and "在档户数为3000户" in index  # the excerpt is expanded too
    assert "{{" not in index and "figure(" not in index
    assert (built / "updates/archive/2026/index.html").is_file()
    assert (built / "updates/category/数据解读/index.html").is_file()
    feed = feedparser.parse((built / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20" and feed.feed.title
    [entry] = feed.entries
    assert entry.title == "河南在档户数降至3000户"  # the title from the H1, its figure in plain text
    assert entry.summary == "在档户数较2017年下降95.8%，降至3000户。"  # the description, its figures in plain text
    assert entry.link == "https://jiekun.example.org/updates/2026/01/02/henan-register/"
    assert entry.published_parsed[:3] == (2026, 1, 2)
    assert json.loads((built / "feed_json_created.json").read_text())["items"][0]["title"] == "河南在档户数降至3000户"


def test_open_graph_on_every_kind_of_page(built: Path) -> None:
    def og(page: str) -> dict[str, str]:
        html = (built / page).read_text(encoding="utf-8")
        return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)"', html))

    post, region, home = og(POST_HTML), og("regions/410000/index.html"), og("index.html")
    assert post["image"] == "https://jiekun.example.org/images/charts/410000-households-on-file-national.png"
    assert post["type"] == "article" and post["description"] == "在档户数较2017年下降95.8%，降至3000户。"
    assert post["title"] == "河南在档户数降至3000户 · 困难职工解困脱困成果数据"
    html = (built / POST_HTML).read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert "<title>河南在档户数降至3000户 - " in html and h1 and "footnote" not in h1.group(1)
    assert re.sub(r"<[^>]+>|&para;", "", h1.group(1)) == "河南在档户数降至3000户"
    assert region["image"] == post["image"] and region["description"].startswith("河南省：在档困难职工户数3000户")
    assert home["image"] == "https://jiekun.example.org/assets/images/og-default.png"
    assert (built / "images/charts/410000-households-on-file-national.png").read_bytes()[:4] == b"\x89PNG"


def test_preview_text_of_a_region_without_figures_names_the_site(project: Path) -> None:
    """The fallback link-preview text comes from the site's name (mkdocs.yml), not from the code."""
    site = load(project)[0]
    assert previews(site, "某项目数据")["regions/410225.md"]["description"] == "兰考县的某项目数据。"
    assert previews(site, "某项目数据")["regions/410000.md"]["description"].startswith("河南省：在档困难职工户数")


def test_key_figures_page(built: Path) -> None:
    html = (built / "key-figures/index.html").read_text(encoding="utf-8")
    sentence = "2018年11月，河南省在档困难职工（全国级档案）3000户。（来源：《测试报道》，测试日报，2018年12月）"
    assert sentence in text_of(built / "key-figures/index.html")
    assert 'href="../images/charts/410000-households-on-file-national.png"' in html
    assert 'href="../charts/410000-households-on-file-national.svg"' in html
    assert 'src="../charts/410000-households-on-file-national.svg"' in html
    assert 'data-copy="fig-henan-on-file-2018"' in html


def test_png_charts_are_byte_identical_across_builds(tmp_path: Path) -> None:
    project = project_with_post(tmp_path / "project")
    digests = []
    for run in ("a", "b"):  # separate caches: each PNG is drawn twice
        generate(project, tmp_path / run, tmp_path / f"cache-{run}")
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted((tmp_path / run / "images/charts").glob("*.png"))})
    assert digests[0] and digests[0] == digests[1]


def test_changed_data_changes_the_post_on_rebuild(tmp_path: Path) -> None:
    """Text, front-matter title (page title, preview, feed) and description all follow the data."""
    project = project_with_post(tmp_path / "project")
    post = project / POST_FILE
    text = re.sub(r"(?m)^description: .*$", 'description: 共筹款{{ figure("henan-aid-funds-2018") }}。',
                  post.read_text(encoding="utf-8"))
    post.write_text(text.replace("date:", 'title: "筹款{{ figure(\'henan-aid-funds-2018\') }}"\ndate:', 1),
                    encoding="utf-8")
    site = build(project)
    assert "筹款1.9亿多元" in text_of(site / POST_HTML)
    assert "<title>筹款1.9亿多元 - " in (site / POST_HTML).read_text(encoding="utf-8")
    csv = project / "datasets/outcomes/outcomes.csv"
    csv.write_text(raise_funds(csv.read_text(encoding="utf-8")), encoding="utf-8")
    site = build(project)
    html = (site / POST_HTML).read_text(encoding="utf-8")
    assert "筹款2.1亿多元" in text_of(site / POST_HTML) and "筹款1.9亿" not in text_of(site / POST_HTML)
    assert "<title>筹款2.1亿多元 - " in html and 'content="共筹款2.1亿多元。"' in html
    [entry] = feedparser.parse((site / "feed_rss_created.xml").read_bytes()).entries
    assert entry.title == "筹款2.1亿多元" and entry.summary == "共筹款2.1亿多元。"


def fetch(url: str) -> str | None:
    """The page at ``url``, or None while the server is not serving it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, ValueError):
        return None


def wait_for(url: str, wanted: str, process: subprocess.Popen[bytes], seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "jiekun serve stopped"
        page = fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {wanted!r} within {seconds} s")


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, their children and so on (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        found += kids
        todo += kids
    return found


def test_live_preview_shows_changed_data_and_stops_cleanly(tmp_path: Path) -> None:
    """`jiekun serve` (the real mkdocs serve): a post follows a data edit without a restart, and
    SIGTERM stops the server and its mkdocs child."""
    project = project_with_post(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{POST_HTML.removesuffix('index.html')}"
    server = subprocess.Popen([sys.executable, "-m", "jiekun", "serve", "--root", str(project),
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = wait_for(url, "筹款1.9亿多元", server, seconds=120)  # the first build is served: now edit
        assert "河南在档户数降至3000户" in first
        mkdocs = descendants(server.pid)
        assert mkdocs, "jiekun serve runs mkdocs serve as its child"
        csv = project / "datasets/outcomes/outcomes.csv"
        csv.write_text(raise_funds(csv.read_text(encoding="utf-8")), encoding="utf-8")
        page = wait_for(url, "筹款2.1亿多元", server)
        assert "筹款1.9亿" not in page
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    assert code == 128 + signal.SIGTERM, code  # stopped by SIGTERM, as a shell reports it (not 241 for -15)
    assert not [pid for pid in mkdocs if Path(f"/proc/{pid}").exists()], "mkdocs serve left running"
    assert fetch(url) is None  # nothing serves the port any more


def test_live_preview_of_the_english_edition(tmp_path: Path) -> None:
    """`jiekun serve --edition en` previews the English pages, under /en/ as they are published;
    a project with no English edition is told so, with no traceback."""
    project = project_with_post(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "jiekun", "serve", "--root", str(project), "--edition", "en",
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/en/about/", '<html lang="en"', server, seconds=120)
        assert "About" in page
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  edition_en:", "  edition_none:"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jiekun", "serve", "--lang", "en", "--root", str(project),
                           "--edition", "en", "--dev-addr", "127.0.0.1:0"],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "this project has no English edition" in done.stderr, done.stderr


def test_unresolved_reference_fails_build_with_file_and_line(tmp_path: Path) -> None:
    project = project_with_post(tmp_path / "project")
    post = project / POST_FILE
    post.write_text(post.read_text(encoding="utf-8").replace('figure("henan-aid-funds-2018")', 'figure("gone")'),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{POST_FILE}:14: figure('gone'): no figure with id 'gone' [unresolved-reference]" in done.stderr
    # and the live preview stops with the file and line before it starts a server
    assert f"{POST_FILE}:14: figure('gone'): no figure with id 'gone'" in serve_errors(project)
    # a reference in the front matter (the description, line 9) stops both too, with its own line
    post.write_text(post.read_text(encoding="utf-8").replace('figure("gone")', 'figure("henan-aid-funds-2018")')
                    .replace("henan-on-file-2017", "henan-on-file-2016"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    message = f"{POST_FILE}:9: change('henan-on-file-2016', 'henan-on-file-2018'): no figure with id"
    assert message in done.stderr and message in serve_errors(project)


def serve_errors(project: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "jiekun", "serve", "--root", str(project), "--dev-addr",
                           "127.0.0.1:0"], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    return done.stdout + done.stderr


def test_new_post(tmp_path: Path) -> None:
    day = date(2026, 3, 4)
    path = new_post(tmp_path, "云南 在档户数", "yunnan-register", today=day)
    assert path == tmp_path / "docs/updates/posts/2026-03-04-yunnan-register.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ndate:\n  created: 2026-03-04\nslug: yunnan-register\n")
    assert "# 云南 在档户数" in text
    with pytest.raises(PostError, match="already exists"):
        new_post(tmp_path, "again", "yunnan-register", today=day)
    assert new_post(tmp_path, "无名", today=day).name == "2026-03-04-post-20260304-1.md"
    assert new_post(tmp_path, "无名", today=day).name == "2026-03-04-post-20260304-2.md"
    for bad in ("../x", "Yunnan", "a--b", "云南", "x" * 61, ""):
        with pytest.raises(PostError):
            new_post(tmp_path, "t", bad, today=day)


def test_new_post_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "post", "标题", "--slug", "my-post", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "docs/updates/posts").glob("*-my-post.md"))
    result = CliRunner().invoke(main, ["new", "post", "标题", "--slug", "../../etc", "--root", str(tmp_path)])
    assert result.exit_code == 2 and "slug" in result.output
