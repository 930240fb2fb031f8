"""Numbers with multipliers and units, as the trade press writes them, in base units.

``parse_quantity("1.6 million tonnes")`` gives 1,600,000 ``t``; ``find_quantities(text)`` finds
every quantity in a text with its character offsets. This is the whole public API; extractors call
nothing else.

Base units (:attr:`Quantity.unit`):

- ``t`` (mass), ``t/yr`` (an annual rate: "kt/a", "mtpy", "tonnes a year"), ``t/d`` (a daily
  rate: "3,600 tonnes per day"; never an annual capacity, :attr:`Quantity.is_rate` is false);
- ``pair``/``set``/``piece``/``unit`` (counts, ``/yr`` when a rate);
- ``yuan`` ("RMB", "CNY", "Yuan", "元"), ``USD`` ("US$", "$", "dollars"), ``HKD`` ("HK$"): money is
  kept in its own currency, never converted; a price per unit is ``<currency>/<unit>``
  ("RMB 2,500/t" is ``yuan/t``, "RMB0.25/kWh" is ``yuan/kWh``): :attr:`Quantity.per` names the unit;
- ``kWh`` (energy), ``kW`` (power: "5×330MW" is a generating set, not tonnes), ``%`` ("per cent", "45pc") and ``pp`` (percentage points);
- a range ("RMB 70-80 million", "22-28%") is one quantity: ``value`` its lower end, ``high`` its upper;
- land area, which is never a capacity: ``mu`` ("亩"), ``m2`` ("square metres", "km2"), ``ha``, ``acre``.

A number without a unit ("6 million", "a million wheels") has ``unit=None``.

Forms read (catalogue section D): digits with thousands separators, also spaced by machine
translation ("64, 000 tons", where the part after the comma is exactly three digits, and only
before a multiplier or unit); spaced decimal points ("RMB 7 . 3 billion", "1 .45 million");
European decimal commas where the number cannot be a thousands group ("17,8 %", "1,02 Mt", and
"3,143 Mt": a thousand million tonnes is no figure of this industry); multipliers (thousand,
million/mn/mln/m, billion/bn/bln/b, 万, 亿); "mtpy"/"mtpa" are million t/yr after a small number
(below 1,000) and metric t/yr after a large one; "mt" and "MT" are metric tonnes, "Mt" million
tonnes; numbers in words ("one point two million tonnes", "three hundred and forty thousand tons",
"a million wheels", "three quarters of a million tonnes") when a multiplier or a unit follows
them ("two lines" is left to the extractor); numbers glued to Chinese characters ("年产18万吨",
"、50万吨" after an enumeration comma), in simplified or traditional characters ("30萬噸",
"15億千瓦時"); Chinese numerals in words (三十万) are left to the Chinese pipeline.

The digit forms are matched with one regular expression rather than spaCy tokens because the
press glues numbers and units together ("80,000mt", "CNY900mn", "12万吨"), which the tokenizer
leaves as single tokens; the extractor maps the character spans back onto spaCy tokens. Number
words are read by ``text2num`` (cardinals, "point" decimals, "hundred and forty"), with a small
grammar around it for what it leaves apart ("one point two" + "million", "a million", fractions
"three quarters of a million"). pint is not used: the conversions are a handful of powers of
ten, and pint knows neither yuan nor the 万/亿 multipliers nor "pairs" and "sets", while costing
~0.3 s to import.

>>> q = parse_quantity("300 ktpy")
>>> q.value, q.unit
(300000.0, 't/yr')
>>> [(q.value, q.unit) for q in find_quantities("output 4亿元, up 11.6%")]
[(400000000.0, 'yuan'), (11.6, '%')]
>>> [(q.value, q.unit) for q in find_quantities("2.46 mtpy, HK$2.2 bln and three quarters of a million tonnes")]
[(2460000.0, 't/yr'), (2200000000.0, 'HKD'), (750000.0, 't')]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from alucluster.loaders.number_words import word_numbers

__all__ = ["Quantity", "parse_quantity", "find_quantities", "QUANTITY_PATTERN"]

_MULTIPLIERS = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "trillion": 10**12, "tn": 10**12,
    "hundred million": 10**8,
    "万": 10**4, "亿": 10**8, "千": 10**3, "万亿": 10**12, "萬": 10**4, "億": 10**8, "萬億": 10**12,
}
_CURRENCY_PREFIX = {
    "rmb": "yuan", "cny": "yuan", "¥": "yuan", "yuan": "yuan",
    "us$": "USD", "usd": "USD", "$": "USD", "hk$": "HKD", "hkd": "HKD",
}

# Group-free alternations, reused in the look-aheads that admit the spaced number forms.
# "25×104 t": a power of ten whose superscript was lost in copying (×10⁴ read as ×104).
_POWER_ALT = r"\s?(?:[×*]\s?10\^?|[xX]\s?10\^)[3-9](?!\d)"
_MULT_ALT = r"hundred\s+million|thousand|millions?|billions?|trillion|mn|mln|bln|bn|tn|万亿|萬億|[万亿萬億]|千(?=[吨元噸]|$|[^\w])|(?:m|b|k)\b"
# Order matters: longer alternatives first.
_UNIT_ALT = (
    r"(?:(?:metric|short)[\s-]+)?(?:tonnes?|tons?)|kilo-?(?:tonnes?|tons?)"
    r"|mtpy|mtpa|Mtpa|MTPA|ktpa|ktpy|kt/a|kt/y|kt/yr|kt|Mt|MT|tpa|tpy|tpd|t/a|t/yr|t/d|mt|t(?![\w])"
    r"|percentage\s+points?|ppts?|pp(?![\w])|per\s?cent|pc(?![\w])|%"
    r"|kilowatt[\s-]hours?|kWh|kwh|KWh|MWh|GWh|TWh|度|kW|KW|MW|GW"
    r"|yuan|RMB|CNY|元|(?:US\s|Hong\sKong\s|HK\s)?dollars?"
    r"|pairs?|sets?|pieces?|pcs|units?"
    r"|吨|噸|千瓦[时時]|千瓦|只|件|套|台"
    r"|mu(?![\w])|亩|畝|square\s+met(?:er|re)s?|sq\.?\s?m(?![\w])|km2|m2|hectares?|acres?"
)
_AFTER_NUMBER = rf"(?=\s?(?:{_MULT_ALT}|{_UNIT_ALT}))"
_NUMBER = (
    r"(?P<num>"
    rf"(?P<spaced>\d{{1,3}}(?:,\s\d{{3}}(?!\d))+(?:\.\d+)?{_AFTER_NUMBER})"  # "64, 000 tons"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|(?P<spaced_point>\d+\s\.\s?\d+{_AFTER_NUMBER})"  # "7 . 3 billion", "1 .45 million"
    rf"|(?P<comma_point>\d+,\d{{1,2}}(?!\d){_AFTER_NUMBER})"  # "17,8 %", "1,02 Mt"
    r"|\d+(?:\.\d+)?"
    r")"
)
# "RMB 70-80 million", "22-28%", "RMB14,340~14,440/t": the low end takes the multiplier and unit
# of the high end. "from 100 to 200 tons" is a change, not a range, and "2010-2015" has no unit.
_RANGE = (
    r"(?:\s?[-~]\s?(?:US\$|HK\$|\$|RMB\s?|¥)?"
    rf"(?P<high>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=\s?(?:{_MULT_ALT}|{_UNIT_ALT}|/)))?"
)
_MULT = rf"(?P<power>{_POWER_ALT})?(?P<mult>{_MULT_ALT})"
_PREFIX = r"(?P<cur>RMB|Rmb|CNY|US\$|HK\$|USD|HKD|¥|\$|Yuan(?=\s))\s?"
_UNIT = rf"(?P<unit>{_UNIT_ALT})"
_RATE = (
    r"(?P<rate>[\s-]*(?:/\s*(?:a|y|yr|year|annum)\b|per[\s-]+(?:year|annum)\b|-?a[\s-]year\b|annually\b|py\b|pa\b))?"
    r"(?P<daily>[\s-]*(?:/\s*d(?:ay)?\b|per[\s-]+day\b|a[\s-]day\b|daily\b))?"
)
# The unit of a price ("RMB 2,500/t", "US$2,416 per tonne"); read only after money.
_PER = r"(?P<per>\s?/\s?(?:metric\s+)?(?P<den>[A-Za-z]+)\b|\s+per\s+(?:metric\s+)?(?P<den2>tonnes?|tons?|kWh|kilowatt-hours?|units?|pieces?|sets?)\b)?"

#: The regular expression that finds digit quantities (currency prefix, number, multiplier, unit, rate).
QUANTITY_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9_])(?<!\d[.,])(?:{_PREFIX})?{_NUMBER}{_RANGE}(?:(?P<power_only>{_POWER_ALT})|\s?{_MULT})?(?:(?:\s?|-){_UNIT})?{_RATE}{_PER}(?![A-Za-z0-9_])"
)

_UNIT_MAP = {
    "t": ("t", 1), "mt": ("t", 1), "MT": ("t", 1), "吨": ("t", 1), "kt": ("t", 10**3), "Mt": ("t", 10**6),
    "ktpa": ("t/yr", 10**3), "ktpy": ("t/yr", 10**3), "kt/a": ("t/yr", 10**3), "kt/y": ("t/yr", 10**3),
    "kt/yr": ("t/yr", 10**3), "Mtpa": ("t/yr", 10**6), "tpa": ("t/yr", 1),
    "tpy": ("t/yr", 1), "t/a": ("t/yr", 1), "t/yr": ("t/yr", 1), "tpd": ("t/d", 1), "t/d": ("t/d", 1),
    "%": ("%", 1), "percent": ("%", 1), "per cent": ("%", 1), "pc": ("%", 1),
    "pp": ("pp", 1), "ppt": ("pp", 1), "ppts": ("pp", 1),
    "kwh": ("kWh", 1), "度": ("kWh", 1), "kW": ("kW", 1), "KW": ("kW", 1), "MW": ("kW", 10**3),
    "GW": ("kW", 10**6), "千瓦": ("kW", 1), "mwh": ("kWh", 10**3), "gwh": ("kWh", 10**6), "twh": ("kWh", 10**9),
    "yuan": ("yuan", 1), "rmb": ("yuan", 1), "cny": ("yuan", 1), "元": ("yuan", 1),
    "usd": ("USD", 1), "hkd": ("HKD", 1),
    "pair": ("pair", 1), "set": ("set", 1), "piece": ("piece", 1), "pcs": ("piece", 1), "unit": ("unit", 1),
    "噸": ("t", 1), "千瓦时": ("kWh", 1), "千瓦時": ("kWh", 1), "只": ("piece", 1), "件": ("piece", 1),
    "套": ("set", 1), "台": ("unit", 1),
    "mu": ("mu", 1), "亩": ("mu", 1), "畝": ("mu", 1), "m2": ("m2", 1), "km2": ("m2", 10**6),
    "hectare": ("ha", 1), "acre": ("acre", 1),
}
# "mtpy"/"mtpa": million t/yr after a small number ("2.46 mtpy"), metric t/yr after a large one.
_MT_PER_YEAR = ("mtpy", "mtpa")
_MILLION_TONNE_UNITS = ("Mt", "Mtpa")  # capital M: million tonnes whatever the number
_COUNTS = ("t", "pair", "set", "piece", "unit")
_PRICE_UNITS = {"t": "t", "mt": "t", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "kwh": "kWh",
                "kilowatt-hour": "kWh", "kilowatt-hours": "kWh", "unit": "unit", "units": "unit",
                "piece": "piece", "pieces": "piece", "set": "set", "sets": "set"}


@dataclass(frozen=True)
class Quantity:
    """A number in base units. ``start``/``end`` are offsets into the text it was found in."""

    value: float
    unit: str | None
    text: str = ""
    start: int = 0
    end: int = 0
    high: float | None = None  # the upper end of a range ("RMB 70-80 million"); ``value`` is the lower

    @property
    def is_rate(self) -> bool:
        """True for per-year units (``t/yr``, ``pair/yr``): the text itself says it is a capacity.

        >>> parse_quantity("120 kt/a").is_rate, parse_quantity("3,600 tonnes per day").is_rate
        (True, False)
        """
        return bool(self.unit) and self.unit.endswith("/yr")

    @property
    def base_unit(self) -> str | None:
        """The unit without ``/yr``.

        >>> parse_quantity("120 kt/a").base_unit
        't'
        """
        return self.unit[:-3] if self.is_rate else self.unit

    @property
    def per(self) -> str | None:
        """The denominator of a daily rate (``d``) or of a price (``t``, ``kWh``); ``None`` otherwise.

        A quantity with ``per`` is neither an amount nor an annual capacity.

        >>> parse_quantity("RMB 2,500/t").per, parse_quantity("3,600 t/d").per, parse_quantity("5 t/yr").per
        ('t', 'd', None)
        """
        if not self.unit or "/" not in self.unit or self.is_rate:
            return None
        return self.unit.split("/", 1)[1]


def _unit_key(unit: str) -> str:
    u = re.sub(r"\s+", " ", unit.strip())
    if u in _UNIT_MAP or u in _MT_PER_YEAR:
        return u
    low = u.lower()
    if u == "MTPA":
        return "mtpa"
    if low.startswith("kilo") and "watt" not in low:
        return "kt"
    if re.match(r"^(?:(?:metric|short)[ -])?(?:tonnes?|tons?)", low):
        return "t"
    if low.startswith("percentage point"):
        return "pp"
    if low.startswith("kilowatt"):
        return "kwh"
    if low in ("pairs", "sets", "pieces", "units", "hectares", "acres"):
        return low[:-1]
    if low.startswith(("square", "sq")):
        return "m2"
    if low.endswith(("dollar", "dollars")):
        return "hkd" if low.startswith(("hong", "hk")) else "usd"
    if low.startswith("per"):
        return "percent"
    return low


def _number(m: re.Match) -> Decimal:
    raw = m.group("num")
    if m.group("comma_point"):
        return Decimal(raw.replace(",", "."))
    return Decimal(re.sub(r"[,\s]", "", raw))


def _unit_factor(m: re.Match, number: Decimal) -> tuple[str | None, Decimal, Decimal]:
    """The unit, its factor and the number (a decimal comma before million tonnes re-read)."""
    unit_word = m.group("unit")
    if not unit_word:
        return None, Decimal(1), number
    key = _unit_key(unit_word)
    if key in _MILLION_TONNE_UNITS and re.fullmatch(r"\d{1,3},\d{3}", m.group("num")) and number >= 1000:
        number = Decimal(m.group("num").replace(",", "."))  # "3,143 Mt": 3.143 Mt, not 3,143 Mt
    if key in _MT_PER_YEAR:
        return "t/yr", Decimal(10**6 if number < 1000 else 1), number
    base, factor = _UNIT_MAP[key]
    return base, Decimal(factor), number


def _with_rate(unit: str | None, m: re.Match) -> str | None:
    """``t`` becomes ``t/yr`` after "a year", ``t/d`` after "per day" (counts and mass only)."""
    if unit in _COUNTS and m.group("rate"):
        return unit + "/yr"
    if unit in _COUNTS and m.group("daily"):
        return unit + "/d"
    return unit


def _from_match(m: re.Match, offset: int = 0) -> Quantity:
    mult_word = re.sub(r"\s+", " ", (m.group("mult") or "").lower())
    cur = m.group("cur")
    unit, factor, number = _unit_factor(m, _number(m))
    if mult_word in ("m", "b", "k") and not (cur or unit):
        # "5 m" or "3 b" alone is too ambiguous (metres, a list item); keep the bare number.
        mult_word = ""
    factor *= Decimal(_MULTIPLIERS.get(mult_word, 1))
    power = m.group("power") or m.group("power_only")
    if power:
        factor *= Decimal(10) ** int(power.strip()[-1])
    if cur and unit is None:
        unit = _CURRENCY_PREFIX[cur.lower()]
    unit = _with_rate(unit, m)
    end, text = m.end(), m.group(0)
    den = (m.group("den") or m.group("den2") or "").lower()
    if m.group("per") and not (unit in ("yuan", "USD", "HKD") and den in _PRICE_UNITS):
        # "/" after something that is not money, or over a unit that is no price unit: not part of it
        end, text = m.start("per"), text[: m.start("per") - m.start()]
    elif den:
        unit = f"{unit}/{_PRICE_UNITS[den]}"
    if text != text.rstrip():
        end -= len(text) - len(text.rstrip())
        text = text.rstrip()
    high = float(Decimal(m.group("high").replace(",", "")) * factor) if m.group("high") else None
    return Quantity(float(number * factor), unit, text, m.start() + offset, end + offset, high)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``.

    :param text: any text (offsets refer to it as given; full-width digits are not matched, clean
        the text first with :func:`alucluster.loaders.article.clean_text`).

    >>> [(q.value, q.unit, q.text) for q in find_quantities("RMB 2.4 billion for 120 kt/a")]
    [(2400000000.0, 'yuan', 'RMB 2.4 billion'), (120000.0, 't/yr', '120 kt/a')]
    >>> [(q.value, q.unit, q.text) for q in find_quantities("It has two lines and one point two million tonnes.")]
    [(1200000.0, 't', 'one point two million tonnes')]
    """
    found = [_from_match(m) for m in QUANTITY_PATTERN.finditer(text)]
    starts = [q.start for q in found]
    words = []
    for w in word_numbers(text):
        i = bisect.bisect_left(starts, w.end)  # digit quantities starting before the word number ends
        if i and found[i - 1].end > w.start:
            continue  # "1.2 million": the digits already read it
        q = _word_quantity(text, w)
        if q is not None:
            words.append(q)
    return sorted(found + words, key=lambda q: q.start) if words else found


_UNIT_AFTER_WORDS = re.compile(rf"(?:\s|-)?{_UNIT}{_RATE}(?![A-Za-z0-9_])")


def _word_quantity(text: str, w) -> Quantity | None:
    """The quantity a number in words heads, when a multiplier is in it or a unit follows it."""
    m = _UNIT_AFTER_WORDS.match(text, w.end)
    if m is None and not w.has_multiplier:
        return None
    value, unit, end = Decimal(str(w.value)), None, w.end
    if m is not None:
        key = _unit_key(m.group("unit"))
        if key in _MT_PER_YEAR:
            unit, factor = "t/yr", 10**6 if value < 1000 else 1
        else:
            unit, factor = _UNIT_MAP[key]
        value *= factor
        unit = _with_rate(unit, m)
        end = m.end()
    return Quantity(float(value), unit, text[w.start : end], w.start, end)


def parse_quantity(text: str) -> Quantity:
    """The single quantity that ``text`` consists of.

    :param text: e.g. ``"250,000 tons"``, ``"CNY900mn"``, ``"12万吨"``, ``"１２万吨"``,
        ``"three hundred and forty thousand tons"``.
    :raises ValueError: when ``text`` is not exactly one quantity.

    >>> parse_quantity("12.345 billion yuan").value
    12345000000.0
    >>> parse_quantity("64, 000 tons").value, parse_quantity("17,8 %").value, parse_quantity("3,143 Mt").value
    (64000.0, 17.8, 3143000.0)
    """
    norm = unicodedata.normalize("NFKC", text).strip()
    m = QUANTITY_PATTERN.fullmatch(norm)
    if m is not None:
        q = _from_match(m)
        if q.end == len(norm):
            return q
    found = find_quantities(norm)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(norm)):
        return found[0]
    raise ValueError(f"not a quantity: {text!r}")
