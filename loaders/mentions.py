"""Organizations, places, parks, products, indicators, quantities and pronouns found in English text.

Organization names are read by :mod:`alucluster.loaders.organisations` and resolved within the
article (:mod:`alucluster.loaders.resolve`);
places come from the gazetteer's phrase matcher, parks from their generic endings ("Industrial
Park", "New Area"), products and indicators from the ontology lexicons, quantities from
:mod:`alucluster.loaders.quantities`. The host place comes from the dateline, title and mentions
(:mod:`alucluster.loaders.host`). Nothing here knows a particular article.

>>> from alucluster.loaders.article import Article
>>> from alucluster.loaders.pipeline import english_pipeline, split_sentences
>>> a = Article.from_text("Henan Ruida Aluminium Co., Ltd. makes foil in Zhengzhou.", date="2021")
>>> doc = english_pipeline().nlp(a.text)
>>> m = find_mentions(a, doc, split_sentences(doc, a.text))
>>> [it.value.label for it in m.items if it.kind == "org"], m.host.name_en
(['Henan Ruida Aluminium'], 'Zhengzhou')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, slug
from alucluster.loaders.host import choose_host, datelines
from alucluster.loaders.items import (COUNTRY, CountryItem, IndicatorItem, Item, OrgItem, ParkItem, PlaceItem, ProductItem,
                                      PronounItem, QuantityItem)
from alucluster.loaders.organisations import OrgMention, detect_orgs
from alucluster.loaders.pipeline import Cues, Sentence, english_pipeline
from alucluster.loaders.places import Division, gazetteer, lookup, resolve_place
from alucluster.loaders.quantities import find_quantities
from alucluster.loaders.resolve import Merge, Mention, candidates, resolve

__all__ = ["Mentions", "StatedPlace", "ambiguity", "find_mentions", "in_host", "place_entity"]

def ambiguity(d: Division) -> str | None:
    """A note when other divisions of the same level share the name (Taizhou, Suzhou, Yichun)."""
    same = [x for x in lookup(d.name_en, levels=(d.level,)) if x.adcode != d.adcode]
    if not same:
        return None
    others = ", ".join(f"{x.name_en} ({x.province.name_en})" for x in same)
    return f"ambiguous place name: chose {d.name_en} ({d.province.name_en}) over {others}"


def _province_context(text: str) -> tuple[str, ...]:
    """Province-level names the text mentions: they decide between same-named cities."""
    return tuple(d.name_en for d in gazetteer().divisions if d.level == "province" and re.search(rf"\b{re.escape(d.name_en)}\b", text))


# A park name: capitalised words, "and" between them, and a few lower-case words that are no
# function words ("X Aluminum deep processing Industrial Park"), before a park ending.
_PARK = re.compile(
    r"\b((?:[A-Z][A-Za-z'-]+ )+(?:(?:and|(?!(?:in|at|on|the|a|an|of|to|for|by|with|from|is|was|are|were|has|have|"
    r"its|their|this|that|and|or|as|into|will|which)\b)[a-z]+(?: (?!(?:in|at|on|the|a|an|of|to|for|by|with|from)\b)"
    r"[a-z]+){0,2}) (?:[A-Z][A-Za-z'-]+ )*)*?(?:Industrial Park|Park|Development Zone|Industrial Zone|Economic Zone|"
    r"Zone|New Area|New District|Industrial Cluster))\b")


def _detect_parks(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _PARK.finditer(text):
        name = m.group(1)
        words = name.split()
        while words and words[0] in ("The", "In", "At", "A"):
            words = words[1:]
        if len(words) >= 2:
            label = " ".join(words)
            out.append((m.end(1) - len(label), m.end(1), label))
    return out




def place_entity(d: Division) -> Entity:
    """The entity of a gazetteer division.

    >>> place_entity(lookup("Zhengzhou")[0]).label
    'Zhengzhou'
    """
    return Entity(d.id, d.type, d.name_en, d.name_zh)


def in_host(host: Division | None, d: Division | None) -> bool:
    """True when ``d`` is the host place or lies inside it.

    >>> zz = lookup("Zhengzhou")[0]
    >>> in_host(zz.province, zz), in_host(zz, zz.province)
    (True, False)
    """
    return host is not None and d is not None and (
        d.adcode == host.adcode or d.prefecture_adcode == host.adcode
        or (host.level == "province" and d.province_adcode == host.adcode))


@dataclass(frozen=True)
class StatedPlace:
    """A place written next to an organisation's name ("US-based X", "Hong Kong's X"), with its
    division when it is in the gazetteer (a place inside the host is a location, not an origin)."""

    subject: Entity
    place: Entity
    division: Division | None
    note: str
    start: int


@dataclass(frozen=True)
class Mentions:
    """What one article names, before any fact is read: items in text order, the host place, the
    organizations' place prefixes, the merges made, and short names attached by guess."""

    items: tuple[Item, ...]
    host: Division | None
    org_place: dict  # enterprise id -> Division of its name's place prefix
    merges: tuple[Merge, ...]
    ambiguous: dict  # id() of a stand-in entity -> note naming the candidates
    stated_places: tuple[StatedPlace, ...] = ()

    @property
    def host_entity(self) -> Entity | None:
        return place_entity(self.host) if self.host else None


def find_mentions(article: Article, doc, sentences: list[Sentence], cues: Cues | None = None) -> Mentions:
    """Everything the article names, as typed items in text order.

    :param article: the article (its title helps choose the host place).
    :param doc: the spaCy document of ``article.text``.
    :param sentences: its sentences (:func:`alucluster.loaders.pipeline.split_sentences`).
    :param cues: the cue matches of ``doc`` (pronouns); computed when not given.
    """
    p = english_pipeline()
    text = article.text
    cues = cues or Cues(doc, p.cues)
    context = _province_context(text)
    title_end = _title_end(article)
    prefixes, org_items, org_place, merges, ambiguous, stated = _org_items(doc, sentences, text, context, title_end)
    org_spans = [(it.start, it.end) for it in org_items]
    park_items = _park_items(text)
    park_spans = [(it.start, it.end) for it in park_items]
    place_items, host = _place_items(article, doc, context, org_spans, park_spans, prefixes)
    place_items = [it for it in place_items if not _inside(it.start, it.end, park_spans)]
    rest = _lexicon_items(doc, text, org_spans, park_spans, cues) + _country_items(text, org_spans)
    items = sorted(org_items + place_items + park_items + rest, key=lambda it: (it.start, it.end))
    return Mentions(tuple(items), host, org_place, tuple(merges), ambiguous, tuple(stated))


def _title_end(article: Article) -> int:
    """Where the headline ends when the text opens with it (its names are often padded or cut)."""
    first_line = article.text.split("\n", 1)[0]
    return len(first_line) if article.title and first_line.strip() == article.title.strip() else 0


def _inside(a: int, b: int, spans) -> bool:
    return any(a >= s and b <= e for s, e in spans)


def _org_items(doc, sentences, text: str, context, title_end: int):
    """Organization items, resolved: one entity per organization, short names merged into it; the
    place prefixes of the distinct names; the places stated next to names."""
    dateline_spans = [span for _, span in datelines(text)]
    # "HUOLINGUOLE, Inner Mongolia -": a dateline names the place, never a company
    detected: list[OrgMention] = [o for o in detect_orgs(doc, [s.span for s in sentences], context, title_end=title_end)
                                  if not any(a <= o.mention.start < b for a, b in dateline_spans)]
    parks = [(a, b) for a, b, _ in _detect_parks(text)]
    detected = [o for o in detected if not _inside(o.mention.start, o.end, parks)]
    raw_orgs = [(o.mention, o.end, o.place) for o in detected]
    canon, merges = resolve([m for m, _, _ in raw_orgs])
    org_entities: dict[Mention, Entity] = {}
    org_place: dict[str, Division] = {}
    org_items = []
    fulls = list(dict.fromkeys(c for c in canon if c is not None))
    ambiguous: dict[int, str] = {}

    def entity(c: Mention) -> Entity:
        if c not in org_entities:
            org_entities[c] = Entity(f"enterprise/{slug(c.label)}", "EnterpriseGroup" if c.group else "Enterprise", c.label)
        return org_entities[c]

    for (mention, end_char, place), c in zip(raw_orgs, canon):
        if c is None:
            fits = candidates(mention, fulls)
            if len(fits) < 2:
                continue
            # Several companies share the short name: its facts go to the one named last before
            # it (or first), through a stand-in entity so they can be marked later, never as stated.
            before = [f for f in fits if f.start < mention.start]
            chosen = max(before, key=lambda f: f.start) if before else fits[0]
            ent = entity(chosen)
            stand_in = Entity(ent.id, ent.type, ent.label, ent.label_zh)
            names = " or ".join(f"'{f.label}'" for f in fits)
            ambiguous[id(stand_in)] = f"ambiguous short name '{mention.label}': {names}; attached to '{chosen.label}'"
            org_items.append(OrgItem(mention.start, end_char, stand_in))
            continue
        ent = entity(c)
        if place is not None and c is mention:
            org_place.setdefault(ent.id, place)
        org_items.append(OrgItem(mention.start, end_char, ent))
    stated = [StatedPlace(org_entities[c], o.origin, o.origin_division, o.origin_note, o.mention.start)
              for o, c in zip(detected, canon) if o.origin is not None and c is not None]
    # a prefix counts once per company, however often the company is named
    prefixes = list({id(c): place for (_, _, place), c in zip(raw_orgs, canon) if place is not None and c is not None}.values())
    return prefixes, org_items, org_place, merges, ambiguous, stated


def _place_items(article: Article, doc, context, org_spans, park_spans, prefixes) -> tuple[list[PlaceItem], Division | None]:
    """Place items outside organization names, and the host place of the article (places inside a
    park's name, "Xinjiang ... Development Zone", do not vote for it)."""
    text = article.text
    place_items = []
    for _, a, b in english_pipeline().places(doc):
        span = doc[a:b]
        if _inside(span.start_char, span.end_char, org_spans):
            continue
        best, _ = resolve_place(span.text, context=context, levels=("province", "prefecture"))
        if best is not None:
            place_items.append(PlaceItem(span.start_char, span.end_char, best))
    place_items += _county_items(text, context, org_spans, {it.start for it in place_items})
    place_items.sort(key=lambda it: it.start)
    voting = [(it.value, it.start) for it in place_items if not _inside(it.start, it.end, park_spans)]
    host = choose_host(article.title or "", text, voting, prefixes)
    if host is not None and host.level == "county":
        # the matcher knows provinces and prefectures only: add the mentions of a county-level host
        for m in re.finditer(rf"\b{re.escape(host.name_en)}\b(?!\s+(?:County|District))", text):
            if not _inside(m.start(), m.end(), org_spans) and not any(it.start <= m.start() < it.end for it in place_items):
                place_items.append(PlaceItem(m.start(), m.end(), host))
        place_items.sort(key=lambda it: it.start)
    return place_items, host


def _county_items(text: str, context, org_spans, taken: set[int]) -> list[PlaceItem]:
    """County-level places the phrase matcher (provinces and prefectures) cannot see: "X County",
    "the X subdistrict", and "X, <Province>" / "X in <Province>" where X is a county of it."""
    out: list[PlaceItem] = []
    for m in re.finditer(r"\b([A-Z][a-z]+(?:'[a-z]+)?) (County|District|county|district|subdistrict)\b", text):
        best, _ = resolve_place(m.group(1), context=context, levels=("county",))
        if best is not None and m.start() not in taken:
            out.append(PlaceItem(m.start(), m.end() if m.group(2)[0].isupper() else m.end(1), best))
    for m in re.finditer(r"\b([A-Z][a-z]+(?:'[a-z]+)?),?\s+(?:in\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b", text):
        if _inside(m.start(), m.end(1), org_spans) or m.start() in taken or any(it.start == m.start() for it in out):
            continue
        province = next(iter(lookup(m.group(2), levels=("province",))), None)
        county = province and next((d for d in lookup(m.group(1), levels=("county",)) if d.province_adcode == province.adcode), None)
        if county:
            out.append(PlaceItem(m.start(), m.end(1), county))
    return out


def _park_items(text: str) -> list[ParkItem]:
    park_items = [ParkItem(a, b, Entity(f"park/{slug(label)}", "IndustrialPark", label)) for a, b, label in _detect_parks(text)]
    # "the New Area", "the park": a short reference to the park last named with that ending
    for m in re.finditer(r"\bthe ((?:New|Industrial|Development|Economic|High-tech)?\s?(?:Area|Park|Zone|District))\b", text):
        named = [it for it in park_items if it.end <= m.start() and it.value.label.endswith(m.group(1).strip())]
        if named and not any(it.start <= m.start(1) < it.end for it in park_items):
            park_items.append(ParkItem(m.start(1), m.end(1), named[-1].value))
    park_items.sort(key=lambda it: it.start)
    return park_items


def _country_items(text: str, org_spans) -> list[CountryItem]:
    """"China" outside an organization's name, "the country", "the nation": national figures'
    holder. (Never a host: the host is a division of the gazetteer.)"""
    return [CountryItem(m.start(), m.end(), COUNTRY)
            for m in re.finditer(r"\bChina\b|\b[Tt]he (?:country|nation)\b", text)
            if not _inside(m.start(), m.end(), org_spans)]


def _lexicon_items(doc, text: str, org_spans, park_spans, cues: Cues) -> list[Item]:
    """Products, indicators, quantities and pronouns."""
    from spacy.util import filter_spans

    p = english_pipeline()
    product_matches = {}
    for mid, a, b in p.products(doc):
        product_matches.setdefault((a, b), mid)
    prod_items = []
    for sp in filter_spans([doc[a:b] for a, b in product_matches]):
        if _inside(sp.start_char, sp.end_char, org_spans) or _inside(sp.start_char, sp.end_char, park_spans):
            continue
        prod_items.append(ProductItem(sp.start_char, sp.end_char, p.product_ids[product_matches[(sp.start, sp.end)]]))
    prod_starts = {it.start for it in prod_items}
    ind_spans = []
    for matcher in (p.indicators, p.indicators_case):
        for mid, a, b in matcher(doc):
            ind_spans.append((doc[a:b], p.indicator_ids[mid]))
    ind_items = [
        IndicatorItem(s.start_char, s.end_char, next(i for sp, i in ind_spans if sp.start == s.start and sp.end == s.end))
        for s in filter_spans([s for s, _ in ind_spans])
    ]
    qty_items = []
    for q in find_quantities(text):
        if q.unit is None and re.fullmatch(r"(19|20)\d\d", q.text):
            continue  # a year
        if q.unit is None and q.text.isdigit() and len(q.text) <= 2 and not ({q.end, q.end + 1} & prod_starts):
            continue  # small bare numbers are list markers and days, unless they count a product
        if _inside(q.start, q.end, org_spans):
            continue
        if q.per:
            continue  # a price ("RMB 2,500/t") or a daily rate: neither an amount nor an annual capacity
        qty_items.append(QuantityItem(q.start, q.end, q))
    pron_items = [PronounItem(a, b, "org", t) for a, b, t in cues.within("PRONOUN_ORG", 0, len(text))]
    pron_items += [PronounItem(a, b, "place", t) for a, b, t in cues.within("PRONOUN_PLACE", 0, len(text))]
    return prod_items + ind_items + qty_items + pron_items
