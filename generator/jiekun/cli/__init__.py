"""The ``jiekun`` command: a thin shell over :mod:`jiekun.api`, one API call per command."""

from jiekun.cli.commands import main, reporter

__all__ = ["main", "reporter"]
