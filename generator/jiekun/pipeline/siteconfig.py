"""The site configuration (``mkdocs.yml``), read as data: what the generator needs of it.

Read without any engine: safe YAML plus the ``!ENV`` tag (``!ENV NAME`` or
``!ENV [NAME, OTHER, default]``), as MkDocs and Zensical resolve it; any other tag
(``!!python/name:…`` of a Markdown extension) is read as empty, since the generator never
needs those values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

CONFIG = "mkdocs.yml"


class ConfigError(Exception):
    """The configuration file is missing or is not valid YAML."""


class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no type hints
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1], values[-1] if len(values) > 1 else None
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _unknown)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def read_config(root: Path | str) -> dict[str, Any]:
    path = Path(root) / CONFIG
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except OSError as exc:
        raise ConfigError(f"{CONFIG}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{CONFIG}: not valid YAML: {exc}") from None
    return data if isinstance(data, dict) else {}


def site_name(config: dict[str, Any]) -> str:
    return str(config.get("site_name") or "")


def site_url(config: dict[str, Any]) -> str:
    """The site's published address with a final slash ("" when none is configured)."""
    url = str(config.get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"
