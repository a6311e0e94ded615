"""Generated Markdown: golden files, escaping of untrusted text, determinism."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from jiekun.data.catalog import discover, sync
from jiekun.data.validate import check
from jiekun.site.render import data_dictionary


def dictionary(project: Path) -> str:
    """The data dictionary page of ``project``, as generate() writes it."""
    return data_dictionary(discover(project), check(project)[1])


def test_data_dictionary_matches_golden(project: Path, golden: Callable[[str, str], None]) -> None:
    golden("data-dictionary.md", dictionary(project))


def test_data_dictionary_covers_every_field(project: Path) -> None:
    text = dictionary(project)
    for name in ("outcomes", "case-studies", "regions", "metrics", "sources", "breakdowns"):
        assert f"\n## {name}\n" in text
    assert "| `value_as_published` |" in text and "| `health_info` |" in text


def test_untrusted_category_labels_are_escaped(project: Path) -> None:
    path = project / "datasets/reference/categories.csv"
    path.write_text(path.read_text().replace("低保户,Dibao household", "低保户,<script>alert(1)</script> | x"))
    text = dictionary(project)
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\> \\| x" in text


def test_pages_are_deterministic(project: Path) -> None:
    assert dictionary(project).encode() == dictionary(project).encode()


def test_english_without_chinese_is_marked_english(project: Path) -> None:
    """A package or field with no Chinese text shows its English marked lang="en" (never silently mixed)."""
    schema_path = project / "schemas/outcomes.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    del next(f for f in schema["fields"] if f["name"] == "value_as_published")["x-description-zh"]
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    path = project / "datasets/outcomes.datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del descriptor["x-title-zh"], descriptor["x-description-zh"]
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    sync(project)
    text = dictionary(project)
    assert '| <span lang="en">Programme outcomes</span> | ' in text
    assert '<span lang="en">Figures on programme results by region, ' in text
    english = "The figure as written in the source (e.g. 1.9亿多元), for checking the conversion."
    assert f'| <span lang="en">{english}</span> |' in text
    assert "| 困难职工家庭帮扶案例 | " in text and "来源原文中的写法" not in text


LINKS = [("regions/620400.md", "../metrics/m.md"), ("regions/620400.md", "../sources.md#src-a"),
         ("regions/620400.md", "620000.md"), ("regions/620400.md", "index.md"), ("regions/620400.md", "../index.md"),
         ("regions/620400.md", "../charts/c.csv"), ("regions/620400.md", "../chart/c/index.html"),
         ("regions/index.md", "620000.md"), ("regions/index.md", "../metrics/m/620000.md"),
         ("metrics/m/620000.md", "../m.md"), ("metrics/m/620000.md", "../../regions/620400.md#fig-x"),
         ("index.md", "regions/index.md"), ("cases/c.md", "index.md"), ("cases/c.md", "https://example.org/a")]


def test_href_is_where_the_engine_sends_a_markdown_link(tmp_path: Path) -> None:
    """Links in generated raw HTML go where mkdocs sends the same Markdown link (directory URLs)."""
    from jiekun.model.views import href
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    files = {p for p, _ in LINKS} | {"regions/620000.md", "metrics/m.md", "sources.md", "charts/c.csv",
                                     "chart/c/index.html", "cases/index.md"}
    for name in files:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    for page in {p for p, _ in LINKS}:
        body = "\n\n".join(f"[link{i}]({t})" for i, (p, t) in enumerate(LINKS) if p == page)
        (docs / page).write_text(f"# t\n\n{body}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nuse_directory_urls: true\n", encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    for i, (page, target) in enumerate(LINKS):
        served = tmp_path / "site" / (page[:-3].removesuffix("index") + ("/" if not page.endswith("index.md") else ""))
        html = (served / "index.html").read_text(encoding="utf-8")
        expected = html.split(f">link{i}</a>")[0].rsplit('href="', 1)[1].split('"')[0]
        assert href(page, target) == expected, (page, target)
