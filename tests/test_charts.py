"""The chart stage: files, determinism, cache, Chinese glyphs, qualifiers, escaping, alt text, CSV.

Real matplotlib throughout; each test renders a handful of small charts.
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import subprocess
import sys
import threading
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest
from jiekun.charts import charts
from jiekun.charts.charts import ChartSpec, Point, alt_text, chart_csv, render_all
from jiekun.charts.chartstyle import FontMissingError, register_fonts, style_context
from jiekun.core import pools
from matplotlib import font_manager
from matplotlib.figure import Figure

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"

HOUSEHOLDS = ChartSpec("poor-households", "history", "建档立卡贫困户数量变化", "户", False, (
    Point("2014", 71000), Point("2016", 52345, "about"), Point("2017", 31000), Point("2019", 2513)))
CAUSES = ChartSpec("causes-2016", "breakdown", "贫困户致贫原因（2016年）", "户", False, (
    Point("因病致困", 71000), Point("因学致困", 23000), Point("缺劳力", 15432),
    Point("其他原因，包括自然灾害和交通条件落后等", 2513)))
RATE = ChartSpec("consolidation-rate", "history", "义务教育巩固率", "%", True, tuple(
    Point(f"2020-{m:02d}", 99.5 + m / 25) for m in range(1, 13)))
SPECS = (HOUSEHOLDS, CAUSES, RATE)


def render(specs: tuple[ChartSpec, ...], folder: Path, workers: int = 1) -> dict[str, bytes]:
    render_all(specs, folder / "out", folder / "cache", workers=workers)
    return {spec.slug: (folder / "out" / f"{spec.slug}.svg").read_bytes() for spec in specs}


def svg_texts(svg: bytes) -> list[str]:
    """The text of every <text> element, parsed as XML (so the SVG must be well-formed)."""
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def exact(spec: ChartSpec) -> ChartSpec:
    return replace(spec, points=tuple(replace(p, qualifier="exact") for p in spec.points))


# --------------------------------------------------------------------------- contract


def test_render_all_writes_an_svg_and_a_csv_per_chart(tmp_path: Path) -> None:
    stats = render_all(SPECS, tmp_path / "out", tmp_path / "cache", workers=1)
    assert (stats.rendered, stats.cached) == (3, 0) and stats.seconds > 0
    for spec in SPECS:
        svg = (tmp_path / "out" / f"{spec.slug}.svg").read_bytes()
        assert svg.startswith(b"<?xml") and spec.title in svg_texts(svg)
        assert (tmp_path / "out" / f"{spec.slug}.csv").read_bytes() == chart_csv(spec).encode()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(f"{s.digest()}.svg" for s in SPECS)


@pytest.mark.parametrize("slug", ["", "Poor-households", "poor_households", "-poor", "poor-", "poor--households",
                                  "../etc/passwd", "a/b", "贫困户", "poor households", "a" * 121])
def test_bad_slugs_are_refused(slug: str) -> None:
    with pytest.raises(ValueError, match="slug"):
        replace(HOUSEHOLDS, slug=slug)


def test_longest_slug_is_accepted() -> None:
    assert replace(HOUSEHOLDS, slug="a" * 120).slug == "a" * 120


@pytest.mark.parametrize(("field", "value"), [("kind", "pie"), ("points", ())])
def test_bad_specs_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError):
        replace(HOUSEHOLDS, **{field: value})


@pytest.mark.parametrize(("value", "qualifier"), [(float("nan"), "exact"), (float("inf"), "exact"), (1.0, "roughly")])
def test_bad_points_are_refused(value: float, qualifier: str) -> None:
    with pytest.raises(ValueError):
        Point("2017", value, qualifier)


def test_duplicate_slugs_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="duplicate chart slugs: poor-households"):
        render_all((HOUSEHOLDS, CAUSES, replace(RATE, slug=HOUSEHOLDS.slug)), tmp_path / "out", tmp_path / "cache")
    assert not (tmp_path / "out").exists()


def test_digest_covers_the_data_not_the_slug() -> None:
    digest = HOUSEHOLDS.digest()
    assert len(digest) == 64 and digest == replace(HOUSEHOLDS, slug="other").digest()
    changed = [replace(HOUSEHOLDS, title="x"), replace(HOUSEHOLDS, unit="人"), replace(HOUSEHOLDS, percent=True),
               replace(HOUSEHOLDS, kind="breakdown"), exact(HOUSEHOLDS),
               replace(HOUSEHOLDS, points=HOUSEHOLDS.points[:-1] + (Point("2019", 2514),))]
    assert len({digest, *(spec.digest() for spec in changed)}) == len(changed) + 1


def test_missing_font_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(FontMissingError, match="Noto Sans CJK SC.*scripts/system-deps.sh.*Microsoft YaHei"):
        register_fonts(tmp_path)


# --------------------------------------------------------------------------- determinism


def test_a_chart_does_not_depend_on_the_charts_drawn_before_it(tmp_path: Path) -> None:
    alone = {spec.slug: render((spec,), tmp_path / spec.slug)[spec.slug] for spec in SPECS}
    longer = replace(RATE, slug="longer", points=RATE.points * 2)  # grows the label pools first
    wider = replace(CAUSES, slug="wider", points=CAUSES.points * 2)
    together = render((longer, wider, *reversed(SPECS)), tmp_path / "together")
    assert all(together[slug] == svg for slug, svg in alone.items())


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    assert render(SPECS, tmp_path / "a") == render(SPECS, tmp_path / "b")


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_worker_pool_gives_the_same_bytes_as_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          method: str) -> None:
    here = render(SPECS, tmp_path / "here")
    monkeypatch.setattr(charts, "POOL_MIN", 1)
    monkeypatch.setattr(charts, "BATCH", 1)
    monkeypatch.setattr(pools, "METHOD", method)
    assert render(SPECS, tmp_path / "pool", workers=2) == here


def test_a_process_running_threads_never_forks() -> None:
    if threading.active_count() == 1:
        assert pools.start_context().get_start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pools.start_context().get_start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_another_interpreter_gives_the_same_bytes(tmp_path: Path) -> None:
    code = ("import pickle, sys; from pathlib import Path; from jiekun.charts.charts import render_all; "
            "d = Path(sys.argv[1]); specs = pickle.loads((d / 'specs.pickle').read_bytes()); "
            "render_all(specs, d / 'out', d / 'cache'); print('matplotlib.pyplot' in sys.modules)")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "specs.pickle").write_bytes(pickle.dumps(SPECS))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "other")], cwd=REPO, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False", "rendering must not import pyplot"
    other = {s.slug: (tmp_path / "other" / "out" / f"{s.slug}.svg").read_bytes() for s in SPECS}
    assert other == render(SPECS, tmp_path / "here")


def test_rendering_leaves_the_callers_matplotlib_settings_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    render(SPECS, tmp_path)
    assert dict(matplotlib.rcParams) == before


# --------------------------------------------------------------------------- cache


def test_second_run_copies_every_chart_from_the_cache(tmp_path: Path) -> None:
    first = render(SPECS, tmp_path)
    stats = render_all(SPECS, tmp_path / "out", tmp_path / "cache")
    assert (stats.rendered, stats.cached) == (0, 3)
    assert render(SPECS, tmp_path) == first


def test_a_rebuild_leaves_unchanged_files_alone_and_repairs_changed_ones(tmp_path: Path) -> None:
    render(SPECS, tmp_path)
    files = sorted((tmp_path / "out").iterdir())
    for path in files:
        os.utime(path, ns=(0, 0))
    damaged = tmp_path / "out" / f"{CAUSES.slug}.svg"
    repaired = damaged.read_bytes()
    damaged.write_bytes(b"<svg/>")
    render_all(SPECS, tmp_path / "out", tmp_path / "cache")
    assert [p.name for p in files if p.stat().st_mtime_ns != 0] == [damaged.name]
    assert damaged.read_bytes() == repaired


def test_changing_one_point_renders_only_that_chart(tmp_path: Path) -> None:
    first = render(SPECS, tmp_path)
    changed = replace(HOUSEHOLDS, points=HOUSEHOLDS.points[:-1] + (Point("2019", 2600),))
    stats = render_all((changed, CAUSES, RATE), tmp_path / "out", tmp_path / "cache")
    assert (stats.rendered, stats.cached) == (1, 2)
    svg = (tmp_path / "out" / f"{HOUSEHOLDS.slug}.svg").read_bytes()
    assert svg != first[HOUSEHOLDS.slug] and "2600" in svg_texts(svg)


def test_identical_charts_under_two_slugs_render_once(tmp_path: Path) -> None:
    stats = render_all((HOUSEHOLDS, replace(HOUSEHOLDS, slug="copy")), tmp_path / "out", tmp_path / "cache")
    assert (stats.rendered, stats.cached) == (1, 1)
    assert (tmp_path / "out" / "copy.svg").read_bytes() == (tmp_path / "out" / f"{HOUSEHOLDS.slug}.svg").read_bytes()


# --------------------------------------------------------------------------- Chinese text


def test_chinese_renders_without_missing_glyphs(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph … missing from font(s)" warning fails the test
        svgs = render(SPECS, tmp_path)
    texts = svg_texts(svgs[CAUSES.slug])
    assert {"贫困户致贫原因（2016年）", "单位：户", "因病致困", "7.1万"} <= set(texts)
    with style_context():
        family = matplotlib.rcParams["font.sans-serif"]
        path = font_manager.findfont(font_manager.FontProperties(family=family))
    assert path.endswith("NotoSansCJK-Regular.ttc")
    assert b"font-family: 'Noto Sans CJK SC'" in svgs[CAUSES.slug]


def test_the_glyph_check_would_catch_a_font_without_chinese() -> None:
    figure = Figure()
    figure.text(0.5, 0.5, "贫困户", family="DejaVu Sans")
    with pytest.warns(UserWarning, match="Glyph .* missing"):
        figure.savefig(io.BytesIO(), format="svg")


def test_axis_ticks_use_wan_and_yi_never_exponents(tmp_path: Path) -> None:
    points = (Point("2016", 1.9e8, "more-than"), Point("2018", 3.05e8))
    money = ChartSpec("money", "history", "资金", "元", False, points)
    texts = svg_texts(render((money,), tmp_path)["money"])
    assert {"1.9亿多", "3.05亿", "2亿", "3亿"} <= set(texts)
    assert not any("e+" in t or "×10" in t for t in texts)


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(("spec", "note"), [(HOUSEHOLDS, "空心标记：下限或约数"), (CAUSES, "斜纹条形：下限或约数")])
def test_inexact_figures_are_marked(tmp_path: Path, spec: ChartSpec, note: str) -> None:
    inexact = replace(spec, points=(replace(spec.points[0], qualifier="more-than"), *spec.points[1:]))
    svgs = render((exact(spec), replace(inexact, slug="inexact")), tmp_path)
    plain, marked = svgs[spec.slug], svgs["inexact"]
    assert plain != marked
    assert note in svg_texts(marked) and note not in svg_texts(plain)
    assert "7.1万多" in svg_texts(marked)
    if spec.kind == "breakdown":
        assert b"<pattern" in marked and b"<pattern" not in plain


# --------------------------------------------------------------------------- untrusted text


def test_untrusted_text_is_escaped_and_never_math(tmp_path: Path) -> None:
    title = "资金 <script>alert(1)</script> & $x^2$ \\frac{1}{2}"
    evil = ChartSpec("evil", "breakdown", title, "<b>", False, (Point("$\\alpha$ & <i>", 5), Point("a'b\"c", 7)))
    svg = render((evil,), tmp_path)["evil"]
    assert b"<script" not in svg and b"<i>" not in svg and b"<b>" not in svg
    assert "资金 &lt;script&gt;alert(1)&lt;/script&gt; &amp; $x^2$ \\frac{1}{2}".encode() in svg
    texts = svg_texts(svg)
    assert {title, "单位：<b>", "$\\alpha$ & <i>", "a'b\"c"} <= set(texts)


# --------------------------------------------------------------------------- alt text


def test_alt_text_of_a_falling_series() -> None:
    fall = ChartSpec("fall", "history", "贫困户数量", "户", False, (Point("2014", 71000), Point("2019", 2513)))
    text = alt_text(fall)
    assert "折线图" in text and "贫困户数量" in text
    assert "2014年的7.1万户" in text and "2019年的2513户" in text and "下降" in text


def test_alt_text_of_rising_flat_and_peaked_series() -> None:
    assert "上升" in alt_text(replace(HOUSEHOLDS, points=HOUSEHOLDS.points[::-1]))
    flat = alt_text(RATE)
    assert "基本持平" in flat and "2020年1月的99.54%" in flat and "2020年12月的99.98%" in flat
    peaked = replace(HOUSEHOLDS, points=(Point("2014", 10), Point("2015", 90), Point("2016", 20)))
    assert "最高为2015年的90户" in alt_text(peaked)


def test_alt_text_of_a_breakdown_names_the_largest_category() -> None:
    text = alt_text(CAUSES)
    assert text.startswith("条形图：贫困户致贫原因（2016年）。共4个类别")
    assert "因病致困最多，为7.1万户" in text and "2513户" in text
    assert "部分数字为下限或约数" in alt_text(replace(CAUSES, points=(Point("甲", 5, "about"), Point("乙", 3))))


def test_one_chart_described_in_each_language_with_the_same_facts() -> None:
    """The description is written once per kind; each language brings its words, periods and numbers."""
    peaked = replace(HOUSEHOLDS, title="Households", points=(
        Point("2014", 10000), Point("2015", 36600, "about"), Point("2016", 20000)))
    assert alt_text(replace(peaked, lang="en", unit="households")) == (
        "Line chart: Households. 3 periods, from 10,000 households in 2014 to 20,000 households in 2016, up "
        "overall. The highest was about 36,600 households in 2015. Some figures are lower bounds or approximate.")
    assert alt_text(peaked) == ("折线图：Households。共3个时期，从2014年的1万户到2016年的2万户，总体上升。"
                                "最高为2015年的约3.66万户。部分数字为下限或约数。")
    shares = replace(CAUSES, lang="en", title="Shares", unit="%", percent=True,
                     points=(Point("A", 60.5), Point("B", 39.5)))
    assert alt_text(shares) == ("Bar chart: Shares. 2 categories; the largest is A with 60.5%, "
                                "the smallest B with 39.5%.")
    assert "A最高，为60.5%；B最低，为39.5%。" in alt_text(replace(shares, lang="zh"))
    said = replace(CAUSES, kind="disagreement", title="Funds", unit="元", points=(
        Point("Report A", 1.9e8, "more-than"), Point("Report B", 1.9e8)))
    assert alt_text(replace(said, lang="en", unit="yuan")).endswith(
        "not change over time: Report A: more than 190 million yuan; Report B: 190 million yuan. "
        "Some figures are lower bounds or approximate.")
    assert alt_text(said).endswith("不是前后变化：Report A：1.9亿多元；Report B：1.9亿元。部分数字为下限或约数。")


# --------------------------------------------------------------------------- CSV


def test_chart_csv_is_exactly_the_plotted_data() -> None:
    values = [(0.1 + 0.2, "0.3"), (1e6, "1000000"), (1e-7, "0.0000001"), (99.95, "99.95"), (-5.0, "-5"),
              (1234567890123.0, "1234567890123"), (1e16, "10000000000000000"), (0, "0"), (2513, "2513")]
    points = tuple(Point(f"类别{i}, 含逗号", v, "about" if i == 1 else "exact", f"row-{i}", "report")
                   for i, (v, _) in enumerate(values))
    spec = ChartSpec("values", "breakdown", "数值", "元", False, points)
    text = chart_csv(spec)
    assert "\r" not in text and text.endswith("\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["label", "value", "unit", "qualifier", "id", "source"]
    assert [row[1] for row in rows[1:]] == [want for _, want in values]
    assert rows[1] == ["类别0, 含逗号", "0.3", "元", "exact", "row-0", "report"] and rows[2][3] == "about"


def test_svg_writer_matches_matplotlibs_own() -> None:
    """The size-remembering SVG writer must give exactly what savefig gives, now and after upgrades."""
    with style_context():
        renderer = charts.Renderer()
        for spec in (*SPECS, *SPECS):  # the second round measures from memory
            ours = renderer.svg(spec)
            stock = io.StringIO()
            renderer.charts[spec.kind].figure.savefig(stock, format="svg", metadata={"Date": None})
            assert ours == stock.getvalue()


def test_pngs_drawn_by_workers_match_those_drawn_in_process(tmp_path: Path) -> None:
    from jiekun.charts.chartpng import POOL_MIN, cached_pngs

    specs = [ChartSpec(f"line-{i}", "history", f"第{i}张", "户", False,
                       (Point("2017", 1000 + i), Point("2020", 500 + 7 * i, "about")))
             for i in range(POOL_MIN + 4)]
    pooled = cached_pngs(specs, tmp_path / "pool", workers=2)
    single = cached_pngs(specs, tmp_path / "one", workers=1)
    assert len({p.read_bytes() for p in pooled.values()}) == len(specs)  # each chart its own picture
    for spec in specs:
        assert pooled[spec.slug].read_bytes() == single[spec.slug].read_bytes()
        assert pooled[spec.slug].read_bytes()[:4] == b"\x89PNG"


def test_the_font_is_found_among_the_systems_fonts(tmp_path: Path) -> None:
    from jiekun.charts.chartstyle import find_fonts

    (tmp_path / "win" / "Fonts").mkdir(parents=True)
    (tmp_path / "mac").mkdir()
    (tmp_path / "win" / "Fonts" / "msyh.ttc").write_bytes(b"")
    (tmp_path / "mac" / "PingFang.ttc").write_bytes(b"")
    (tmp_path / "mac" / "Arial.ttf").write_bytes(b"")
    assert find_fonts([tmp_path / "mac", tmp_path / "win", tmp_path / "none"]) == [
        tmp_path / "win" / "Fonts" / "msyh.ttc", tmp_path / "mac" / "PingFang.ttc"]
