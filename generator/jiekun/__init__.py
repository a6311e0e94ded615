"""jiekun: a static reporting site generator with a typed dataset package.

Researchers and scripts use two entry points, importable from here:

    >>> from jiekun import load_outcomes, validate, build
    >>> df = load_outcomes("path/to/project")       # a pandera-validated DataFrame
    >>> report = validate("path/to/project")         # every problem, as data
    >>> site = build("path/to/project").site         # the built site's folder

The package's folders are its layers, each importing only the ones below it (an import-linter
contract in ``pyproject.toml`` checks this, with no import cycle anywhere):

``cli``       the ``jiekun`` command, a thin shell over ``api``
``api``       one function per command
``tools``     diff, check, spreadsheets, new rows and posts, releases, the error-code guides
``pipeline``  the driver (``pipeline.build``): stage, engines, the swap into ``site/``
``site``      every output: pages, prose calls, downloads, press sentences, chart files
``charts``    matplotlib charts (SVG and PNG) from chart specs
``model``     the validated tables joined into what pages show; figure references
``data``      find, load and validate data packages; typed loaders
``core``      issues and the error-code catalogue, vocabularies, periods, numbers, text, files
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: names importable from ``jiekun`` itself, and the module that defines each (imported on first use)
EXPORTS = {
    "load_outcomes": "jiekun.data.loaders", "load_case_studies": "jiekun.data.loaders",
    "load_table": "jiekun.data.loaders",
    "validate": "jiekun.api", "build": "jiekun.api", "check": "jiekun.api", "diff": "jiekun.api",
    "DataError": "jiekun.core.issues", "Issue": "jiekun.core.issues", "Report": "jiekun.core.issues",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    if name in EXPORTS:
        return getattr(importlib.import_module(EXPORTS[name]), name)
    raise AttributeError(f"module 'jiekun' has no attribute {name!r}")
