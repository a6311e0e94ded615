"""What a change does to the figures a region is quoted by: its headline cards, its link preview
and its press sentences (the latest figure of each headline metric).  A new figure can replace
one of them silently; ``jiekun diff``, ``jiekun check`` and ``jiekun serve`` say so, old and
new side by side."""

from __future__ import annotations

import dataclasses

from jiekun.core.i18n import _
from jiekun.model.model import Site
from jiekun.model.views import headline_figures
from jiekun.site.press import sentence

Key = tuple[str, str]  # region code, metric code


@dataclasses.dataclass(frozen=True)
class Headline:
    id: str
    sentence: str


@dataclasses.dataclass(frozen=True)
class HeadlineChange:
    region: str  # its name
    metric: str  # its label
    before: Headline | None
    after: Headline | None

    def to_dict(self) -> dict[str, object]:
        return {"region": self.region, "metric": self.metric,
                "before": dataclasses.asdict(self.before) if self.before else None,
                "after": dataclasses.asdict(self.after) if self.after else None}


def headlines(site: Site) -> dict[Key, Headline]:
    """Each region's headline figure of each headline metric (its card, preview and press sentence)."""
    found = {}
    for code in sorted(site.regions):
        for fig in headline_figures(site, code):
            try:
                found[code, str(fig["metric"])] = Headline(str(fig["id"]), sentence(site, fig))
            except (KeyError, TypeError, ValueError, ArithmeticError):  # invalid data: the diff says so apart
                continue
    return found


def headline_changes(base: Site | None, head: Site | None) -> list[HeadlineChange]:
    """The headline figures (and press sentences) that ``head`` shows differently from ``base``: one
    replaced by another figure, changed, or gone (a region's first headline figure replaces none)."""
    if base is None or head is None:
        return []
    old, new = headlines(base), headlines(head)
    changes = []
    for key in sorted(old):
        if old[key] != new.get(key):
            site = head if key in new else base
            region = str(site.regions[key[0]]["name_zh"]) if key[0] in site.regions else key[0]
            metric = str(site.metrics[key[1]]["label_zh"]) if key[1] in site.metrics else key[1]
            changes.append(HeadlineChange(region, metric, old.get(key), new.get(key)))
    return changes


def change_lines(changes: list[HeadlineChange]) -> list[str]:
    """The changes as lines for a terminal: what is replaced, then the old and the new sentence."""
    lines = []
    for change in changes:
        lines.append(_("headline figure replaced: {region} · {metric}").format(
            region=change.region, metric=change.metric))
        lines.append("  - " + (change.before.sentence if change.before else _("(none)")))
        lines.append("  + " + (change.after.sentence if change.after else _("(none)")))
    return lines
