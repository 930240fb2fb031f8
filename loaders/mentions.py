"""Organizations, places, parks, products, indicators, quantities and pronouns found in English text.

Organization names are read from runs of capitalised tokens (a place prefix followed by a pinyin
brand, or a legal/group suffix) and resolved within the article (:mod:`alucluster.loaders.resolve`);
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
from alucluster.loaders.items import (IndicatorItem, Item, OrgItem, ParkItem, PlaceItem, ProductItem, PronounItem,
                                      QuantityItem)
from alucluster.loaders.periods import MONTHS
from alucluster.loaders.pipeline import Cues, Sentence, english_pipeline, is_pinyin
from alucluster.loaders.places import Division, gazetteer, lookup, resolve_place
from alucluster.loaders.quantities import find_quantities
from alucluster.loaders.resolve import Merge, Mention, candidates, resolve

__all__ = ["INDUSTRY_WORDS", "Mentions", "ambiguity", "find_mentions", "in_host", "place_entity"]

_LEGAL = {"co", "co.", "ltd", "ltd.", "limited", "inc", "inc.", "corp", "corp.", "llc", "plc", "company"}
_GROUP = {"group", "holdings", "holding"}
# Capitalised words that make a name a place, park or public body rather than an enterprise.
_NON_ENTERPRISE = {
    "bureau", "committee", "government", "party", "municipal", "city", "province", "provincial", "county",
    "district", "prefecture", "region", "autonomous", "park", "zone", "area", "university", "institute",
    "association", "office", "department", "commission", "administration", "ministry", "council", "congress",
    "people's", "standing", "statistics", "news", "daily", "desk", "center", "centre", "station", "port",
}
INDUSTRY_WORDS = {
    "aluminum", "aluminium", "carbon", "energy", "cable", "cables", "wheel", "wheels", "foil", "materials", "material",
    "metals", "metal", "industry", "industries", "chemical", "chemicals", "technology", "power", "electric", "steel",
    "alloy", "alloys", "smelting", "mining", "resources", "logistics", "machinery", "auto",
}


def _org_runs(doc, sent):
    """Candidate organization names in a sentence: (start_tok, end_tok, label_tokens, suffix_end_tok)."""
    toks = list(sent)
    i = 0
    out = []
    while i < len(toks):
        t = toks[i]
        if not _is_cap(t.text):
            i += 1
            continue
        j = i
        while j < len(toks) and (_is_cap(toks[j].text) and toks[j].text.lower() not in _LEGAL | {"corporation"} or (toks[j].text in ("&", "and") and j + 1 < len(toks) and _is_cap(toks[j + 1].text) and toks[j + 1].text.lower() not in _LEGAL)):
            if toks[j].text == "and" and _starts_new_name(toks, i, j):
                break
            j += 1
        # legal suffix: "Co., Ltd.", "Co. Ltd", "Co.,Ltd", "Company Limited", "Corp.", "Inc."
        k = j
        while k < len(toks) and (toks[k].text.lower().rstrip(".") in {w.rstrip(".") for w in _LEGAL} or toks[k].text.lower() in ("corporation",) or (toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].text.lower().rstrip(".") in ("ltd", "limited", "inc"))):
            k += 1
        out.append((toks[i].i, toks[j - 1].i + 1 if j > i else toks[i].i + 1, toks[k - 1].i + 1 if k > j else None))
        i = max(k, j, i + 1)
    return out


def _starts_new_name(toks, i: int, j: int) -> bool:
    """True when the "and" at ``toks[j]`` joins two names rather than being part of one: what
    follows starts with a place prefix and a capitalised word ("... Aluminium and Hunan Xiangsheng
    Foil"), or is a pinyin brand after a name that already ends in an industry or group word.
    ("&" is never split: "Hebei Lianxing Aluminium & Power" is one name.)"""
    nxt = [t.text for t in toks[j + 1 : j + 4]]
    if len(nxt) >= 2 and _is_cap(nxt[1]):
        n, _ = _place_prefix(nxt, allow_county=False)
        if n:
            return True
    prev = toks[j - 1].text.lower()
    return j - i >= 2 and bool(nxt) and is_pinyin(nxt[0]) and (prev in INDUSTRY_WORDS or prev in _GROUP)


def _is_cap(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z]*(?:-[A-Za-z]+)*\.?", text)) and text not in ("I", "A")


def _place_prefix(words: list[str], *, allow_county: bool, context: tuple[str, ...] = ()) -> tuple[int, Division | None]:
    for n in (2, 1):
        if len(words) > n:
            name = " ".join(words[:n])
            levels = ("province", "prefecture", "county") if allow_county else ("province", "prefecture")
            best, _ = resolve_place(name, context=context, levels=levels)
            if best is not None:
                return n, best
    return 0, None


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


def _detect_orgs(doc, sentences, context: tuple[str, ...] = ()):
    """Organization mentions (resolve.Mention with char spans) in text order."""
    found = []
    for sent in sentences:
        for a, b, suffix_end in _org_runs(doc, sent.span):
            words = [t.text for t in doc[a:b]]
            # Drop leading function words, months and sentence-initial capitals ("In", "Last").
            while words and (doc[a].is_stop or doc[a].text.lower() in MONTHS or doc[a].text.lower().rstrip(".") in ("nov", "oct", "sept")):
                a += 1
                words = words[1:]
            if not words:
                continue
            lower = [w.lower() for w in words]
            if any(w in _NON_ENTERPRISE for w in lower):
                continue
            has_legal = suffix_end is not None
            group = lower[-1] in _GROUP
            n_place, place = _place_prefix(words, allow_county=False, context=context)
            rest = words[n_place:]
            if not n_place and len(words) > 1 and is_pinyin(words[1]):
                n_c, county = _place_prefix(words, allow_county=True)
                if county is not None and county.level == "county":
                    n_place, place, rest = n_c, county, words[n_c:]
            if place is not None and place.level == "province" and len(rest) > 1:
                # "Guizhou Tongren X Co.": province then one of its cities; the city is the most specific
                inner = next((d for d in lookup(rest[0], levels=("prefecture",)) if d.province_adcode == place.adcode), None)
                if inner is not None and is_pinyin(rest[1]):
                    n_place, place, rest = n_place + 1, inner, rest[1:]
            if not rest:
                continue
            # "Yunnan Wenshan" is a province and a city, not a company
            brand = is_pinyin(rest[0]) and (has_legal or group or not lookup(rest[0], levels=("province", "prefecture")))
            end_tok = suffix_end or b
            start_char, end_char = doc[a].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
            label = " ".join(words)
            if has_legal or group or (place is not None and brand):
                found.append((Mention(label, tuple(words[:n_place]), tuple(rest), group, start_char), end_char, place))
            elif brand and not place:
                # "Minghua Aluminum": a brand plus an industry word names a company even without a
                # place prefix or legal form; a bare brand ("Xinda") is only an alias.
                standalone = len(rest) >= 2 and rest[-1].lower() in INDUSTRY_WORDS
                found.append((Mention(label, (), tuple(rest), group, start_char, full=False, standalone=standalone), end_char, None))
    return found


def _detect_parks(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"\b((?:[A-Z][A-Za-z-]+ )+(?:and (?:[A-Z][A-Za-z-]+ )+)?(?:Industrial Park|Park|Development Zone|Industrial Zone|Economic Zone|Zone|New Area|New District|Industrial Cluster))\b", text):
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
class Mentions:
    """What one article names, before any fact is read: items in text order, the host place, the
    organizations' place prefixes, the merges made, and short names attached by guess."""

    items: tuple[Item, ...]
    host: Division | None
    org_place: dict  # enterprise id -> Division of its name's place prefix
    merges: tuple[Merge, ...]
    ambiguous: dict  # id() of a stand-in entity -> note naming the candidates

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
    raw_orgs, org_items, org_place, merges, ambiguous = _org_items(doc, sentences, text, context)
    org_spans = [(it.start, it.end) for it in org_items]
    place_items, host = _place_items(article, doc, context, org_spans, raw_orgs)
    park_items = _park_items(text)
    park_spans = [(it.start, it.end) for it in park_items]
    place_items = [it for it in place_items if not _inside(it.start, it.end, park_spans)]
    rest = _lexicon_items(doc, text, org_spans, park_spans, cues)
    items = sorted(org_items + place_items + park_items + rest, key=lambda it: (it.start, it.end))
    return Mentions(tuple(items), host, org_place, tuple(merges), ambiguous)


def _inside(a: int, b: int, spans) -> bool:
    return any(a >= s and b <= e for s, e in spans)


def _org_items(doc, sentences, text: str, context):
    """Organization items, resolved: one entity per organization, short names merged into it."""
    dateline_spans = [span for _, span in datelines(text)]
    # "HUOLINGUOLE, Inner Mongolia -": a dateline names the place, never a company
    raw_orgs = [o for o in _detect_orgs(doc, sentences, context)
                if not any(a <= o[0].start < b for a, b in dateline_spans)]
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
    return raw_orgs, org_items, org_place, merges, ambiguous


def _place_items(article: Article, doc, context, org_spans, raw_orgs) -> tuple[list[PlaceItem], Division | None]:
    """Place items outside organization names, and the host place of the article."""
    text = article.text
    place_items = []
    for _, a, b in english_pipeline().places(doc):
        span = doc[a:b]
        if _inside(span.start_char, span.end_char, org_spans):
            continue
        best, _ = resolve_place(span.text, context=context, levels=("province", "prefecture"))
        if best is not None:
            place_items.append(PlaceItem(span.start_char, span.end_char, best))
    for m in re.finditer(r"\b([A-Z][a-z]+) (County|District)\b", text):
        hits = lookup(m.group(1), levels=("county",))
        if hits:
            place_items.append(PlaceItem(m.start(), m.end(), hits[0]))
    host = choose_host(article.title or "", text, [(it.value, it.start) for it in place_items],
                       [place for _, _, place in raw_orgs if place is not None])
    if host is not None and host.level == "county":
        # the matcher knows provinces and prefectures only: add the mentions of a county-level host
        for m in re.finditer(rf"\b{re.escape(host.name_en)}\b(?!\s+(?:County|District))", text):
            if not _inside(m.start(), m.end(), org_spans) and not any(it.start <= m.start() < it.end for it in place_items):
                place_items.append(PlaceItem(m.start(), m.end(), host))
        place_items.sort(key=lambda it: it.start)
    return place_items, host


def _park_items(text: str) -> list[ParkItem]:
    park_items = [ParkItem(a, b, Entity(f"park/{slug(label)}", "IndustrialPark", label)) for a, b, label in _detect_parks(text)]
    # "the New Area", "the park": a short reference to the park last named with that ending
    for m in re.finditer(r"\bthe ((?:New|Industrial|Development|Economic|High-tech)?\s?(?:Area|Park|Zone|District))\b", text):
        named = [it for it in park_items if it.end <= m.start() and it.value.label.endswith(m.group(1).strip())]
        if named and not any(it.start <= m.start(1) < it.end for it in park_items):
            park_items.append(ParkItem(m.start(1), m.end(1), named[-1].value))
    park_items.sort(key=lambda it: it.start)
    return park_items


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
