"""Rules that protect the people in the case studies (see the site's publication policy).

A story shown under a pseudonym (or initials) must not point back to one person: it links
no enterprise and its published text names none.  A pseudonym is used once.  A story with
health information shows a full name only on recorded, explicit consent (``consent`` true,
with ``consent_date`` and ``consent_basis``).  These are checks on what the data says; the
policy asks more of a reviewer (no unique post, no exact address, no rare combination).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error
from jiekun.data.load import LINE

#: the fields of a case that are published as text
PUBLISHED_TEXT = ("display_name", "title_zh", "title_en", "basis_note", "summary_zh", "summary_en")
#: legal-form endings and a closing remark in brackets are dropped from a name before it is looked for,
#: so "X Co., Ltd." also finds "X"
LEGAL_FORM = re.compile(r"(\s*\([^)]*\)|（[^）]*）|[,\s]*(co\.,?\s*)?ltd\.?|[,\s]+inc\.?"
                        r"|(股份)?有限(责任)?公司)+$", re.I)
MIN_NAME = 3  # a shorter name (after dropping the legal form) would match ordinary words


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None)


def _hidden(frame: pl.DataFrame) -> pl.Expr:
    """Rows whose person is not shown under a full name."""
    return _col(frame, "display_as").is_in(["pseudonym", "initials"]).fill_null(False)


def name_forms(name: str | None) -> set[str]:
    """The forms of an organisation's name to look for in text, lower-cased."""
    if not name:
        return set()
    full = name.strip().lower()
    short = LEGAL_FORM.sub("", full).strip()
    return {n for n in (full, short) if len(n) >= MIN_NAME}


def enterprises(orgs: pl.DataFrame | None) -> dict[str, set[str]]:
    """Enterprise id → the name forms to look for."""
    if orgs is None or "kind" not in orgs.columns:
        return {}
    rows = orgs.filter(pl.col("kind") == "enterprise").select("id", _col(orgs, "name_zh"), _col(orgs, "name_en"))
    return {i: name_forms(zh) | name_forms(en) for i, zh, en in rows.iter_rows() if i}


def enterprise_issues(cases: pl.DataFrame, file: str, orgs: pl.DataFrame | None) -> list[Issue]:
    """A pseudonymous case that links an enterprise or names one in its published text."""
    names = enterprises(orgs)
    hidden = cases.filter(_hidden(cases))
    issues = [error(file, ln, "organisation", "pseudonym-names-enterprise",
                    _("the story is shown under a pseudonym but links the enterprise {0!r}").format(org),
                    _("leave organisation empty and describe the employer in general words (e.g. a state-owned "
                      "company)"))
              for ln, org in hidden.select(LINE, _col(cases, "organisation")).iter_rows() if org in names]
    fields = [f for f in PUBLISHED_TEXT if f in cases.columns]
    for row in hidden.select(LINE, *fields).iter_rows(named=True):
        issues += _named_in_text(file, row, fields, names)
    return issues


def _named_in_text(file: str, row: dict[str, object], fields: list[str], names: dict[str, set[str]]) -> list[Issue]:
    issues = []
    for field in fields:
        text = str(row[field] or "").lower()
        found = sorted(org for org, forms in names.items() if any(form in text for form in forms))
        issues += [error(file, int(str(row[LINE])), field, "pseudonym-names-enterprise",
                         _("the story is shown under a pseudonym but its text names the enterprise {0!r}").format(org),
                         _("replace the name with a general description (e.g. a local factory, a state-owned company)"))
                   for org in found]
    return issues


def duplicate_pseudonym_issues(cases: pl.DataFrame, file: str) -> list[Issue]:
    """Two cases under the same pseudonym: a reader would take them for one person."""
    seen: dict[str, tuple[int, str]] = {}
    issues = []
    rows = cases.filter(_hidden(cases)).select(LINE, "id", _col(cases, "display_name")).drop_nulls()
    for ln, case_id, name in rows.iter_rows():
        if name in seen:
            first_line, first_id = seen[name]
            issues.append(error(file, ln, "display_name", "duplicate-pseudonym",
                                _("the pseudonym {0!r} is already used by case {1!r} (line {2})").format(
                                    name, first_id, first_line),
                                _("choose a pseudonym no other case uses, e.g. another surname")))
        else:
            seen[name] = (ln, case_id)
    return issues


def consent_issues(cases: pl.DataFrame, file: str) -> list[Issue]:
    """Health information under a full name without recorded consent; consent recorded in part."""
    consent = _col(cases, "consent").fill_null(False)
    complete = consent & _col(cases, "consent_date").is_not_null() & _col(cases, "consent_basis").is_not_null()
    exposed = (_col(cases, "health_info").fill_null(False) & (_col(cases, "display_as") == "full-name")
               & ~complete)
    issues = [error(file, ln, "display_as", "privacy-error",
                    _("the story contains health information, so it may show a full name only with recorded "
                      "explicit consent"),
                    _("set display_as to pseudonym or initials, with a display_name in that form; or record "
                      "consent=true with consent_date and consent_basis"))
              for ln, in cases.filter(exposed.fill_null(False)).select(LINE).iter_rows()]
    return issues + list(_incomplete(cases, file, consent))


def _incomplete(cases: pl.DataFrame, file: str, consent: pl.Expr) -> Iterator[Issue]:
    claims = consent | (_col(cases, "basis") == "written-consent").fill_null(False)
    frame = cases.filter(claims).select(LINE, consent.alias("_c"), _col(cases, "consent_date").alias("_d"),
                                        _col(cases, "consent_basis").alias("_b"))
    for ln, given, date, basis in frame.iter_rows():
        for field, missing in (("consent", not given), ("consent_date", date is None),
                               ("consent_basis", basis is None)):
            if missing:
                yield error(file, ln, field, "consent-incomplete",
                            _("consent is claimed (consent or basis=written-consent) but not fully recorded"),
                            _("record consent=true, the date it was given (consent_date, YYYY-MM-DD) and what it "
                              "rests on (consent_basis); or remove the claim"))
