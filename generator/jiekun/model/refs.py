"""Figure references in prose: which one figure a ``figure(...)`` or ``change(...)`` call means.

A reference is a figure id (``"yunnan-national-on-file-2017"``) or a set of keyword filters
(``region="530000", metric="households-on-file", period="2020"``).  It must resolve to exactly
one figure: none is ``unresolved-reference``, several is ``ambiguous-reference``.  Nothing
here knows pages or mkdocs; :mod:`jiekun.site.figurerefs` renders what this resolves and
:mod:`jiekun.site.refcheck` checks every reference in ``docs/`` for ``jiekun validate``.

Matching rules (documented in ``docs/updates/index.md`` for authors):

* ``region``: a region code (``530000``) or its exact Chinese name (``云南省``).
* ``metric``: a metric code.  ``region`` and ``metric`` are required in the keyword form.
* ``period``: the end of the figure's period, at the precision given: ``"2020"`` matches
  periods ending in 2020 (``2020``, ``2020-10``, ``2020-10-06``), ``"2020-10"`` those ending
  in October 2020, a full date only that day.  ``start`` does the same for the period's start.
* ``register`` (``national``/``provincial``, ``""`` for none), ``category`` (a breakdown
  category; without it only totals match) and ``source`` (a source id) narrow further.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jiekun.core.i18n import _
from jiekun.core.periods import period_key
from jiekun.core.suggest import did_you_mean

Row = Mapping[str, Any]
#: a ``{{ name(args) }}`` call in a Markdown page (see :mod:`jiekun.site.expand`)
CALL = re.compile(r"\{\{\s*([a-z_]+\s*\(.*?\))\s*\}\}")
BY = ("percent", "amount")
KEYS = ("region", "metric", "period", "start", "register", "category", "source")
REQUIRED = ("region", "metric")


class RefError(ValueError):
    """A reference that cannot be used; ``code`` is the validation code it is reported under."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Ref:
    """One figure reference: an id, or keyword filters (sorted name/value pairs)."""

    id: str | None = None
    filters: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        if self.id is not None:
            return repr(self.id)
        return ", ".join(f"{k}={v!r}" for k, v in self.filters)

    def get(self, key: str) -> str | None:
        return dict(self.filters).get(key)


def parse_call(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    """``name(args)`` read with :mod:`ast`: literal arguments only, never evaluated."""
    node = ast.parse(text, mode="eval").body
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError("not a function call")
    args = [ast.literal_eval(a) for a in node.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    return node.func.id, args, kwargs


def make_ref(*args: object, **kwargs: object) -> Ref:
    """A :class:`Ref` from a call's arguments: one id string, a dict of filters, or keywords."""
    if len(args) > 1:
        raise RefError("bad-reference",
            _("one figure per reference: an id or keywords, got {0} arguments").format(len(args)))
    arg = args[0] if args else None
    if isinstance(arg, dict):
        if kwargs:
            raise RefError("bad-reference", _("give the filters either as a dict or as keywords, not both"))
        kwargs = {str(k): v for k, v in arg.items()}
        arg = None
    if arg is not None:
        if kwargs:
            raise RefError("bad-reference", _("cite a figure by id or by keywords, not both"))
        if not isinstance(arg, str) or not arg:
            raise RefError("bad-reference", _("a figure id must be a non-empty string, not {0!r}").format(arg))
        return Ref(id=arg)
    _check_keywords(kwargs)
    return Ref(filters=tuple(sorted((k, str(v)) for k, v in kwargs.items())))


def _check_keywords(kwargs: dict[str, object]) -> None:
    unknown = sorted(set(kwargs) - set(KEYS))
    if unknown:
        raise RefError("bad-reference",
            _("unknown keyword {0}; known: {1}").format(', '.join(unknown), ', '.join(KEYS))
                       + did_you_mean(unknown[0], KEYS))
    missing = [k for k in REQUIRED if k not in kwargs]
    if missing:
        raise RefError("bad-reference",
            _("a reference by keywords needs {0} (or cite an id)").format(' and '.join(missing)))
    for key, value in kwargs.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise RefError("bad-reference", _("{0} must be a string, not {1!r}").format(key, value))


def period_matches(wanted: str, value: str | None) -> bool:
    """``wanted`` (``2020``, ``2020-10``, ``2020-10-06``) covers ``value`` at its precision."""
    return bool(value) and (value == wanted or str(value).startswith(wanted + "-"))


def region_code(value: str, names: Mapping[str, list[str]], codes: Iterable[str] | Mapping[str, Any]) -> str:
    """The region code ``value`` names (a code, or an exact Chinese name held by one region)."""
    if value in codes:
        return value
    found = names.get(value, [])
    if len(found) == 1:
        return found[0]
    if found:
        raise RefError("ambiguous-reference",
            _("region name {0!r} is held by {1} regions: {2}; give the code").format(
                value, len(found), ', '.join(sorted(found))))
    raise RefError("unresolved-reference", _("no region with code or name {0!r}").format(value)
                   + did_you_mean(value, [*names, *codes]))


def _matches(ref: Ref, row: Row, region: str) -> bool:
    want = dict(ref.filters)
    checks = (
        row["region"] == region,
        row["metric"] == want["metric"],
        "period" not in want or period_matches(want["period"], row.get("period_end")),
        "start" not in want or period_matches(want["start"], row.get("period_start")),
        "register" not in want or (row.get("register") or "") == want["register"],
        (row.get("category") or "") == want["category"] if "category" in want else not row.get("breakdown"),
        "source" not in want or row.get("source") == want["source"],
    )
    return all(checks)


def resolve(ref: Ref, by_id: Mapping[str, Row], candidates: Iterable[Row], region: str | None = None) -> Row:
    """The one figure ``ref`` means, from ``by_id`` (id form) or ``candidates`` (keyword form,
    already narrowed to figures of the region ``region``, its resolved code)."""
    if ref.id is not None:
        row = by_id.get(ref.id)
        if row is None:
            raise RefError("unresolved-reference", _("no figure with id {0!r}").format(ref.id))
        return row
    found = sorted((r for r in candidates if _matches(ref, r, region or "")), key=lambda r: str(r["id"]))
    if not found:
        raise RefError("unresolved-reference", _("no figure matches {0}").format(ref))
    if len(found) > 1:
        ids = ", ".join(str(r["id"]) for r in found[:8]) + (", …" if len(found) > 8 else "")
        raise RefError("ambiguous-reference",
            _("{0} figures match {1}: {2}; narrow it with period=, register=, category= or source=, or cite one by "
              "id").format(len(found), ref, ids))
    return found[0]


def check_pair(a: Row, b: Row, by: str = "percent") -> None:
    """RefError unless ``change(a, b, by=by)`` compares like with like, earlier to later."""
    if by not in BY:
        raise RefError("bad-reference", _("by={0!r}: use one of {1}").format(by, ', '.join(BY)))
    for field in ("region", "metric", "unit", "register"):
        if (a.get(field) or "") != (b.get(field) or ""):
            raise RefError("mismatched-change",
                _("change between figures of different {0}s: {1} has {2!r}, {3} has {4!r}").format(
                    field, a['id'], a.get(field) or 'none', b['id'], b.get(field) or 'none'))
    if period_key(b["period_end"]) <= period_key(a["period_end"]):
        raise RefError("mismatched-change",
            _("change(a, b): {0} ({1}) must end later than {2} ({3}); give the earlier figure first").format(
                b['id'], b['period_end'], a['id'], a['period_end']))
    if by == "percent" and a["unit"] != "percent" and not a["value"]:
        raise RefError("mismatched-change",
            _("change from {0}: a percentage change from zero is undefined; use by=\"amount\"").format(a['id']))
