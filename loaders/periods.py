"""Periods and project status read from sentences and from their clauses.

A sentence often carries two figures for two periods or two states: "output value of 15.1 billion
yuan in 2020, and in the first quarter of this year it produced ...", "1.1 million t/yr of
capacity, which is expected to reach 1.4 million t/yr". :func:`clauses` splits a sentence at
coordinating and relative breaks (", and", ", while", "; ", ", which") and gives each clause its own
period and status, falling back to what the sentence as a whole says. A sub-year period without a
year of its own ("in the fourth quarter alone") belongs to the year an earlier clause set ("last
year"), not to the article's year.

Regular expressions are used rather than spaCy patterns because these layouts mix digits, hyphens
and month names in ways the tokenizer splits inconsistently ("January-October", "2022-01").

>>> [(c.period, c.status) for c in clauses("It made 5 t last year, and 2 t in the fourth quarter.", 0, 2024)]
[('2023', None), ('2023-Q4', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alucluster.loaders.facts import PERIOD_STATUSES

__all__ = ["MONTHS", "PERIOD_STATUSES", "Clause", "clauses", "period_and_deferral", "period_of", "period_status", "status_of"]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")

_MONTH_RE = "(" + "|".join(m.capitalize() for m in MONTHS) + ")"

# A start of production stated as future ("is expected to be put into production", "would start
# operations in 2005") is a plan: it is tried before the operating words it contains.
_WILL_START = (r"\b(?:(?:is|are|was|were) (?:expected|scheduled|set|due|slated) to|will|would|to be)\s+(?:be\s+)?"
               r"(?:put|go|come|start|begin|commence)\b|\b(?:once|after|when|until)\b[^.;,]{0,60}?\b(?:is|are)\s+"
               r"(?:put|completed|finished|commissioned)\b")
_STATUS = (
    ("planned", re.compile(_WILL_START, re.I)),
    ("operating", re.compile(r"\b(put|went|go|goes|gone|came|come)\b[^.;]{0,80}?\binto (production|operations?)\b|"
                             r"\bcommissioned\b|\b(started|began|start|commenced) (production|operations?)\b|\bin operation\b|"
                             r"\brunning at full (capacity|load)\b|\bcame on ?stream\b", re.I)),
    ("under-construction", re.compile(r"\b(is|are|was|were) (building|constructing)\b|\bunder construction\b|"
                                      r"\bbeing built\b|\b(began|started|start|commenced) (construction|building)\b|\bbroke ground\b|"
                                      r"\bunder (?:[\w-]+\s+){1,3}construction\b|\bconstruction (?:kicked off|commenced)\b|"
                                      r"\bground[- ]?breaking\b|\bsince its commencement\b|\bconstruction site\b|"
                                      r"\bwork (was|has been|had been) started\b|\bconstruction\b[^.;]{0,80}?\b(began|started|has started|kicked off)\b", re.I)),
    ("signed", re.compile(r"\bsigned\b|\bsigning\b|\b(?:according to|under) the (?:[\w-]+\s+){0,2}agreement\b", re.I)),
    ("planned", re.compile(r"\bplan(s|ned)? to\b|\bplanned\b|\bproposed\b|\b(is|are) expected to\b|"
                           r"\bwill (?:build|construct|set up|put up|invest)\b|\bto be built\b", re.I)),
)


def period_of(text: str, year: int | None) -> str | None:
    """The statistical period a sentence states ("2021-H1", "2022-01/2022-09", "2023-Q1", "2021").

    :param text: a sentence.
    :param year: the article's year, which "this year" and "last year" refer to.

    >>> period_of("In the first half of this year, output rose.", 2021)
    '2021-H1'
    >>> period_of("From January to October, ...", 2023), period_of("Last year the city produced ...", 2022)
    ('2023-01/2023-10', '2021')
    """
    return period_and_deferral(text, year)[0]


# Words that make the date after them the date of an event, not the period of a figure.
_EVENT_BEFORE = (r"\b(since|established|founded|set up|built|opened|commissioned|into (?:production|operation)|started|"
                 r"began|signed|completed|launched|expected|scheduled|due|will|would)\b[^,.;]*$")


def period_and_deferral(text: str, year: int | None) -> tuple[str | None, bool]:
    """The statistical period a sentence states, and whether it defers to the previous one.

    >>> period_and_deferral("In the same period, exports rose.", 2021)[1]
    True
    """
    t = text
    y = year

    def yr(m, g):
        return int(m.group(g)) if m and m.group(g) else y

    if re.search(r"\b(same period|the period|over the period|these (six|three|nine) months|the six months|that period)\b", t, re.I):
        return None, True
    m = re.search(r"\bfirst (three|two) quarters(?: of (?:the year |this year |)?((?:19|20)\d\d))?", t, re.I)
    if m and (yr(m, 2)):
        end = "09" if m.group(1).lower() == "three" else "06"
        return (f"{yr(m, 2)}-01/{yr(m, 2)}-{end}" if end == "09" else f"{yr(m, 2)}-H1"), False
    m = re.search(r"\b(first|second|third|fourth) quarter(?: of (?:this year |)?((?:19|20)\d\d))?", t, re.I)
    if m and yr(m, 2):
        q = ["first", "second", "third", "fourth"].index(m.group(1).lower()) + 1
        return f"{yr(m, 2)}-Q{q}", False
    m = re.search(r"\bQ([1-4])\s*((?:19|20)\d\d)?\b", t)
    if m and yr(m, 2):
        return f"{yr(m, 2)}-Q{m.group(1)}", False
    m = re.search(r"\b(first|second) half(?: of (?:the year|this year|((?:19|20)\d\d)))?", t, re.I) or re.search(
        r"\bH([12])\s*((?:19|20)\d\d)?\b", t)
    if m and (yr(m, 2)):
        half = "1" if m.group(1).lower() in ("first", "1") else "2"
        return f"{yr(m, 2)}-H{half}", False
    m = re.search(rf"\b(?:from\s+)?{_MONTH_RE}\s*(?:to|-|through|until)\s*{_MONTH_RE}(?:\s*,?\s*((?:19|20)\d\d))?", t)
    if m and yr(m, 3):
        a = MONTHS.index(m.group(1).lower()) + 1
        b = MONTHS.index(m.group(2).lower()) + 1
        yy = yr(m, 3)
        if (a, b) == (1, 6):
            return f"{yy}-H1", False  # "January to June" is the first half, written as such
        return (f"{yy}-{a:02d}" if a == b else f"{yy}-{a:02d}/{yy}-{b:02d}"), False
    m = re.search(r"\bfirst (two|three|four|five|six|seven|eight|nine|ten|eleven) months(?: of ((?:19|20)\d\d))?", t, re.I)
    if m and yr(m, 2):
        n = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"].index(m.group(1).lower()) + 2
        return (f"{yr(m, 2)}-H1" if n == 6 else f"{yr(m, 2)}-01/{yr(m, 2)}-{n:02d}"), False
    m = re.search(r"\b(?:the|these|those) (two|three|four|five|seven|eight|nine|ten|eleven) months\b", t, re.I)
    if m and y:
        # "in the ten months" of a cumulative report: January to the tenth month
        n = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"].index(m.group(1).lower()) + 2
        return f"{y}-01/{y}-{n:02d}", False
    if y and re.search(r"\blast year\b", t, re.I):
        return str(y - 1), False
    if y and re.search(r"\b(this year|the year)\b", t, re.I):
        return str(y), False
    for m in re.finditer(rf"\b(?:in|during|for)\s+{_MONTH_RE}(?:\s+((?:19|20)\d\d))?\b(?!\s*\d)", t):
        # "produced 200 kt in July": one month of the article's year (or of the year written)
        if yr(m, 2) and not re.search(_EVENT_BEFORE, t[: m.start()], re.I):
            return f"{yr(m, 2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}", False
    for m in re.finditer(r"\b(?:in|during|for)\s+((?:19|20)\d\d)\b", t, re.I):
        # "established in 1985", "since ... in 1985" date an event, not the figures
        if not re.search(r"\b(since|established|founded|set up|built|opened)\b[^,.;]*$", t[: m.start()], re.I):
            return m.group(1), False
    # "the company's 2018 sales": a lone year not dating an event or a target
    years = re.findall(r"(?<!since )(?<!by )(?<!until )(?<!before )\b((?:19|20)\d\d)\b(?!-)", t)
    if len(set(years)) == 1 and not re.search(r"\b(since|by|until|before|established|founded)\s+(in\s+)?(19|20)\d\d", t):
        return years[0], False
    return None, False



def status_of(text: str) -> str | None:
    """The project status a sentence states (operating, under-construction, signed, planned).

    >>> status_of("The line was put into production in May."), status_of("Acme makes foil.")
    ('operating', None)
    """
    for name, rx in _STATUS:
        if rx.search(text):
            return name
    return None


# What a figure's period is when no calendar period can be resolved for it: defined once, by the
# Fact contract (``Fact.period_status``), and re-exported here beside the rule that picks one.

# A figure stated per year: "annual sales of", "a year", "per annum", "每年", "年产", "年销售收入".
_ANNUAL = re.compile(
    r"\b(?:annual(?:ly)?|yearly|per (?:year|annum)|a year|each year|every year|p\.a\.)\b|每年|年产|年均|年销售|年营业|年产值|年利税|年用",
    re.I,
)
# A design or projected figure: "will generate", "is expected to", "once completed", "达产后", "预计".
_PROJECTED = re.compile(
    r"\b(?:will|would|is expected to|are expected to|expected|planned|designed|design|projected|"
    r"after (?:completion|reaching)|once (?:completed|in operation|finished)|when (?:completed|finished|fully))\b|"
    r"达产后|建成后|投产后|预计|将|规划",
    re.I,
)


def period_status(text: str, *, period: str | None = None, unit: str | None = None,
                  status: str | None = None) -> str | None:
    """The period status of a figure whose calendar period is not resolved; ``None`` when it is.

    ``annual`` when the figure is stated per year (a ``t/yr`` unit, "annual sales of", "每年");
    otherwise ``planned`` when it is a design or projected figure (a planned project, "will
    produce", "达产后"); otherwise ``unknown``. An annual figure of a planned project stays
    ``annual``: the project's status already says it is planned (catalogue F3, "annual (planned)").

    :param text: the clause (or sentence) that states the figure.
    :param period: the calendar period found for it, if any.
    :param unit: the figure's unit (:attr:`alucluster.loaders.quantities.Quantity.unit`).
    :param status: the project status in force for the clause (:func:`status_of`).

    >>> period_status("The project will generate annual sales of RMB 2.2 billion.")
    'annual'
    >>> period_status("Output value will reach 5 billion yuan once completed."), period_status("It sold 5 t.")
    ('planned', 'unknown')
    >>> period_status("It made 5 t in 2021.", period="2021") is None
    True
    """
    if period is not None:
        return None
    if (unit or "").endswith("/yr") or _ANNUAL.search(text):
        return "annual"
    if status == "planned" or _PROJECTED.search(text):
        return "planned"
    return "unknown"


@dataclass(frozen=True)
class Clause:
    """A part of a sentence with the period and status that apply to the figures in it."""

    start: int  # character offsets into the article text
    end: int
    period: str | None
    status: str | None


_CLAUSE_BREAK = re.compile(r",\s*(?:and|while|but|whereas|which)\b|;|\s(?:while|whereas)\s|\sand (?=(?:its|their) )")
# "which is expected to reach 1.4 million t/yr": the figure after it is a plan, whatever else the
# sentence says ("once a new mill is commissioned" is not a status of the plant today)
_FUTURE = re.compile(
    r"\b(?:expected|set|planned|scheduled|due|slated) to (?:reach|rise|increase|grow|expand|hit|double|top|"
    r"be (?:raised|expanded|increased))\b|\b(?:will|would) (?:reach|rise|increase|expand|grow|have|be (?:doubled|raised|expanded|increased))\b",
    re.I)


def clauses(text: str, start: int, year: int | None, *, period: str | None = None,
            status: str | None = None) -> list[Clause]:
    """The clauses of a sentence, each with its period and status.

    :param text: the sentence.
    :param start: the sentence's offset in the article (clause offsets are absolute).
    :param year: the article's year ("this year", "last year").
    :param period: the period in force for the sentence (used by clauses that state none).
    :param status: the status in force for the sentence when it states none itself and has no plan clause.

    >>> [c.status for c in clauses("It has 2 t/yr, which is expected to reach 3 t/yr once a line is commissioned.", 0, 2022)]
    [None, 'planned']
    """
    bounds = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    parts = [(a, b, text[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]
    # the status of the sentence leaving out what it says about plans ("once a line is commissioned")
    current = "".join(p for _, _, p in parts if not _FUTURE.search(p))
    base_status = status_of(current) if current else None
    if base_status is None and len(current) == len(text):
        base_status = status
    out = []
    scope_period = None  # the last period a clause stated itself
    for a, b, part in parts:
        scope = year
        if scope_period and not re.search(r"\b(this|last) year\b", part, re.I):
            scope = int(scope_period[:4])
        own, _ = period_and_deferral(part, scope)
        if own is not None:
            scope_period = own
        clause_period = own or scope_period or period
        clause_status = "planned" if _FUTURE.search(part) else (status_of(part) or base_status)
        out.append(Clause(start + a, start + b, clause_period, clause_status))
    return out
