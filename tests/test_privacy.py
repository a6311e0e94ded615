"""The case-study privacy rules beyond their one-defect fixtures: what passes and what each rule sees."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from jiekun.core.issues import Severity
from jiekun.core.numbers import format_value
from jiekun.data.privacy import name_forms
from jiekun.data.validate import validate

CASES = "datasets/case-studies/case-studies.csv"
ORGS = "datasets/reference/organisations.csv"


def edit_case(project: Path, **values: str) -> None:
    path = project / CASES
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0].update(values)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def errors(project: Path) -> list[tuple[int | None, str | None, str]]:
    return sorted((i.line, i.field, i.code) for i in validate(project) if i.severity is Severity.ERROR)


def test_full_name_with_health_information_passes_with_recorded_consent(project: Path) -> None:
    edit_case(project, display_as="full-name", display_name="丁福", basis="written-consent", consent="true",
              consent_date="2026-11-02", consent_basis="signed consent form kept by the maintainers")
    assert errors(project) == []


def test_consent_date_must_be_a_real_day(project: Path) -> None:
    edit_case(project, consent="true", consent_date="2026-02-30", consent_basis="signed form")
    assert errors(project) == [(2, "consent_date", "impossible-date")]


def test_initials_are_held_to_the_pseudonym_rules(project: Path) -> None:
    edit_case(project, display_as="initials", display_name="D.F.", organisation="test-factory")
    assert errors(project) == [(2, "organisation", "pseudonym-names-enterprise")]


def test_a_full_name_story_may_link_its_enterprise(project: Path) -> None:
    edit_case(project, display_as="full-name", display_name="丁福", health_info="false", organisation="test-factory",
              summary_zh="丁福是测试工厂的职工，工会帮他申请了助学金，孩子顺利读完了大学。")
    assert errors(project) == []


def test_a_name_is_found_without_its_legal_form(project: Path) -> None:
    orgs = project / ORGS
    orgs.write_text(orgs.read_text(encoding="utf-8")
                    + 'acme-co,阿克米机械有限公司,"Acme Machinery Co., Ltd.",410100,enterprise\n', encoding="utf-8")
    edit_case(project, title_zh="阿克米机械职工获医疗救助", title_en="An acme machinery worker gets medical aid")
    assert errors(project) == [(2, "title_en", "pseudonym-names-enterprise"),
                               (2, "title_zh", "pseudonym-names-enterprise")]


def test_a_union_or_government_body_is_not_an_employer_to_hide(project: Path) -> None:
    orgs = project / ORGS
    orgs.write_text(orgs.read_text(encoding="utf-8") + "lankao-centre,兰考县服务中心,Lankao Centre,410225,union\n",
                    encoding="utf-8")
    edit_case(project, organisation="lankao-centre",
              summary_zh="一名职工因家人患病陷入困难，到兰考县服务中心求助，申请了医疗救助。")
    assert errors(project) == []


@pytest.mark.parametrize(("name", "forms"), [
    ("红河制药玉溪有限公司", {"红河制药玉溪有限公司", "红河制药玉溪"}),
    ("Sinohydro Bureau 14 Co., Ltd.", {"sinohydro bureau 14 co., ltd.", "sinohydro bureau 14"}),
    ("Baiyin Knitting Mill (former)", {"baiyin knitting mill (former)", "baiyin knitting mill"}),
    ("白银针织厂（原）", {"白银针织厂（原）", "白银针织厂"}),
    ("有限公司", {"有限公司"}),  # nothing is left after the legal form: only the whole name is looked for
    ("AB", set()),  # too short to look for without matching ordinary words
    (None, set()),
])
def test_name_forms(name: str | None, forms: set[str]) -> None:
    assert name_forms(name) == forms


def test_at_least_is_written_as_a_floor() -> None:
    assert format_value(6000, "元", "at-least") == "不低于6000元"
    assert format_value(3000, "元", "more-than") == "3000多元"
