"""The site model: validated tables joined into what the pages need.

Stage between validation and rendering.  It knows regions, metrics, figures, breakdowns,
sources and case studies; nothing here names a particular programme.  Every id that will
become part of a file name is checked against a strict pattern first (:func:`safe_id`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from jiekun.core.periods import period_key
from jiekun.core.vocab import MAX_ID, SAFE_ID
from jiekun.data.checked import Checked

Row = dict[str, Any]
TILE_GRID = "tile-grid"  # the resource of tile positions (region, label, row, column)


def safe_id(value: object) -> str:
    """``value`` if it may become part of a file name or URL, else ValueError."""
    text = str(value)
    if len(text) > MAX_ID or not SAFE_ID.fullmatch(text):
        raise ValueError(f"not a safe id for a file name: {text!r}")
    return text


def _rows(tables: dict[str, Checked], name: str) -> list[Row]:
    if name not in tables:
        return []
    return [{k: v for k, v in row.items() if k != "__line"} for row in tables[name].typed.to_dicts()]


def is_original(fig: Row) -> bool:
    """True unless the row restates another (a caption, headline or later repeat of it)."""
    return (fig.get("role") or "original") == "original"


def _set_aside(links: dict[str, list[str]], preference: Callable[[str], Any]) -> set[str]:
    """Of each group of rows that disagree, every row but the one ``preference`` ranks highest."""
    seen: set[str] = set()
    aside: set[str] = set()
    for fid in sorted(links):
        if fid in seen:
            continue
        group, todo = set(), [fid]
        while todo:
            cur = todo.pop()
            if cur not in group:
                group.add(cur)
                todo += links.get(cur, [])
        seen |= group
        aside |= group - {max(sorted(group), key=preference)}
    return aside


def _preference(site: Site, fig: Row) -> tuple[bool, tuple[int, int, int], int]:
    """Which of two disagreeing rows a line or a card shows: body text before a caption, then
    the later-published source, then the row earlier in the file."""
    published = site.sources.get(fig["source"], {}).get("published")
    return (not str(fig.get("locator") or "").startswith("caption"), period_key(published),
            -site.file_order.get(fig["id"], 0))


@dataclasses.dataclass
class Site:
    """Everything the pages show, indexed the ways the pages look it up."""

    regions: dict[str, Row]
    metrics: dict[str, Row]
    figures: list[Row]
    breakdowns: dict[str, Row]
    dimensions: dict[str, Row]
    categories: dict[tuple[str, str], Row]
    sources: dict[str, Row]
    organisations: dict[str, Row]
    cases: list[Row]
    packages: list[Row]
    case_tags: list[Row] = dataclasses.field(default_factory=list)
    tiles: list[Row] = dataclasses.field(default_factory=list)  # the tile-grid map's positions, one per region
    children: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    by_region: dict[str, list[Row]] = dataclasses.field(default_factory=dict)
    by_metric: dict[str, list[Row]] = dataclasses.field(default_factory=dict)
    parts: dict[str, list[Row]] = dataclasses.field(default_factory=dict)
    figure_by_id: dict[str, Row] = dataclasses.field(default_factory=dict)
    breakdowns_in: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    file_order: dict[str, int] = dataclasses.field(default_factory=dict)
    disagreements: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    set_aside: set[str] = dataclasses.field(default_factory=set)
    cases_by_region: dict[str, list[Row]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        children: dict[str, list[str]] = defaultdict(list)
        for code, region in self.regions.items():
            if region.get("parent"):
                children[region["parent"]].append(code)
        self.children = {k: sorted(v) for k, v in children.items()}
        by_region: dict[str, list[Row]] = defaultdict(list)
        by_metric: dict[str, list[Row]] = defaultdict(list)
        parts: dict[str, list[Row]] = defaultdict(list)
        for fig in self.figures:
            by_region[fig["region"]].append(fig)
            by_metric[fig["metric"]].append(fig)
            if fig.get("breakdown"):
                parts[fig["breakdown"]].append(fig)
        self.by_region, self.by_metric, self.parts = dict(by_region), dict(by_metric), dict(parts)
        self.figure_by_id = {fig["id"]: fig for fig in self.figures}
        breakdowns_in: dict[str, list[str]] = defaultdict(list)
        for bid in sorted(self.parts):
            breakdowns_in[self.parts[bid][0]["region"]].append(bid)
        self.breakdowns_in = dict(breakdowns_in)
        self.disagreements = {f["id"]: [i for i in (f.get("disagrees_with") or "").split(";") if i in self.figure_by_id]
                              for f in self.figures if f.get("disagrees_with")}
        self.set_aside = _set_aside(self.disagreements, lambda i: _preference(self, self.figure_by_id[i]))
        cases_by_region: dict[str, list[Row]] = defaultdict(list)
        for case in self.cases:
            cases_by_region[case["region"]].append(case)
        self.cases_by_region = dict(cases_by_region)

    def counted(self, fig: Row) -> bool:
        """The figure as first reported (role original): one row per figure, to sum and chart."""
        return is_original(fig)

    def drawn(self, fig: Row) -> bool:
        """One row per fact: an original that is not the set-aside side of a disagreement."""
        return is_original(fig) and fig["id"] not in self.set_aside

    def ancestors(self, code: str) -> list[str]:
        """Codes from the top of the hierarchy down to ``code``'s parent."""
        chain: list[str] = []
        parent = self.regions[code].get("parent")
        while parent and parent in self.regions and parent not in chain:
            chain.insert(0, parent)
            parent = self.regions[parent].get("parent")
        return chain

    def top_regions(self) -> list[str]:
        return sorted(c for c, r in self.regions.items() if not r.get("parent") or r["parent"] not in self.regions)

    def headline_metrics(self) -> list[str]:
        ranked = [(m["headline"], code) for code, m in self.metrics.items() if m.get("headline")]
        return [code for _, code in sorted(ranked)]

    def cases_in(self, code: str) -> list[Row]:
        """The region's own cases, in the order of :attr:`cases` (newest first)."""
        return list(self.cases_by_region.get(code, ()))

    def category_label(self, dimension: str, code: str) -> str:
        row = self.categories.get((dimension, code))
        return str(row["label_zh"]) if row else code


def build_site(tables: dict[str, Checked], packages: list[Row]) -> Site:
    """Join the validated tables (every id checked before it can name a file)."""
    for name, key in (("regions", "code"), ("metrics", "code"), ("case-studies", "id"), ("breakdowns", "id"),
                      ("sources", "id"), ("outcomes", "id")):
        for row in _rows(tables, name):
            safe_id(row[key])
    rows = _rows(tables, "outcomes")
    figures = sorted(rows, key=lambda f: (period_key(f["period_end"]), f["id"]))
    cases = sorted(_rows(tables, "case-studies"), key=lambda c: (-(c.get("year_end") or 0), c["id"]))
    return Site(
        regions={r["code"]: r for r in _rows(tables, "regions")},
        metrics={m["code"]: m for m in _rows(tables, "metrics")},
        figures=figures,
        breakdowns={b["id"]: b for b in _rows(tables, "breakdowns")},
        dimensions={d["code"]: d for d in _rows(tables, "dimensions")},
        categories={(c["dimension"], c["code"]): c for c in _rows(tables, "categories")},
        sources={s["id"]: s for s in _rows(tables, "sources")},
        organisations={o["id"]: o for o in _rows(tables, "organisations")},
        cases=cases,
        packages=packages,
        case_tags=_tag_fields(tables),
        tiles=_rows(tables, TILE_GRID),
        file_order={row["id"]: n for n, row in enumerate(rows)},
    )


def _tag_fields(tables: dict[str, Checked]) -> list[Row]:
    """The case-study fields that hold codes of a dimension (``x-dimension``): its tags and filters."""
    if "case-studies" not in tables:
        return []
    dims = {d["code"]: d for d in _rows(tables, "dimensions")}
    return [{"field": f["name"], "dimension": f["x-dimension"], "separator": f.get("x-separator"),
             "label": dims.get(f["x-dimension"], {}).get("label_zh", f["x-dimension"])}
            for f in tables["case-studies"].resource.schema["fields"] if f.get("x-dimension")]
