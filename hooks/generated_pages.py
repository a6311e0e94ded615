"""mkdocs adapter: add the pages jiekun generates to the build, without writing into docs/.

The only file that touches mkdocs: the generator itself renders plain Markdown
(:func:`generator.render.pages`), so another site builder can take its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from generator.render import pages


def on_files(files: Files, config: Any) -> Files:
    root = Path(config["config_file_path"]).parent
    for src_uri, text in pages(root).items():
        files.append(File.generated(config, src_uri, content=text))
    return files
