"""Charts a reader can perceive: each SVG file is an image with a title and a description, and
its marks stand out from the paper by 3:1 at least (WCAG 1.4.11), in one hue, told apart by shape.

Real matplotlib: the charts of the repository's own site (the session's shared build) and a
few small specs of tests/test_charts.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jiekun.charts.chartlabel import labelled
from jiekun.charts.charts import alt_text, render_all
from jiekun.charts.chartstyle import Look, style_context
from matplotlib.colors import to_hex
from test_charts import SPECS, SVG

COLOUR = re.compile(r"(stroke|fill): (#[0-9a-f]{6})")


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb`` (or ``rrggbb``, as the style file writes it)."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_measured_as_wcag_does() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey


def colours() -> dict[str, str]:
    """The style's colours by role, as #rrggbb."""
    with style_context():
        look = Look.from_rc()
    return {role: to_hex(getattr(look, role)) for role in ("paper", "ink", "muted", "accent", "baseline", "grid")}


def test_the_style_keeps_marks_and_text_readable() -> None:
    c = colours()
    assert contrast(c["accent"], c["paper"]) >= 3, "the data colour (lines, markers, bars) must stand out 3:1"
    assert contrast(c["baseline"], c["paper"]) >= 3, "the zero line must stand out 3:1"
    assert contrast(c["ink"], c["paper"]) >= 4.5 and contrast(c["muted"], c["paper"]) >= 4.5, "chart text: 4.5:1"


def test_every_chart_of_the_site_is_a_named_image_in_one_hue(built_site: Path) -> None:
    svgs = sorted((built_site / "charts").glob("*.svg"))
    assert svgs, "the site has no charts"
    c = colours()
    for path in svgs:
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
        assert root.get("role") == "img", f"{path.name}: the <svg> is not role=img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and (title.text or "").strip(), f"{path.name}: no <title>"
        assert desc is not None and (desc.text or "").startswith(("折线图：", "条形图：")), f"{path.name}: no <desc>"
        used = {colour for _, colour in COLOUR.findall(text)} - {c["paper"], c["grid"]}
        faint = sorted(colour for colour in used if contrast(colour, c["paper"]) < 3)
        assert not faint, f"{path.name}: marks or text under 3:1 against the paper: {faint}"
        # one data hue (so no colour-blind confusion): the accent draws every mark, the zero line aside;
        # lower bounds and approximate figures are told by shape (hollow markers, hatched bars)
        strokes = {colour for kind, colour in COLOUR.findall(text) if kind == "stroke"} - {c["grid"]}
        assert strokes <= {c["accent"], c["baseline"]}, f"{path.name}: marks in several colours: {sorted(strokes)}"


def test_a_chart_file_says_what_the_page_says(tmp_path: Path) -> None:
    render_all(SPECS, tmp_path / "out", tmp_path / "cache", workers=1)
    for spec in SPECS:
        root = ET.fromstring((tmp_path / "out" / f"{spec.slug}.svg").read_bytes())
        assert root.get("role") == "img" and root.get("lang") == "zh-CN"
        children = list(root)
        assert [children[0].tag, children[1].tag] == [f"{SVG}title", f"{SVG}desc"]
        assert children[0].text == spec.title
        assert children[1].text == alt_text(spec)
        # the cache keeps the drawing alone: the label is added on the way out
        cached = (tmp_path / "cache" / f"{spec.digest()}.svg").read_text(encoding="utf-8")
        assert 'role="img"' not in cached


def test_the_label_is_escaped_and_added_once() -> None:
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1pt"><g/></svg>'
    once = labelled(svg, "资金 <script>&", 'a "quoted" </desc> end')
    root = ET.fromstring(once)
    assert root.find(f"{SVG}title").text == "资金 <script>&"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == 'a "quoted" </desc> end'  # type: ignore[union-attr]
    assert labelled(once, "again", "again") == once
    with pytest.raises(ValueError, match="not an SVG"):
        labelled("<html/>", "t", "d")
