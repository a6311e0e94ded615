"""jiekun: a static reporting site generator with a typed dataset package.

The pipeline, one module per stage: :mod:`generator.catalog` finds the data
packages, :mod:`generator.load` reads their tables, :mod:`generator.validate`
checks them (with :mod:`generator.derive` and :mod:`generator.rules`), and
:mod:`generator.data` hands validated DataFrames to Python users.
"""

__version__ = "0.1.0"
