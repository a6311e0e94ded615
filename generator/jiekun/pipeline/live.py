"""The live preview: the pipeline up to the staged source, again on every change, and the engine's servers.

:func:`serve` runs :func:`jiekun.pipeline.build.prepare` and starts the engine's preview server
on the staged folder: one per edition behind a router (:mod:`jiekun.pipeline.preview`) for the
whole site, or one for a single edition.  It stages again whenever an input changes; the
engine's server notices the changed files and reloads the pages open in the browser.  A data
error shows its report and the last good pages stay up.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

from jiekun.core.i18n import _
from jiekun.core.issues import DataError, Report
from jiekun.core.progress import QUIET, Progress
from jiekun.core.report import to_text
from jiekun.model.model import Site
from jiekun.pipeline.build import BuildError, prepare
from jiekun.pipeline.editions import CONFIG_EN, DOCS_EN, EN
from jiekun.pipeline.engines import DEFAULT, ENGINES
from jiekun.pipeline.preview import Backend, Router, free_port
from jiekun.pipeline.siteconfig import read_config, site_url
from jiekun.pipeline.sourcedate import build_environment
from jiekun.pipeline.stage import DOCS, aside_folder
from jiekun.site.headlines import change_lines, headline_changes

#: ``serve``'s edition that previews both
BOTH = "all"


def _inputs(root: Path) -> dict[str, float]:
    """Modification times of everything the site is made from (the live preview's trigger)."""
    found = {}
    for name in ("datasets", "schemas", "docs", "overrides"):
        for path in (root / name).rglob("*") if (root / name).is_dir() else []:
            if path.is_file():
                found[str(path)] = path.stat().st_mtime
    config = root / "mkdocs.yml"
    found[str(config)] = config.stat().st_mtime if config.is_file() else 0.0
    return found


class Headlines:
    """The live preview's memory of the headline figures, to say when a change replaces one."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.site: Site | None = None

    def __call__(self, site: Site) -> None:
        lines = change_lines(headline_changes(self.site, site))
        if lines:
            self.progress.say("\n".join(lines))
        self.site = site


def _restage(root: Path, progress: Progress, headlines: Headlines, engine: str) -> None:
    try:
        prepare(root, progress, seen=headlines, engine=engine)
    except DataError as exc:
        progress.say(to_text(exc.report) + problem_note(exc.report))
    except BuildError as exc:
        progress.say(exc.output + "\n" + _("the preview keeps the last good pages"))


def problem_note(report: Report) -> str:
    """What the preview says under a report: a page's problem is not "the data is not valid"."""
    pages = {i.file for i in report.errors if i.file.startswith("docs/")}
    if pages and len(pages) == len({i.file for i in report.errors}):
        return _("{pages}: a page has a problem (see above); the data is valid. "
                 "The preview keeps the last good pages").format(pages=", ".join(sorted(pages)))
    return _("the data is not valid: the preview keeps the last good pages")


def _watch(root: Path, servers: list[subprocess.Popen[bytes]], progress: Progress, interval: float,
           headlines: Headlines, engine: str) -> int:
    """Stage again on every change until a server stops; its exit status."""
    seen = _inputs(root)
    while all((code := server.poll()) is None for server in servers):
        time.sleep(interval)
        now = _inputs(root)
        if now != seen:
            seen = now
            _restage(root, progress, headlines, engine)
    return code if code is not None else 0


def _servers(root: Path, config: Path, address: str, engine: str,
             edition: str) -> tuple[list[subprocess.Popen[bytes]], Router | None]:
    """The engine's preview server of ``edition``; for both editions, one server each behind a
    router on ``address`` (:mod:`jiekun.pipeline.preview`), and behind it too for an engine that
    is not given every file (the router serves those staged beside the source)."""
    english, environment = config.with_name(CONFIG_EN), build_environment(root, {})
    if edition == EN and not english.is_file():
        raise BuildError(_("this project has no English edition: its mkdocs.yml sets no extra.edition_en"))
    both, copies_all = edition == BOTH and english.is_file(), ENGINES[engine].copies_all
    if not both and copies_all:
        return [ENGINES[engine].serve(english if edition == EN else config, address, environment)], None
    url = site_url(read_config(root))
    base = urlsplit(url).path or "/"
    chosen = [(config, base, base, DOCS), (english, base + f"{EN}/", base + f"{EN}/" if url else "/", DOCS_EN)]
    if not both:  # one edition, at the address its own server would give it
        one = chosen[edition == EN]
        chosen = [(one[0], one[2], one[2], one[3])]
    ports = [free_port() for _one in chosen]
    backends = [Backend(prefix, port, mount, "" if copies_all else str(aside_folder(config.parent, docs)))
                for (_config, prefix, mount, docs), port in zip(chosen, ports, strict=True)]
    host, _sep, port = address.rpartition(":")
    try:
        router = Router((host or "127.0.0.1", int(port)), backends)
    except (OSError, ValueError) as exc:
        raise BuildError(_("cannot serve on {address}: {why}").format(address=address, why=exc)) from None
    servers = [ENGINES[engine].serve(one[0], f"127.0.0.1:{p}", environment) for one, p in zip(chosen, ports,
                                                                                           strict=True)]
    router.start()
    return servers, router


def _where(address: str, root: Path, router: Router) -> str:
    base = urlsplit(site_url(read_config(root))).path or "/"
    if len(router.backends) == 1:
        return _("previewing at http://{address}{base}").format(address=address, base=router.backends[0].prefix)
    return _("previewing both editions at http://{address}{base} (the English one under {base}{en}/)").format(
        address=address, base=base, en=EN)


def serve(root: Path | str = ".", address: str = "127.0.0.1:8000", engine: str = DEFAULT,
          progress: Progress = QUIET, interval: float = 0.5, edition: str = BOTH) -> int:
    """Live preview of the site: both editions (``all``, the default: the Chinese at the root,
    the English under ``en/``) or one (``zh`` or ``en``).  The staged source is made again when
    a file under datasets/, schemas/, docs/ or overrides/ (or mkdocs.yml) changes, and the
    engine's servers reload the pages.  Returns a server's exit status as a shell gives it
    (143 for SIGTERM)."""
    root = Path(root).resolve()
    headlines = Headlines(progress)
    config, _generated = prepare(root, progress, seen=headlines, engine=engine)
    servers, router = _servers(root, config, address, engine, edition)
    if router is not None:
        progress.say(_where(address, root, router))

    def stop(*_args: object) -> None:
        for server in servers:
            server.terminate()

    previous = signal.signal(signal.SIGTERM, stop)  # never leave one running
    try:
        code = _watch(root, servers, progress, interval, headlines, engine)
    except KeyboardInterrupt:
        stop()
        code = servers[0].wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop()
        for server in servers:
            server.wait()
        if router is not None:
            router.stop()
    return 128 - code if code < 0 else code  # Popen gives -N for a child stopped by signal N
