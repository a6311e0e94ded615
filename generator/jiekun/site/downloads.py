"""Every download of the data page, for the current version and each released version.

For each version and package, under ``data/v<version>/`` (and, for the current version, also
under ``data/`` itself, the addresses the site has always had):

- ``<package>/<table>.csv`` (the committed file), ``.json`` and ``.parquet`` (typed from the
  Table Schema), and ``<package>/datapackage.json``: the descriptor with each resource's
  path rewritten to the CSV beside it, so that it validates where it lies, on disk or by URL;
- ``<package>.zip``: the descriptor with the repository's folder layout and its CSVs, a
  README, the LICENSE and the CHANGELOG.

Every file is rebuilt from its version's data on every build.  An older version holds a story
of the case table only as the current data holds it: a story taken down, or changed since (a
story made less identifying under the publication policy), is left out of every older version,
so that no text withdrawn from the site stays downloadable.
Downloads are byte-for-byte deterministic: zips carry fixed timestamps and a sorted entry list.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment

from jiekun.data.catalog import DESCRIPTOR_GLOB, dump_json
from jiekun.site.citation import Citation
from jiekun.site.tableformats import parquet_bytes, read_typed, table_json

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: the table whose rows are people's stories: a row taken down from it leaves every version
TAKEDOWN_TABLE = "case-studies"
#: a table's current rows by primary key: each row's cells as written, by field
Kept = dict[str, dict[str, str]]

Download = bytes | Iterator[bytes]


@dataclasses.dataclass
class Package:
    """One data package of one version, read and ready to write."""

    name: str
    descriptor: dict[str, Any]
    raw: dict[str, bytes]  # resource name → CSV bytes
    typed: dict[str, pl.DataFrame]
    schemas: dict[str, dict[str, Any]]
    withdrawn: int = 0


def _schema(base: Path, res: dict[str, Any]) -> dict[str, Any]:
    schema = res.get("schema", {})
    if isinstance(schema, str):
        loaded: dict[str, Any] = json.loads((base / schema).read_text(encoding="utf-8"))
        return loaded
    return dict(schema)


def read_packages(root: Path, typed: dict[str, pl.DataFrame] | None = None,
                  keep: dict[str, Kept] | None = None) -> list[Package]:
    """The packages under ``root/datasets``; ``typed`` gives frames already typed (the current
    data), ``keep`` the keys a table may still hold (older versions: the takedown)."""
    packages = []
    for path in sorted((root / "datasets").glob(DESCRIPTOR_GLOB)):
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
        raw, frames, schemas, withdrawn = {}, {}, {}, 0
        for res in descriptor.get("resources", []):
            name, schema = res["name"], _schema(path.parent, res)
            data = (path.parent / str(res["path"])).read_bytes()
            if keep is not None and name in keep:
                data, gone = _withdraw(data, schema, keep[name])
                withdrawn += gone
            raw[name], schemas[name] = data, schema
            frames[name] = typed[name] if typed is not None and name in typed else read_typed(data, schema)
        packages.append(Package(str(descriptor["name"]), descriptor, raw, frames, schemas, withdrawn))
    return packages


def _key_field(schema: dict[str, Any]) -> str | None:
    key = schema.get("primaryKey")
    field = key[0] if isinstance(key, list) and len(key) == 1 else key
    return field if isinstance(field, str) else None


def current_keys(packages: list[Package]) -> dict[str, Kept]:
    """The current rows of the takedown table by their (single-field) primary key."""
    keys: dict[str, Kept] = {}
    for pkg in packages:
        for res in pkg.descriptor.get("resources", []):
            field = _key_field(pkg.schemas[res["name"]])
            if res["name"] == TAKEDOWN_TABLE and field:
                rows = csv.DictReader(io.StringIO(pkg.raw[res["name"]].decode("utf-8-sig"), newline=""))
                keys[res["name"]] = {row[field]: row for row in rows if row.get(field)}
    return keys


def _unchanged(header: list[str], row: list[str], current: dict[str, str] | None) -> bool:
    """The older row says what the current row says, in every field both versions have."""
    return current is not None and all(current.get(name, cell) == cell for name, cell in zip(header, row, strict=False))


def _withdraw(data: bytes, schema: dict[str, Any], keep: Kept) -> tuple[bytes, int]:
    """The CSV without the rows the current table no longer holds as they are, and how many went."""
    field = _key_field(schema)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if not rows or not field or field not in rows[0]:
        return data, 0
    col = rows[0].index(field)
    kept = [rows[0]] + [r for r in rows[1:] if len(r) > col and _unchanged(rows[0], r, keep.get(r[col]))]
    if len(kept) == len(rows):
        return data, 0
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    return out.getvalue().encode("utf-8"), len(rows) - len(kept)


def published(descriptor: dict[str, Any], site_url: str, flat: bool) -> dict[str, Any]:
    """The descriptor as offered: the site's address as ``homepage`` and ``id``; ``flat``: each
    resource (and a source that names its file) points at ``<resource>.csv`` beside it."""
    out = copy.deepcopy(descriptor)
    if site_url:
        out["homepage"] = site_url
        out["id"] = f"{site_url}data/{out['name']}/"
    if flat:
        paths = {str(r["path"]): f"{r['name']}.csv" for r in out.get("resources", [])}
        for res in out.get("resources", []):
            res["path"] = paths[str(res["path"])]
        for source in out.get("sources", []):
            if source.get("path") in paths:
                source["path"] = paths[source["path"]]
    return out


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def licence_text(descriptor: dict[str, Any], holder: str) -> str:
    lines = []
    for lic in descriptor.get("licenses", []):
        title, name, url = lic.get("title") or lic.get("name", ""), lic.get("name", ""), lic.get("path", "")
        lines.append(f"The data in this package, {holder}, are licensed under the {title}"
                     f"{f' ({name})' if name and name != title else ''}.")
        if url:
            lines.append(f"To view a copy of this licence, visit {url}")
    return "\n".join(lines or ["No licence is given in datapackage.json."]) + "\n"


@dataclasses.dataclass(frozen=True)
class Release:
    """What one version's files need besides its packages."""

    version: str
    date: str
    site_url: str
    changelog: str
    citation: Citation


def readme(env: Environment, pkg: Package, rel: Release) -> str:
    d = pkg.descriptor
    tables = [{"path": str(r["path"]), "title": r.get("title") or r.get("x-title-zh") or r["name"],
               "rows": pkg.typed[r["name"]].height} for r in d.get("resources", [])]
    return str(env.get_template("download-readme.md.j2").render(
        title=d.get("title") or pkg.name, name=pkg.name, version=rel.version, date=rel.date,
        homepage=rel.site_url, version_url=f"{rel.site_url}data/v{rel.version}/{pkg.name}.zip",
        description=d.get("description", ""), tables=tables, withdrawn=pkg.withdrawn,
        license=(d.get("licenses") or [{}])[0].get("title", ""), citation=rel.citation.text()))


def package_files(env: Environment, prefix: str, pkg: Package, rel: Release) -> dict[str, Download]:
    """The files of one package under ``prefix`` (``data/`` or ``data/v<version>/``)."""
    files: dict[str, Download] = {}
    folder = f"{prefix}{pkg.name}"
    for res in pkg.descriptor.get("resources", []):
        name = res["name"]
        files[f"{folder}/{name}.csv"] = pkg.raw[name]
        files[f"{folder}/{name}.json"] = table_json(pkg.typed[name])
        files[f"{folder}/{name}.parquet"] = parquet_bytes(pkg.typed[name], pkg.schemas[name])
    files[f"{folder}/datapackage.json"] = dump_json(published(pkg.descriptor, rel.site_url, flat=True)).encode()
    holder = "; ".join(rel.citation.authors)
    entries = {str(r["path"]): pkg.raw[r["name"]] for r in pkg.descriptor.get("resources", [])}
    entries |= {"datapackage.json": dump_json(published(pkg.descriptor, rel.site_url, flat=False)).encode(),
                "README.md": readme(env, pkg, rel).encode(), "LICENSE": licence_text(pkg.descriptor, holder).encode(),
                "CHANGELOG.md": rel.changelog.encode()}
    files[f"{prefix}{pkg.name}.zip"] = zip_bytes(entries)
    return files
