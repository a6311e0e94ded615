"""The `jiekun` command through click's CliRunner: output, formats and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import apply_defect
from jiekun.cli import main

LINE_FORMAT = re.compile(r"^datasets/\S+:\d+: \w+: .+ \[[a-z]+(-[a-z]+)*\]( \(warning\))?$")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_valid_project_exits_0(project: Path) -> None:
    code, out = run("validate", "--root", str(project))
    assert code == 0, out
    assert out.startswith("valid: 0 errors, 0 warnings; 10 tables")


def test_invalid_project_exits_1_with_file_line_field(project: Path) -> None:
    apply_defect(project, "negative-count")
    code, out = run("validate", "--root", str(project))
    assert code == 1, out
    first = out.splitlines()[0]
    assert first == "datasets/outcomes/outcomes.csv:2: value: must be ≥ 0, got -5 [constraint-error]"
    assert LINE_FORMAT.match(first)
    assert out.splitlines()[-1].startswith("INVALID: 1 error, 0 warnings")
    assert "Traceback" not in out


@pytest.mark.parametrize("defect", ["gbk-encoding", "malformed-json", "empty-file", "unclosed-quote",
                                    "truncated-last-line", "missing-file"])
def test_broken_files_never_print_a_traceback(project: Path, defect: str) -> None:
    apply_defect(project, defect)
    code, out = run("validate", "--root", str(project))
    assert code == 1, out
    assert "Traceback" not in out


def test_gbk_error_says_how_to_fix(project: Path) -> None:
    apply_defect(project, "gbk-encoding")
    _, out = run("validate", "--root", str(project))
    assert "GBK/GB18030" in out and "CSV UTF-8" in out


def test_strict_fails_on_warnings(project: Path) -> None:
    path = project / "datasets/reference/regions.csv"
    path.write_text(path.read_text().replace("Zhengzhou", "Zhengzhou "))
    assert run("validate", "--root", str(project))[0] == 0
    code, out = run("validate", "--strict", "--root", str(project))
    assert code == 1 and "[whitespace] (warning)" in out


def test_json_format_is_stable(project: Path) -> None:
    apply_defect(project, "duplicate-key")
    code, out = run("validate", "--format", "json", "--root", str(project))
    data = json.loads(out)
    assert code == 1
    assert data["format"] == "jiekun-validation/1" and data["valid"] is False
    assert data["summary"]["errors"] == 1
    assert data["issues"] == [{
        "code": "primary-key", "severity": "error", "file": "datasets/reference/regions.csv", "line": 5,
        "field": "code", "message": "duplicate code '410100': already used on line 3",
        "hint": "give this row its own id, or delete one of the two rows"}]


def test_markdown_format_is_a_table(project: Path) -> None:
    apply_defect(project, "enum-violation")
    code, out = run("validate", "--format", "markdown", "--root", str(project))
    assert code == 1
    assert out.startswith("## ❌ Data invalid")
    assert "| ❌ | `datasets/outcomes/outcomes.csv` | 7 | qualifier |" in out


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", "--root", str(tmp_path))[0] == 2
    assert run("validate", "--format", "yaml")[0] == 2


def test_sync_rewrites_drifted_descriptors(project: Path) -> None:
    schema = project / "schemas/regions.schema.json"
    schema.write_text(schema.read_text().replace('"Region code"', '"Code"'))
    assert run("validate", "--root", str(project))[0] == 1
    code, out = run("sync", "--root", str(project))
    assert code == 0 and "2 descriptor(s) updated" in out
    assert run("validate", "--root", str(project))[0] == 0
    assert run("sync", "--root", str(project))[1].endswith("0 descriptor(s) updated\n")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out = run(command, "--help")
    assert code == 0 and "Example" in out
