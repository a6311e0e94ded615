"""How to cite the data: one record, from ``CITATION.cff``, written as text, BibTeX and CFF.

``CITATION.cff`` (the repository's citation file) gives the title, authors, licence and
keywords; the version, its date and the address come from the build: the version of the
data packages, its date in the changelog, and the site's address (``site_url``).  Without a
``CITATION.cff`` the first package's descriptor gives the title and authors.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

FILE = Path("CITATION.cff")


@dataclasses.dataclass(frozen=True)
class Citation:
    title: str
    authors: list[str]
    version: str
    date: str
    url: str
    license: str
    record: dict[str, Any]  # the CFF record, with version, date and url of this build

    def text(self) -> str:
        year = self.date[:4]
        parts = [f"{'; '.join(self.authors)} ({year or 'n.d.'}). {self.title}", f"Version {self.version} [data set]"]
        if self.license:
            parts.append(self.license)
        if self.url:
            parts.append(self.url)
        return ". ".join(parts) + "."

    def bibtex(self) -> str:
        word = re.search(r"[A-Za-z][A-Za-z0-9]*", self.title)
        key = re.sub(r"[^a-z0-9]+", "_", f"{word[0] if word else 'data'}_{self.version}".lower())
        fields = {"title": self.title, "author": " and ".join(f"{{{a}}}" for a in self.authors),
                  "year": self.date[:4], "version": self.version, "url": self.url, "note": f"Data set, {self.license}"}
        body = ",\n".join(f"  {k} = {{{_bib(v) if k != 'author' else v}}}" for k, v in fields.items() if v)
        return f"@misc{{{key.strip('_')},\n{body}\n}}\n"

    def cff(self) -> str:
        return str(yaml.safe_dump(self.record, allow_unicode=True, sort_keys=False, width=100))


def _bib(value: str) -> str:
    return re.sub(r"([{}\\%&$#_])", r"\\\1", value)


def read_cff(root: Path) -> dict[str, Any]:
    path = root / FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def citation(cff: dict[str, Any], descriptor: dict[str, Any], version: str, date: str, url: str) -> Citation:
    """The citation of ``version`` (released on ``date``) published at ``url``."""
    names = [str(a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")])))
             for a in cff.get("authors", []) if isinstance(a, dict)]
    authors = [n for n in names if n] or [str(c.get("title", "")) for c in descriptor.get("contributors", [])]
    title = str(cff.get("title") or descriptor.get("title") or descriptor.get("name", ""))
    licence = str(cff.get("license") or (descriptor.get("licenses") or [{}])[0].get("name", ""))
    record = {"cff-version": "1.2.0", "message": "If you use these data, please cite them as below.", **cff}
    record.update({"title": title, "version": version, "license": licence})
    if date:
        record["date-released"] = date
    if url:
        record["url"] = url
    if not cff.get("authors"):
        record["authors"] = [{"name": a} for a in authors]
    record.setdefault("type", "dataset")
    return Citation(title, authors, version, date, url, licence, record)
