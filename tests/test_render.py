"""Generated Markdown: golden files, escaping of untrusted text, determinism."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.render import pages, write_pages


def test_data_dictionary_matches_golden(project: Path, golden: Callable[[str, str], None]) -> None:
    golden("data-dictionary.md", pages(project)["data-dictionary.md"])


def test_data_dictionary_covers_every_field(project: Path) -> None:
    text = pages(project)["data-dictionary.md"]
    for name in ("outcomes", "case-studies", "regions", "metrics", "sources", "breakdowns"):
        assert f"\n## {name}\n" in text
    assert "| `value_as_published` |" in text and "| `health_info` |" in text


def test_untrusted_category_labels_are_escaped(project: Path) -> None:
    path = project / "datasets/reference/categories.csv"
    path.write_text(path.read_text().replace("低保户,Dibao household", "低保户,<script>alert(1)</script> | x"))
    text = pages(project)["data-dictionary.md"]
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\> \\| x" in text


def test_pages_are_deterministic(project: Path, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write_pages(project, tmp_path / "a")]
    second = [p.read_bytes() for p in write_pages(project, tmp_path / "b")]
    assert first == second
