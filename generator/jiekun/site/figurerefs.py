"""Figures in prose: ``{{ figure(...) }}`` and ``{{ change(a, b) }}`` in any Markdown page.

``figure`` writes the figure as the site writes it everywhere (:func:`jiekun.model.views.figure_value`:
7.1万户, 1.9亿多元) followed by a footnote that names the figure's period and links its
source (its entry on the sources page) and its region's page.  ``change`` writes the change
between two figures of one region, metric, unit and register, from the end of the first one's
period (较2017年下降96.5%, 较2018年增长12.5%, 较2019年上升1.2个百分点, or with ``by="amount"``
较2011年减少6.85万户; ``since=False`` leaves out the 较2017年), with one footnote giving both figures.

A page cites a figure once per footnote: citing it again reuses its footnote, so labels
(``jk-fig-1``, ``jk-fig-2`` …, in order of first citation) are unique on the page.  Where a
footnote cannot go (a page's front-matter ``title`` and ``description``, which become the page
title, the blog index, the feed and the link preview, and headings) the value is written alone,
as plain text (:class:`PlainNotes`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import Environment

from jiekun.core.numbers import format_value
from jiekun.core.text import REGISTER_LABEL, date_label, figure_period, md
from jiekun.core.vocab import ABOUT, EXACT
from jiekun.model.model import Row, Site
from jiekun.model.refs import Ref, RefError, check_pair, make_ref, region_code, resolve
from jiekun.model.views import figure_value, link, region_path, source_target

WORDS = {"percent": ("下降", "增长"), "amount": ("减少", "增加"), "points": ("下降", "上升")}


class Notes:
    """The figure footnotes of one page, and the figures it cited (in order)."""

    def __init__(self, env: Environment, site: Site, page: str) -> None:
        self.env, self.site, self.page = env, site, page
        self.labels: dict[str, str] = {}
        self.texts: list[tuple[str, str]] = []
        self.cited: list[Row] = []
        self._names: dict[str, list[str]] | None = None

    def cite(self, key: str, render: Any) -> str:
        """The footnote reference for ``key``, writing its text (``render()``) on first use."""
        if key not in self.labels:
            label = f"jk-fig-{len(self.labels) + 1}"
            self.labels[key] = label
            self.texts.append((label, " ".join(str(render()).split())))
        return f"[^{self.labels[key]}]"

    def markdown(self) -> str:
        """The footnote definitions, to append to the page (empty when nothing was cited)."""
        if not self.texts:
            return ""
        return "\n\n" + "\n".join(f"[^{label}]: {text}" for label, text in self.texts) + "\n"

    # what a language changes: the figure as written, its footnote, the change in words
    template_dir = "site"
    separator = "、"  # between the locators of one source (¶2、¶5)

    def value(self, fig: Row) -> str:
        return figure_value(self.site, fig)

    def note_view(self, fig: Row) -> dict[str, str]:
        return note_view(self, fig)

    def change_text(self, a: Row, b: Row, by: str, since: bool) -> str:
        return change_text(self.site, a, b, by, since)

    def lookup(self, ref: Ref) -> Row:
        site = self.site
        if ref.id is not None:
            return dict(resolve(ref, site.figure_by_id, []))
        if self._names is None:
            self._names = {}
            for code, region in site.regions.items():
                self._names.setdefault(str(region["name_zh"]), []).append(code)
        code = region_code(str(ref.get("region")), self._names, site.regions)
        return dict(resolve(ref, {}, site.by_region.get(code, []), code))


class PlainNotes(Notes):
    """Notes for text where a footnote cannot go (a page title, a description, a heading): the
    figures are written without their footnote, and only :data:`CALLS` may be used."""

    def cite(self, key: str, render: Any) -> str:
        return ""


def _when(fig: Row) -> str:
    return figure_period(fig)


def note_view(notes: Notes, fig: Row) -> dict[str, str]:
    site, page = notes.site, notes.page
    region = site.regions[fig["region"]]
    source = site.sources.get(fig["source"], {})
    return {
        "region": md(region["name_zh"]), "region_link": link(page, region_path(fig["region"])),
        "metric": md(site.metrics[fig["metric"]]["label_zh"]), "period": md(_when(fig)),
        "register": REGISTER_LABEL.get(fig.get("register") or "", ""), "value": figure_value(site, fig),
        "published": md(fig.get("value_as_published")), "locator": md(fig.get("locator")),
        "source": md(source.get("title", fig["source"])), "source_link": link(page, source_target(fig["source"])),
    }


def figure(notes: Notes, *args: object, **kwargs: object) -> str:
    """``figure("id")`` or ``figure(region=..., metric=..., period=...)``: the value and its footnote."""
    fig = notes.lookup(make_ref(*args, **kwargs))
    notes.cited.append(fig)
    template = notes.env.get_template(f"{notes.template_dir}/_figure-note.md.j2")
    return notes.value(fig) + notes.cite(f"figure:{fig['id']}", lambda: template.render(f=notes.note_view(fig)))


def change_text(site: Site, a: Row, b: Row, by: str = "percent", since: bool = True) -> str:
    """较2017年下降96.5%, 较2018年增长12.5%, 较2019年上升1.2个百分点, 较2011年减少6.85万户,
    与2017年持平: the change from ``a`` to ``b``, from the end of ``a``'s period; with
    ``since=False`` without it (下降96.5%), for a sentence that names the span already."""
    check_pair(a, b, by)
    first, last = Decimal(str(a["value"])), Decimal(str(b["value"]))
    when = date_label(a["period_end"]) if since else ""
    if first == last:
        return f"与{when}持平" if when else "持平"
    exact = a["qualifier"] == EXACT and b["qualifier"] == EXACT
    qualifier = EXACT if exact else ABOUT
    if a["unit"] == "percent":
        kind, shown = "points", format_value(abs(last - first), "个百分点", qualifier)
    elif by == "amount":
        unit = str(site.metrics[a["metric"]].get("unit_label_zh") or "")
        kind, shown = "amount", format_value(abs(last - first), unit, qualifier)
    else:
        rate = (abs(last - first) / abs(first) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        kind, shown = "percent", format_value(rate, "", qualifier, percent=True)
    return (f"较{when}" if when else "") + WORDS[kind][last > first] + shown


def change(notes: Notes, a: object, b: object, by: str = "percent", since: bool = True) -> str:
    """``change("id-a", "id-b")`` (each also a dict of filters): the change and one footnote."""
    if not isinstance(since, bool):
        raise RefError("bad-reference", f"since must be True or False, not {since!r}")
    first, last = notes.lookup(make_ref(a)), notes.lookup(make_ref(b))
    text = notes.change_text(first, last, by, since)
    notes.cited += [first, last]
    template = notes.env.get_template(f"{notes.template_dir}/_change-note.md.j2")
    views = [notes.note_view(first), notes.note_view(last)]
    return text + notes.cite(f"change:{first['id']}:{last['id']}", lambda: template.render(
        a=views[0], b=views[1], cites=_cites(views, notes.separator)))


def _cites(views: list[dict[str, str]], separator: str = "、") -> list[dict[str, str]]:
    """One entry per source of the figures, their locators joined (¶2、¶5)."""
    cites: dict[str, dict[str, str]] = {}
    for view in views:
        cite = cites.setdefault(view["source_link"], {**view, "locator": ""})
        if view["locator"] and view["locator"] not in cite["locator"].split(separator):
            cite["locator"] = separator.join(filter(None, [cite["locator"], view["locator"]]))
    return list(cites.values())


#: calls that write figures into prose, each given the page's :class:`Notes`
CALLS: dict[str, Callable[..., str]] = {"figure": figure, "change": change}
