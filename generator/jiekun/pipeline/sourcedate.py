"""The build's date, taken from the content, so that a rebuild with the same inputs is byte-identical.

Tools that stamp a build with its time (the feeds' ``pubDate`` and ``lastBuildDate``, the
sitemap's ``lastmod``) honour ``SOURCE_DATE_EPOCH`` (reproducible-builds.org).  We set it to the
newest date the content itself carries: a post's ``date`` (created or updated) in
``docs/updates/posts/`` or a dated version heading (``## 0.3.0 — 2026-11-25``) of the data
changelog.  A value already in the environment wins.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

POSTS = Path("docs/updates/posts")
CHANGELOG = Path("datasets/CHANGELOG.md")
#: a front-matter date line (``date: 2026-11-18``, ``  created: 2026-11-18``, ``updated: …``)
POST_DATE = re.compile(r"^\s*(?:date|created|updated)\s*:\s*[\"']?(\d{4}-\d{2}-\d{2})\b", re.MULTILINE)
#: a changelog version heading with its date
RELEASE_DATE = re.compile(r"^##\s+v?\d+\.\d+\.\d+\S*\s+\S+\s+(\d{4}-\d{2}-\d{2})\b", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\s*$", re.DOTALL | re.MULTILINE)


def _dates(root: Path) -> Iterator[dt.date]:
    folder = root / POSTS
    for post in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        front = FRONT_MATTER.match(post.read_text(encoding="utf-8-sig", errors="replace"))
        yield from _parse(POST_DATE.findall(front.group(1)) if front else [])
    changelog = root / CHANGELOG
    if changelog.is_file():
        yield from _parse(RELEASE_DATE.findall(changelog.read_text(encoding="utf-8-sig", errors="replace")))


def _parse(texts: list[str]) -> Iterator[dt.date]:
    for text in texts:
        try:
            yield dt.date.fromisoformat(text)
        except ValueError:
            continue


def content_epoch(root: Path | str) -> int | None:
    """Seconds since 1970 of the newest content date (midnight UTC), or None if the content has none."""
    newest = max(_dates(Path(root)), default=None)
    return None if newest is None else calendar.timegm(newest.timetuple())


def build_environment(root: Path | str, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with ``SOURCE_DATE_EPOCH`` set from the content unless it is already set."""
    env = dict(environ)
    if not env.get("SOURCE_DATE_EPOCH"):
        epoch = content_epoch(root)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


#: the channel's own dates in an RSS feed (before its first item)
CHANNEL_DATE = re.compile(r"<(pubDate|lastBuildDate)>[^<]*</\1>")


def stamp_feeds(site: Path, epoch: int | None) -> list[Path]:
    """Give each RSS feed's channel the content's date (an engine that ignores SOURCE_DATE_EPOCH,
    such as Zensical, writes the build's time there); items keep their own.  Returns the feeds changed."""
    if epoch is None:
        return []
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%a, %d %b %Y %H:%M:%S -0000")
    changed = []
    for feed in sorted(site.rglob("feed_rss_*.xml")):
        text = feed.read_text(encoding="utf-8")
        head, item, rest = text.partition("<item>")
        stamped = CHANNEL_DATE.sub(lambda m: f"<{m[1]}>{when}</{m[1]}>", head) + item + rest
        if stamped != text:
            feed.write_text(stamped, encoding="utf-8")
            changed.append(feed)
    return changed
