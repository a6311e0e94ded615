"""The chart look: the style file, the CJK font, and how figures and labels are written.

Colours, type sizes and SVG settings live in ``generator/jiekun/templates/jiekun.mplstyle``;
:class:`Look` reads them back from matplotlib's rcParams so the drawing code names roles
(ink, accent, grid), not values.  The style is applied over matplotlib's defaults inside
:func:`style_context` only, so rendering never changes the caller's rcParams.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

from jiekun.charts.chartspec import STYLE_FILE, Point, exact_decimal
from jiekun.core import numbers_en
from jiekun.core.numbers import format_value, scaled

#: the Chinese fonts charts can use, best first, by the file names their makers ship them under
#: (Noto Sans CJK on Linux, Source Han Sans, Microsoft YaHei on Windows, PingFang on macOS);
#: the style file's font.sans-serif list names the same families in the same order
FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Regular.otf",
              "NotoSansCJKsc-Bold.otf", "SourceHanSansSC-Regular.otf", "SourceHanSansSC-Bold.otf",
              "SourceHanSans-Regular.ttc", "SourceHanSans-Bold.ttc", "msyh.ttc", "msyhbd.ttc", "msyh.ttf",
              "PingFang.ttc")


def font_dirs() -> list[Path]:
    """Where this system keeps fonts (Linux, macOS, Windows), the user's own folders included."""
    home = Path.home()
    windows = [Path(os.environ[name]) / sub for name, sub in (("WINDIR", "Fonts"),
               ("LOCALAPPDATA", "Microsoft/Windows/Fonts")) if os.environ.get(name)]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts",
            Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts", *windows]


def find_fonts(dirs: list[Path]) -> list[Path]:
    """The Chinese font files found under ``dirs``, in the order of :data:`FONT_FILES`."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for parent, _, names in os.walk(folder):
            for name in set(names) & set(FONT_FILES):
                found.setdefault(name, Path(parent) / name)
    return [found[name] for name in FONT_FILES if name in found]


#: note shown on a chart with a lower bound or approximate figure, by chart kind
QUALIFIER_NOTES = {"history": "空心标记：下限或约数", "breakdown": "斜纹条形：下限或约数",
                   "disagreement": "斜纹条形：下限或约数"}
QUALIFIER_NOTES_EN = {"history": "Hollow marker: lower bound or approximate",
                      "breakdown": "Hatched bar: lower bound or approximate",
                      "disagreement": "Hatched bar: lower bound or approximate"}

_registered: list[Path] = []


class FontMissingError(RuntimeError):
    """The Chinese font is not installed: charts would show boxes instead of characters."""


def register_fonts(font_dir: Path | None = None) -> None:
    """Register the Chinese font files with matplotlib, once per process (``font_dir``: look only there).

    Registering the file itself, rather than trusting matplotlib's font cache, means a stale
    cache can never fall back silently to a font without Chinese.
    """
    if _registered and font_dir is None:
        return
    files = find_fonts([font_dir] if font_dir else font_dirs())
    if not files:
        raise FontMissingError(
            "charts need a Chinese font and none was found: install Noto Sans CJK SC "
            "(Debian/Ubuntu: run scripts/system-deps.sh, which installs fonts-noto-cjk) or Source Han Sans SC; "
            "Windows and macOS come with Microsoft YaHei and PingFang")
    for path in files:
        if path not in _registered:
            font_manager.fontManager.addfont(str(path))
            _registered.append(path)


@contextmanager
def style_context() -> Iterator[None]:
    """matplotlib's defaults with the jiekun style on top, for the duration of the block."""
    register_fonts()
    with matplotlib.style.context(["default", str(STYLE_FILE)]):
        yield


@dataclass(frozen=True)
class Look:
    """The style file's values under the names of their roles on a chart (sizes in points)."""

    width: float
    height: float
    left: float
    right: float
    bottom: float
    top: float
    ink: str
    muted: str
    accent: str
    grid: str
    grid_width: float
    baseline: str
    baseline_width: float
    paper: str
    title_size: float
    title_weight: str
    label_size: float
    tick_size: float
    note_size: float

    @classmethod
    def from_rc(cls) -> Look:
        """Read the current rcParams (call inside :func:`style_context`)."""
        rc = matplotlib.rcParams
        width, height = (round(72 * float(x), 1) for x in rc["figure.figsize"])
        return cls(
            width=width, height=height, left=rc["figure.subplot.left"], right=rc["figure.subplot.right"],
            bottom=rc["figure.subplot.bottom"], top=rc["figure.subplot.top"],
            ink=rc["text.color"], muted=rc["axes.labelcolor"], accent=rc["axes.prop_cycle"].by_key()["color"][0],
            grid=rc["grid.color"], grid_width=rc["grid.linewidth"], baseline=rc["axes.edgecolor"],
            baseline_width=rc["axes.linewidth"], paper=rc["figure.facecolor"],
            title_size=_points(rc["axes.titlesize"]), title_weight=rc["axes.titleweight"],
            label_size=_points(rc["font.size"]), tick_size=_points(rc["xtick.labelsize"]),
            note_size=_points(rc["legend.fontsize"]))


def _points(size: float | str) -> float:
    """A font size from rcParams in points (named sizes such as 'large' are scaled)."""
    if isinstance(size, int | float):
        return float(size)
    return float(font_manager.FontProperties(size=size).get_size_in_points())


def value_label(point: Point, percent: bool, lang: str = "zh") -> str:
    """A figure as written on the chart: ``7.1万``, ``1.9亿多``, ``2513以上``, ``99.95%``
    (in English ``71,000``, ``more than 190 million``)."""
    write = numbers_en.format_value if lang == "en" else format_value
    return write(exact_decimal(point.value), "", point.qualifier, percent=percent)


def tick_label(value: float, percent: bool, lang: str = "zh") -> str:
    """An axis tick: ``0``, ``2.5万``, ``1亿``, ``20%``; never an exponent or offset."""
    number = exact_decimal(value)
    if percent:
        return format_value(number, "", percent=True)
    return numbers_en.scaled(number)[0] if lang == "en" else scaled(number)[0]


def unit_line(unit: str, percent: bool, lang: str = "zh") -> str:
    if lang == "en":
        return "Unit: %" if percent else (f"Unit: {unit}" if unit else "")
    return "单位：%" if percent else (f"单位：{unit}" if unit else "")


def nice_ticks(low: float, high: float, integer: bool = False, count: int = 4) -> list[float]:
    """Round tick values covering ``low``..``high`` (whole numbers only if ``integer``)."""
    locator = MaxNLocator(nbins=count, steps=[1, 2, 2.5, 5, 10], integer=integer)
    return [float(t) for t in locator.tick_values(low, high)]


def text_width(text: str, size: float) -> float:
    """Estimated width in points of one line: wide (CJK) characters 1 em, others 0.6 em.

    An estimate keeps layout free of font lookups; it errs wide for Latin text.
    """
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * size


#: a word with the spaces after it, or one character of a script written without spaces (CJK)
PIECE = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+")


def wrap(text: str, size: float, width: float, max_lines: int = 3) -> list[str]:
    """``text`` broken into lines of at most ``width`` points: between words where it has spaces,
    between characters in CJK (which has none) and inside a word too long for a line."""
    if text_width(text, size) <= width:
        return [text]
    pieces: list[str] = []
    for piece in PIECE.findall(text):
        pieces += list(piece) if text_width(piece.rstrip(), size) > width else [piece]
    lines: list[str] = [""]
    for piece in pieces:
        if lines[-1].strip() and text_width((lines[-1] + piece).rstrip(), size) > width:
            if len(lines) == max_lines:
                lines[-1] = lines[-1].rstrip()[:-1] + "…"
                break
            lines.append("")
        lines[-1] += piece
    return [line.strip() or line for line in lines]


def spread(count: int, label_width: float, slot: float) -> int:
    """Show every n-th of ``count`` labels so labels ``label_width`` wide do not overlap."""
    return max(1, math.ceil((label_width + 8) / slot)) if count else 1
