"""jiekun: a static reporting site generator with a typed dataset package.

The pipeline, one module per stage: :mod:`generator.catalog` finds the data
packages, :mod:`generator.load` reads their tables (cells parsed by
:mod:`generator.cells`), :mod:`generator.validate` checks them (with
:mod:`generator.derive`, :mod:`generator.distinct` and :mod:`generator.rules`),
:mod:`generator.model` joins them for the site, :mod:`generator.pages`,
:mod:`generator.casepages` and :mod:`generator.datapages` render Markdown,
:mod:`generator.charts` draws the SVG charts, :mod:`generator.generate` writes it
all into a folder and :mod:`generator.build` runs the site builder.
:mod:`generator.data` hands validated DataFrames to Python users.
"""

__version__ = "0.1.0"
