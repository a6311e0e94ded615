"""``jiekun new post``: a post skeleton in ``docs/updates/posts/`` with today's date and front matter.

The file is ``YYYY-MM-DD-<slug>.md``.  The slug (also the post's URL) is ASCII kebab-case,
from ``--slug`` or, when none is given, ``post-YYYYMMDD-N`` with the first free N; it is
checked against a strict pattern before it becomes part of a file name, and an existing file
is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from jiekun.core.vocab import SLUG
from jiekun.site.render import environment

POSTS = Path("docs/updates/posts")
MAX_SLUG = 60


class PostError(ValueError):
    """The post cannot be created (bad slug or title, or the file exists)."""


def check_slug(slug: str) -> str:
    if len(slug) > MAX_SLUG or not SLUG.fullmatch(slug):
        raise PostError(f"slug {slug!r}: use lower-case ASCII letters, digits and single hyphens "
                        f"(e.g. yunnan-register), at most {MAX_SLUG} characters")
    return slug


def _free_slug(folder: Path, day: dt.date) -> str:
    stamp = day.strftime("%Y%m%d")
    n = 1
    while list(folder.glob(f"*-post-{stamp}-{n}.md")):
        n += 1
    return f"post-{stamp}-{n}"


def new_post(root: Path, title: str, slug: str | None = None, today: dt.date | None = None,
             author: str = "editors") -> Path:
    """Create the post file and return its path; PostError if it cannot."""
    title = " ".join(title.split())
    if not title:
        raise PostError("the title is empty")
    day = today or dt.date.today()
    folder = root / POSTS
    slug = check_slug(slug) if slug is not None else _free_slug(folder, day)
    check_slug(author)
    path = folder / f"{day.isoformat()}-{slug}.md"
    text = environment().get_template("post.md.j2").render(
        heading=title, date=day.isoformat(), slug=slug, author=author)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise PostError(f"{path.relative_to(root)} already exists; choose another --slug") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return path
