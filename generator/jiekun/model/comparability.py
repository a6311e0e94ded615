"""What a reader must know before comparing a metric's figures, written from the data.

Each note is one sentence about the metric's rows: the periods they cover (windows), the
levels of region side by side, the register they count (blank or mixed), dates that are
estimates, restatements and disagreements, and breakdown parts beside totals.  The notes are
Markdown-safe text: every value from the data goes through :func:`jiekun.core.text.md`.  Each
language writes them from its own :class:`Wording` (:data:`ZH`, :data:`EN`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from jiekun.core import numbers_en
from jiekun.core.periods import period_key
from jiekun.core.text import REGISTER_LABEL, REGISTER_LABEL_EN, figure_period, md
from jiekun.model.model import Row, Site

MAX_LISTED = 6  # beyond this many distinct windows, the note gives the count and the range


@dataclass(frozen=True)
class Wording:
    """How one language writes the notes: labels, a count of rows, and a pattern per sentence."""

    period: Callable[[Row], str]
    level: dict[str, str]
    register: dict[str, str]
    rows: Callable[[int], str]
    sep: str
    more: str
    points: str
    windows: str
    mixed: str
    open_start: str
    level_item: str
    levels: str
    register_item: str
    registers_partial: str
    registers_mixed: str
    estimates: str
    restated: str
    disagree: str
    join: str
    stop: str
    parts: str


ZH = Wording(
    period=figure_period, level={"province": "省级", "prefecture": "地市级", "county": "县级"},
    register=REGISTER_LABEL, rows=lambda n: f"{n} 行", sep="、", more="等",
    points="日期不同：{n} 个时点（{shown}）。各地的数字是不同日期的存量，比较地区时应取相近的日期。",
    windows="统计期不同：{n} 种（{shown}）{mixed}{open_start}。不同统计期的数字不能直接相比，也不能相加。",
    mixed="；其中既有时点数，也有期间合计或每年数", open_start="；“截至……累计”的数字原文没有说明起点",
    level_item="{label} {rows}",
    levels="地区层级不同：{items}。下级地区的数字包含在上级之内，不能与上级并列比较或相加。",
    register_item="{label} {rows}",
    registers_partial=("档案口径不全：{items}，另有 {blank} 原文没有说明是哪一级档案。"
                       "全国级和省级档案是两个不同的群体，口径不明的数字不宜与之比较。"),
    registers_mixed="档案口径不同：{items}。全国级和省级档案是两个不同的群体，不能相加或比较。",
    estimates="{rows}的日期是估计的（标注“日期为估计”）：原报道没有注明日期，“截至目前”的数字按报道的估计发布月份记录。",
    restated="{rows}是同一数字在图片说明、标题或后文中的重复，图表和合计不计入",
    disagree="{rows}与另一行对同一事实给出不同的数字或日期，图表只画其中一行", join="；", stop="。",
    parts="{rows}是分项（按类别拆分的一部分），与总数列在一起：求和时只用总数，或只用同一分项内的各部分，不能把分项和总数加在一起。",
)

EN = Wording(
    period=numbers_en.figure_period, level={"province": "province", "prefecture": "prefecture", "county": "county"},
    register=REGISTER_LABEL_EN, rows=lambda n: f"{n} row" + ("" if n == 1 else "s"), sep=", ", more=", …",
    points=("Different dates: {n} points in time ({shown}). Each figure is a count on a different date; "
            "compare regions at dates close together."),
    windows=("Different periods: {n} ({shown}){mixed}{open_start}. "
             "Figures for different periods cannot be compared directly, or added up."),
    mixed="; some are counts at a point in time, others totals over a period or per year",
    open_start="; for the figures “to date”, the report does not say when the count began",
    level_item="{rows} at {label} level",
    levels=("Different levels of region: {items}. A lower level's figures are part of the level above: "
            "do not set them beside it or add them to it."),
    register_item="{rows} on the {label}",
    registers_partial=("Register not always stated: {items}, and {blank} that do not say which register "
                       "they count. The national and provincial registers are two different groups; "
                       "a figure of unknown register should not be compared with either."),
    registers_mixed=("Different registers: {items}. The national and provincial registers are two "
                     "different groups: do not add them up or compare them."),
    estimates=("{rows} have an estimated date (marked “date estimated”): the report gave no date, so a "
               "figure “to date” is recorded at the report's estimated month of publication."),
    restated="{rows} repeat a figure from a caption, headline or later paragraph; charts and totals leave them out",
    disagree="{rows} give another figure or date for the same fact as another row; charts draw only one of them",
    join="; ", stop=".",
    parts=("{rows} are breakdown parts (a share of a total by category), listed with the totals: when adding "
           "up, use the totals alone, or the parts of one breakdown alone, never parts and totals together."),
)


def _windows(figs: list[Row], w: Wording) -> str | None:
    periods = sorted({(f["period_kind"], f.get("period_start") or "", f["period_end"]) for f in figs},
                     key=lambda p: (period_key(p[2]), p[1]))
    if len(periods) < 2:
        return None
    labels = list(dict.fromkeys(w.period(f) for f in sorted(figs, key=lambda f: period_key(f["period_end"]))))
    shown = w.sep.join(md(x) for x in labels[:MAX_LISTED]) + (w.more if len(labels) > MAX_LISTED else "")
    kinds = {p[0] for p in periods}
    if kinds == {"point"}:
        return w.points.format(n=len(labels), shown=shown)
    mixed = w.mixed if "point" in kinds and len(kinds) > 1 else ""
    open_start = any(f["period_kind"] == "interval" and not f.get("period_start") for f in figs)
    return w.windows.format(n=len(labels), shown=shown, mixed=mixed, open_start=w.open_start if open_start else "")


def _levels(site: Site, figs: list[Row], w: Wording) -> str | None:
    levels = Counter(site.regions[f["region"]].get("level", "") for f in figs)
    if len(levels) < 2:
        return None
    items = w.sep.join(w.level_item.format(label=w.level.get(lv, md(lv)), rows=w.rows(n))
                       for lv, n in sorted(levels.items()))
    return w.levels.format(items=items)


def _registers(figs: list[Row], w: Wording) -> str | None:
    count = Counter(f.get("register") or "" for f in figs)
    blank = count.pop("", 0)
    if not count:
        return None  # the metric is not about a register, or never says
    items = w.sep.join(w.register_item.format(label=w.register.get(r, md(r)), rows=w.rows(n))
                       for r, n in sorted(count.items()))
    if blank:
        return w.registers_partial.format(items=items, blank=w.rows(blank))
    if len(count) > 1:
        return w.registers_mixed.format(items=items)
    return None


def _estimates(figs: list[Row], w: Wording) -> str | None:
    n = sum(1 for f in figs if f.get("period_estimated"))
    return w.estimates.format(rows=w.rows(n)) if n else None


def _relations(site: Site, rows: list[Row], w: Wording) -> str | None:
    restated = sum(1 for f in rows if not site.counted(f))
    disagree = sum(1 for f in rows if f["id"] in site.disagreements)
    parts = []
    if restated:
        parts.append(w.restated.format(rows=w.rows(restated)))
    if disagree:
        parts.append(w.disagree.format(rows=w.rows(disagree)))
    return w.join.join(parts) + w.stop if parts else None


def _parts(rows: list[Row], w: Wording) -> str | None:
    n = sum(1 for f in rows if f.get("breakdown"))
    return w.parts.format(rows=w.rows(n)) if n else None


def metric_notes(site: Site, code: str, wording: Wording = ZH) -> list[str]:
    """The comparability notes of a metric page (empty when its figures raise no such question)."""
    rows = site.by_metric.get(code, [])
    totals = [f for f in rows if site.counted(f) and not f.get("breakdown")]
    notes = [_windows(totals, wording), _levels(site, totals, wording), _registers(totals, wording),
             _estimates(rows, wording), _relations(site, rows, wording), _parts(rows, wording)]
    return [n for n in notes if n]
