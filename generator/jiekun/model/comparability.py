"""What a reader must know before comparing a metric's figures, written from the data.

Each note is one sentence about the metric's rows: the periods they cover (windows), the
levels of region side by side, the register they count (blank or mixed), dates that are
estimates, restatements and disagreements, and breakdown parts beside totals.  The notes are
Markdown-safe text: every value from the data goes through :func:`jiekun.core.text.md`.
"""

from __future__ import annotations

from collections import Counter

from jiekun.core.periods import period_key
from jiekun.core.text import REGISTER_LABEL, figure_period, md
from jiekun.model.model import Row, Site

LEVEL_LABEL = {"province": "省级", "prefecture": "地市级", "county": "县级"}
MAX_LISTED = 6  # beyond this many distinct windows, the note gives the count and the range


def _windows(figs: list[Row]) -> str | None:
    periods = sorted({(f["period_kind"], f.get("period_start") or "", f["period_end"]) for f in figs},
                     key=lambda p: (period_key(p[2]), p[1]))
    if len(periods) < 2:
        return None
    labels = list(dict.fromkeys(figure_period(f) for f in sorted(figs, key=lambda f: period_key(f["period_end"]))))
    shown = "、".join(md(x) for x in labels[:MAX_LISTED]) + ("等" if len(labels) > MAX_LISTED else "")
    kinds = {p[0] for p in periods}
    if kinds == {"point"}:
        return (f"日期不同：{len(labels)} 个时点（{shown}）。各地的数字是不同日期的存量，"
                "比较地区时应取相近的日期。")
    mixed = "；其中既有时点数，也有期间合计或每年数" if "point" in kinds and len(kinds) > 1 else ""
    open_start = any(f["period_kind"] == "interval" and not f.get("period_start") for f in figs)
    cumulative = "；“截至……累计”的数字原文没有说明起点" if open_start else ""
    return (f"统计期不同：{len(labels)} 种（{shown}）{mixed}{cumulative}。"
            "不同统计期的数字不能直接相比，也不能相加。")


def _levels(site: Site, figs: list[Row]) -> str | None:
    levels = Counter(site.regions[f["region"]].get("level", "") for f in figs)
    if len(levels) < 2:
        return None
    parts = "、".join(f"{LEVEL_LABEL.get(lv, md(lv))} {n} 行" for lv, n in sorted(levels.items()))
    return f"地区层级不同：{parts}。下级地区的数字包含在上级之内，不能与上级并列比较或相加。"


def _registers(figs: list[Row]) -> str | None:
    count = Counter(f.get("register") or "" for f in figs)
    blank = count.pop("", 0)
    if not count:
        return None  # the metric is not about a register, or never says
    named = "、".join(f"{REGISTER_LABEL.get(r, md(r))} {n} 行" for r, n in sorted(count.items()))
    if blank:
        return (f"档案口径不全：{named}，另有 {blank} 行原文没有说明是哪一级档案。"
                "全国级和省级档案是两个不同的群体，口径不明的数字不宜与之比较。")
    if len(count) > 1:
        return f"档案口径不同：{named}。全国级和省级档案是两个不同的群体，不能相加或比较。"
    return None


def _estimates(figs: list[Row]) -> str | None:
    n = sum(1 for f in figs if f.get("period_estimated"))
    if not n:
        return None
    return (f"{n} 行的日期是估计的（标注“日期为估计”）：原报道没有注明日期，"
            "“截至目前”的数字按报道的估计发布月份记录。")


def _relations(site: Site, rows: list[Row]) -> str | None:
    restated = sum(1 for f in rows if not site.counted(f))
    disagree = sum(1 for f in rows if f["id"] in site.disagreements)
    parts = []
    if restated:
        parts.append(f"{restated} 行是同一数字在图片说明、标题或后文中的重复，图表和合计不计入")
    if disagree:
        parts.append(f"{disagree} 行与另一行对同一事实给出不同的数字或日期，图表只画其中一行")
    return "；".join(parts) + "。" if parts else None


def _parts(rows: list[Row]) -> str | None:
    n = sum(1 for f in rows if f.get("breakdown"))
    if not n:
        return None
    return (f"{n} 行是分项（按类别拆分的一部分），与总数列在一起：求和时只用总数，"
            "或只用同一分项内的各部分，不能把分项和总数加在一起。")


def metric_notes(site: Site, code: str) -> list[str]:
    """The comparability notes of a metric page (empty when its figures raise no such question)."""
    rows = site.by_metric.get(code, [])
    totals = [f for f in rows if site.counted(f) and not f.get("breakdown")]
    notes = [_windows(totals), _levels(site, totals), _registers(totals), _estimates(rows),
             _relations(site, rows), _parts(rows)]
    return [n for n in notes if n]
