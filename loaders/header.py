"""The header lines of a plain-text article: its title, date line, source and byline.

Articles copied from web pages start with a few lines that are not sentences of the body: the
headline, a date line in one of the genre's forms ("Published: Jul 28, 2020", "14 Mar 2024",
"Release time: 2020/06/04", "Date 2024-03-14", "Updated: 2011-03-18 07:57", "发布时间：2020-06-04",
"2020年6月4日"), a source line ("Source: ...") and a byline ("By ...", "by:... 2021-05-17").
:func:`split_header` takes them off the top of a cleaned body and returns them with the title,
date and source they give. They leave the body rather than staying in it marked, so that an
article gives the same :attr:`Article.text <alucluster.loaders.article.Article.text>` (and the
same evidence offsets) whether its metadata comes as front matter or as header lines; the lines
themselves are kept in :attr:`Header.lines`, nothing is dropped. An article whose metadata names
its title (front matter, sidecar) is not split: its body is taken as given, and the offsets
already recorded against it stay valid.

Month-name dates are read with python-dateutil, which knows the month names and abbreviations
("Sept.", "Sep", "September"), ordinals ("14th") and both day-month orders; ``dateparser`` would
also do it but imports slowly and adds relative dates ("yesterday") that a header never needs.
Numeric year-first forms and Chinese 年月日 dates are plain regular expressions (dateutil knows no
年月日).

>>> h, body = split_header("Foil output up 8% this year\\nDate 2025-08-02\\nThe plant ...")
>>> h.title, h.date, body
('Foil output up 8% this year', '2025-08-02', 'The plant ...')
>>> date_of_line("Published: Jul 28, 2020"), date_of_line("2020年6月4日"), date_of_line("Output rose.")
('2020-07-28', '2020-06-04', None)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["Header", "date_of_line", "split_header", "MAX_HEADER_LINES"]

#: Header lines are looked for only among the first this many non-empty lines.
MAX_HEADER_LINES = 6
_MAX_TITLE = 250

_LABEL = (
    r"(?:(?:date|time)\s+)?(?:published|publish(?:ed)?\s+(?:date|time|on)|released?\s+(?:date|time|on)|"
    r"post(?:ed)?(?:\s+(?:date|time|on))?|updated(?:\s+on)?|last\s+updated|date|time|"
    r"发布时间|发布日期|发稿时间|更新时间|时间|日期)"
)
_TIME = r"(?:[\sT,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*|\([A-Z]{2,5}\)))?)?"
_ISO = r"(?P<y>(?:19|20)\d\d)\s*[-/.]\s*(?P<m>\d{1,2})(?:\s*[-/.]\s*(?P<d>\d{1,2}))?"
_ZH = r"(?P<zy>(?:19|20)\d\d)\s*年(?:\s*(?P<zm>\d{1,2})\s*月(?:\s*(?P<zd>\d{1,2})\s*[日号])?)?"
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "Jul 28, 2020", "14 Mar 2024", "March 14th, 2024", "Jan 23,2013", "July 2021"
_NAMED = rf"(?P<named>(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*)?(?:19|20)\d\d)"
_DATE_LINE = re.compile(
    rf"^(?:{_LABEL}\s*[:：]?\s*)?(?:{_ISO}|{_ZH}|{_NAMED}){_TIME}\s*$", re.I
)
# A bare year is a date only behind a label ("Date: 2020"): alone it could be anything.
_YEAR_LINE = re.compile(rf"^{_LABEL}\s*[:：]?\s*(?P<year>(?:19|20)\d\d)\s*$", re.I)
_SOURCE_LINE = re.compile(r"^(?:source|来源|来源于|稿源)\s*[:：]\s*(?P<source>\S.{0,80})$", re.I)
_BYLINE = re.compile(
    r"^(?:(?:[Bb]y|[Aa]uthor|[Ee]ditor|[Rr]eporter|作者|编辑|责任编辑|记者)\s*[:：]\s*\S.{0,60}"
    r"|[Bb]y\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}(?:\s*[(,].{1,40}\)?)?)$"
)
# "China Aluminium Network", "chinadaily.com.cn": a publisher's name on a line of its own.
_PUBLISHER = re.compile(
    r"^(?:[A-Z][\w&'-]*\s+){0,5}(?:News|Network|Daily|Times|Post|Agency|Online|Weekly|Journal|Herald|Wire)$"
    r"|^[a-z0-9-]+(?:\.[a-z0-9-]+)+$"
)
# The wire-service dateline that opens the lead ("BEIJING, March 20, 2024 /PRNewswire/ -- ..."):
# the place in capitals, a country perhaps, then the date. It dates the article and stays in the body.
_DATELINE = re.compile(rf"^[A-Z][A-Z.'/-]+(?:\s[A-Z][A-Z.'/-]+)*\s*,\s*(?:[A-Z][a-z]+\s*,\s*)?(?i:{_NAMED})\b")
_SENTENCE_END = (".", "。", ";", "；", ",", "，")


@dataclass(frozen=True)
class Header:
    """What the header lines of an article say; ``lines`` are the lines taken off, in order."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    lines: tuple[str, ...] = ()


def date_of_line(line: str) -> str | None:
    """The date a header date line gives, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; else ``None``.

    :param line: one line of text (a line that says more than a date is not a date line).

    >>> date_of_line("Release time: 2020/06/04 10:56"), date_of_line("Date: 2020"), date_of_line("14 Mar 2024")
    ('2020-06-04', '2020', '2024-03-14')
    >>> date_of_line("In 2020 output rose.") is None
    True
    """
    text = line.strip()
    m = _YEAR_LINE.match(text)
    if m:
        return m.group("year")
    m = _DATE_LINE.match(text)
    if m is None:
        return None
    if m.group("named"):
        return _named_date(m.group("named"))
    if m.group("zy"):
        return _ymd(m.group("zy"), m.group("zm"), m.group("zd"))
    return _ymd(m.group("y"), m.group("m"), m.group("d"))


def _ymd(year: str, month: str | None, day: str | None) -> str | None:
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None  # "2020-13-45" is not a date
    if month is None:
        return year
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def _named_date(text: str) -> str | None:
    from dateutil import parser

    # Parsing twice with different defaults tells which fields the text itself gave.
    try:
        a = parser.parse(text, default=_dt.datetime(1904, 1, 1))
        b = parser.parse(text, default=_dt.datetime(1904, 2, 2))
    except (ValueError, OverflowError):
        return None
    if a.month != b.month:
        return None  # a day without a month is not a date
    out = f"{a.year}-{a.month:02d}"
    return out + (f"-{a.day:02d}" if a.day == b.day else "")


def _is_headline(line: str) -> bool:
    return len(line) <= _MAX_TITLE and not line.endswith(_SENTENCE_END)


def split_header(text: str) -> tuple[Header, str]:
    """The header lines at the top of a cleaned article body, and the body without them.

    The first non-empty line is the title when it reads as a headline (not ending like a
    sentence) and text follows it. Date lines (:func:`date_of_line`), source lines ("Source: ..."),
    bylines ("By ...") and publisher lines ("China Aluminium Network") among the first
    :data:`MAX_HEADER_LINES` non-empty lines are header lines; the header ends at the first line
    that is none of these. With no date line, a wire-service dateline opening the body
    ("HONG KONG, July 13, 2003 - ...") gives the date; it stays in the body.

    :param text: the cleaned body (lines stripped, as :func:`~alucluster.loaders.article.clean_text` gives).

    >>> h, body = split_header("Acme Foil starts second line\\n\\nPublished: 14 Mar 2024\\nSource: City News\\n\\nAcme Foil said ...")
    >>> h.title, h.date, h.source, len(h.lines), body
    ('Acme Foil starts second line', '2024-03-14', 'City News', 3, 'Acme Foil said ...')
    >>> split_header("Body.")[1]
    'Body.'
    """
    lines = text.split("\n")
    found_title, date, source, taken = None, None, None, []
    end = 0  # index of the first body line
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if seen >= MAX_HEADER_LINES or not any(rest.strip() for rest in lines[i + 1 :]):
            break
        seen += 1
        line_date = date_of_line(line)
        m_source = _SOURCE_LINE.match(line)
        if line_date is not None:
            date = date or line_date
        elif m_source:
            source = source or m_source.group("source").strip()
        elif _BYLINE.match(line) or _PUBLISHER.match(line):
            date = date or _trailing_date(line)
        elif found_title is None and _is_headline(line):
            found_title = line
        else:
            break
        taken.append(line)
        end = i + 1
    body = "\n".join(lines[end:]).strip()
    if date is None:
        m = _DATELINE.match(body)
        date = _named_date(m.group("named")) if m else None
    header = Header(title=found_title, date=date, source=source, lines=tuple(taken))
    return header, body


def _trailing_date(line: str) -> str | None:
    # "by:Zeyi     2021-05-17": a byline that ends with the date
    m = re.search(rf"(?:{_ISO}|{_ZH}|{_NAMED}){_TIME}\s*$", line, re.I)
    return date_of_line(m.group(0)) if m else None
