"""What the English edition costs: the synthetic national project built cold with both editions
and with the Chinese one only (its ``mkdocs.yml`` without ``extra.edition_en``), each in its own
process, and the bytes each writes.

    .venv/bin/python bench/edition_bench.py --scale 0.05

The issue's target at national scale: the bilingual cold build takes at most twice the
Chinese-only one; every page ≤ 100 KB; each language's search index ≤ 10 MB.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.site_synth import make_project  # noqa: E402

OUT = REPO / "bench" / "out" / "editions"


def chinese_only(config: Path) -> None:
    """Drop ``extra.edition_en`` (and its comment) from a project's mkdocs.yml."""
    text = config.read_text(encoding="utf-8")
    start = text.index("  # The English edition")
    end = text.index("\nplugins:", start)
    config.write_text(text[:start] + text[end + 1:], encoding="utf-8")


def build(root: Path) -> float:
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(REPO / ".venv" / "bin" / "jiekun"), "build", "--quiet", "--root", str(root)], check=True)
    return time.perf_counter() - start


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def largest_page(site: Path) -> tuple[int, str]:
    return max((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05)
    args = parser.parse_args()
    both, zh = OUT / "both", OUT / "zh"
    project = make_project(both, args.scale)
    shutil.rmtree(zh, ignore_errors=True)
    shutil.copytree(both, zh)
    chinese_only(zh / "mkdocs.yml")
    times = {"zh": build(zh), "both": build(both)}
    site_zh, site_both = zh / "site", both / "site"
    print(f"synthetic project at scale {args.scale}: {project.regions:,} regions, {project.figures:,} figures, "
          f"{project.cases:,} case studies")
    print(f"cold build, Chinese only: {times['zh']:.1f} s; both editions: {times['both']:.1f} s "
          f"({times['both'] / times['zh']:.2f}x; target at national scale <= 2x)")
    print(f"site bytes, Chinese only: {size(site_zh) / 1e6:.1f} MB; both: {size(site_both) / 1e6:.1f} MB "
          f"(of which en/: {size(site_both / 'en') / 1e6:.1f} MB)")
    (zh_bytes, zh_page), (both_bytes, both_page) = largest_page(site_zh), largest_page(site_both)
    print(f"largest page, Chinese only: {zh_bytes:,} B ({zh_page}); both: {both_bytes:,} B ({both_page})")
    for name in ("search/search_index.json", "en/search/search_index.json"):
        path = site_both / name
        print(f"search index {name}: {path.stat().st_size / 1e6:.2f} MB" if path.is_file() else f"{name}: none")


if __name__ == "__main__":
    main()
