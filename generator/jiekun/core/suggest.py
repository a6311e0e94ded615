""""Did you mean …?": the known values nearest to a value typed wrong (one letter off, a character
left out), for messages that name what to type."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from jiekun.core.i18n import _

CUTOFF = 0.6
MAX = 3


def nearest(value: str, choices: Iterable[str], n: int = MAX) -> list[str]:
    """Up to ``n`` of ``choices`` most like ``value`` (none when nothing is close)."""
    pool = sorted({str(c) for c in choices if c})
    found = difflib.get_close_matches(value, pool, n=n, cutoff=CUTOFF)
    if not found:  # a name typed without its suffix (白银 for 白银市) or with one too many
        found = [c for c in pool if value and (c.startswith(value) or value.startswith(c))][:n]
    return found


def did_you_mean(value: str, choices: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """`` did you mean 'x'?`` (with each choice's label when given), or "" when nothing is close.

    ``labels`` maps a code to its label; a value close to a label suggests the code as well."""
    labels = labels or {}
    by_label = {label: code for code, label in labels.items() if label}
    found = nearest(value, [*choices, *by_label])
    shown = []
    for item in found:
        code = by_label.get(item, item)
        text = f"{code!r}" + (f" ({labels[code]})" if labels.get(code) and labels[code] != code else "")
        if text not in shown:
            shown.append(text)
    if not shown:
        return ""
    return _("; did you mean {choices}?").format(choices=_(" or ").join(shown))
