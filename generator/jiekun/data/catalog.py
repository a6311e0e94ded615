"""Stage 1: find the data packages under ``datasets/`` and their Table Schemas.

Table Schemas live in ``schemas/<resource>.schema.json`` and are the one source
of truth for types.  The Data Package specification forbids ``../`` paths, so a
descriptor cannot point at ``schemas/``; instead each descriptor carries an
inline copy that :func:`sync` writes and :func:`discover` checks for drift.
That keeps every ``datasets/*.datapackage.json`` valid for any Frictionless tool.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path, PurePosixPath
from typing import Any

from jiekun.core.files import write_atomic
from jiekun.core.i18n import _
from jiekun.core.issues import Issue, error
from jiekun.core.vocab import PACKAGE_NAME
from jiekun.data.schema import TYPES, TableSchema, fast_path_gaps, read_schema, schema_problems

DESCRIPTOR_GLOB = "*.datapackage.json"

#: package and resource names become file and folder names (schemas/<name>.schema.json, the
#: site's data/<package>/<resource>.csv, workbooks): lower-case letters and digits in words
#: joined by single hyphens or underscores, so never a path
NAME_RULE = "must be lower-case letters and digits joined by single '-' or '_' (it becomes a file name)"


@dataclasses.dataclass(frozen=True)
class Resource:
    name: str
    package: str
    path: Path
    relpath: str
    schema: dict[str, Any]
    descriptor: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)
    #: why frictionless, not the fast path, validates this resource (empty: the fast path does)
    gaps: tuple[str, ...] = ()

    @functools.cached_property
    def table_schema(self) -> TableSchema:
        """The typed reading of :attr:`schema`: keys as lists, missing values, each field's options."""
        return read_schema(self.schema)

    @property
    def field_names(self) -> list[str]:
        return self.table_schema.field_names


@dataclasses.dataclass
class Package:
    name: str
    descriptor_path: Path
    descriptor: dict[str, Any]
    resources: list[Resource]


@dataclasses.dataclass
class Catalog:
    root: Path
    packages: list[Package]
    issues: list[Issue]

    def resources(self) -> list[Resource]:
        """Every resource once, even when several packages include it."""
        seen: dict[Path, Resource] = {}
        for package in self.packages:
            for res in package.resources:
                seen.setdefault(res.path, res)
        return list(seen.values())

    def resource(self, name: str) -> Resource | None:
        return next((r for r in self.resources() if r.name == name), None)


def rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_json(path: Path, root: Path, code: str) -> tuple[Any, list[Issue]]:
    """Parse a JSON file, turning every failure into an issue."""
    name = rel(root, path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [error(name, None, None, "missing-file", _("file does not exist"))]
    except UnicodeDecodeError:
        return None, [error(name, None, None, "encoding-error", _("file is not UTF-8 text"),
                            _("save it as UTF-8"))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [error(name, exc.lineno, None, code, _("malformed JSON: {0} (column {1})").format(
            exc.msg, exc.colno),
                            _("fix the JSON syntax: a missing comma, quote or bracket near this line"))]


def schema_path(root: Path, resource_name: str) -> Path:
    return root / "schemas" / f"{resource_name}.schema.json"


def check_schema(schema: Any, name: str) -> list[Issue]:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [error(name, None, None, "schema-error", _("a Table Schema needs a list of fields"))]
    issues = []
    for field in schema["fields"]:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            issues.append(error(name, None, None, "schema-error", _("every field needs a name")))
        elif field.get("type", "any") not in TYPES:
            issues.append(error(name, None, field["name"], "schema-error",
                                _("type {0!r} is not a Table Schema type; use one of ").format(
                                    field.get('type')) + ", ".join(sorted(TYPES))))
    if not issues:
        issues += [error(name, None, field, "schema-error", message) for field, message in schema_problems(schema)]
    return issues


def load_resource(root: Path, package: str, desc_name: str, raw: Any) -> tuple[Resource | None, list[Issue]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None, [error(desc_name, None, None, "package-error", _("every resource needs a name"))]
    name, path = raw["name"], raw.get("path")
    if not PACKAGE_NAME.fullmatch(name):
        return None, [error(desc_name, None, "name", "package-error", _("resource name {0!r} {1}").format(
            name, NAME_RULE))]
    if not isinstance(path, str) or not path:
        return None, [error(desc_name, None, None, "package-error", _("resource {0!r} has no path").format(name))]
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        return None, [error(desc_name, None, None, "package-error",
                            _("resource {0!r}: path {1!r} must stay inside datasets/ (no '..', no '/')").format(
                                name, path))]
    schema, issues = _resource_schema(root, desc_name, name, raw)
    if issues or not isinstance(schema, dict):
        return None, issues
    full = root / "datasets" / pure
    gaps = tuple(fast_path_gaps(raw, read_schema(schema)))
    return Resource(name, package, full, rel(root, full), schema, raw, gaps), []


def _resource_schema(root: Path, desc_name: str, name: str, raw: dict[str, Any]) -> tuple[Any, list[Issue]]:
    """The resource's Table Schema, checked; compared with schemas/<name>.schema.json where schemas/ exists.

    A schema may be inline or the path of a JSON file beside the descriptor; a resource
    without one gets the empty schema, and frictionless (which infers one) validates it.
    """
    schema = raw.get("schema")
    if schema is None and not (root / "schemas").is_dir():
        return {"fields": []}, []
    if isinstance(schema, str):
        pure = PurePosixPath(schema)
        if pure.is_absolute() or ".." in pure.parts or "://" in schema:
            return None, [error(desc_name, None, None, "schema-error",
                                _("resource {0!r}: schema path {1!r} must stay inside datasets/").format(name, schema))]
        schema, found = read_json(root / "datasets" / pure, root, "schema-error")
        if found:
            return None, found
    issues = check_schema(schema, desc_name)
    if not (root / "schemas").is_dir():
        return schema, issues
    source_schema, source_issues = read_json(schema_path(root, name), root, "schema-error")
    issues += source_issues
    if source_schema is not None and schema != source_schema:
        issues.append(error(desc_name, None, None, "schema-drift",
                            _("resource {0!r}: inline schema differs from schemas/{1}.schema.json").format(name, name),
                            _("run `jiekun sync` to copy the Table Schemas into the descriptors")))
    return schema, issues


def load_package(root: Path, path: Path) -> tuple[Package | None, list[Issue]]:
    desc_name = rel(root, path)
    descriptor, issues = read_json(path, root, "package-error")
    if descriptor is None:
        return None, issues
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [error(desc_name, None, None, "package-error", _("a data package needs a list of resources"))]
    name = str(descriptor.get("name") or path.name.removesuffix(".datapackage.json"))
    if not PACKAGE_NAME.fullmatch(name):
        return None, [error(desc_name, None, "name", "package-error", _("package name {0!r} {1}").format(
            name, NAME_RULE))]
    resources = []
    for raw in descriptor["resources"]:
        res, res_issues = load_resource(root, name, desc_name, raw)
        issues += res_issues
        if res is not None:
            resources.append(res)
    return Package(name, path, descriptor, resources), issues


def discover(root: Path | str = ".") -> Catalog:
    """Find and read every data package descriptor under ``root/datasets``."""
    root = Path(root)
    paths = sorted((root / "datasets").glob(DESCRIPTOR_GLOB))
    if not paths:
        return Catalog(root, [], [error("datasets", None, None, "missing-file",
                                        _("no {0} descriptor found under datasets/").format(DESCRIPTOR_GLOB))])
    packages, issues = [], []
    for path in paths:
        package, found = load_package(root, path)
        issues += found
        if package is not None:
            packages.append(package)
    return Catalog(root, packages, issues)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def sync(root: Path | str = ".") -> list[Path]:
    """Copy each ``schemas/<name>.schema.json`` into the descriptors; return files changed."""
    root = Path(root)
    changed = []
    for path in sorted((root / "datasets").glob(DESCRIPTOR_GLOB)):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        for res in descriptor.get("resources", []):
            source = schema_path(root, res["name"])
            res["schema"] = json.loads(source.read_text(encoding="utf-8"))
        text = dump_json(descriptor)
        if path.read_text(encoding="utf-8") != text:
            write_atomic(path, text.encode())
            changed.append(path)
    return changed
