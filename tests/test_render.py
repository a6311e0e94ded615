"""Generated Markdown: golden files, escaping of untrusted text, determinism."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jiekun.data.catalog import discover
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
