"""Numbers with multipliers and units, as the trade press writes them, in base units.

``parse_quantity("1.6 million tonnes")`` gives 1,600,000 ``t``; ``find_quantities(text)`` finds
every quantity in a text with its character offsets. Base units: ``t`` (mass), ``t/yr``
(capacity), ``pair``/``set``/``piece``/``unit`` (counts, ``/yr`` when a rate), ``yuan`` (money;
``USD`` kept as such), ``kWh`` (energy), ``%`` and ``pp`` (percentage points). A number without a
unit ("6 million") has ``unit=None``.

The forms are matched with one regular expression rather than spaCy tokens because the press
glues numbers and units together ("80,000mt", "CNY900mn", "12万吨"), which the tokenizer leaves as
single tokens; the extractor maps the character spans back onto spaCy tokens. pint is not used:
the conversions are a handful of powers of ten, and pint knows neither yuan nor the 万/亿
multipliers nor "pairs" and "sets", while costing ~0.3 s to import.

>>> q = parse_quantity("300 ktpy")
>>> q.value, q.unit
(300000.0, 't/yr')
>>> [(q.value, q.unit) for q in find_quantities("output 4亿元, up 11.6%")]
[(400000000.0, 'yuan'), (11.6, '%')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Quantity", "parse_quantity", "find_quantities", "QUANTITY_PATTERN"]

_MULTIPLIERS = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9,
    "trillion": 10**12, "tn": 10**12,
    "hundred million": 10**8,
    "万": 10**4, "亿": 10**8, "千": 10**3,
}
_CURRENCY_PREFIX = {"rmb": "yuan", "cny": "yuan", "¥": "yuan", "yuan": "yuan", "us$": "USD", "usd": "USD", "$": "USD"}

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULT = r"(?P<mult>hundred\s+million|thousand|millions?|billions?|trillion|mn|mln|bn|tn|[万亿千](?=[吨元]|$|[^\w])|(?:m|b|k)(?=\b))"
_PREFIX = r"(?P<cur>RMB|Rmb|CNY|US\$|USD|¥|\$)\s?"
# Order matters: longer alternatives first.
_UNIT = (
    r"(?P<unit>"
    r"(?:(?:metric|short)\s+)?(?:tonnes?|tons?)"
    r"|ktpa|ktpy|kt/a|kt/y|kt/yr|kt|mtpa|Mtpa|Mt|tpa|tpy|t/a|t/yr|mt|t(?![\w])"
    r"|percentage\s+points?|ppts?|pp(?![\w])|per\s?cent|%"
    r"|kilowatt[\s-]hours?|kWh|kwh|KWh|MWh|GWh|TWh|度"
    r"|yuan|RMB|CNY|元"
    r"|pairs?|sets?|pieces?|pcs|units?"
    r"|吨"
    r")"
)
_RATE = r"(?P<rate>\s*(?:/\s*(?:a|y|yr|year|annum)\b|per[\s-]+(?:year|annum)\b|-?a[\s-]year\b|annually\b|py\b|pa\b))?"

#: The regular expression that finds quantities (currency prefix, number, multiplier, unit, rate).
QUANTITY_PATTERN = re.compile(
    rf"(?<![\w.,])(?:{_PREFIX})?{_NUMBER}(?:\s?{_MULT})?(?:(?:\s?|-){_UNIT})?{_RATE}(?![\w])"
)

_UNIT_MAP = {
    "t": ("t", 1), "mt": ("t", 1), "吨": ("t", 1), "kt": ("t", 10**3), "Mt": ("t", 10**6),
    "ktpa": ("t/yr", 10**3), "ktpy": ("t/yr", 10**3), "kt/a": ("t/yr", 10**3), "kt/y": ("t/yr", 10**3),
    "kt/yr": ("t/yr", 10**3), "mtpa": ("t/yr", 10**6), "Mtpa": ("t/yr", 10**6), "tpa": ("t/yr", 1),
    "tpy": ("t/yr", 1), "t/a": ("t/yr", 1), "t/yr": ("t/yr", 1),
    "%": ("%", 1), "percent": ("%", 1), "per cent": ("%", 1),
    "pp": ("pp", 1), "ppt": ("pp", 1), "ppts": ("pp", 1),
    "kwh": ("kWh", 1), "度": ("kWh", 1), "mwh": ("kWh", 10**3), "gwh": ("kWh", 10**6), "twh": ("kWh", 10**9),
    "yuan": ("yuan", 1), "rmb": ("yuan", 1), "cny": ("yuan", 1), "元": ("yuan", 1),
    "pair": ("pair", 1), "set": ("set", 1), "piece": ("piece", 1), "pcs": ("piece", 1), "unit": ("unit", 1),
}


@dataclass(frozen=True)
class Quantity:
    """A number in base units. ``start``/``end`` are offsets into the text it was found in."""

    value: float
    unit: str | None
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def is_rate(self) -> bool:
        """True for per-year units (``t/yr``, ``pair/yr``): the text itself says it is a capacity."""
        return bool(self.unit) and self.unit.endswith("/yr")

    @property
    def base_unit(self) -> str | None:
        """The unit without ``/yr``."""
        return self.unit[:-3] if self.is_rate else self.unit


def _unit_key(unit: str) -> str:
    u = re.sub(r"\s+", " ", unit.strip())
    if u in _UNIT_MAP:
        return u
    low = u.lower()
    if re.match(r"^(?:(?:metric|short) )?(?:tonnes?|tons?)", low):
        return "t"
    if low.startswith("percentage point"):
        return "pp"
    if low.startswith("kilowatt"):
        return "kwh"
    if low in ("pairs", "sets", "pieces", "units"):
        return low[:-1]
    if low.startswith("per"):
        return "percent"
    return low


def _from_match(m: re.Match, offset: int = 0) -> Quantity:
    number = Decimal(m.group("num").replace(",", ""))
    mult_word = (m.group("mult") or "").lower()
    mult_word = re.sub(r"\s+", " ", mult_word)
    unit_word = m.groupdict().get("unit")
    cur = m.group("cur")
    if mult_word in ("m", "b", "k") and not (cur or unit_word):
        # "5 m" or "3 b" alone is too ambiguous (metres, a list item); keep the bare number.
        mult_word = ""
    factor = Decimal(_MULTIPLIERS.get(mult_word, 1))
    unit = None
    if unit_word:
        base, unit_factor = _UNIT_MAP[_unit_key(unit_word)]
        factor *= unit_factor
        unit = base
    elif cur:
        unit = _CURRENCY_PREFIX[cur.lower()]
    if cur and unit is None:
        unit = _CURRENCY_PREFIX[cur.lower()]
    if m.groupdict().get("rate") and unit in ("t", "pair", "set", "piece", "unit"):
        unit += "/yr"
    end = m.end()
    text = m.group(0)
    if m.groupdict().get("rate") is None and text != text.rstrip():
        end -= len(text) - len(text.rstrip())
        text = text.rstrip()
    return Quantity(float(number * factor), unit, text, m.start() + offset, end + offset)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``.

    :param text: any text (offsets refer to it as given; full-width digits are not matched, clean
        the text first with :func:`alucluster.loaders.article.clean_text`).

    >>> [(q.value, q.unit, q.text) for q in find_quantities("RMB 2.4 billion for 120 kt/a")]
    [(2400000000.0, 'yuan', 'RMB 2.4 billion'), (120000.0, 't/yr', '120 kt/a')]
    """
    return [_from_match(m) for m in QUANTITY_PATTERN.finditer(text)]


def parse_quantity(text: str) -> Quantity:
    """The single quantity that ``text`` consists of.

    :param text: e.g. ``"250,000 tons"``, ``"CNY900mn"``, ``"12万吨"``, ``"１２万吨"``.
    :raises ValueError: when ``text`` is not exactly one quantity.

    >>> parse_quantity("12.345 billion yuan").value
    12345000000.0
    """
    norm = unicodedata.normalize("NFKC", text).strip()
    m = QUANTITY_PATTERN.fullmatch(norm)
    if m is None:
        raise ValueError(f"not a quantity: {text!r}")
    return _from_match(m)
