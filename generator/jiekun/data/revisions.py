"""Read the data of a git revision: the files under ``datasets/`` and ``schemas/``, as committed.

Real git, through its command line: ``git ls-tree`` lists a revision's files and one
``git cat-file --batch`` reads them all.  Every failure (git missing, not a repository, an
unknown revision) becomes a :class:`GitError` with a sentence a contributor can act on.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

#: the folders of a project that hold its data
DATA_DIRS = ("datasets", "schemas")
#: branches tried, in order, for the default base of a comparison
MAIN_BRANCHES = ("main", "origin/main")


class GitError(Exception):
    """Git could not answer: the message says why, in one line."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C root args`` and return its output; GitError when it fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed (it is needed to compare revisions)") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository(root: Path) -> None:
    """GitError unless ``root`` is inside a git working tree."""
    try:
        git(root, "rev-parse", "--show-toplevel")
    except GitError as exc:
        raise GitError(f"{root} is not in a git repository: {exc}") from None


def resolve(root: Path, rev: str) -> str:
    """The full commit id of ``rev``; GitError naming it when it is not a commit."""
    if rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r}: not a branch, tag or commit of this repository") from None


def default_base(root: Path) -> tuple[str, str]:
    """(commit, description) of the merge-base of HEAD with main (or origin/main)."""
    head = resolve(root, "HEAD")
    for branch in MAIN_BRANCHES:
        try:
            other = resolve(root, branch)
        except GitError:
            continue
        base = git(root, "merge-base", head, other).decode().strip()
        return base, f"merge-base of HEAD and {branch}"
    raise GitError("there is no main branch to compare with: name the base revision, e.g. `jiekun diff HEAD~1`")


def _blobs(root: Path, commit: str) -> list[tuple[str, str]]:
    """(object id, path relative to ``root``) of every file under the data folders at ``commit``."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", *DATA_DIRS).decode("utf-8")
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        _mode, kind, oid = meta.split()
        if kind == "blob":
            blobs.append((oid, path))
    return blobs


def checkout_data(root: Path, commit: str, dest: Path) -> int:
    """Write the data folders of ``commit`` into ``dest`` (which must be empty); return the file count."""
    blobs = _blobs(root, commit)
    if not blobs:
        return 0
    out = git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    pos = 0
    for _oid, path in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        data = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1  # the content is followed by a newline
        rel = PurePosixPath(path)
        if rel.is_absolute() or ".." in rel.parts:
            continue
        target = dest.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(blobs)
