"""The data page's files for every version: the current one from the working tree, each older
released version from git (see :mod:`jiekun.data.versions`), all rebuilt on every build."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment

from jiekun.data import revisions
from jiekun.data.checked import Checked
from jiekun.data.versions import CHANGELOG, VERSION, Version, Versions
from jiekun.site.citation import Citation, citation, read_cff
from jiekun.site.downloads import Download, Kept, Package, Release, current_keys, package_files, read_packages


@dataclasses.dataclass
class Offered:
    """What the build could offer: each version's packages (newest first), and what it could not."""

    versions: list[tuple[Version, list[str]]]  # (version, names of its packages)
    missing: list[tuple[str, str, str]]  # (version, date, why)
    citation: Citation | None


def changelog_until(text: str, version: str) -> str:
    """The changelog as it stood at ``version``: its introduction and the sections of that
    version and the ones before it (the file lists the newest first)."""
    lines = text.splitlines()
    heading = re.compile(rf"^##\s+v?{re.escape(version)}(?![\w.])")
    start = next((i for i, line in enumerate(lines) if heading.match(line)), None)
    if start is None:
        return text
    intro = next((i for i, line in enumerate(lines) if line.startswith("## ")), start)
    return "\n".join(lines[:intro] + lines[start:]).strip() + "\n"


def _old_packages(root: Path, commit: str, keep: dict[str, Kept]) -> list[Package]:
    with tempfile.TemporaryDirectory(prefix="jiekun-version-") as tmp:
        revisions.checkout_data(root, commit, Path(tmp))
        return read_packages(Path(tmp), keep=keep)


def _cite(cff: dict[str, Any], pkgs: list[Package], version: Version, site_url: str) -> Citation:
    descriptor = pkgs[0].descriptor if pkgs else {}
    return citation(cff, descriptor, version.number, version.date, f"{site_url}data/" if site_url else "")


def data_files(env: Environment, root: Path, tables: dict[str, Checked], versions: Versions,
               site_url: str) -> tuple[dict[str, Download], Offered]:
    """Every download by its path in the site, and what was offered."""
    current = read_packages(root, typed={name: c.typed for name, c in tables.items()})
    keep = current_keys(current)
    cff = read_cff(root)
    log = (root / CHANGELOG).read_text(encoding="utf-8") if (root / CHANGELOG).is_file() else ""
    files: dict[str, Download] = {}
    offered = Offered([], list(versions.missing), None)
    for version in versions.built:
        try:
            pkgs = current if version.commit is None else _old_packages(root, version.commit, keep)
        except (revisions.GitError, OSError, ValueError, KeyError, pl.exceptions.PolarsError) as exc:
            offered.missing.append((version.number, version.date, f"its data could not be read ({exc})"))
            continue
        rel = Release(version.number, version.date, site_url, changelog_until(log, version.number),
                      _cite(cff, pkgs, version, site_url))
        prefixes = [f"data/v{version.number}/"] if VERSION.fullmatch(version.number) else []
        if version.commit is None:
            prefixes.append("data/")
            offered.citation = rel.citation
            files["data/CITATION.cff"] = rel.citation.cff().encode()
        for prefix in prefixes:
            for pkg in pkgs:
                files |= package_files(env, prefix, pkg, rel)
        offered.versions.append((version, [p.name for p in pkgs]))
    files["data/versions.json"] = _versions_json(offered, site_url).encode()
    return files, offered


def _versions_json(offered: Offered, site_url: str) -> str:
    rows = [{"version": v.number, "date": v.date or None, "current": v.commit is None,
             "path": f"data/v{v.number}/", "url": f"{site_url}data/v{v.number}/" if site_url else None,
             "packages": names} for v, names in offered.versions]
    rows += [{"version": n, "date": d or None, "current": False, "path": None, "url": None, "packages": [],
              "not_built": why} for n, d, why in offered.missing]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
