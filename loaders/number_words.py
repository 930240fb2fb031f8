"""English numbers written in words, with their character offsets.

``text2num`` reads the cardinals ("three hundred and forty thousand", "twenty-five", "one point
two"); the few forms it leaves in pieces are joined here by a small grammar: a number before a
multiplier word ("one point two" + "million"), the article as "one" ("a million"), and fractions
of a multiplier ("three quarters of a million", "half a million"). Ordinals ("the second phase")
are not numbers. :mod:`alucluster.loaders.quantities` turns the spans into quantities when a
multiplier or a unit makes them figures.

>>> [(w.text, w.value, w.has_multiplier) for w in word_numbers("a million wheels and twenty-five lines")]
[('a million', 1000000.0, True), ('twenty-five', 25.0, False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["WordNumber", "word_numbers"]

_MULTIPLIER_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d[\d.,]*|\S")
# Number words, so that only the text around them is tokenised; _REACH characters on each side
# hold the words a number is made of ("three quarters of a" before "million").
_REACH = 32
_ANY_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion)\b",
    re.I,
)


@dataclass(frozen=True)
class WordNumber:
    """A number in words: ``text[start:end]`` reads ``value``; ``has_multiplier`` for thousand/million/..."""

    start: int
    end: int
    value: float
    text: str
    has_multiplier: bool


class _Token:
    """A token as ``text2num.find_numbers`` reads it (its ``Token`` protocol)."""

    __slots__ = ("match",)

    def __init__(self, match: re.Match) -> None:
        self.match = match

    def text(self) -> str:
        return self.match.group()

    def nt_separated(self, previous) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def word_numbers(text: str) -> list[WordNumber]:
    """The numbers written in words in ``text``, in order.

    :param text: any text.

    >>> [(w.text, w.value) for w in word_numbers("one point two million tonnes; three quarters of a million")]
    [('one point two million', 1200000.0), ('three quarters of a million', 750000.0)]
    >>> word_numbers("the second phase")
    []
    """
    if not _ANY_NUMBER_WORD.search(text):
        return []
    try:
        from text_to_num import find_numbers
    except ImportError:  # a venv made before the dependency was added
        raise ImportError("text2num is not installed: pip install -e . (pyproject.toml lists it)") from None

    out: list[WordNumber] = []
    for a, b in _windows(text):
        out.extend(_numbers_in(text, a, b, find_numbers))
    return out


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around the number words (whole words, merged when they overlap)."""
    spans: list[tuple[int, int]] = []
    for m in _ANY_NUMBER_WORD.finditer(text):
        a, b = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


def _numbers_in(text: str, lo: int, hi: int, find_numbers) -> list[WordNumber]:
    tokens = [_Token(m) for m in _TOKEN.finditer(text, lo, hi)]
    words = [t.text().lower() for t in tokens]
    occurrences = [o for o in find_numbers(tokens, "en", 0) if not o.is_ordinal]
    spans: list[tuple[int, int, float]] = []  # token start, token end, value
    for o in occurrences:
        if all(w in _MULTIPLIER_WORDS for w in words[o.start : o.end]):
            spans.append(_with_multiplier(words, spans, o.start, o.end, o.value))
        else:
            spans.append((o.start, o.end, o.value))
    out = []
    for a, b, value in spans:
        if a < 0:
            continue
        start, end = tokens[a].match.start(), tokens[b - 1].match.end()
        has_mult = any(w in _MULTIPLIER_WORDS for w in words[a:b])
        out.append(WordNumber(start, end, float(value), text[start:end], has_mult))
    return out


def _with_multiplier(words: list[str], spans: list, a: int, b: int, mult: float) -> tuple[int, int, float]:
    """A multiplier word with what precedes it: a number ("one point two"), "a", or a fraction.

    The number before, when joined, is marked as taken in ``spans`` (its start set to -1).
    """
    if spans and spans[-1][1] == a and spans[-1][0] >= 0 and spans[-1][2] < 1000:
        first, _, value = spans[-1]
        spans[-1] = (-1, a, value)
        return first, b, value * mult
    if a >= 1 and words[a - 1] in ("a", "an"):
        k = a - 1
        if k >= 1 and words[k - 1] in _FRACTIONS:
            return _fraction(words, spans, k - 1, b, mult)  # "half a million"
        if k >= 2 and words[k - 1] == "of" and words[k - 2] in _FRACTIONS:
            return _fraction(words, spans, k - 2, b, mult)  # "three quarters of a million"
        return k, b, mult
    return a, b, mult


def _fraction(words: list[str], spans: list, f: int, b: int, mult: float) -> tuple[int, int, float]:
    """``words[f]`` is a fraction word of the multiplier; its count is a number or "a" before it."""
    share = 1 / _FRACTIONS[words[f]]
    if spans and spans[-1][1] == f and spans[-1][0] >= 0 and spans[-1][2] < _FRACTIONS[words[f]]:
        first, _, count = spans[-1]
        spans[-1] = (-1, f, count)
        return first, b, count * share * mult
    if f >= 1 and words[f - 1] in ("a", "an", "one"):
        return f - 1, b, share * mult
    return f, b, share * mult
