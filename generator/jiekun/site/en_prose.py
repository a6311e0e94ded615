"""Figures in English prose: ``{{ figure(...) }}`` and ``{{ change(...) }}`` on the English pages.

The same calls as in Chinese (:mod:`jiekun.site.figurerefs`), resolved the same way; only the
wording differs: ``71,000 households`` with a footnote in English, and changes written
``down 96.5% on 2017``, ``up 12.5% on 2018``, ``up 1.2 percentage points on 2019``,
``68,500 households fewer than in 2011`` (``by="amount"``), ``unchanged from 2017``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from jinja2 import Environment

from jiekun.core import numbers_en
from jiekun.core.text import md
from jiekun.core.vocab import ABOUT, EXACT
from jiekun.model.model import Row, Site
from jiekun.model.refs import check_pair
from jiekun.model.views import link, region_path, source_target
from jiekun.site import english
from jiekun.site.figurerefs import Notes, PlainNotes
from jiekun.site.tilemap import overview_map


def change_text(site: Site, a: Row, b: Row, by: str = "percent", since: bool = True) -> str:
    """``down 96.5% on 2017``, ``up 1.2 percentage points on 2019``, ``6,850 households more than in
    2011``, ``unchanged from 2017``: the change from ``a`` to ``b`` (``since=False``: without the year)."""
    check_pair(a, b, by)
    first, last = Decimal(str(a["value"])), Decimal(str(b["value"]))
    when = numbers_en.date_label(a["period_end"]) if since else ""
    if first == last:
        return f"unchanged from {when}" if when else "unchanged"
    qualifier = EXACT if a["qualifier"] == EXACT and b["qualifier"] == EXACT else ABOUT
    rising = last > first
    if a["unit"] == "percent":
        shown = numbers_en.format_value(abs(last - first), "percentage points", qualifier)
    elif by == "amount":
        shown = numbers_en.format_value(abs(last - first), english.unit(site.metrics[a["metric"]]), qualifier)
        return f"{shown} {'more' if rising else 'fewer'}" + (f" than in {when}" if when else "")
    else:
        rate = (abs(last - first) / abs(first) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        shown = numbers_en.format_value(rate, "", qualifier, percent=True)
    return f"{'up' if rising else 'down'} {shown}" + (f" on {when}" if when else "")


class EnglishNotes(Notes):
    """The figure footnotes of an English page."""

    template_dir = "site/en"
    separator = ", "

    def value(self, fig: Row) -> str:
        return english.figure_value(self.site, fig)

    def note_view(self, fig: Row) -> dict[str, str]:
        site, page = self.site, self.page
        return {
            "region": english.either(site.regions[fig["region"]], "name_en", "name_zh"),
            "region_link": link(page, region_path(fig["region"])),
            "metric": english.either(site.metrics[fig["metric"]], "label_en", "label_zh"),
            "period": md(numbers_en.figure_period(fig)),
            "register": english.REGISTER_LABEL.get(fig.get("register") or "", ""), "value": self.value(fig),
            "published": english.zh(fig.get("value_as_published")), "locator": md(fig.get("locator")),
            "source": english.source_title(site, fig["source"]),
            "source_link": link(page, source_target(fig["source"])),
        }

    def change_text(self, a: Row, b: Row, by: str, since: bool) -> str:
        return change_text(self.site, a, b, by, since)


class EnglishPlainNotes(EnglishNotes, PlainNotes):
    """English figures where a footnote cannot go (a title, a description, a heading)."""


def headline_cards(env: Environment, site: Site, page: str) -> str:
    return env.get_template("site/en/_headlines.md.j2").render(regions=english.headline_cards(site, page))


def region_list(env: Environment, site: Site, page: str) -> str:
    return env.get_template("site/en/_region-list.md.j2").render(
        regions=[english.region_view(site, c, page) for c in site.top_regions()])


def case_list(env: Environment, site: Site, page: str, count: int = 6) -> str:
    return env.get_template("site/en/_case-list.md.j2").render(
        cases=[english.case_view(site, c, page) for c in site.cases[:int(count)]])


def tile_map(env: Environment, site: Site, page: str) -> str:
    """The tile-grid map of the top-level regions, in English (:mod:`jiekun.site.tilemap`)."""
    return overview_map(env, site, page, "en")


#: the data blocks a page can call, in English (the same names as :data:`jiekun.site.expand.CALLS`)
CALLS: dict[str, Callable[..., str]] = {"headline_cards": headline_cards, "region_list": region_list,
                                        "case_list": case_list, "tile_map": tile_map}
