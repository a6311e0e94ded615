"""A data release: which version the data packages carry, whether a push changed it, and its notes.

Used by the publish workflow (``python -m jiekun.tools.release``): when the version of the data
packages differs from the previous push's, the workflow makes a release with the package
zips and the version's entry of ``datasets/CHANGELOG.md``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import click

from jiekun.data import revisions
from jiekun.data.catalog import DESCRIPTOR_GLOB

CHANGELOG = Path("datasets/CHANGELOG.md")
NO_COMMIT = re.compile(r"0*")  # GitHub's "before" of a branch's first push


class ReleaseError(Exception):
    """The release cannot be made; the message says what to fix."""


def changelog_entry(text: str, version: str) -> str | None:
    """The section of a changelog for ``version``: its ``## <version>`` heading and the text up to the next heading."""
    heading = re.compile(rf"^##\s+v?{re.escape(version)}(?![\w.])")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if heading.match(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^#{1,2}\s", lines[i])), len(lines))
    return "\n".join(lines[start:end]).strip() + "\n"


def package_version(root: Path | str) -> str | None:
    """The version all data package descriptors under ``root/datasets`` carry (None if there are none)."""
    versions = {}
    for path in sorted((Path(root) / "datasets").glob(DESCRIPTOR_GLOB)):
        try:
            versions[path.name] = str(json.loads(path.read_text(encoding="utf-8-sig"))["version"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ReleaseError(f"datasets/{path.name}: no readable version ({exc})") from None
    if len(set(versions.values())) > 1:
        listed = ", ".join(f"{name} {v}" for name, v in versions.items())
        raise ReleaseError(f"the data packages carry different versions ({listed}): give them all the same")
    return next(iter(versions.values()), None)


def version_at(root: Path, commit: str | None) -> str | None:
    """The data package version at ``commit`` (None: the working tree)."""
    if commit is None:
        return package_version(root)
    with tempfile.TemporaryDirectory(prefix="jiekun-release-") as tmp:
        revisions.checkout_data(root, commit, Path(tmp))
        return package_version(tmp)


def version_change(root: Path | str, before: str | None, after: str | None = None) -> tuple[str | None, str] | None:
    """(old, new) when the version at ``after`` (default: working tree) differs from ``before``.

    ``before`` may be None or GitHub's all-zero id for a first push: there was no version.
    """
    root = Path(root)
    old = None
    if before and not NO_COMMIT.fullmatch(before):
        try:
            commit = revisions.resolve(root, before)
        except revisions.GitError:  # e.g. a force push replaced it: no version to compare with
            commit = None
        old = version_at(root, commit) if commit else None
    new = version_at(root, revisions.resolve(root, after) if after else None)
    if new is None:
        raise ReleaseError("no data package descriptor (datasets/*.datapackage.json) has a version")
    return (old, new) if old != new else None


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path(), show_default=True)
@click.option("--before", default=None, help="The commit before the push (GitHub: github.event.before).")
@click.option("--notes", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the changelog entry of the new version.")
@click.option("--assets", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to copy the package zips (from the built site's data/) into.")
def main(root: Path, before: str | None, notes: Path, assets: Path) -> None:
    """Print `version=…` and `changed=true|false` (GitHub step outputs); when changed, write the release files."""
    try:
        change = version_change(root, before)
        version = change[1] if change else package_version(root)
        click.echo(f"version={version}\nchanged={'true' if change else 'false'}")
        if change:
            _release_files(root, change[1], notes, assets)
    except (ReleaseError, revisions.GitError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


def _release_files(root: Path, version: str, notes: Path, assets: Path) -> None:
    changelog = root / CHANGELOG
    entry = changelog_entry(changelog.read_text(encoding="utf-8") if changelog.is_file() else "", version)
    if entry is None:
        raise ReleaseError(f"{CHANGELOG} has no `## {version}` section: add the changes of this version")
    zips = sorted((root / "site" / "data").glob("*.zip"))
    if not zips:
        raise ReleaseError("no package zip in site/data/: build the site first (`jiekun check`)")
    assets.mkdir(parents=True, exist_ok=True)
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text(entry, encoding="utf-8")
    for path in zips:
        shutil.copy2(path, assets / path.name)


if __name__ == "__main__":
    main()
