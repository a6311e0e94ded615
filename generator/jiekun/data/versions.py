"""The released versions of the data packages, and where each one's data come from.

A released version is one with a ``## <version> — <date>`` section in ``datasets/CHANGELOG.md``.
Its data are taken from git: the state of ``datasets/`` just before the next version first
appeared on the branch (the first parent of the commit that first carried the next version,
following first parents only, so that a merged pull request counts as one step), that is the
last state that carried it.  The first commit carrying a version can be half-way through the
work (the first commit of this project carried 0.1.0 with two figures missing), the last one
is the data as the version was finished.  The version the working tree carries is built from
the working tree.

Without the history (a shallow clone, an unpacked archive, an installed package, no git),
the versions that cannot be found are listed with the reason, and only the current version is
built: a build never fails for want of history.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from jiekun.data import revisions
from jiekun.data.catalog import DESCRIPTOR_GLOB

CHANGELOG = Path("datasets/CHANGELOG.md")
HEADING = re.compile(r"^##\s+v?(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)\s*(?:[—–-]+\s*(\d{4}-\d{2}-\d{2}))?", re.MULTILINE)
VERSION = re.compile(r"\d+\.\d+\.\d+[0-9A-Za-z.+-]*")  # also a safe folder name: v<version>


@dataclasses.dataclass(frozen=True)
class Version:
    """A released version: its number, its date in the changelog, and the commit of its data
    (None: the working tree)."""

    number: str
    date: str
    commit: str | None


@dataclasses.dataclass(frozen=True)
class Versions:
    built: list[Version]  # newest first
    missing: list[tuple[str, str, str]]  # (version, date, why it could not be built)

    def key(self) -> str:
        """What the generated downloads depend on besides the working tree (for the build stamp)."""
        return json.dumps([[v.number, v.commit] for v in self.built] + [list(m) for m in self.missing])


def changelog_versions(text: str) -> list[tuple[str, str]]:
    """(version, date) of every ``## <version> — <date>`` heading, in the file's order (newest first)."""
    return [(m.group(1), m.group(2) or "") for m in HEADING.finditer(text) if VERSION.fullmatch(m.group(1))]


def _version_at(root: Path, commit: str) -> str | None:
    listing = revisions.git(root, "ls-tree", "--name-only", commit, "--", "datasets/").decode("utf-8").split("\n")
    for path in sorted(p for p in listing if Path(p).match(DESCRIPTOR_GLOB)):
        try:
            return str(json.loads(revisions.git(root, "show", f"{commit}:{path}"))["version"])
        except (revisions.GitError, ValueError, KeyError, TypeError):
            continue
    return None


def first_commits(root: Path) -> dict[str, tuple[str, str | None]]:
    """Each version in the history of the current branch, following first parents (a merge is one
    step): (the first commit that carried it, that commit's first parent)."""
    log = revisions.git(root, "log", "--first-parent", "--reverse", "--format=%H %P", "-G", '"version"', "--",
                        f"datasets/{DESCRIPTOR_GLOB}").decode("utf-8")
    first: dict[str, tuple[str, str | None]] = {}
    for line in filter(None, log.splitlines()):
        commit, *parents = line.split()
        version = _version_at(root, commit)
        if version and version not in first:
            first[version] = (commit, parents[0] if parents else None)
    return first


def _head(root: Path) -> str | None:
    """The last commit: it holds the newest committed version when the working tree has moved on."""
    try:
        return revisions.resolve(root, "HEAD")
    except revisions.GitError:
        return None


def _shallow(root: Path) -> bool:
    try:
        return revisions.git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except revisions.GitError:
        return False


def released(root: Path, current: str | None) -> Versions:
    """The versions of the changelog that this build can make, and those it cannot (with why)."""
    path = root / CHANGELOG
    listed = changelog_versions(path.read_text(encoding="utf-8")) if path.is_file() else []
    try:
        first = first_commits(root)
        reason = "the git history does not hold it" + (" (a shallow clone: fetch the full history)"
                                                       if _shallow(root) else "")
    except revisions.GitError as exc:
        first, reason = {}, f"no git history ({exc})"
    order = list(first)  # oldest first, as they appeared
    built, missing = [], []
    for number, date in listed:
        if number == current:
            built.append(Version(number, date, None))
            continue
        later = order[order.index(number) + 1:] if number in order else []
        state = first[later[0]][1] if later else _head(root) if order and order[-1] == number else None
        if state:
            built.append(Version(number, date, state))
        else:
            missing.append((number, date, reason))
    if current and all(v.number != current for v in built):
        built.insert(0, Version(current, "", None))  # not yet in the changelog: still the current data
    return Versions(built, missing)


def not_built(site: Path) -> list[tuple[str, str]]:
    """(version, why) of each released version a built site's ``data/versions.json`` lists as not built."""
    try:
        listed = json.loads((site / "data" / "versions.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(str(v["version"]), str(v["not_built"])) for v in listed if isinstance(v, dict) and v.get("not_built")]
