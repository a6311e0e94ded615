"""What a chart shows: :class:`Point` and :class:`ChartSpec`, checked on construction.

A spec is plain data, cheap to build, pickle and hash; :meth:`ChartSpec.digest` is the cache
key of its SVG.  The key covers everything that changes the picture: the data,
:data:`STYLE_VERSION`, the matplotlib version, and the bytes of the style file and of the
drawing modules, so editing the look can never leave stale charts in a cache.
Nothing here imports matplotlib.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata
from numbers import Real
from pathlib import Path

from jiekun.core.vocab import EXACT, MAX_ID, QUALIFIERS, SLUG

#: Part of every digest; bump it to renew every cached chart when nothing below changed
#: (say, a new Noto Sans CJK release).
STYLE_VERSION = "jiekun-charts-1"
HERE = Path(__file__).resolve().parents[1]  # the jiekun package
STYLE_FILE = HERE / "templates" / "jiekun.mplstyle"
#: the files whose bytes make a chart's look, and its title and description inside the file
LOOK_FILES = (STYLE_FILE,
              *(HERE / "charts" / f"{name}.py" for name in ("chartstyle", "chartdraw", "chartbars", "chartsvg",
                                                           "chartlabel", "charts", "chartalt")),
              HERE / "core" / "numbers.py", HERE / "core" / "numbers_en.py")

KINDS = ("history", "breakdown", "disagreement")
SIGNIFICANT = 15  # a double holds 15 significant decimal digits exactly


def exact_decimal(value: float) -> Decimal:
    """``value`` as the decimal it was written as: ``0.1 + 0.2`` → ``0.3``, ``1e6`` → ``1000000``.

    Rounds to 15 significant digits, which every double carries exactly, so binary noise goes
    and a figure that came from a decimal string of up to 15 digits comes back unchanged.
    """
    number = Decimal(format(value, f".{SIGNIFICANT}g"))
    return number.normalize() if number else Decimal(0)


def plain(value: float) -> str:
    """:func:`exact_decimal` written out in full, never in exponent form."""
    return format(exact_decimal(value), "f")


@dataclass(frozen=True)
class Point:
    """One figure: its x label (a period or a category), value and how exact it is; the id of
    its row and of its source (written to the chart's CSV, not drawn)."""

    label: str
    value: float
    qualifier: str = EXACT  # one of vocab.QUALIFIERS
    id: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"point {self.label!r}: qualifier {self.qualifier!r} is not one of {QUALIFIERS}")
        if not isinstance(self.label, str):
            raise ValueError(f"point label {self.label!r} is not a string")
        if not isinstance(self.value, Real) or not math.isfinite(self.value):
            raise ValueError(f"point {self.label!r}: value {self.value!r} is not a finite number")

    @property
    def exact(self) -> bool:
        return self.qualifier == "exact"


@dataclass(frozen=True)
class ChartSpec:
    """A chart: ``history`` (a line over periods), ``breakdown`` (bars by category) or
    ``disagreement`` (one bar per report of a fact the reports give differently: never a line)."""

    slug: str
    kind: str
    title: str
    unit: str
    percent: bool
    points: tuple[Point, ...]
    lang: str = "zh"  # the language of its title, labels and numbers: "zh" or "en"

    def __post_init__(self) -> None:
        if not isinstance(self.slug, str) or len(self.slug) > MAX_ID or not SLUG.fullmatch(self.slug):
            raise ValueError(f"chart slug {self.slug!r} must be lower-case kebab-case, at most {MAX_ID} characters")
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.slug}: kind {self.kind!r} is not one of {KINDS}")
        if not self.points:
            raise ValueError(f"chart {self.slug}: no points")

    def digest(self) -> str:
        """sha256 of the data and the style: equal digests give byte-identical SVGs."""
        data = [style_fingerprint(), self.lang, self.kind, self.title, self.unit, self.percent,
                [[p.label, plain(p.value), p.qualifier, p.id, p.source] for p in self.points]]
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def style_fingerprint() -> str:
    """:data:`STYLE_VERSION`, the matplotlib version and a hash of :data:`LOOK_FILES`."""
    look = hashlib.sha256()
    for path in LOOK_FILES:
        look.update(path.read_bytes())
    return f"{STYLE_VERSION}/matplotlib-{metadata.version('matplotlib')}/{look.hexdigest()[:16]}"
