"""Quantity frames: who holds a figure, what it measures, of which product, read by ordered strategies.

A tonnage or count in a sentence heads a frame: its *holder* (the enterprise, project or place the
figure belongs to), its *measure* (capacity, output, or something that is neither: an input, a
saving, an emission, a price, an area, a head count), its *product*. Each slot is filled by small
strategies tried in order, each a function of the sentence's items and text that can be tested
alone:

- noun-phrase-internal (:func:`noun_phrase`): "a 48,000-tonne foil line of X", "X's 86kt/yr foil
  line": the figure sizes a facility; the facility's owner and product are the frame's;
- after the figure (:func:`owner_after`): "N tons of X of COMPANY", "for COMPANY", "by COMPANY";
- the facility noun (:func:`facility_product`): smelter, potline, pots -> primary aluminium;
  refinery -> alumina; rolling mill -> rolled products; carbon plant -> anodes; extrusion press ->
  profiles;
- what the figure is not (:func:`not_a_capacity`): inputs, savings, emissions, prices, land area and
  jobs are never capacities or outputs.

The clause subject, pronouns and the host default come from :mod:`alucluster.loaders.subjects`.
Energy and technology modifiers (hydropower, coal-fired, green, low-carbon) describe a plant, not
what it makes: a tonnage is never of electricity (:func:`tonnage_products`).

>>> facility_product("a coal-fired captive-power smelter")
'electrolytic-aluminium'
>>> not_a_capacity("It will melt ", " of purchased scrap a year.")
'input'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alucluster.loaders.items import Item, OrgItem, ProductItem

__all__ = [
    "FACILITY", "NounPhrase", "facility_product", "noun_phrase", "not_a_capacity", "owner_after", "phrase_after", "tonnage_products",
]

#: Nouns that name a production facility sized by a capacity.
FACILITY = (r"(?:plant|factory|line|lines|smelter|smelters|refinery|refineries|mill|mills|facility|facilities|"
            r"workshop|shop|project|projects|base|complex|potline|potlines|press|presses|unit|units|subproject|scheme)")
# Facility nouns that say what the facility makes, most specific first; checked on the words
# before the noun ("rolling mill", "carbon plant", "extrusion press").
_FACILITY_PRODUCTS = (
    (re.compile(r"\b(?:smelt(?:er|ers|ing)|potlines?|pots|electrolytic cells?|electrolysis)\b", re.I), "electrolytic-aluminium"),
    (re.compile(r"\brefiner(?:y|ies)\b", re.I), "alumina"),
    (re.compile(r"\b(?:rolling (?:mill|line|plant)s?|flat[- ]rolled|cold[- ]rolling|hot[- ]rolling)\b", re.I), "aluminium-sheet"),
    (re.compile(r"\b(?:carbon|anode) (?:plant|factory|line|project)s?\b|\banode baking\b", re.I), "prebaked-anodes"),
    (re.compile(r"\bextrusion (?:press|presses|plant|line|lines|workshop|shop|mill)\b|\bextruded\b", re.I), "aluminium-profiles"),
    # only smelting needs its own power: a generic "aluminium" plant described by its power source
    (re.compile(r"\bhydro-?power(?:ed)?\b|\bcoal-fired\b|\bcaptive[- ]power\b|\bself-(?:owned|supplied) power\b", re.I),
     "electrolytic-aluminium"),
)
# What a figure may be that is neither a capacity nor an output, read from the verb or noun before
# it ("melt", "cut ... by", "emissions of") or the words after it ("of purchased scrap", "per
# tonne", "mu", "jobs").
_NOT_A_CAPACITY_BEFORE = (
    ("saving", re.compile(r"\b(?:cut|cuts|cutting|sav\w*|reduc\w*|lower\w*)\b[^,;]{0,40}\bby\s+$", re.I)),
    ("input", re.compile(r"\b(?:melt|melts|melting|consum\w*|uses?|using|takes?|taking|purchas\w*|feeds?|import\w*|"
                         r"raw materials?|inputs?)\b[^,;]{0,25}$", re.I)),
    ("emission", re.compile(r"\b(?:emission|emissions|emit\w*|carbon dioxide|CO2)\b[^,;]{0,25}$", re.I)),
    ("price", re.compile(r"\b(?:price[sd]?|priced|cost(?:s|ing)? of)\b[^,;]{0,25}$", re.I)),
    ("area", re.compile(r"\b(?:covering|covers|covered|occup\w*|land|area)\b[^,;]{0,20}$", re.I)),
)
_NOT_A_CAPACITY_AFTER = (
    ("input", re.compile(r"^\s*(?:of\s+)?(?:\w+\s+){0,2}(?:scrap|ore|coal|cans|raw materials?|feedstock)\b(?!-)", re.I)),
    ("price", re.compile(r"^\s*(?:/|per)\s*(?:t|ton|tons|tonne|tonnes|mt)\b", re.I)),
    ("area", re.compile(r"^\s*(?:mu|acres?|hectares?|square (?:meters?|metres?|maters?|kilometers?))\b", re.I)),
    ("jobs", re.compile(r"^\s*(?:\w+\s+){0,2}(?:jobs|employees|workers|staff|people)\b", re.I)),
)


@dataclass(frozen=True)
class NounPhrase:
    """A facility the figure sizes ("a 45,000-tonne cable-rod project"): its words, its owner when
    the phrase names one, and the product items inside it."""

    start: int
    end: int
    head: str  # the facility noun
    owner: Item | None
    products: tuple[ProductItem, ...]


def facility_product(words: str) -> str | None:
    """The product a facility noun implies, or None.

    :param words: the noun phrase, e.g. "the rolling mill", "a 275 ktpa coal-fired smelter".

    >>> facility_product("its new refinery"), facility_product("the rolling mill"), facility_product("a plant")
    ('alumina', 'aluminium-sheet', None)
    """
    for rx, product in _FACILITY_PRODUCTS:
        if rx.search(words):
            return product
    return None


def not_a_capacity(before: str, after: str) -> str | None:
    """What a tonnage is when it is neither a capacity nor an output ("input", "saving",
    "emission", "price", "area", "jobs"), read from the text right before and after it; else None.

    :param before: the text of the clause before the number.
    :param after: the text after the number (its unit included or not).

    >>> not_a_capacity("and cut coal use by ", " annually"), not_a_capacity("a plant of ", " a year")
    ('saving', None)
    """
    for name, rx in _NOT_A_CAPACITY_BEFORE:
        if rx.search(before):
            return name
    for name, rx in _NOT_A_CAPACITY_AFTER:
        if rx.search(after):
            return name
    return None


def noun_phrase(items, q_item: Item, text: str, s_start: int, s_end: int) -> NounPhrase | None:
    """The facility noun phrase a figure sizes, when the figure stands inside one.

    "a 48,000-tonne foil line of X" (owner after "of"), "X's 86kt/yr high-precision foil line"
    (possessive owner), "a 120,000 mt/year secondary alloy plant" (no owner): up to five words
    between the figure and the facility noun, no punctuation.

    :param items: the items of the sentence in text order.
    :param q_item: the quantity.
    :param text: the article text.
    :param s_start: start of the sentence.
    :param s_end: end of the sentence.
    """
    m = re.match(r"(?:[- ]?(?:per|a|/)\s*(?:year|annum|yr))?\s*(?:annual\s+)?(?:capacity\s+)?((?:[\w-]+\s+){0,5}?)"
                 + FACILITY + r"\b", text[q_item.end : s_end], re.I)
    if m is None:
        return _noun_phrase_before(items, q_item, text, s_start)
    if re.search(r"\b(?:of|and|or|for|to|with|in|from|by)\b", m.group(1), re.I):
        return None
    head_end = q_item.end + m.end()
    head = text[q_item.end + m.end(1) : head_end]
    products = tuple(it for it in items if it.kind == "product" and q_item.end <= it.start and it.end <= head_end)
    owner = None
    after = re.match(r"\s+(?:of|for|by|at)\s+(?:the\s+)?", text[head_end:s_end])
    if after:
        owner = next((it for it in items if it.kind == "org" and it.start == head_end + after.end()), None)
    if owner is None:
        # "X's 86kt/yr foil line", "X's new 1.2 million-ton smelter"
        for it in reversed([i for i in items if i.kind == "org" and s_start <= i.end <= q_item.start]):
            if re.fullmatch(r"['’]s?\s+(?:\w+\s+){0,2}", text[it.end : q_item.start]):
                owner = it
            break
    start = q_item.start
    det = re.search(r"\b(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}$", text[s_start : q_item.start], re.I)
    if det:
        start = s_start + det.start()
    return NounPhrase(start, head_end, head.lower(), owner, products)


def _noun_phrase_before(items, q_item: Item, text: str, s_start: int) -> NounPhrase | None:
    """"a deep processing aluminium alloy production line of 300,000 t": the facility noun before
    "of" and the figure; its words are the phrase."""
    m = re.search(r"\b(?:a|an|the|its|their)\s+((?:[\w-]+\s+){0,6}?)(" + FACILITY + r")\s+(?:with\s+(?:a|an)\s+"
                  r"(?:annual\s+)?(?:capacity\s+)?)?of\s+$", text[s_start : q_item.start], re.I)
    if m is None or re.search(r"\b(?:of|and|or|for|to|with|in|from|by)\b", m.group(1), re.I):
        return None
    start = s_start + m.start()
    products = tuple(it for it in items if it.kind == "product" and start <= it.start and it.end <= q_item.start)
    return NounPhrase(start, s_start + m.end(2), m.group(2).lower(), None, products)


def owner_after(items, q_item: Item, product_items, text: str, s_end: int) -> OrgItem | None:
    """The organization a listed figure belongs to, named right after its product: "N tons of X
    (rolling) of COMPANY", "N t of X for COMPANY", "N t of X by COMPANY".

    :param items: the items of the sentence in text order.
    :param q_item: the quantity.
    :param product_items: the products named right after the quantity (may be empty).
    :param text: the article text.
    :param s_end: end of the sentence.
    """
    pos = product_items[-1].end if product_items else q_item.end
    nxt = next((it for it in items if it.start >= pos and it.kind in ("org", "qty", "product")), None)
    if nxt is None or nxt.kind != "org" or nxt.start > s_end:
        return None
    if re.fullmatch(r"\s+(?:[a-z-]+\s+){0,2}?(?:of|for|by|from)\s+(?:the\s+)?", text[pos : nxt.start]):
        return nxt
    return None


# Where a product noun phrase after a figure ends: punctuation, a preposition, a verb, a rate, a
# number, or "and" before a new noun phrase.
_PHRASE_END = re.compile(
    r"[,;:.()]|\s(?:of|for|in|at|by|from|to|into|with|which|that|who|is|are|was|were|has|have|had|will|would|can|could|"
    r"a year|per|each|every|annually|annual|capacity|since|after|before|when|while|as|on|and (?:a|an|the|its|their)\b|"
    r"(?:and|or) \d)\b|\s\d", re.I)


def phrase_after(text: str, start: int, end: int) -> str | None:
    """The product noun phrase written right after a figure ("N tonnes of high-precision
    aluminium strip a year", "N t a year for aerospace plate"), for
    :func:`alucluster.loaders.lexicon.product_of_phrase`; None when no noun phrase follows.

    :param text: the article text.
    :param start: the end of the figure (its unit included).
    :param end: the end of the clause.

    >>> t = "It makes 5,000 tonnes of high-precision aluminium strip a year."
    >>> phrase_after(t, t.index(" of"), len(t))
    'high-precision aluminium strip'
    >>> t = "capacity of 165,000 t a year for aerospace plate."
    >>> phrase_after(t, t.index(" a year"), len(t))
    'aerospace plate'
    """
    m = re.match(r"\s*(?:(?:a|per) year\s+|annually\s+)?(?:of|for)\s+(?:the\s+)?(?:annual\s+)?|\s+(?=[a-z])", text[start:end])
    if m is None:
        return None
    rest = text[start + m.end() : end]
    stop = _PHRASE_END.search(" " + rest)
    phrase = (rest if stop is None else rest[: max(0, stop.start() - 1)]).strip()
    return phrase if phrase and len(phrase.split()) <= 7 else None


def tonnage_products(products: list[str]) -> list[str]:
    """The products a tonnage can be of: electricity named in the same breath ("hydropower-based",
    "captive-power") describes the plant, not what it makes.

    >>> tonnage_products(["electricity", "electrolytic-aluminium"])
    ['electrolytic-aluminium']
    """
    return [p for p in products if p != "electricity"]
