"""The error-code catalogue is the one list: the code emits exactly its codes, and the guides'
lists are generated from it (``pytest --regen-golden`` rewrites them)."""

from __future__ import annotations

import pytest
from conftest import REPO
from jiekun.core.codes import LANGUAGES, catalogue
from jiekun.tools import codesdoc
from test_completeness import emitted_codes


def test_the_catalogue_lists_every_emitted_code_and_no_other() -> None:
    listed = set(catalogue().codes)
    assert emitted_codes() - listed == set(), "add these codes to generator/jiekun/core/codes.toml"
    assert listed - emitted_codes() == set(), "codes.toml lists codes the code never emits"


def test_every_code_is_explained_in_every_language_with_what_to_do() -> None:
    for code in catalogue().codes.values():
        assert code.severity in ("error", "warning"), code.code
        for lang in LANGUAGES:
            assert len(code.text[lang]) > 5, (code.code, lang)


@pytest.mark.parametrize(("guide", "lang"), sorted(codesdoc.GUIDES.items()))
def test_guides_hold_the_generated_list(request: pytest.FixtureRequest, guide: str, lang: str) -> None:
    path = REPO / guide
    text = path.read_text(encoding="utf-8")
    expected = codesdoc.updated(text, lang, catalogue(), page=guide.startswith("docs/"))
    if request.config.getoption("--regen-golden"):
        path.write_text(expected, encoding="utf-8")
    assert text == expected, f"{guide}'s error codes differ from codes.toml: run python -m jiekun.tools.codesdoc"


def test_the_lists_are_written_from_the_catalogue() -> None:
    """The list really is written from the catalogue: a code's text appears under its heading."""
    cat = catalogue()
    en = codesdoc.render(cat, "en")
    zh = codesdoc.render(cat, "zh")
    for code in cat.codes.values():
        assert f"{codesdoc.heading(code.code, code.severity, 'en')}\n{code.text['en']}" in en
        assert f"{codesdoc.heading(code.code, code.severity, 'zh')}\n{code.text['zh']}" in zh
    with pytest.raises(ValueError, match="markers"):
        codesdoc.updated("# a guide without the markers\n", "en", cat)
