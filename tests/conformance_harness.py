"""Run frictionless and ``jiekun validate`` on the same data packages and compare what they find.

The cases are frictionless-py's own fixtures (tests/conformance/frictionless/, MIT): every
CSV file wrapped as a one-resource data package with the schema, dialect and encoding
frictionless describes for it, and every data package descriptor among them used as it is
(copied with its files), plus the probes of :mod:`conformance_probes`.  Each case becomes a
project folder (``datasets/<case>.datapackage.json`` and its files; no schemas/ folder).

An error is compared as (file, physical line, code), with the field for cell errors
(type-error, constraint-error); header errors are compared as "some label error on line 1",
because jiekun names the column that is missing, extra or repeated where frictionless
compares labels by position; errors about descriptors are compared by code only.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "conformance" / "frictionless" / "data"
LABELS = frozenset({"blank-header", "blank-label", "duplicate-label", "extra-label", "missing-label",
                    "incorrect-label"})
CELL = frozenset({"type-error", "constraint-error"})
DESCRIPTOR = frozenset({"package-error", "resource-error", "schema-error", "field-error", "dialect-error",
                        "schema-drift", "missing-file", "scheme-error", "format-error"})
Key = tuple[str, int | None, str | None, str]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def key(file: str, line: int | None, field: str | None, code: str) -> Key:
    if code in LABELS:
        return (file, 1, None, "label-error")
    if code in DESCRIPTOR:
        return ("", None, None, code)
    return (file, line, field if code in CELL else None, code)


@dataclasses.dataclass
class Case:
    name: str
    descriptor: dict[str, Any]
    files: dict[str, Path]  # path under datasets/ -> source file
    data: dict[str, bytes] = dataclasses.field(default_factory=dict)  # path under datasets/ -> content

    def build(self, root: Path) -> Path:
        datasets = root / "datasets"
        datasets.mkdir(parents=True, exist_ok=True)
        for rel, source in self.files.items():
            (datasets / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, datasets / rel)
        for rel, content in self.data.items():
            (datasets / rel).write_bytes(content)
        (datasets / f"{self.name}.datapackage.json").write_text(json.dumps(self.descriptor, indent=1))
        return root


def csv_cases() -> Iterator[Case]:
    """Each CSV fixture as a package of one resource, described by frictionless."""
    import frictionless

    for path in sorted(FIXTURES.rglob("*.csv")):
        name = slug(path.relative_to(FIXTURES).as_posix().removesuffix(".csv"))
        try:
            described = frictionless.describe(str(path), type="resource").to_descriptor()
        except Exception:  # noqa: BLE001 - a file frictionless cannot describe is validated without a schema
            described = {}
        resource = {k: v for k, v in described.items() if k in ("encoding", "dialect", "schema")}
        resource.update(name=name, path=f"{name}.csv")
        yield Case(name, {"name": name, "resources": [resource]}, {f"{name}.csv": path})


def _local(path: Any) -> bool:
    return isinstance(path, str) and "://" not in path and ".." not in path and not path.startswith("/")


def package_cases() -> Iterator[Case]:
    """Each data package descriptor among the fixtures whose resources are local CSV files."""
    for path in sorted(FIXTURES.rglob("*.json")):
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list) or not resources:
            continue
        if not all(isinstance(r, dict) and _local(r.get("path")) and str(r.get("path")).endswith(".csv")
                   and (path.parent / r["path"]).is_file() for r in resources):
            continue
        files = {r["path"]: path.parent / r["path"] for r in resources}
        files.update({r[k]: path.parent / r[k] for r in resources for k in ("schema", "dialect")
                      if _local(r.get(k)) and (path.parent / r[k]).is_file()})
        name = "pkg-" + slug(path.relative_to(FIXTURES).as_posix().removesuffix(".json"))
        yield Case(name, descriptor, files)


def frictionless_keys(root: Path) -> tuple[bool, set[Key]]:
    """frictionless' verdict on every package of the project, and its errors with physical lines."""
    import frictionless
    from jiekun.data.fallback import code_of, record_lines
    from jiekun.data.schema import read_dialect

    valid, keys = True, set()
    for desc in sorted((root / "datasets").glob("*.datapackage.json")):
        try:
            package = frictionless.Package(str(desc))
            report = package.validate()
        except frictionless.FrictionlessException as exc:
            return False, {key("", None, None, code_of(str(exc.error.type)))}
        valid = valid and report.valid
        keys |= {key("", None, None, code_of(str(e.type))) for e in report.errors}
        for task in report.tasks:
            res = package.get_resource(task.name) if package.has_resource(task.name) else None
            rel = res.path if res is not None and isinstance(res.path, str) else task.place
            file = f"datasets/{rel}"
            starts: list[int] = []
            if res is not None and (root / file).is_file():
                text = (root / file).read_bytes().decode(res.encoding or "utf-8", errors="replace")
                starts = record_lines(text.removeprefix("\ufeff"), read_dialect(res.to_descriptor().get("dialect")))
            for e in task.errors:
                row = getattr(e, "row_number", None)
                line = (starts[row - 1] if row and row <= len(starts) else row) if row else None
                # frictionless' rarer types are compared as the codes jiekun maps them to
                keys.add(key(file, line, getattr(e, "field_name", None), code_of(str(e.type))))
    return valid, keys


def jiekun_keys(root: Path) -> tuple[bool, set[Key]]:
    from jiekun.data.validate import validate

    report = validate(root)
    return report.ok(), {key(i.file, i.line, i.field, i.code) for i in report.errors}


def fast_resources(root: Path) -> int:
    """How many of the project's resources jiekun validates on its fast path (not by frictionless)."""
    from jiekun.data.catalog import discover
    from jiekun.data.validate import routed

    return sum(not r.gaps for r in routed(discover(root).resources()))


@dataclasses.dataclass
class Outcome:
    case: str
    frictionless_valid: bool
    jiekun_valid: bool
    only_frictionless: set[Key]
    only_jiekun: set[Key]
    fast: int = 0

    @property
    def agrees(self) -> bool:
        return (self.frictionless_valid == self.jiekun_valid and not self.only_frictionless
                and not self.only_jiekun)


def run_case(case: Case, root: Path) -> Outcome:
    project = case.build(root / case.name)
    fl_valid, fl = frictionless_keys(project)
    jk_valid, jk = jiekun_keys(project)
    return Outcome(case.name, fl_valid, jk_valid, fl - jk, jk - fl, fast_resources(project))


def all_cases() -> list[Case]:
    from conformance_probes import probe_cases

    return [*csv_cases(), *package_cases(), *probe_cases()]
