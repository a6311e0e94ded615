"""The tool speaks Chinese: every message has a translation, the language follows the locale
or --lang, and validation, diff and check reports come out in the language chosen."""

from __future__ import annotations

import gettext
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
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


def test_translated_help_keeps_the_blocks_click_must_not_rewrap() -> None:
    """click rewraps every paragraph of a help text but one marked with \\b (the examples): a
    translation without the mark runs the examples together on one line."""
    catalog = messages.updated("zh")
    lost = [m.id for m in catalog if m.id and isinstance(m.id, str) and m.string
            and str(m.string).count("\b") != m.id.count("\b")]
    assert lost == []


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
    prompts = {next(iter(dv.sqref.ranges)).min_col: dv.prompt for dv in ws.data_validations.dataValidation}
    zh_help = [f["x-description-zh"][:255] for f in schema["fields"]]  # a prompt holds 255 characters
    assert [prompts[col] for col in range(1, len(zh_help) + 1)] == zh_help  # each column's input help
    result = api.import_workbook(project, book, False)
    assert result.ok and not result.written, [i.text() for i in result.issues]
    assert (project / "datasets/outcomes/outcomes.csv").read_bytes() == before


def _jiekun(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    """The real command in a new process, under the locale ``lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("JIEKUN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "jiekun", *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


def test_click_reports_a_usage_error_in_the_language_chosen() -> None:
    zh = _jiekun("--lang", "zh", "validate", "--bogus")
    assert zh.returncode == 2, zh.stderr
    assert "错误：没有 '--bogus' 这个选项。" in zh.stderr, zh.stderr
    assert "运行 'python -m jiekun validate --help' 查看帮助。" in zh.stderr
    assert "用法:" in zh.stderr and "Traceback" not in zh.stderr and "No such option" not in zh.stderr
    bad = _jiekun("validate", "--format", "xx", lang="zh_CN.UTF-8")
    assert bad.returncode == 2 and "'--format' 的值无效：'xx' 不在可选的值里" in bad.stderr, bad.stderr
    en = _jiekun("--lang", "en", "validate", "--bogus", lang="zh_CN.UTF-8")
    assert en.returncode == 2 and "Error: No such option '--bogus'." in en.stderr, en.stderr
    assert "Try 'python -m jiekun validate --help' for help." in en.stderr and "错误" not in en.stderr


def test_click_help_headings_and_help_option_in_the_language_chosen() -> None:
    zh = _jiekun("--help", lang="zh_CN.UTF-8")
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith("用法: ") and "\n选项:\n" in zh.stdout and "\n命令:\n" in zh.stdout, zh.stdout
    assert "-h, --help      显示本帮助并退出。" in zh.stdout
    assert "Usage" not in zh.stdout and "Show this message" not in zh.stdout
    en = _jiekun("--lang", "en", "--help", lang="zh_CN.UTF-8")
    assert en.stdout.startswith("Usage: ") and "\nOptions:\n" in en.stdout and "\nCommands:\n" in en.stdout
    assert "Show this message and exit." in en.stdout and "用法" not in en.stdout and "显示" not in en.stdout


def test_one_process_switches_click_language_and_leaves_gettext_alone() -> None:
    """The help option is made afresh for each run (click keeps it), and Python's global gettext
    (domain, functions) is not changed: click's modules are pointed at jiekun's catalogue."""
    runner = CliRunner()
    zh = runner.invoke(main, ["--lang", "zh", "validate", "--help"])
    en = runner.invoke(main, ["--lang", "en", "validate", "--help"])
    zh_again = runner.invoke(main, ["--lang", "zh", "validate", "--help"])
    assert "显示本帮助并退出。" in zh.output and "显示本帮助并退出。" in zh_again.output, zh_again.output
    assert "Show this message and exit." in en.output and "显示" not in en.output
    assert gettext.textdomain() == "messages" and gettext.gettext("Usage:") == "Usage:"
    runner.invoke(main, ["--lang", "en", "--help"])
    assert click.formatting._ is gettext.gettext and click.exceptions.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_a_click_message_without_a_translation_fails_the_check() -> None:
    """A later click with a new or changed message: the catalogue lacks it, --check reports it."""
    template = messages.template("click")
    assert {"Usage:", "No such option {name!r}.", "Show this message and exit."} <= {m.id for m in template}
    catalog = messages.read("zh", "click")
    del catalog["Usage:"]
    catalog.update(template, no_fuzzy_matching=True)
    assert messages.untranslated(catalog) == ["Usage:"]


def test_an_abandoned_prompt_says_aborted_in_the_language_chosen(project: Path) -> None:
    """``jiekun new`` asks for each value; with nothing more to read click aborts, in Chinese."""
    zh = _jiekun("--lang", "zh", "new", "source", "--root", str(project))
    assert zh.returncode == 1 and "已中止！" in zh.stderr and "Aborted" not in zh.stderr, zh.stderr
    en = _jiekun("--lang", "en", "new", "source", "--root", str(project))
    assert en.returncode == 1 and "Aborted!" in en.stderr, en.stderr


def test_the_prompts_of_jiekun_new_name_each_field_in_the_language_chosen(project: Path) -> None:
    """A Chinese contributor is asked for each field by its Chinese title (``x-title-zh``)."""
    schema = json.loads((project / "schemas" / "sources.schema.json").read_text(encoding="utf-8"))
    first = next(f for f in schema["fields"] if f.get("constraints", {}).get("required"))
    zh = _jiekun("--lang", "zh", "new", "source", "--root", str(project))
    assert zh.stdout.startswith(f"{first['x-title-zh']} [{first['name']}]"), zh.stdout
    en = _jiekun("--lang", "en", "new", "source", "--root", str(project))
    assert en.stdout.startswith(f"{first['title']} [{first['name']}]"), en.stdout


def test_usage_lines_and_command_lists_in_the_language_chosen() -> None:
    """The usage line's placeholders are translated, and each command in a list keeps its whole
    first sentence (click cut a Chinese one after its first word: "新建...")."""
    zh = _jiekun("--lang", "zh", "new", "--help")
    assert zh.stdout.startswith("用法: python -m jiekun new [选项] 命令 [参数]..."), zh.stdout
    listed = " ".join(zh.stdout.split("命令:\n", 1)[1].split())
    assert "post 新建 docs/updates/posts/YYYY-MM-DD-<slug>.md，写好今天的日期和文件头（front matter）。" in listed
    assert "..." not in listed and "OPTIONS" not in zh.stdout
    sub = _jiekun("--lang", "zh", "new", "source", "--help")
    assert sub.stdout.startswith("用法: python -m jiekun new source [选项]"), sub.stdout
    assert "--title TEXT" in sub.stdout and "标题：" in sub.stdout
    en = _jiekun("--lang", "en", "--help", lang="zh_CN.UTF-8")
    assert en.stdout.startswith("Usage: python -m jiekun [OPTIONS] COMMAND [ARGS]..."), en.stdout
    listed_en = " ".join(en.stdout.split("Commands:\n", 1)[1].split())
    assert "..." not in listed_en
    assert "build Validate the data, generate pages and charts, and build the site." in listed_en, listed_en


def test_field_help_and_form_messages_use_the_chinese_descriptions(project: Path) -> None:
    """``jiekun new`` describes each option, and a value not in a field's form is explained, with the
    field's x-title-zh and x-description-zh when the tool speaks Chinese; in English otherwise."""
    from jiekun import api

    runner = CliRunner()
    zh = runner.invoke(main, ["--lang", "zh", "new", "source", "--root", str(project), "--help"])
    assert zh.exit_code == 0, zh.output
    assert "发布者：发表报道的报纸、网站或机构；没有写明时留空。" in "".join(zh.output.split()), zh.output  # unwrapped
    en = runner.invoke(main, ["--lang", "en", "new", "source", "--root", str(project), "--help"])
    assert "Publisher:Newspaper,siteorbodythatpublishedthereport" in "".join(en.output.split()), en.output
    assert "发表报道" not in en.output
    path = project / "schemas/sources.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    title = next(f for f in schema["fields"] if f["name"] == "title")
    title["constraints"]["pattern"] = "^x$"  # a form no message knows in words: the description explains it
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    api.sync(project)
    english = [i.message for i in validate(project) if i.field == "title"]
    assert english and all(m.endswith(": " + title["description"]) for m in english), english
    i18n.use("zh")
    chinese = [i.message for i in validate(project) if i.field == "title"]
    assert len(chinese) == len(english) and all(m.endswith(title["x-description-zh"]) for m in chinese), chinese
