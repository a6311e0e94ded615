"""Cells between CSV text and a spreadsheet, without losing the text's exact form.

Export: a number or integer cell becomes a spreadsheet number only when that number's
canonical text (:func:`number_text`) is exactly the CSV text (``62000000``, ``0.9995``), so
importing it gives the same text back; any other text (``1.50``, ``1e3``, ``abc``) stays text.
Every other field is text, in cells formatted as text (``@``) so that Excel and WPS do not turn
``2018-12`` into a date or ``410000`` into a number.

Import (:func:`cell_text`) reads what spreadsheet programs make of a cell: numbers typed as
floats (``62000000.0`` → ``62000000``), dates as datetime cells (→ ``2018-12-03``, or
``2018-12`` when the cell's format shows no day), booleans (→ ``true``/``false``), and spaces
around text (removed, unless ``strip=False``: an import keeps them on a value that is exactly
one the file holds, so that a round trip with no edit changes no byte).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from decimal import Decimal
from typing import Any

INT_TEXT = re.compile(r"^-?(0|[1-9][0-9]*)$")
FLOAT_TEXT = re.compile(r"^-?(0|[1-9][0-9]*)\.[0-9]*[1-9]$")
EXACT_LIMIT = 10**15  # spreadsheet numbers are doubles shown with 15 significant digits
FIXED_TIME = dt.datetime(2000, 1, 1)


def fixed_time() -> dt.datetime:
    """The time written into workbooks: SOURCE_DATE_EPOCH when set, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return FIXED_TIME


def number_text(value: float) -> str:
    """A number as the CSV writes it: no exponent, no trailing zeros, at most 15 significant digits."""
    if float(value).is_integer() and abs(value) < EXACT_LIMIT:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_cell(text: str, kind: str) -> str | int | float:
    """The value to write in a spreadsheet cell for a CSV cell of a field of type ``kind``."""
    if kind not in ("number", "integer") or not text:
        return text
    if INT_TEXT.match(text) and abs(int(text)) < EXACT_LIMIT:
        return int(text)
    if kind == "number" and FLOAT_TEXT.match(text) and number_text(float(text)) == text:
        return float(text)
    return text


def _date_text(value: dt.date, number_format: str) -> str:
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return value.isoformat(sep=" ")
    shown = number_format.lower()
    if value.day == 1 and "d" not in shown and "y" in shown:  # Excel read "2018-12" as 2018-12-01
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def cell_text(value: Any, number_format: str = "General", strip: bool = True) -> str:
    """The CSV text of a spreadsheet cell's value (text without the spaces around it if ``strip``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.date):
        return _date_text(value, number_format)
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value).strip() if strip else str(value)


def display_width(text: str) -> int:
    """Columns a text takes on screen: wide (CJK) characters count two."""
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)
