"""Shared fixtures: a tiny valid project in a temporary folder, and defect overlays on it."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"


def make_project(dest: Path) -> Path:
    """Copy the valid fixture, the real Table Schemas and the real descriptors into ``dest``."""
    shutil.copytree(VALID, dest, dirs_exist_ok=True)
    shutil.copytree(REPO / "schemas", dest / "schemas", dirs_exist_ok=True)
    for descriptor in (REPO / "datasets").glob("*.datapackage.json"):
        shutil.copy(descriptor, dest / "datasets" / descriptor.name)
    return dest


def apply_defect(project: Path, name: str) -> list[list[object]]:
    """Overlay the defect's files on ``project``; return its expected (file, line, field, code)."""
    folder = INVALID / name
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if path.is_file() and rel.parts[0] == "datasets":
            shutil.copy(path, project / rel)
    delete = folder / "DELETE"
    if delete.exists():
        for rel_name in delete.read_text().split():
            (project / rel_name).unlink()
    expected: list[list[object]] = json.loads((folder / "expected.json").read_text())
    return expected


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the locale of the machine; a test that asks the
    tool for Chinese (tests/test_i18n.py) leaves English behind it."""
    from jiekun.core import i18n

    def click_in_english() -> None:  # click's own messages, once the command has been loaded
        language = sys.modules.get("jiekun.cli.language")
        if language is not None:
            language.speak_click("en")

    for name in ("JIEKUN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use("en")
    click_in_english()
    yield
    i18n.use("en")
    click_in_english()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated pages and downloads of the repository's real data (generated once per run)."""
    from jiekun.site.generate import generate

    out = tmp_path_factory.mktemp("real-site") / "gen"
    generate(REPO, out, out.parent / "cache")
    return out


GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/<name> exactly (or rewrite it with --regen-golden)."""

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--regen-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        assert path.exists(), f"no golden file {path}; run pytest --regen-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from {path}; run pytest --regen-golden"

    return compare


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real repository's site, built once per test run by the project's own build function
    (tests read it; none changes it)."""
    from jiekun.pipeline.build import build

    return build(REPO, tmp_path_factory.mktemp("built") / "site")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection (a page left before its last request was answered) is
        no error of the site; anything else is printed as the standard server prints it."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 on a free port; yields the root URL (with a trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
