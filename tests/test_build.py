"""Whole-site builds with the real builder: safety of untrusted text and of the old site."""

from __future__ import annotations

import csv
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, tree_digest
from jiekun.core.issues import DataError
from jiekun.pipeline.build import build

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
            "{{ 7*7 }}{% if 1 %}x{% endif %}|#"]
CASE_TEXT = ["title_zh", "title_en", "display_name", "basis_note", "locator", "summary_zh", "summary_en"]


def site_project(project: Path) -> Path:
    """The fixture data with the real site configuration, hand-written pages and builder hook."""
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    # the posts cite figures of the real data, which the fixture does not have
    shutil.copytree(REPO / "docs", project / "docs", ignore=shutil.ignore_patterns("posts"))
    shutil.copytree(REPO / "overrides", project / "overrides")
    return project


def rewrite(path: Path, fields: list[str], value: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        row.update({f: value for f in fields})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


class Markup(HTMLParser):
    """Collects the tags, attributes and text of a page as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th") and self.rows:
            self.rows[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Markup:
    parser = Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", params=range(len(PAYLOADS)), ids=["script", "img", "link", "template"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose case-study text fields and outcome notes all hold one hostile payload."""
    from conftest import make_project

    payload = PAYLOADS[request.param]
    project = site_project(make_project(tmp_path_factory.mktemp("hostile") / "project"))
    rewrite(project / "datasets/case-studies/case-studies.csv", CASE_TEXT, payload)
    rewrite(project / "datasets/outcomes/outcomes.csv", ["note", "locator", "value_as_published"], payload)
    site = build(project)
    (site / ".payload").write_text(payload, encoding="utf-8")
    return site


@pytest.mark.parametrize("page", ["cases/lankao-medical-aid/index.html", "cases/index.html",
                                  "regions/410000/index.html", "metrics/households-on-file/index.html",
                                  "index.html"])
def test_untrusted_text_stays_text(hostile_site: Path, page: str) -> None:
    markup = parse(hostile_site / page)
    for tag, attrs in markup.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), attrs
        assert not any((value or "").strip().lower().startswith("javascript:") for value in attrs.values()), attrs
    scripts = [a.get("src") for t, a in markup.tags if t == "script"]
    assert all(src is None or not src.startswith("http") for src in scripts)
    raw = (hostile_site / page).read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw


def test_payloads_shown_as_text(hostile_site: Path) -> None:
    payload = (hostile_site / ".payload").read_text(encoding="utf-8")
    for page in ("cases/lankao-medical-aid/index.html", "regions/410000/index.html"):
        text = "".join(parse(hostile_site / page).text)
        assert payload in text, page
        assert "49" not in text  # {{ 7*7 }} was not evaluated


def test_figure_table_not_broken(hostile_site: Path) -> None:
    markup = parse(hostile_site / "regions/410000/index.html")
    assert set(markup.rows) == {3, 5}  # chart-data tables have 3 cells a row, the figure table 5: no cell split


def test_invalid_data_keeps_old_site(tmp_path: Path) -> None:
    from conftest import apply_defect, make_project

    project = site_project(make_project(tmp_path / "project"))
    site = build(project)
    before = tree_digest(site)
    apply_defect(project, "negative-count")
    with pytest.raises(DataError):
        build(project)
    assert tree_digest(site) == before
    assert not list(tmp_path.glob("project/.site*"))


def test_cli_build_reports_bad_data_without_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import apply_defect, make_project

    project = site_project(make_project(tmp_path / "project"))
    apply_defect(project, "wrong-type")
    done = subprocess.run([sys.executable, "-m", "jiekun", "build", "--root", str(project)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "datasets/outcomes/outcomes.csv:" in done.stderr and "Traceback" not in done.stderr
    assert "previous site is unchanged" in done.stderr
    assert not (project / "site").exists()
