"""Chinese text: language detection, a matching form with the same offsets, sentences, words, numbers.

Chinese articles are matched on a *normalised* copy of their text that has exactly the same length
as the original, so every offset found in it is an offset into the article as written:
traditional characters become simplified ones (``zhconv``, the maintained converter; 萬 -> 万,
噸 -> 吨, 鋁 -> 铝, 陜 -> 陕) and full-width digits and punctuation become ASCII (``unicodedata``
NFKC, one character at a time; a character NFKC would expand is kept). Words come from ``jieba``
(dictionary shipped in the wheel), imported only when a Chinese article is read. Quantities are read
with ``cn2an`` (Chinese numerals and the 万/亿 multipliers): ``12万吨`` is 120,000 t, ``2.5亿元``
250,000,000 yuan, ``三十万吨`` 300,000 t, ``千亿元`` 10^11 yuan.

>>> normalise("年產16萬噸，總投資２億元")
'年产16万吨,总投资2亿元'
>>> [(q.value, q.unit) for q in find_quantities("年产3.26万吨铝锭,总投资三十亿元,产能45万吨/年")]
[(32600.0, 't'), (3000000000.0, 'yuan'), (450000.0, 't/yr')]
>>> is_chinese("广元铝产业"), is_chinese("Guangyuan aluminium")
(True, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["ZhQuantity", "cjk_share", "find_quantities", "is_chinese", "normalise", "sentence_spans", "words"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Share of CJK characters among the letters of a text above which it is read as Chinese.
CHINESE_SHARE = 0.3


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the letters (CJK or alphabetic) of ``text``.

    >>> cjk_share("铝 Al")
    0.3333333333333333
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _CJK.match(ch)) / len(letters)


def is_chinese(text: str) -> bool:
    """True when the text is mostly Chinese characters (see :data:`CHINESE_SHARE`)."""
    return cjk_share(text[:20000]) > CHINESE_SHARE


def normalise(text: str) -> str:
    """Simplified characters and ASCII digits/punctuation, same length and offsets as ``text``.

    :param text: Chinese text as written (traditional, simplified or mixed).
    """
    import zhconv

    simple = zhconv.convert(text, "zh-cn")
    if len(simple) != len(text):
        # a phrase rule changed the length: convert character by character instead
        simple = "".join(c if len(c := zhconv.convert(ch, "zh-cn")) == 1 else ch for ch in text)
    out = []
    for ch in simple:
        n = unicodedata.normalize("NFKC", ch) if ord(ch) > 0x7F else ch
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


# The article reader turns 。 into "." (and 、 into ","): a full stop not inside a decimal number.
_SENTENCE_END = re.compile(r"(?:[。!?]|(?<!\d)\.(?!\d))+[”\"』」)]?|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised Chinese text, whitespace trimmed.

    Sentences end at 。!? (with a closing quote kept) and at line breaks (headlines, captions).

    >>> t = "项目签约。总投资5.5亿元.产能!\\n标题"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['项目签约。', '总投资5.5亿元.', '产能!', '标题']
    """
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if "\n" not in m.group(0) else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


@functools.cache
def _jieba():
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
        import jieba
        import jieba.posseg
        import zhconv  # noqa: F401  (same warning)

    jieba.setLogLevel(logging.WARNING)  # its start-up notes would mix with the CLI's output
    return jieba.posseg


def words(text: str) -> list[tuple[str, str, int, int]]:
    """The words of a Chinese text as (word, part-of-speech flag, start, end), by ``jieba``.

    >>> [w for w, _, _, _ in words("铝业有限公司")]
    ['铝业', '有限公司']
    """
    out = []
    pos = 0
    for pair in _jieba().cut(text):
        w, flag = pair.word, pair.flag
        out.append((w, flag, pos, pos + len(w)))
        pos += len(w)
    return out


@dataclass(frozen=True)
class ZhQuantity:
    """A number with its unit in base units: ``t``, ``t/yr``, ``piece``, ``piece/yr``, ``yuan``,
    ``kWh``, ``%``, or a count/area unit that is never a fact (``mu``, ``count``, ``m2``)."""

    start: int
    end: int
    value: float
    unit: str
    text: str
    bound: str | None = None  # "near" (近/约/左右), "over" (超/以上/逾/余) or None


_DIGITS = "零〇一二两三四五六七八九"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_DIGITS}十百千]+(?:点[{_DIGITS}]+)?)"
_MULT = r"(?:[十百千]?[万亿]+)"
_UNITS = {
    "吨": ("t", 1), "元": ("yuan", 1), "千瓦时": ("kWh", 1), "度": ("kWh", 1),
    "只": ("piece", 1), "个": ("count", 1), "件": ("piece", 1), "套": ("count", 1), "台": ("count", 1),
    "辆": ("piece", 1), "亩": ("mu", 1), "人": ("count", 1), "家": ("count", 1), "户": ("count", 1),
    "平方米": ("m2", 1), "%": ("%", 1), "％": ("%", 1),
}
_UNIT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_QTY = re.compile(
    rf"(?P<pre>近|约|超过|超|逾|达)?(?P<num>{_NUM})?(?P<mult>{_MULT})?(?P<unit>{_UNIT})(?P<rate>/年)?(?P<post>以上|左右|多|余)?"
)


def _value(num: str | None, mult: str | None) -> float | None:
    import cn2an

    text = (num or "") + (mult or "")
    if not text:
        return None
    if text[0] in "十百千万亿" and not (num and num[0].isdigit()):
        text = "一" + text  # 百亿 = 一百亿, 千亿 = 一千亿
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def find_quantities(text: str) -> list[ZhQuantity]:
    """Every number with a unit in normalised Chinese text, in order.

    A bare numeral without a unit is not a quantity here (dates, list items, 一期 are not).

    :param text: normalised text (see :func:`normalise`).

    >>> [(q.value, q.unit, q.bound) for q in find_quantities("用地300亩,近百亿元,年产480万只")]
    [(300.0, 'mu', None), (10000000000.0, 'yuan', 'near'), (4800000.0, 'piece', None)]
    """
    out = []
    for m in _QTY.finditer(text):
        num, mult = m.group("num"), m.group("mult")
        if not num and not (mult and mult[0] in "十百千"):
            continue
        if num and not num[0].isdigit() and len(num) == 1 and not mult:
            continue  # 一台, 两家: counts of things, not figures
        if m.start("num" if num else "mult") > 0 and text[m.start("num" if num else "mult") - 1] in ".0123456789":
            continue
        value = _value(num, mult)
        if value is None:
            continue
        unit, factor = _UNITS[m.group("unit")]
        value *= factor
        if m.group("rate") and unit in ("t", "piece", "set"):
            unit += "/yr"
        pre, post = m.group("pre"), m.group("post")
        bound = "near" if pre in ("近", "约") or post == "左右" else "over" if pre in ("超过", "超", "逾") or post in ("以上", "多", "余") else None
        start = m.start("num") if num else m.start("mult")
        out.append(ZhQuantity(start, m.end(), value, unit, text[start : m.end()], bound))
    return out
