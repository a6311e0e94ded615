"""`jiekun validate` reaches frictionless' verdict, and the same errors, on frictionless-py's own fixtures.

Every case of tests/conformance_harness.py (each CSV fixture wrapped as a data package,
each fixture data package as it is, and one probe per Table Schema feature) is validated
by the real frictionless and by jiekun; every difference must be one of the deliberate
differences below, which docs/validation.md lists too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance_harness import Key, Outcome, all_cases, run_case

#: jiekun's stricter rules: codes frictionless does not have
JIEKUN_ONLY_CODES = {
    "formula-injection": "a text cell starting with = + - @ would run as a spreadsheet formula",
}
#: a blank row is one problem (blank-row); frictionless also reports it as an empty primary key
BLANK_ROW_KEY = "primary-key"


def deliberate(outcome: Outcome, key: Key, side: str) -> bool:
    file, line, _field, code = key
    if side == "jiekun":
        return code in JIEKUN_ONLY_CODES
    blank = (file, line, None, "blank-row")
    return code == BLANK_ROW_KEY and blank not in outcome.only_frictionless | outcome.only_jiekun \
        and outcome.frictionless_valid is False


def undocumented(outcome: Outcome) -> list[str]:
    found = [f"jiekun only: {k}" for k in sorted(outcome.only_jiekun, key=str) if not deliberate(outcome, k, "jiekun")]
    found += [f"frictionless only: {k}" for k in sorted(outcome.only_frictionless, key=str)
              if not deliberate(outcome, k, "frictionless")]
    if not found and outcome.frictionless_valid != outcome.jiekun_valid:
        stricter = all(k[3] in JIEKUN_ONLY_CODES for k in outcome.only_jiekun) and not outcome.only_frictionless
        if not (stricter and outcome.frictionless_valid):
            found.append(f"verdict: frictionless {outcome.frictionless_valid}, jiekun {outcome.jiekun_valid}")
    return found


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    root: Path = tmp_path_factory.mktemp("conformance")
    return [run_case(case, root) for case in all_cases()]


def test_every_difference_from_frictionless_is_deliberate(outcomes: list[Outcome]) -> None:
    problems = {o.case: found for o in outcomes if (found := undocumented(o))}
    assert problems == {}


def test_the_comparison_covers_the_fixtures_and_the_fast_path(outcomes: list[Outcome]) -> None:
    assert len(outcomes) >= 186
    assert sum(o.agrees for o in outcomes) >= 182
    assert sum(o.fast > 0 for o in outcomes) >= 100, "most cases must exercise the fast path, not only frictionless"
    assert sum(not o.frictionless_valid for o in outcomes) >= 40, "invalid cases must be among them"


#: probes the fast path must validate itself, so that agreeing with frictionless tests the fast path
FAST_PROBES = {"probe-no-primary-key", "probe-string-primary-key", "probe-list-primary-key", "probe-unique",
               "probe-missing-values", "probe-missing-values-required", "probe-nan-inf", "probe-numeric-enum",
               "probe-number-enum-strings", "probe-empty-primary-key", "probe-bounds-as-strings",
               "probe-string-foreign-key", "probe-pattern", "probe-lengths", "probe-date-unpadded",
               "probe-boolean-values", "probe-type-datetime-default", "probe-type-datetime-default-offset",
               "probe-type-string-uri",
               "probe-header-problem-cells"}
#: probes of features frictionless validates for jiekun
FALLBACK_PROBES = {"probe-delimiter", "probe-quote-char", "probe-no-header", "probe-comment-char", "probe-latin1",
                   "probe-date-format", "probe-bare-number", "probe-decimal-char", "probe-type-string-email",
                   "probe-type-string-uuid", "probe-type-year-default", "probe-type-geopoint-default",
                   "probe-declared-bytes", "probe-declared-hash"}


def test_fast_path_and_fallback_are_chosen_per_feature(outcomes: list[Outcome]) -> None:
    fast = {o.case for o in outcomes if o.fast}
    assert fast >= FAST_PROBES, FAST_PROBES - fast
    assert not FALLBACK_PROBES & fast, FALLBACK_PROBES & fast
    invalid = {o.case for o in outcomes if not o.frictionless_valid}
    assert invalid >= FAST_PROBES, "each probe has a bad row: both tools must find the same errors in it"
