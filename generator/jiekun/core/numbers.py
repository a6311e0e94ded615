"""How figures are written on the site: the way Chinese readers read them.

One function, :func:`format_value`, used by every page, chart label and alt text, so a figure
reads the same everywhere: ``71000 户`` → ``7.1万户``, ``190000000 元 (more-than)`` →
``1.9亿多元``, ``99.95 %`` → ``99.95%``.  The exact value in base units stays available
through :func:`exact`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from jiekun.core.vocab import ABOUT, AT_LEAST, EXACT, MORE_THAN, NEARLY

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
DECIMALS = 2  # digits kept after the point once a figure is scaled to 万 or 亿

#: qualifier code → (word before the number, word after it)
QUALIFIERS: dict[str, tuple[str, str]] = {
    EXACT: ("", ""),
    ABOUT: ("约", ""),
    NEARLY: ("近", ""),
    MORE_THAN: ("", "多"),
    AT_LEAST: ("不低于", ""),
}


def _plain(number: Decimal, places: int = DECIMALS) -> str:
    """``number`` rounded half-up to ``places`` decimals, trailing zeros dropped."""
    quantum = Decimal(1).scaleb(-places)
    text = format(number.quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def scaled(value: float | int | str | Decimal) -> tuple[str, bool]:
    """The number as written (``7.1万``, ``1.05亿``, ``9999``) and whether rounding changed it."""
    number = Decimal(str(value))
    size = abs(number)
    if size >= YI:
        shown, scale, mark = number / YI, YI, "亿"
    elif size >= WAN:
        shown, scale, mark = number / WAN, WAN, "万"
    else:
        shown, scale, mark = number, Decimal(1), ""
    text = _plain(shown)
    if mark == "万" and abs(Decimal(text)) >= WAN:  # 9999.999万 rounds to 1亿, not 10000万
        shown, scale, mark = number / YI, YI, "亿"
        text = _plain(shown)
    return text + mark, Decimal(text) * scale != number


def format_value(value: float | int | str | Decimal, unit: str = "", qualifier: str = "exact",
                 *, percent: bool = False) -> str:
    """A figure as the site shows it, with its qualifier kept.

    ``unit`` is the unit label (户, 元, 人次); ``percent`` marks a rate, written ``99.95%``
    and never scaled.  A figure that had to be rounded to be written in 万 or 亿 and was
    exact gets 约, so the page never claims a precision the short form lacks.
    """
    prefix, marker = QUALIFIERS.get(qualifier, ("", ""))
    if percent:
        number = _plain(Decimal(str(value)))
        if qualifier == MORE_THAN:
            return f"{number}%以上"
        return f"{prefix}{number}%"
    number, rounded = scaled(value)
    if rounded and qualifier == "exact":
        prefix = "约"
    if not marker:
        return f"{prefix}{number}{unit}"
    digits, scale = (number[:-1], number[-1]) if number[-1] in "万亿" else (number, "")
    if digits.endswith("0") and "." not in digits:
        return f"{prefix}{digits}{marker}{scale}{unit}"  # 2500多户, 2000多万元
    if scale:
        return f"{prefix}{number}{marker}{unit}"  # 1.9亿多元, 15万多户
    return f"{prefix}{number}{unit}以上"  # 2513多户 is not idiomatic; 2513户以上 is


def exact(value: float | int | str | Decimal) -> str:
    """The exact value in base units with thousands separators: ``71,000``, ``1,234.5``."""
    text = format(Decimal(str(value)), ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
