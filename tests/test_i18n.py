"""The tool speaks Chinese: every message has a translation, the language follows the locale
or --lang, and validation, diff and check reports come out in the language chosen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from jiekun.cli import main, messages
from jiekun.core import i18n
from jiekun.core.report import to_markdown, to_text
from jiekun.data.validate import validate

INVALID = REPO / "tests" / "data" / "invalid"
VALID = REPO / "tests" / "data" / "valid"


def test_every_message_has_a_translation_and_the_catalogues_are_compiled() -> None:
    assert messages.problems() == []


def test_a_message_without_a_translation_is_found() -> None:
    catalog = messages.updated("zh")
    catalog.add("a message nobody translated", "")
    assert "a message nobody translated" in messages.untranslated(catalog)


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"), ({"JIEKUN_LANG": "zh", "LANG": "C"}, "zh")])
def test_the_language_follows_the_locale(environ: dict[str, str], lang: str) -> None:
    assert i18n.from_environment(environ) == lang


def test_help_is_chinese_under_a_chinese_locale_and_lang_overrides_it() -> None:
    runner = CliRunner()
    zh = runner.invoke(main, ["validate", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": None})
    assert zh.exit_code == 0, zh.output
    assert "检查每个数据包" in zh.output
    en = runner.invoke(main, ["--lang", "en", "validate", "--help"], env={"LANG": "zh_CN.UTF-8"})
    assert "Check every data package" in en.output and "检查" not in en.output
    top = runner.invoke(main, ["--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": None})
    assert "校验一个项目的成果数据" in top.output
    after = runner.invoke(main, ["validate", "--lang", "zh", "--help"], env={"LANG": "C.UTF-8", "LC_ALL": None})
    assert "检查每个数据包" in after.output


def _project(tmp_path: Path, defect: str) -> Path:
    root = tmp_path / "p"
    shutil.copytree(VALID, root)
    shutil.copytree(INVALID / defect, root, dirs_exist_ok=True)
    return root


def test_validate_speaks_chinese_with_the_same_codes(tmp_path: Path) -> None:
    root = _project(tmp_path, "full-width-digits")
    en = validate(root)
    i18n.use("zh")
    zh = validate(root)
    assert [(i.file, i.line, i.field, i.code) for i in en] == [(i.file, i.line, i.field, i.code) for i in zh]
    text = to_text(zh)
    assert "无效" in text and "个错误" in text
    assert "is not" not in text, text
    assert "怎样修改" in to_markdown(zh)


def test_the_cli_report_is_chinese_under_lang_zh(tmp_path: Path) -> None:
    root = _project(tmp_path, "full-width-digits")
    result = CliRunner().invoke(main, ["--lang", "zh", "validate", "--root", str(root)])
    assert result.exit_code == 1, result.output
    assert "无效：" in result.output, result.output
    missing = CliRunner().invoke(main, ["--lang", "zh", "validate", "--root", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "没有 datasets/ 文件夹" in missing.output


def test_the_workbook_speaks_chinese_and_still_imports(project: Path, tmp_path: Path) -> None:
    """Headers in Chinese where the schema gives x-title-zh; the drop-downs' messages and the header
    notes in Chinese; the workbook imports back with no change."""
    import json

    from jiekun import api
    from openpyxl import load_workbook

    schema_file = project / "schemas/outcomes.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "value")["x-title-zh"] = "数值"
    schema_file.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    api.sync(project)
    before = (project / "datasets/outcomes/outcomes.csv").read_bytes()
    i18n.use("zh")
    [book, *_] = [p for p in api.export(project, tmp_path / "x", False).files if p.name == "outcomes.xlsx"]
    ws = load_workbook(book)["outcomes"]
    headers = [c.value for c in ws[1]]
    assert "数值" in headers and "Value" not in headers
    assert ws["A1"].comment.text.startswith("字段：")
    messages = [dv.error for dv in ws.data_validations.dataValidation if dv.error]
    assert any(m.startswith("请从") for m in messages), messages
    result = api.import_workbook(project, book, False)
    assert result.ok and not result.written, [i.text() for i in result.issues]
    assert (project / "datasets/outcomes/outcomes.csv").read_bytes() == before
