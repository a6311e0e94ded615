"""The driver: one pipeline from the data packages to a site, never leaving a half-written site.

:func:`build` reads top to bottom, as ``mkdocs/commands/build.py`` does: find the packages →
load and validate them (once) → the site model → every output (pages, charts, downloads,
key figures, link previews) → stage one complete, plain source folder → the engine builds it
into a fresh temporary folder next to the target → post-process → swap it into place by rename.
Invalid data or a failed engine stops the run before the swap; the old site stays as it was,
and the temporary folders of builds that were killed are removed (:mod:`jiekun.pipeline.leftovers`).
Everything up to the staged source runs in a child process where the system forks
(:mod:`jiekun.core.apart`), so that its memory is free again while the engine runs.
The live preview (:mod:`jiekun.pipeline.live`) runs :func:`prepare`, the same pipeline up to the
staged source, and again on every change, while the engine's own servers preview the staged folder.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from jiekun.core.apart import apart
from jiekun.core.i18n import _
from jiekun.core.issues import DataError, Report
from jiekun.core.pools import start_context
from jiekun.core.progress import QUIET, Progress
from jiekun.data.catalog import Catalog, discover
from jiekun.data.checked import Checked as Table
from jiekun.data.versions import Versions
from jiekun.model.model import Site
from jiekun.pipeline.editions import CONFIG_EN, DOCS_EN, EN, SITE_EN, has_english
from jiekun.pipeline.engines import DEFAULT, ENGINES, EngineError
from jiekun.pipeline.leftovers import claim, release, remove_in_background, remove_leftovers
from jiekun.pipeline.searchindex import Indexed, write_index
from jiekun.pipeline.siteconfig import ConfigError, read_config, site_name, site_url
from jiekun.pipeline.sourcedate import build_environment, stamp_feeds
from jiekun.pipeline.stage import CONFIG, DOCS, StageError, aside_folder, stage
from jiekun.pipeline.stagestamp import clear_staged, record_staged, recorded_digest, staged_current, staging_inputs
from jiekun.pipeline.uptodate import clear_stamp, current, made_from, record
from jiekun.site.chartpages import CHART_DIR, EMBED_DIR
from jiekun.site.generate import CHARTS_DIR, Generated, outputs_current, outputs_made_from, site_model, write_outputs
from jiekun.site.press import previews
from jiekun.site.refcheck import check

#: a validation already made: its report and its checked tables
Checked = tuple[Report, dict[str, Table]]
#: folders of an edition's source that an engine only copies (chart pages, embed views, chart
#: files); for an engine that cannot take that many files they are staged beside its source and
#: linked into its site (:mod:`jiekun.pipeline.engines`)
FINISHED = (CHART_DIR, EMBED_DIR, CHARTS_DIR)


def aside_of(engine: str) -> tuple[str, ...]:
    """The folders of each edition staged beside its source for ``engine`` (none if it takes every file)."""
    return () if ENGINES[engine].copies_all else FINISHED


class BuildError(Exception):
    """The site could not be built; ``output`` holds what went wrong."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


@dataclasses.dataclass(frozen=True)
class Paths:
    root: Path
    generated: Path  # the generated pages, charts and downloads
    cache: Path  # rendered charts, by digest
    staged: Path  # the source folder the engine builds
    search: Path  # each edition's search-index entries, by page article

    @classmethod
    def of(cls, root: Path) -> Paths:
        build = root / "build"
        return cls(root, Path(os.environ.get("JIEKUN_GENERATED", build / "generated")),
                   Path(os.environ.get("JIEKUN_CACHE", build / "cache" / "charts")), build / "staged",
                   build / "cache" / "search")


def prepare(root: Path, progress: Progress = QUIET, checked: Checked | None = None,
            seen: Callable[[Site], None] | None = None, engine: str = DEFAULT) -> tuple[Path, Generated | None]:
    """Validate ``root`` (unless ``checked`` is its validation already), write every output and
    stage the source for ``engine``; return the staged configuration and what was generated:
    None when the generated and staged folders were already current (:mod:`jiekun.pipeline.stagestamp`;
    never when ``seen`` wants the site model).

    Raises DataError (the data has errors) or BuildError (a page cannot be staged)."""
    paths, clock = Paths.of(root), time.perf_counter()
    try:
        settings = read_config(root)
    except ConfigError as exc:
        raise BuildError(str(exc)) from None
    catalog = discover(root)
    report, tables = checked or check(root, catalog)
    if not report.ok():
        raise DataError(report)
    progress.say(_("validated {tables} tables ({rows:,} rows) in {seconds:.1f} s").format(
        tables=len(tables), rows=sum(t.typed.height for t in tables.values()), seconds=time.perf_counter() - clock))
    clock = time.perf_counter()
    made_from = outputs_made_from(root, catalog, site_url(settings), has_english(settings))
    reads = ENGINES[engine].source_relative_html, aside_of(engine)
    inputs = staging_inputs(root, paths.generated, made_from[0], *reads)
    if seen is None and outputs_current(paths.generated, made_from[0]) and staged_current(paths.staged, inputs):
        progress.say(_("generated and staged: unchanged since the last run ({seconds:.1f} s to check)").format(
            seconds=time.perf_counter() - clock))
        return paths.staged / CONFIG, None
    clear_staged(paths.staged)
    site = site_model(tables, catalog)
    if seen is not None:
        seen(site)
    generated = _generate(root, paths, site, tables, catalog, settings, made_from, progress)
    clock = time.perf_counter()
    try:
        config = stage(root, paths.generated, paths.staged, site, previews(site, site_name(settings)),
                       site_url=site_url(settings), settings=settings, source_relative_html=reads[0], aside=reads[1])
    except StageError as exc:
        raise BuildError(str(exc)) from None
    record_staged(paths.staged, inputs)
    progress.say(_("staged the source in {folder} in {seconds:.1f} s").format(
        folder=paths.staged, seconds=time.perf_counter() - clock))
    return config, generated


def _generate(root: Path, paths: Paths, site: Site, tables: dict[str, Table], catalog: Catalog,
              settings: dict[str, Any], made_from: tuple[str, Versions], progress: Progress) -> Generated:
    clock = time.perf_counter()
    generated = write_outputs(root, paths.generated, paths.cache, site, tables, catalog, site_url=site_url(settings),
                              progress=progress, english=has_english(settings), made_from=made_from)
    progress.say(_("generated: unchanged since the last run") if generated.fresh else
                 _("generated {pages:,} pages, {files:,} files, {charts:,} charts drawn in {seconds:.1f} s").format(
                     pages=generated.pages, files=generated.files, charts=generated.charts.rendered,
                     seconds=time.perf_counter() - clock))
    return generated


def _staged(root: Path, progress: Progress, checked: Checked | None, engine: str) -> Path:
    return prepare(root, progress, checked, engine=engine)[0]


def _index(edition: tuple[Path, tuple[Path, ...], Path | None]) -> Indexed:
    return write_index(*edition)


def post_process(site: Path, progress: Progress = QUIET, epoch: int | None = None, cache: Path | None = None) -> None:
    """Engine-independent finishing: the feeds dated by the content (``epoch``), and the search
    index of each edition, made from its built pages (the Chinese one at the root leaves the
    English edition under en/ to its own), the editions side by side in two processes, each
    reusing the entries of unchanged pages kept in ``cache`` (a folder).  The chart pages and
    embed views are standalone pages, never indexed: their folders are not read."""
    clock = time.perf_counter()
    stamp_feeds(site, epoch)
    standalone = (CHART_DIR, EMBED_DIR)
    editions = [(site, (site / EN, *(site / d for d in standalone)), cache / "zh.json" if cache else None)]
    if (site / EN).is_dir():
        editions.append((site / EN, tuple(site / EN / d for d in standalone), cache / f"{EN}.json" if cache else None))
    if len(editions) == 1:
        done = [_index(editions[0])]
    else:
        with ProcessPoolExecutor(len(editions), mp_context=start_context()) as pool:
            done = list(pool.map(_index, editions))
    seconds = time.perf_counter() - clock
    for (folder, _skip, _cache), index in zip(editions, done, strict=True):
        progress.say(f"indexed {index.pages:,} pages of {folder.relative_to(site).as_posix() or '/'} for search "
                     f"({index.bytes / 1e6:,.1f} MB; {index.reused:,} unchanged) in {seconds:.1f} s")


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` by two renames; the old site is removed in the background
    (an earlier one of this process whose removal had not finished went with remove_leftovers)."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        remove_in_background(old)


def build(root: Path | str = ".", site_dir: Path | str | None = None, engine: str = DEFAULT,
          progress: Progress = QUIET, checked: Checked | None = None, force: bool = False) -> Path:
    """Validate the data, build the site into ``site_dir`` (default ``root/site``) and return it.
    When the site in place was built from the same staged source, engine and environment and
    is untouched since, the engine is not run (:mod:`jiekun.pipeline.uptodate`) unless ``force``.

    Raises DataError (data invalid) or BuildError (staging or the engine failed); in both cases
    the previous ``site_dir`` is untouched."""
    root = Path(root).resolve()
    target = Path(site_dir).resolve() if site_dir else root / "site"
    # the outputs and the staged source are made in a child process where it can fork: only the
    # staged configuration comes back, and all the memory of the site model, the tables and the
    # rendering (some 450 MiB at national scale) is the system's again before the engines start
    config = apart(_staged, root, progress, checked, engine)
    remove_leftovers(target)
    clock, environment = time.perf_counter(), build_environment(root, {})
    inputs = made_from(config.parent, engine, environment, recorded_digest(config.parent))  # checked just now
    if not force and current(config.parent, inputs, target):
        progress.say(_("{site} is up to date: the staged source, the engine and its environment are those it "
                       "was built from ({seconds:.1f} s to check); --force builds it again").format(
                           site=target, seconds=time.perf_counter() - clock))
        return target
    clear_stamp(config.parent)
    work, lock = claim(target)
    clock = time.perf_counter()
    try:
        # the English edition is built beside the Chinese one, at the same time where the engine
        # allows it, into a hidden folder (an engine cleaning its output folder keeps hidden
        # entries), then moved to en/
        english = work / f".{EN}-building"
        editions = [(config, work, "site")]
        finished = {config: aside_folder(config.parent, DOCS)}
        if config.with_name(CONFIG_EN).is_file():
            editions.append((config.with_name(CONFIG_EN), english, SITE_EN))
            finished[config.with_name(CONFIG_EN)] = aside_folder(config.parent, DOCS_EN)
        ENGINES[engine].build_all(editions, environment, finished)
        if english.is_dir():
            english.rename(work / EN)
        progress.say(_("{engine} built the site in {seconds:.1f} s").format(
            engine=engine, seconds=time.perf_counter() - clock))
        epoch = environment.get("SOURCE_DATE_EPOCH")
        post_process(work, progress, int(epoch) if epoch and epoch.isdigit() else None, Paths.of(root).search)
        _swap(work, target)
        record(config.parent, inputs, target)
    except EngineError as exc:
        raise BuildError(exc.output) from None
    finally:
        release(target, work, lock)
    return target
