"""The extraction engine: an article in, cited facts out.

A spaCy blank English pipeline splits the text into tokens and sentences (a rule-based sentencizer
plus line breaks, so list items and headings stand alone); PhraseMatchers built from the ontology
lexicons find products and indicators, and from the gazetteer places. Organization names are read
from runs of capitalised tokens (a place prefix followed by a pinyin brand, or a legal/group
suffix); quantities come from :mod:`alucluster.loaders.quantities`. Facts are then read by small,
general rules over each sentence: the nearest preceding organization, project, pronoun or place
is the subject (a pronoun takes the enterprise of its paragraph); cue words decide capacity vs
output, value, investment, indicator or growth; periods and statuses are read per clause
(:mod:`alucluster.loaders.periods`) and carry over "in the same period"; the host place comes
from the dateline, title and mentions (:mod:`alucluster.loaders.host`). Cue words are token
patterns of a spaCy Matcher (``_CUE_PATTERNS``); a few fixed layouts that span punctuation and
numbers (periods, "0.5% faster than the province", "is operated by X", quantities) are regular
expressions over the sentence text, whose offsets line up with the tokens.

Ambiguity stays visible: a number split from its unit by a sentence break is joined with a lower
confidence and a note, an ambiguous place name is resolved by the provinces the article names and
noted, a combined figure for several projects is not copied onto each, a bound ("exceeding 50
billion") that restates an exact figure is dropped, and targets ("aims for ... by 2025") give no
observation. Operators, origins and subsidiaries are only taken when the text states them.

Nothing in this module knows a particular article: names come from the capitalisation and pinyin
shape of words, products and indicators from the ontology, places from the gazetteer.

>>> from alucluster.loaders.article import Article
>>> a = Article.from_text("In 2021, Hubei Xinda has an annual output of 5,000 tons of aluminum foil.", date="2021-07")
>>> [(f.kind, f.subject.label, f.value, f.unit, f.product) for f in extract(a) if f.kind == "capacity"]
[('capacity', 'Hubei Xinda', 5000.0, 't/yr', 'aluminium-foil')]
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from alucluster.loaders.article import MAX_BYTES, Article, read_article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.loaders.host import choose_host, datelines
from alucluster.loaders.lexicon import lexicon
from alucluster.loaders.periods import _MONTHS, Clause, _period_of, _status, clauses, period_of
from alucluster.loaders.places import Division, gazetteer, lookup, resolve_place
from alucluster.loaders.quantities import Quantity, find_quantities
from alucluster.loaders.resolve import Merge, Mention, candidates, resolve

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract", "extract_article", "extract_file", "format_facts", "period_of", "slug"]

#: Bump when extraction output changes: it keys the on-disk facts cache.
EXTRACTOR_VERSION = "1.2"

_LEGAL = {"co", "co.", "ltd", "ltd.", "limited", "inc", "inc.", "corp", "corp.", "llc", "plc", "company"}
_GROUP = {"group", "holdings", "holding"}
# Capitalised words that make a name a place, park or public body rather than an enterprise.
_NON_ENTERPRISE = {
    "bureau", "committee", "government", "party", "municipal", "city", "province", "provincial", "county",
    "district", "prefecture", "region", "autonomous", "park", "zone", "area", "university", "institute",
    "association", "office", "department", "commission", "administration", "ministry", "council", "congress",
    "people's", "standing", "statistics", "news", "daily", "desk", "center", "centre", "station", "port",
}
_INDUSTRY_WORDS = {
    "aluminum", "aluminium", "carbon", "energy", "cable", "cables", "wheel", "wheels", "foil", "materials", "material",
    "metals", "metal", "industry", "industries", "chemical", "chemicals", "technology", "power", "electric", "steel",
    "alloy", "alloys", "smelting", "mining", "resources", "logistics", "machinery", "auto",
}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "both": 2}
# Note on a place's output value that belongs to one of its industries: its growth is not the
# growth of the place's industrial output value (an indicator), so none is derived from it.
_ONE_INDUSTRY = "output value of one industry of the place, not its industrial output value"
_DOWN_WORDS = ["down", "decrease", "decreased", "decreases", "decreasing", "fell", "fall", "fallen", "falls"]
# Cue words, matched with a spaCy Matcher on the tokens (LOWER); facts are then read from which cues
# lie between a quantity and what precedes it. Labels: CAPACITY, OUTPUT, GROWTH, DOWN, BOUND,
# INTRODUCED, TARGET, INVESTMENT, EXPORT, VALUE (output value), TAX, PRONOUN_ORG, PRONOUN_PLACE.
_CUE_PATTERNS = {
    "CAPACITY": [
        [{"LOWER": {"IN": ["annual", "annually"]}}, {"LOWER": {"IN": ["production", "processing"]}, "OP": "?"},
         {"LOWER": {"IN": ["output", "capacity", "production"]}}],
        [{"LOWER": {"IN": ["production", "designed", "design", "smelting", "processing"]}}, {"LOWER": "capacity"}],
        [{"LOWER": {"IN": ["capacity", "capacities"]}}],
    ],
    "OUTPUT": [
        [{"LOWER": {"IN": ["produced", "produces", "produce", "output", "production", "yielded", "made", "poured",
                           "smelted", "refined", "rolled", "extruded", "manufactured"]}}],
        [{"LOWER": "turned"}, {"LOWER": "out"}],
    ],
    "GROWTH": [
        [{"LOWER": {"IN": ["increase", "increased", "increases", "increasing", "grew", "grow", "grown", "grows", "growth",
                           "growing", "rose", "rise", "risen", "rises", "rising", "up"] + _DOWN_WORDS}}],
        [{"LOWER": {"REGEX": "^(declin|drop|jump|surg)"}}],
        [{"LOWER": "year"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "on"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "year"}],
    ],
    "DOWN": [[{"LOWER": {"IN": _DOWN_WORDS}}], [{"LOWER": {"REGEX": "^(declin|drop)"}}]],
    "BOUND": [
        [{"LOWER": {"IN": ["exceeding", "exceeded", "exceeds", "exceed", "over", "above", "nearly", "almost", "about",
                           "around", "approximately", "roughly"]}}],
        [{"LOWER": "more"}, {"LOWER": "than"}],
        [{"LOWER": "up"}, {"LOWER": "to"}],
    ],
    "INTRODUCED": [
        [{"LOWER": {"REGEX": "^introduc"}}], [{"LOWER": {"IN": ["landed", "settled", "signed"]}}],
        [{"LOWER": "brought"}, {"LOWER": "in"}],
    ],
    "TARGET": [
        [{"LOWER": {"IN": ["aim", "aims", "aiming", "target", "targets", "targeted", "goal", "goals", "strive", "strives",
                           "striving"]}}],
        [{"LOWER": {"IN": ["plan", "plans"]}}, {"LOWER": "to"}, {"LOWER": "reach"}],
    ],
    "INVESTMENT": [[{"LOWER": {"REGEX": "^invest"}}], [{"LOWER": {"IN": ["cost", "capital"]}}]],
    "EXPORT": [[{"LOWER": {"REGEX": "^export"}}]],
    "VALUE": [
        [{"LOWER": "output"}, {"LOWER": {"IN": ["value", "worth"]}}],
        [{"LOWER": "value"}, {"LOWER": "of"}, {"LOWER": "output"}],
        [{"LOWER": {"IN": ["sales", "revenue"]}}],
    ],
    "TAX": [[{"LOWER": {"REGEX": "^tax"}}]],
    "PRONOUN_ORG": [
        [{"LOWER": {"IN": ["it", "its"]}}],
        [{"LOWER": "the"}, {"LOWER": {"IN": ["company", "group", "enterprise", "firm", "smelter", "refinery", "producer"]}}],
    ],
    "PRONOUN_PLACE": [
        [{"LOWER": "the"}, {"LOWER": {"IN": ["city", "prefecture", "municipality", "region", "county", "province"]}},
         {"ORTH": "'s", "OP": "?"}],
    ],
}
# "0.5% faster than the province", "0.4 percentage points higher than the provincial average",
# "0.8 percentage points ahead of the provincial figure": growth above a larger region.
_MARGIN = re.compile(
    r"^\s*(percentage points?\s+)?(faster|higher|more|greater|above|quicker|ahead)\b[^.;]{0,12}?\b(than|of)\s+(the\s+)?"
    r"(whole\s+|national\s+|provincial\s+|regional\s+)?(province|provincial|nation|national|country|region|regional|"
    r"autonomous region|average|state|municipal)", re.I)
_YEAR = re.compile(r"\b(?:in|since)\s+((?:19|20)\d\d)\b", re.I)


def slug(text: str) -> str:
    """Lower-case, non-alphanumerics to '-': the canonical id part of an English name.

    >>> slug("Shandong Nanshan Aluminium")
    'shandong-nanshan-aluminium'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ------------------------------------------------------------------------------------- pipeline


@functools.cache
def _pinyin_syllables() -> frozenset[str]:
    from pypinyin import pinyin_dict
    from pypinyin.contrib.tone_convert import to_normal

    out = set()
    for value in pinyin_dict.pinyin_dict.values():
        for p in value.split(","):
            s = to_normal(p).replace("ü", "v")
            if s.isalpha() and s.isascii():
                out.add(s)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _is_pinyin(word: str) -> bool:
    """True when a capitalised word reads as two or more pinyin syllables (a Chinese brand name)."""
    w = word.lower()
    if not (w.isalpha() and w.isascii()) or len(w) < 4 or w in _english_words():
        return False
    syl = _pinyin_syllables()
    n = len(w)
    best = [None] * (n + 1)  # fewest syllables to segment w[:i]
    best[0] = 0
    for i in range(1, n + 1):
        for j in range(max(0, i - 6), i):
            if best[j] is not None and w[j:i] in syl and (best[i] is None or best[j] + 1 < best[i]):
                best[i] = best[j] + 1
    return best[n] is not None and best[n] >= 2


@functools.cache
def _english_words() -> frozenset[str]:
    """Common English words that happen to segment as pinyin ("China" aside): from the lexicons
    and spaCy's stop words, plus industry words seen in names."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS)
    lex = lexicon()
    for phrase in list(lex.products) + list(lex.indicators):
        words.update(phrase.lower().split())
    words.update({"anode", "anodes", "manganese"})
    return frozenset(words)


def _set_sentence_starts(doc):
    # Line breaks end a sentence (headings, list items); "1." at a line start does not.
    # Set through an array: assigning Token.is_sent_start one by one re-checks the whole doc each time.
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START]).astype("int64")
    words = [t.text for t in doc]
    for i in range(1, len(words)):
        prev, cur = words[i - 1], words[i]
        if "\n" in prev:
            starts[i] = 1
        elif "\n" in cur:
            starts[i] = -1
        elif prev == "." and i >= 2 and doc[i - 2].like_num and (i == 2 or "\n" in words[i - 3]):
            starts[i] = -1
        elif prev in (".", "Co.", "Ltd.") and cur in (",", "Ltd.", "Ltd"):
            starts[i] = -1
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


@dataclass
class _Pipeline:
    nlp: object
    products: object  # PhraseMatcher (LOWER)
    indicators: object  # PhraseMatcher (LOWER)
    indicators_case: object  # PhraseMatcher (ORTH) for acronyms
    places: object  # PhraseMatcher (ORTH)
    cues: object  # Matcher over token patterns (_CUE_PATTERNS)
    product_ids: dict
    indicator_ids: dict


@functools.cache
def _pipeline() -> _Pipeline:
    import spacy
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    # spaCy's 1,000,000-character guard is for parser/NER memory; this pipeline has neither, and
    # article size is bounded by MAX_BYTES when it is read.
    nlp.max_length = MAX_BYTES + 1
    nlp.add_pipe("sentencizer")
    if not Language.has_factory("alucluster_lines"):
        Language.component("alucluster_lines")(_set_sentence_starts)
    nlp.add_pipe("alucluster_lines", after="sentencizer")
    lex = lexicon()
    products = PhraseMatcher(nlp.vocab, attr="LOWER")
    product_ids = {}
    for phrase, pslug in sorted(lex.products.items()):
        key = f"P:{pslug}"
        product_ids[nlp.vocab.strings.add(key)] = pslug
        products.add(key, [nlp.make_doc(phrase)])
    indicators = PhraseMatcher(nlp.vocab, attr="LOWER")
    indicators_case = PhraseMatcher(nlp.vocab, attr="ORTH")
    indicator_ids = {}
    for phrase, islug in sorted(lex.indicators.items()):
        key = f"I:{islug}"
        indicator_ids[nlp.vocab.strings.add(key)] = islug
        (indicators_case if phrase.isupper() else indicators).add(key, [nlp.make_doc(phrase)])
    places = PhraseMatcher(nlp.vocab, attr="ORTH")
    place_names = gazetteer().names(levels=("province", "prefecture"))
    for name in sorted(place_names):
        places.add("PLACE", [nlp.make_doc(name)])
    for d in gazetteer().divisions:
        if d.level != "county":
            places.add("PLACE", [nlp.make_doc(d.name_zh)])
    cues = Matcher(nlp.vocab)
    for label, patterns in _CUE_PATTERNS.items():
        cues.add(label, patterns, greedy="LONGEST")
    return _Pipeline(nlp, products, indicators, indicators_case, places, cues, product_ids, indicator_ids)


# ------------------------------------------------------------------------------------ structures


@dataclass
class _Item:
    """Something found in the text: kind org|project|place|park|product|indicator|qty|pronoun."""

    kind: str
    start: int
    end: int
    value: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    items: list
    span: object = None  # the spaCy sentence span


@dataclass
class Extraction:
    """The result of extracting one article: its facts (sorted) and the entity merges made."""

    article: Article
    facts: list[Fact]
    merges: list[Merge]
    host: Entity | None = None


# ------------------------------------------------------------------------------------ detection


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
    return j - i >= 2 and bool(nxt) and _is_pinyin(nxt[0]) and (prev in _INDUSTRY_WORDS or prev in _GROUP)


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


def _ambiguity(d: Division) -> str | None:
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
            while words and (doc[a].is_stop or doc[a].text.lower() in _MONTHS or doc[a].text.lower().rstrip(".") in ("nov", "oct", "sept")):
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
            if not n_place and len(words) > 1 and _is_pinyin(words[1]):
                n_c, county = _place_prefix(words, allow_county=True)
                if county is not None and county.level == "county":
                    n_place, place, rest = n_c, county, words[n_c:]
            if place is not None and place.level == "province" and len(rest) > 1:
                # "Guizhou Tongren X Co.": province then one of its cities; the city is the most specific
                inner = next((d for d in lookup(rest[0], levels=("prefecture",)) if d.province_adcode == place.adcode), None)
                if inner is not None and _is_pinyin(rest[1]):
                    n_place, place, rest = n_place + 1, inner, rest[1:]
            if not rest:
                continue
            # "Yunnan Wenshan" is a province and a city, not a company
            brand = _is_pinyin(rest[0]) and (has_legal or group or not lookup(rest[0], levels=("province", "prefecture")))
            end_tok = suffix_end or b
            start_char, end_char = doc[a].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
            label = " ".join(words)
            if has_legal or group or (place is not None and brand):
                found.append((Mention(label, tuple(words[:n_place]), tuple(rest), group, start_char), end_char, place))
            elif brand and not place:
                # "Minghua Aluminum": a brand plus an industry word names a company even without a
                # place prefix or legal form; a bare brand ("Xinda") is only an alias.
                standalone = len(rest) >= 2 and rest[-1].lower() in _INDUSTRY_WORDS
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


# ------------------------------------------------------------------------------------ extraction


class _Cues:
    """Character spans of the cue matches of one document, by label, for window queries."""

    def __init__(self, doc, matcher):
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        for mid, a, b in matcher(doc):
            span = doc[a:b]
            self.spans.setdefault(doc.vocab.strings[mid], []).append((span.start_char, span.end_char, span.text.lower()))
        for spans in self.spans.values():
            spans.sort()

    def within(self, label: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """The ``label`` cues lying inside ``[start, end)``."""
        spans = self.spans.get(label, [])
        i = bisect.bisect_left(spans, (start, -1, ""))
        out = []
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] <= end:
                out.append(spans[i])
            i += 1
        return out

    def ends_at(self, label: str, pos: int, text: str) -> bool:
        """True when a ``label`` cue ends right before ``pos`` (only spaces between)."""
        return any(not text[e:pos].strip() for _, e, _ in self.within(label, max(0, pos - 40), pos))


class _Ctx:
    def __init__(self, article: Article):
        self.article = article
        self.aid = article.id
        self.facts: list[Fact] = []
        self.projects: list[Entity] = []
        self.project_counts: dict[str, int] = {}
        self.cues: _Cues | None = None

    def evidence(self, s: _Sentence, end: _Sentence | None = None) -> Evidence:
        e = end or s
        return Evidence(self.aid, self.article.text[s.start : e.end], s.start, e.end)

    def add(self, **kw) -> None:
        self.facts.append(Fact(**kw))


def _place_entity(d: Division) -> Entity:
    return Entity(d.id, d.type, d.name_en, d.name_zh)


def extract_article(article: Article, *, curated: bool = False) -> Extraction:
    """Extract one article, keeping the entity merges that were made.

    :param article: the cleaned article.
    :param curated: also apply the reviewed curation overlay (off by default).
    """
    p = _pipeline()
    lex = lexicon()
    text = article.text
    doc = p.nlp(text)
    year = article.year
    ctx = _Ctx(article)
    ctx.cues = cues = _Cues(doc, p.cues)

    sentences = []
    for i, s in enumerate(doc.sents):
        st = s.start_char
        en = s.end_char
        # trim whitespace tokens at the edges so the evidence is the sentence as written
        while st < en and text[st].isspace():
            st += 1
        while en > st and text[en - 1].isspace():
            en -= 1
        if st < en:
            obj = _Sentence(len(sentences), st, en, text[st:en], [])
            obj.span = s
            sentences.append(obj)

    # ---- organizations
    context = _province_context(text)
    dateline_spans = [span for _, span in datelines(text)]
    # "HUOLINGUOLE, Inner Mongolia -": a dateline names the place, never a company
    raw_orgs = [o for o in _detect_orgs(doc, sentences, context)
                if not any(a <= o[0].start < b for a, b in dateline_spans)]
    canon, merges = resolve([m for m, _, _ in raw_orgs])
    org_entities: dict[Mention, Entity] = {}
    org_place: dict[str, Division] = {}
    org_items = []
    fulls = list(dict.fromkeys(c for c in canon if c is not None))
    ambiguous: dict[int, str] = {}  # id() of a stand-in entity -> note naming the candidates
    for (mention, end_char, place), c in zip(raw_orgs, canon):
        if c is None:
            fits = candidates(mention, fulls)
            if len(fits) < 2:
                continue
            # Several companies share the short name: its facts go to the one named last before
            # it (or first), through a stand-in entity so they can be marked below, never as stated.
            before = [f for f in fits if f.start < mention.start]
            chosen = max(before, key=lambda f: f.start) if before else fits[0]
            ent = org_entities.get(chosen) or Entity(f"enterprise/{slug(chosen.label)}", "EnterpriseGroup" if chosen.group else "Enterprise", chosen.label)
            org_entities.setdefault(chosen, ent)
            stand_in = Entity(ent.id, ent.type, ent.label, ent.label_zh)
            names = " or ".join(f"'{f.label}'" for f in fits)
            ambiguous[id(stand_in)] = f"ambiguous short name '{mention.label}': {names}; attached to '{chosen.label}'"
            org_items.append(_Item("org", mention.start, end_char, stand_in))
            continue
        ent = org_entities.get(c)
        if ent is None:
            ent = Entity(f"enterprise/{slug(c.label)}", "EnterpriseGroup" if c.group else "Enterprise", c.label)
            org_entities[c] = ent
        if place is not None and c is mention:
            org_place.setdefault(ent.id, place)
        org_items.append(_Item("org", mention.start, end_char, ent))
    org_spans = [(it.start, it.end) for it in org_items]

    def inside_org(a, b):
        return any(a >= s and b <= e for s, e in org_spans)

    # ---- places, host
    place_items = []
    for _, a, b in p.places(doc):
        span = doc[a:b]
        if inside_org(span.start_char, span.end_char):
            continue
        best, _ = resolve_place(span.text, context=context, levels=("province", "prefecture"))
        if best is not None:
            place_items.append(_Item("place", span.start_char, span.end_char, best))
    for m in re.finditer(r"\b([A-Z][a-z]+) (County|District)\b", text):
        hits = lookup(m.group(1), levels=("county",))
        if hits:
            place_items.append(_Item("place", m.start(), m.end(), hits[0]))
    host = choose_host(article.title or "", text, [(it.value, it.start) for it in place_items],
                       [place for _, _, place in raw_orgs if place is not None])
    host_entity = _place_entity(host) if host else None
    if host is not None and host.level == "county":
        # the matcher knows provinces and prefectures only: add the mentions of a county-level host
        for m in re.finditer(rf"\b{re.escape(host.name_en)}\b(?!\s+(?:County|District))", text):
            if not inside_org(m.start(), m.end()) and not any(it.start <= m.start() < it.end for it in place_items):
                place_items.append(_Item("place", m.start(), m.end(), host))
        place_items.sort(key=lambda it: it.start)

    def in_host(d: Division | None) -> bool:
        return host is not None and d is not None and (d.adcode == host.adcode or d.prefecture_adcode == host.adcode or (host.level == "province" and d.province_adcode == host.adcode))

    park_items = [
        _Item("park", a, b, Entity(f"park/{slug(label)}", "IndustrialPark", label))
        for a, b, label in _detect_parks(text)
    ]
    # "the New Area", "the park": a short reference to the park last named with that ending
    for m in re.finditer(r"\bthe ((?:New|Industrial|Development|Economic|High-tech)?\s?(?:Area|Park|Zone|District))\b", text):
        named = [it for it in park_items if it.end <= m.start() and it.value.label.endswith(m.group(1).strip())]
        if named and not any(it.start <= m.start(1) < it.end for it in park_items):
            park_items.append(_Item("park", m.start(1), m.end(1), named[-1].value))
    park_items.sort(key=lambda it: it.start)
    park_spans = [(it.start, it.end) for it in park_items]
    place_items = [it for it in place_items if not any(it.start >= s and it.end <= e for s, e in park_spans)]

    # ---- products, indicators, quantities
    from spacy.util import filter_spans

    product_matches = {}
    for mid, a, b in p.products(doc):
        product_matches.setdefault((a, b), mid)
    prod_spans = filter_spans([doc[a:b] for a, b in product_matches])
    prod_items = []
    for sp in prod_spans:
        if inside_org(sp.start_char, sp.end_char) or any(sp.start_char >= s and sp.end_char <= e for s, e in park_spans):
            continue
        prod_items.append(_Item("product", sp.start_char, sp.end_char, p.product_ids[product_matches[(sp.start, sp.end)]]))
    prod_starts = {it.start for it in prod_items}
    ind_spans = []
    for matcher in (p.indicators, p.indicators_case):
        for mid, a, b in matcher(doc):
            ind_spans.append((doc[a:b], p.indicator_ids[mid]))
    kept = filter_spans([s for s, _ in ind_spans])
    ind_items = [
        _Item("indicator", s.start_char, s.end_char, next(i for sp, i in ind_spans if sp.start == s.start and sp.end == s.end))
        for s in kept
    ]
    qty_items = []
    for q in find_quantities(text):
        if q.unit is None and re.fullmatch(r"(19|20)\d\d", q.text):
            continue  # a year
        if q.unit is None and q.text.isdigit() and len(q.text) <= 2 and not ({q.end, q.end + 1} & prod_starts):
            continue  # small bare numbers are list markers and days, unless they count a product
        if inside_org(q.start, q.end):
            continue
        qty_items.append(_Item("qty", q.start, q.end, q))
    pron_items = [_Item("pronoun", a, b, "org", {"text": t}) for a, b, t in cues.within("PRONOUN_ORG", 0, len(text))]
    pron_items += [_Item("pronoun", a, b, "place") for a, b, _ in cues.within("PRONOUN_PLACE", 0, len(text))]

    all_items = sorted(org_items + place_items + park_items + prod_items + ind_items + qty_items + pron_items, key=lambda it: (it.start, it.end))
    item_starts = [it.start for it in all_items]
    for s in sentences:
        lo, hi = bisect.bisect_left(item_starts, s.start), bisect.bisect_left(item_starts, s.end)
        s.items = [it for it in all_items[lo:hi] if it.end <= s.end]

    # ---- projects
    for s in sentences:
        sentence_products = [it for it in s.items if it.kind == "product"]
        project_items = []
        for m in re.finditer(r"\b(projects?)\b|\b(build|construct|set up|building|constructing)\s+(?:a|an)\s+(?:[\w.,/-]+\s+){0,5}?(plant|factory|base)\b", s.text):
            pos = s.start + m.start()
            ents, np_start = _project_at(ctx, s, m, pos, sentence_products, lex)
            if ents:
                project_items.append(_Item("project", min(np_start, pos), s.start + m.end(), ents))
        if project_items:
            s.items = sorted(s.items + project_items, key=lambda it: (it.start, it.end))

    # ---- entities mentioned: enterprise facts, origins, locations by name
    first_mention: dict[str, tuple[_Sentence, Entity]] = {}
    for s in sentences:
        for it in s.items:
            if it.kind == "org" and it.value.id not in first_mention:
                first_mention[it.value.id] = (s, it.value)
    for eid, (s, ent) in sorted(first_mention.items(), key=lambda kv: kv[1][0].start):
        ctx.add(kind="enterprise", subject=ent, evidence=ctx.evidence(s))
        place = org_place.get(eid)
        if place is not None:
            if in_host(place):
                ctx.add(kind="location", subject=ent, object=_place_entity(place), evidence=ctx.evidence(s), stated=False,
                        confidence=0.8, note=f"place prefix '{place.name_en}' of the name is the place the article is about")
            else:
                amb = _ambiguity(place)
                note = f"inferred from the place prefix '{place.name_en}' of the name"
                ctx.add(kind="origin", subject=ent, object=_place_entity(place), evidence=ctx.evidence(s), stated=False,
                        confidence=0.5 if amb else 0.7, note=f"{note}; {amb}" if amb else note)

    # ---- per-sentence rules
    running_period = _period_of(article.title or "", year)[0]
    # pronouns ("its", "the company") refer back to organizations: (position, entity, named as an
    # object), see _antecedents
    last_org_by_pos = [(it.start, it.value, _is_object(it, text)) for it in sorted(org_items, key=lambda x: x.start)]
    list_location: Entity | None = None
    located: set[tuple[str, str]] = set()
    prev_sentence_orgs: list[Entity] = []
    for si, s in enumerate(sentences):
        period, defer = _period_of(s.text, year)
        if period is None:
            period = running_period
        elif (not re.fullmatch(r"(19|20)\d\d", period) or re.search(r"\b(last|this) year\b", s.text, re.I)
              or not (cues.within("INTRODUCED", s.start, s.end) or re.search(r"\b(since|established|founded|by|until|before)\s+(in\s+)?(19|20)\d\d", s.text))):
            # a bare "in 2020" sets the period of what follows unless it dates an event ("landed in 2019")
            running_period = period
        status = _status(s.text)
        items = s.items
        orgs_here = [it.value for it in items if it.kind == "org"]

        # location of everything in a list introduced by "... settled in the X Park:"
        if list_location is not None:
            for e in orgs_here:
                if (e.id, list_location.id) not in located:
                    located.add((e.id, list_location.id))
                    ctx.add(kind="location", subject=e, object=list_location, evidence=ctx.evidence(s), confidence=0.7,
                            note="listed under a sentence naming the place")
        last_char = s.text.rstrip()[-1:]
        if last_char == ":":
            list_location = next((it.value for it in items if it.kind == "park"), None)
        elif last_char != ";":
            list_location = None  # the list has ended

        _sentence_relations(ctx, s, items, host, host_entity, in_host, located, prev_sentence_orgs)
        parts = clauses(s.text, s.start, year, period=period, status=status)
        _sentence_quantities(ctx, s, sentences, si, items, host_entity, parts, last_org_by_pos, lex)
        if status is not None:
            _carry_status(ctx, s, items, status)
        prev_sentence_orgs = orgs_here

    if ambiguous:
        ctx.facts = [
            replace(f, confidence=min(f.confidence, 0.5), stated=False, note="; ".join(x for x in (f.note, ambiguous[id(f.subject)]) if x))
            if id(f.subject) in ambiguous and f.kind != "enterprise" else f
            for f in ctx.facts
        ]
    facts = _finalise(ctx.facts)
    if curated:
        from alucluster.loaders.curation import apply_curation

        facts = sorted(apply_curation(article, facts), key=_sort_key)
    return Extraction(article, facts, merges, host_entity)


def _project_at(ctx: _Ctx, s: _Sentence, m: re.Match, pos: int, prod_items, lex) -> list[Entity]:
    """The project entities a "project(s)" / "build a plant" phrase introduces (or refers back to)."""
    if m.group(2):
        # "build a 1.2 Mtpa aluminium alloy plant": the noun phrase is between the article and "plant"
        inner_start = s.start + m.start() + len(re.match(r"\w+(?:\s+up)?\s+an?\s+", m.group(0)).group(0))
        inner_products = [it for it in prod_items if inner_start <= it.start and it.end <= s.start + m.end()]
        right = [it for it in prod_items if it.start >= s.start + m.end() and it.end <= s.end]
        product, _ = _choose_product([it.value for it in inner_products] or [it.value for it in right[:1]])
        np_text = ctx.article.text[inner_start : s.start + m.start(3)].strip()
        key = product or "project"
        n = ctx.project_counts.get(key, 0) + 1
        ctx.project_counts[key] = n
        label = f"{np_text} {m.group(3)}".strip()
        ent = Entity(f"project/{ctx.aid}-{key}-{n}", "InvestmentProject", label)
        ctx.projects.append(ent)
        ctx.add(kind="project", subject=ent, product=product, evidence=ctx.evidence(s), status=_status(s.text), confidence=0.85,
                note="a plant to be built, taken as an investment project")
        return [ent], inner_start
    before = s.text[: m.start()]
    # the noun phrase before "project": up to a determiner, number word, preposition or punctuation
    word_matches = list(re.finditer(r"\d[\d,.]*[\w/-]*|[\w'$./-]+|[,;:()]", before))
    np: list[str] = []
    np_start_rel = m.start()
    count = 1
    det = None
    for wm in reversed(word_matches):
        w = wm.group(0)
        lw = w.lower()
        if lw in _NUMBER_WORDS:
            count = _NUMBER_WORDS[lw]
            det = lw
            break
        if re.fullmatch(r"\d+\.|[ivx]+\.", lw):  # a list marker "3."
            det = lw
            break
        if lw in ("new", "key", "major", "large", "big", "landmark", "flagship", "first"):
            continue  # adjectives inside the noun phrase: "three new aluminium foil projects"
        if lw in ("a", "an", "the", "this", "that", "its", "their", "of", "with", "for", "and", "or", "to", "by", "in",
                  "these", "those", "such", "other", "more", "several", "many", "all", "each", "some", "number") or w in ",;:()":
            det = lw
            break
        np.append(w)
        np_start_rel = wm.start()
        if len(np) >= 7:
            break
    np_start = s.start + np_start_rel
    np_products = [it for it in prod_items if s.start <= it.start and it.end <= pos and it.start >= np_start - 1]
    plural = m.group(1) == "projects" if m.group(1) else False
    after = s.text[m.end():]
    has_capacity_after = bool(re.match(r"\s*(with|of)\b[^.;]{0,40}\b(capacity|output|production)\b|\s*:", after, re.I))
    if m.group(2):  # "build a plant"
        has_capacity_after = True
    if not np_products and not has_capacity_after:
        if det in ("the", "this", "that", "its") and ctx.projects and not plural:
            return [ctx.projects[-1]], np_start
        return [], np_start
    if det in ("these", "such", "other", "more", "several", "many", "all", "each", "some", "number") and not np_products:
        return [], np_start
    if plural and det not in _NUMBER_WORDS:
        # "projects" with no count ("several aluminium projects", "key projects"): how many is unknown
        return [], np_start
    products = [it.value for it in np_products]
    right = [it for it in prod_items if it.start >= s.start + m.end() and it.end <= s.end]
    if not products or (all(lexicon().is_generic(x) for x in products) and right and not lexicon().is_generic(right[0].value)):
        # "a project with an annual output of X", "an aluminum alloy project ... of aluminum alloy ingots"
        products = [right[0].value] if right else products
    specific = [x for x in products if not lexicon().is_generic(x)] or products
    product = specific[-1] if specific else None
    if det in ("the", "this", "its") and not plural:
        for prev in reversed(ctx.projects):
            if product and f"-{product}-" in prev.id:
                return [prev], np_start
    out = []
    for _ in range(count):
        key = product or "project"
        n = ctx.project_counts.get(key, 0) + 1
        ctx.project_counts[key] = n
        label_np = " ".join(reversed(np)).strip()
        label = f"{label_np} project" if label_np else f"{lex.product_labels.get(product, 'unnamed')} project"
        ent = Entity(f"project/{ctx.aid}-{key}-{n}", "InvestmentProject", f"{label} ({n})" if count > 1 else label)
        ctx.projects.append(ent)
        ctx.add(kind="project", subject=ent, product=product, evidence=ctx.evidence(s), status=_status(s.text),
                confidence=0.9)
        out.append(ent)
    return out, np_start


def _is_object(it, text) -> bool:
    """An organization named as the object of a preposition ("a subsidiary of X", "invested by X"),
    unless a relative clause makes it the subject of what follows ("anchored by X, which operates")."""
    pre = text[max(0, it.start - 14) : it.start].lower()
    post = text[it.end : it.end + 8].lower()
    return bool(re.search(r"\b(of|by|from|with|than)\s*$", pre)) and not re.match(r"\s*,?\s*(which|that|who)\b", post)


_PASSIVE = re.compile(
    r"\b(is|are|was|were|been|being)\s+(\w+\s+){0,2}?(operated|owned|run|built|produced|turned out|generated|made|consumed|"
    r"achieved|posted|recorded)\b[^.;]{0,60}?\bby\s+(the\s+)?", re.I)


def _passive_agent(items, q_end: int, s_end: int, text: str):
    """The organization after "... is operated by" / "were turned out ... by (the X plant of)" that
    follows a quantity in the same sentence: the subject of a passive sentence."""
    m = _PASSIVE.search(text, q_end, s_end)
    if not m:
        return None
    org = next((it for it in items if it.kind == "org" and it.start >= m.end() and it.start - m.end() < 50), None)
    if org is not None and re.fullmatch(r"[^,;.]*?(\bof\s+)?", text[m.end() : org.start]):
        return org
    return None


def _antecedents(orgs, pos: int, text: str, *, local: bool = False) -> list[Entity]:
    """Organizations a pronoun at ``pos`` may refer to, the likeliest last.

    The last organization named as a subject in the pronoun's paragraph; failing that, the last one
    named there at all ("anchored by X, the only smelter. The company ..."); failing that, unless
    ``local`` ("it", "its": with no company in the paragraph they are the place), the last subject
    of an earlier paragraph.
    """
    para = text.rfind("\n", 0, pos) + 1
    here = [(e, obj) for p, e, obj in orgs if para <= p < pos]
    subjects = [e for e, obj in here if not obj]
    if subjects:
        return subjects
    if here or local:
        return [e for e, _ in here]
    return [e for p, e, obj in orgs if p < pos and not obj]


def _nearest_subject(items, pos: int, *, skip_objects=True, last_org_by_pos=None, text="", places=True):
    """The nearest preceding organization, project, pronoun (or place) item before ``pos``; a
    project whose noun phrase contains ``pos`` ("a 300 ktpy anode project") comes first."""
    for it in items:
        if it.kind == "project" and it.start <= pos < it.end:
            return it
    kinds = ("org", "project", "pronoun", "place") if places else ("org", "project", "pronoun")
    cands = [it for it in items if it.end <= pos and it.kind in kinds and not (it.kind == "pronoun" and it.value == "place" and not places)]
    ordered = sorted(cands, key=lambda c: (c.end, c.start), reverse=True)
    for k, it in enumerate(ordered):
        if it.kind == "org" and skip_objects and _is_object(it, text):
            continue
        if it.kind == "pronoun" and it.value == "place" and (text[it.end : it.end + 2] == "'s" or text[it.start : it.end].endswith("'s")) and any(
                c.kind in ("org", "project") for c in ordered[k + 1 :]):
            continue  # "X operates a refinery in the city's park, which ...": the possessive is not the subject
        if it.kind == "pronoun" and it.value == "org":
            ents = _antecedents(last_org_by_pos or [], it.start, text, local=it.extra.get("text") in ("it", "its"))
            if it.extra.get("text") in ("it", "its"):
                # "it" may be a project named earlier in the same sentence
                prj = [c for c in items if c.kind == "project" and c.end <= it.start]
                orgs_before = [c for c in items if c.kind == "org" and c.end <= it.start and not _is_object(c, text)]
                if prj and (not orgs_before or prj[-1].end > orgs_before[-1].end):
                    return prj[-1]
            if not ents:
                continue
            if it.extra.get("text") == "the group":
                groups = [e for e in ents if e.type == "EnterpriseGroup"]
                if groups:
                    return _Item("org", it.start, it.end, groups[-1])
            return _Item("org", it.start, it.end, ents[-1])
        return it
    return None


def _sentence_relations(ctx, s, items, host, host_entity, in_host, located, prev_orgs):
    """Origins, subsidiaries, operators, years introduced, locations and memberships stated in one sentence."""
    text = s.text
    orgs = [it for it in items if it.kind == "org"]
    projects = [it for it in items if it.kind == "project"]
    places = [it for it in items if it.kind == "place"]
    parks = [it for it in items if it.kind == "park"]

    def add_loc(ent, obj, note, conf=0.8, stated=True):
        if (ent.id, obj.id) in located:
            return
        located.add((ent.id, obj.id))
        ctx.add(kind="location", subject=ent, object=obj, evidence=ctx.evidence(s), confidence=conf, note=note, stated=stated)

    # stated origins: "<Place>-funded", "from <Place>"
    for pl in places:
        after = ctx.article.text[pl.end : pl.end + 12]
        before = ctx.article.text[max(0, pl.start - 6) : pl.start]
        if re.match(r"-(funded|invested|based|owned|financed)\b", after):
            # applies to the entity the adjective modifies (next) or that it is in apposition to (previous)
            nxt = next((it for it in items if it.start > pl.end and it.kind in ("org", "project")), None)
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind in ("org", "project")
                        and not (it.kind == "org" and _is_object(it, ctx.article.text))), None)
            target = next((it for it in items if it.kind == "project" and it.start <= pl.start and pl.end <= it.end), None)
            gap_next = ctx.article.text[pl.end : nxt.start] if nxt else ""
            if target is not None:
                pass
            elif nxt and len(gap_next) < 60 and not re.search(r"[,;.]", gap_next):
                target = nxt
            elif prv:
                target = prv
            if target is not None:
                for ent in (target.value if target.kind == "project" else [target.value]):
                    ctx.add(kind="origin", subject=ent, object=_place_entity(pl.value), evidence=ctx.evidence(s),
                            confidence=0.9, note=f"stated: '{pl.value.name_en}{after.split()[0]}'")
        elif re.search(r"\b(headquartered|registered|based) in\s+$", ctx.article.text[max(0, pl.start - 20) : pl.start]):
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind == "org"), None)
            if prv is not None:
                ctx.add(kind="origin", subject=prv.value, object=_place_entity(pl.value), evidence=ctx.evidence(s),
                        confidence=0.85, note=f"stated: headquartered in {pl.value.name_en}")
        elif re.search(r"\bfrom\s+$", before):
            # the most specific place: "from Ningbo, Zhejiang" -> Ningbo (skip the province that follows)
            prev_place = next((q for q in reversed(places) if q.end <= pl.start and q is not pl), None)
            if prev_place is not None and re.fullmatch(r",\s*", ctx.article.text[prev_place.end : pl.start]):
                continue
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind in ("org", "project")), None)
            if prv is not None:
                for ent in (prv.value if prv.kind == "project" else [prv.value]):
                    ctx.add(kind="origin", subject=ent, object=_place_entity(pl.value), evidence=ctx.evidence(s),
                            confidence=0.6 if _ambiguity(pl.value) else 0.9,
                            note="; ".join(x for x in (f"stated: 'from {pl.value.name_en}'", _ambiguity(pl.value)) if x))

    # subsidiary: "X, a (wholly-owned) subsidiary of Y"
    for m in re.finditer(r"\bsubsidiary of\s+", text):
        pos = s.start + m.end()
        parent = next((it for it in orgs if it.start >= pos and it.start - pos < 6), None)
        child = next((it for it in reversed(orgs) if it.end <= s.start + m.start()), None)
        if parent and child and parent.value.id != child.value.id:
            ctx.add(kind="subsidiary", subject=child.value, object=parent.value, evidence=ctx.evidence(s), confidence=0.9)

    # operator: organization that builds / owns the project in the same sentence
    for pr in projects:
        op = None
        nxt = next((it for it in orgs if it.start > pr.end), None)
        # "invested by (the Shandong-funded) X": an origin adjective may stand between "by" and the name
        if nxt and re.search(r"\b(of|by)\s+(?:the\s+)?(?:[A-Z][\w]*-(?:funded|based|owned|invested|financed)\s+)?$|\b(of|by)\s*$",
                             ctx.article.text[pr.end : nxt.start]) and nxt.start - pr.end < 80:
            op = nxt.value
        elif nxt and re.search(r"\boperated by\s*$", ctx.article.text[pr.end : nxt.start]):
            op = nxt.value
        else:
            prv = [it for it in orgs if it.end <= pr.start]
            prv = [it for it in prv if not re.search(r"\b(of|by|from|than)\s*$", ctx.article.text[max(0, it.start - 14) : it.start])]
            if prv:
                op = prv[-1].value
        if op is not None:
            for ent in pr.value:
                ctx.add(kind="operator", subject=ent, object=op, evidence=ctx.evidence(s), confidence=0.8)

    # introduced / landed in a year
    if ctx.cues.within("INTRODUCED", s.start, s.end):
        ym = _YEAR.search(text)
        if ym:
            for pr in projects:
                for ent in pr.value:
                    ctx.add(kind="introduced", subject=ent, period=ym.group(1), evidence=ctx.evidence(s), confidence=0.8)

    # location: "in the X Park", "in <host>", "in the city"
    for pk in parks:
        # "the X New Area plant of Y": Y has a plant in the park
        m = re.match(r"\s+(plant|factory|base|branch|mill|smelter)\s+of\s+", ctx.article.text[pk.end : pk.end + 20])
        owner = next((it for it in orgs if m and it.start == pk.end + m.end()), None)
        if owner is not None:
            add_loc(owner.value, pk.value, "stated: a plant of the organization in the park")
        elif re.search(r"\b(in|at|into|inside)\s+(the\s+)?$", ctx.article.text[max(0, pk.start - 10) : pk.start]):
            for it in reversed([i for i in items if i.kind in ("org", "project") and i.end <= pk.start]):
                for ent in (it.value if it.kind == "project" else [it.value]):
                    add_loc(ent, pk.value, "stated: 'in the park'")
                break
    # "its foil plant in Huiguo town": a town or township has no adcode in the gazetteer, so it is a
    # plain alu:Place named by the text
    for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-z]+(?:'[a-z]+)?)\s+(town|township|village)\b", text):
        if not _is_pinyin(m.group(1).replace("'", "")):
            continue  # "in Old Town": an English word, not the name of a Chinese town
        before = [it for it in items if it.kind in ("org", "project", "pronoun") and it.end <= s.start + m.start()]
        # "a project invested by X ... in Y town": the project is what is built there
        projects_before = [it for it in before if it.kind == "project"]
        subj = projects_before[-1] if projects_before else (
            _nearest_subject(before, s.start + m.start(), text=ctx.article.text, places=False) if before else None)
        ent = _subject_entity(subj, None, places_ok=False)
        if ent is not None:
            town = Entity(f"town/{slug(m.group(1))}", "Place", m.group(1))
            add_loc(ent, town, f"stated: 'in {m.group(1)} {m.group(2)}'")
    in_place = None
    for pl in places:
        if in_host(pl.value) and re.search(r"\b(in|at)\s+$", ctx.article.text[max(0, pl.start - 4) : pl.start]):
            in_place = _place_entity(pl.value)
    if in_place is None and host is not None:
        # "a plant in <county>": a county or district of the place the article is about
        for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-z]+(?:'[a-z]+)?)\b", text):
            county = next((d for d in lookup(m.group(1), levels=("county",)) if d.prefecture_adcode == host.adcode), None)
            if county is not None:
                in_place = _place_entity(county)
    if in_place is None and host_entity and re.search(r"\bin the (city|prefecture|county)\b", text):
        in_place = host_entity
    if in_place is not None and not any(re.search(r"\b(in|at|into)\s+(the\s+)?$", ctx.article.text[max(0, pk.start - 10) : pk.start]) for pk in parks):
        subjects = [it for it in items if it.kind in ("org", "project")]
        if subjects:
            it = subjects[-1] if subjects[-1].kind == "project" else subjects[0]
            for ent in (it.value if it.kind == "project" else [it.value]):
                add_loc(ent, in_place, "stated: 'in <place>'")
        elif re.search(r"\b(landed|settled|located|based)\b", text) and prev_orgs:
            for ent in prev_orgs:
                add_loc(ent, in_place, "the next sentence says these have landed here", conf=0.6)

    # membership in an industry system: 'the X industry ... in/among the (city's) "N+M" (key)
    # industrial system / industrial clusters / leading industries'
    m = re.search(r"\b(?:the\s+)?((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+industry\b[^.]*?\b(?:in|of|into|among|as)\s+(?:the\s+)?"
                  r"(?:[A-Za-z]+'s\s+)?[\"']([^\"']{1,12})[\"']\s+(?:[a-z-]+\s+){0,2}"
                  r"(?:industr(?:ial|y)\s+(?:system|clusters?|chains?|bases?)|industries)\b", text)
    if m:
        name = m.group(1).strip()
        name = re.sub(r"^(the|a|an)\s+", "", name)
        name = re.sub(r"\bmaterial$", "materials", name)
        sysname = m.group(2)
        owner = slug(host.name_en) + "-" if host else ""
        ctx.add(kind="membership", subject=Entity(f"industry/{slug(name)}", "Industry", name),
                object=Entity(f"industry-system/{owner}{slug(sysname)}", "IndustrySystem", sysname),
                evidence=ctx.evidence(s), confidence=0.8)


def _product_after(items, q_item, s_end, text):
    """Products named right after a quantity: 'tons of X (and Y)', or 'X' directly."""
    prods = [it for it in items if it.kind == "product" and it.start >= q_item.end]
    if not prods:
        return []
    gap = text[q_item.end : prods[0].start]
    if re.fullmatch(r"\s*(of\s+)?(the\s+)?", gap) or re.fullmatch(r"\s*(of\s+)?([A-Za-z-]+\s+){0,1}", gap) and "of" in gap:
        chain = [prods[0]]
        for nxt in prods[1:]:
            g = text[chain[-1].end : nxt.start]
            if re.fullmatch(r"\s*(,|and|as well as|,\s*and)?\s*", g):
                chain.append(nxt)
            else:
                break
        return chain
    return []


def _choose_product(products: list[str]) -> tuple[str | None, str | None]:
    if not products:
        return None, None
    specific = [x for x in products if not lexicon().is_generic(x)]
    if specific:
        note = None
        if len(set(specific)) > 1:
            note = "combined figure for " + ", ".join(dict.fromkeys(specific)) + "; attributed to the first"
        return specific[0], note
    return products[0], None


def _sentence_quantities(ctx, s, sentences, si, items, host_entity, parts, last_org_by_pos, lex):
    """Facts from the quantities of one sentence."""
    # a target ("aims for an output value of ... by 2025") is not an observation
    target = bool(ctx.cues.within("TARGET", s.start, s.end))
    n_before = len(ctx.facts)
    _quantities(ctx, s, sentences, si, items, host_entity, parts, last_org_by_pos, lex)
    if target:
        ctx.facts[n_before:] = [f for f in ctx.facts[n_before:] if f.kind not in ("indicator", "output", "output_value")]


def _quantities(ctx, s, sentences, si, items, host_entity, parts: list[Clause], last_org_by_pos, lex):
    text = ctx.article.text
    qtys = [it for it in items if it.kind == "qty"]
    made: dict[int, tuple[str, Fact | None]] = {}  # qty item id -> (kind, fact)
    prev_end = s.start
    prev_kind_by_class: dict[str, str] = {}
    cues = ctx.cues
    for qi, q_item in enumerate(qtys):
        q: Quantity = q_item.value
        # the period and status of the clause the figure is in ("..., and in the fourth quarter ...")
        clause = next((c for c in parts if c.start <= q.start < c.end), parts[-1])
        period, status = clause.period, clause.status
        window = text[prev_end : q.start]
        w_start = prev_end  # the window between the previous quantity (or sentence start) and this one

        def cue(label, start=None, end=None):
            return cues.within(label, w_start if start is None else start, q.start if end is None else end)

        prev_end = q.end
        bound = cues.ends_at("BOUND", q.start, text)
        conf = 0.8 if bound else 0.9
        note = "a bound ('exceeding', 'about'), not an exact figure" if bound else None
        subj_item = _nearest_subject(items, q.start, last_org_by_pos=last_org_by_pos, text=text)
        org_subj_item = _nearest_subject(items, q.start, last_org_by_pos=last_org_by_pos, text=text, places=False)
        agent = _passive_agent(items, q.end, s.end, text)
        if agent is not None and not (subj_item is not None and subj_item.kind == "project" and subj_item.start <= q.start < subj_item.end):
            subj_item = org_subj_item = agent
        if org_subj_item is None and re.match(r"\s*(with|having|boasting)\b", text[s.start : q.start], re.I):
            # "With a production capacity of N, the company produced ...": the subject follows the phrase
            fronted = _fronted_subject(items, q.end, s.end, text, last_org_by_pos)
            if fronted is not None:
                subj_item = org_subj_item = fronted
        unit = q.unit

        # ---------------------------------------------------------------- percentages
        if unit in ("%", "pp"):
            after = text[q.end : min(s.end, q.end + 60)]
            if _MARGIN.match(after):
                base = next((made[id(p)][1].indicator for p in reversed(qtys[:qi]) if id(p) in made and made[id(p)][1] is not None and made[id(p)][1].indicator and made[id(p)][1].indicator.endswith("-growth")), None)
                if base and f"{base}-margin" in lex.indicator_units:
                    prev_fact = next(made[id(p)][1] for p in reversed(qtys[:qi]) if id(p) in made and made[id(p)][1] is not None and made[id(p)][1].indicator == base)
                    f = Fact(kind="indicator", subject=prev_fact.subject, indicator=f"{base}-margin", value=q.value, unit="pp",
                             product=prev_fact.product, period=prev_fact.period, evidence=ctx.evidence(s), confidence=0.8,
                             note="growth above the larger region named, in percentage points")
                    ctx.facts.append(f)
                    made[id(q_item)] = ("indicator", f)
                continue
            more_than = re.match(r"\s*(more|higher|less|lower) than (in |a year earlier|last year|the same period|(19|20)\d\d)", after, re.I)
            grow_after = re.match(r"\s*(year[- ]on[- ]year|yoy|y/y|(increase|growth|rise|jump|gain)\b|(decrease|decline|drop|fall)\b)", after, re.I)
            if unit == "pp" or not (cue("GROWTH") or more_than or grow_after):
                continue
            negative = bool(cue("DOWN")) or bool(grow_after and grow_after.group(3)) or bool(
                more_than and more_than.group(1).lower() in ("less", "lower"))
            # "growth of 7.1% in the industrial value added ...": the indicator follows
            follow = re.match(r"\s*(in|of)\s+(the\s+)?", after)
            next_ind = next((it for it in items if it.kind == "indicator" and follow and it.start == q.end + follow.end()), None)
            if next_ind is not None and re.search(r"\bgrowth of\s*$", window, re.I):
                ind = f"{next_ind.value}-growth"
                if ind in lex.indicator_units and host_entity is not None:
                    f = Fact(kind="indicator", subject=host_entity, indicator=ind, value=q.value, unit="%", period=period,
                             evidence=ctx.evidence(s), confidence=0.85)
                    ctx.facts.append(f)
                    made[id(q_item)] = ("indicator", f)
                continue
            sign = -1 if negative else 1
            anchor = None
            # a coordinated clause about another measure ("..., while revenue rose 8.1%") does not
            # reach back to the product of the previous clause
            other_measure = clause.start > s.start and any(
                cues.within(label, clause.start, q.start) for label in ("VALUE", "EXPORT", "INVESTMENT", "TAX"))
            for it in reversed([i for i in items if i.end <= q.start and (i.start >= clause.start or not other_measure)]):
                if it.kind == "indicator" or it.kind == "product" and not _in_capacity(it):
                    anchor = it
                    break
                if it.kind == "qty" and id(it) in made and made[id(it)][1] is not None:
                    anchor = it
                    break
            if anchor is None:
                continue
            if anchor.kind == "qty":
                af = made[id(anchor)][1]
                if af.kind == "indicator" and af.indicator and f"{af.indicator}-growth" in lex.indicator_units:
                    ind, prod, subj = f"{af.indicator}-growth", af.product, af.subject
                elif af.kind == "output":
                    ind, prod, subj = "output-growth", af.product, af.subject
                elif af.kind == "output_value" and af.subject.type in ("PrefectureCity", "Province", "County") and not (
                        af.note and _ONE_INDUSTRY in af.note):
                    ind, prod, subj = "industrial-output-value-growth", None, af.subject
                else:
                    continue
                per = af.period
            elif anchor.kind == "indicator":
                ind = f"{anchor.value}-growth"
                if ind not in lex.indicator_units:
                    continue
                prod = None
                subj = _subject_entity(_nearest_subject(items, anchor.start, last_org_by_pos=last_org_by_pos, text=text), host_entity, places_ok=True)
                per = period
            else:
                ind, prod = "output-growth", anchor.value
                subj = _subject_entity(_nearest_subject(items, anchor.start, last_org_by_pos=last_org_by_pos, text=text), host_entity, places_ok=True)
                per = period
            if subj is None:
                continue
            f = Fact(kind="indicator", subject=subj, indicator=ind, product=prod, value=sign * q.value, unit="%", period=per,
                     evidence=ctx.evidence(s), confidence=0.85)
            ctx.facts.append(f)
            made[id(q_item)] = ("indicator", f)
            continue

        # ---------------------------------------------------------------- money
        if unit in ("yuan", "USD"):
            ind = next((it.value for it in reversed(items) if it.kind == "indicator" and w_start <= it.start and it.end <= q.start), None)
            subj = _subject_entity(subj_item, host_entity, places_ok=True)
            kind = None
            if cue("INVESTMENT") or re.match(
                    r"\s*(has been|have been|was|were|is|is being)?\s*(committed|invested|pledged|earmarked)\b", text[q.end : s.end]):
                proj = _nearest_project(items, q.start) or _recent_project(
                    ctx, s, sentences, every=bool(re.search(r"\bone of them\b", text[s.start : q.start], re.I)))
                if proj is not None:
                    proj, pnote = _split_among(proj, window, text[s.start : q.start])
                    note = "; ".join(x for x in (note, pnote) if x) or None
                    conf = min(conf, 0.5) if pnote else conf
                    for ent in proj:
                        pst = next((f.status for f in ctx.facts if f.kind == "project" and f.subject.id == ent.id), None)
                        f = Fact(kind="investment", subject=ent, value=q.value, unit=unit, evidence=ctx.evidence(s),
                                 status=pst or status, confidence=conf, note=note)
                        ctx.facts.append(f)
                        made[id(q_item)] = ("investment", f)
                continue
            if ind is None and re.fullmatch(r"\s*(in\s+\S+\s+|year[- ]on[- ]year\s+)?to\s+", window):
                prev = next((made[id(p)][1] for p in reversed(qtys[:qi]) if id(p) in made and made[id(p)][1] is not None), None)
                if prev is not None and prev.indicator and prev.indicator.endswith("-growth"):
                    ind, subj = prev.indicator[: -len("-growth")], prev.subject
            if ind is not None and subj is not None:
                kind = "indicator"
            elif cue("EXPORT", start=s.start) and subj is not None:
                ind, kind = "export-value", "indicator"
            elif cue("VALUE") and subj is not None:
                value_at = cue("VALUE")[-1][0]
                # "the district's aluminium industry cluster achieved an output value of ...": the
                # output of one industry of the place, not the place's industrial output value
                one_industry = re.search(r"\b(industry|industries|cluster|sector|chain)\b", text[w_start:value_at], re.I)
                if subj.type in ("PrefectureCity", "Province", "County") and not one_industry:
                    ind, kind = "industrial-output-value", "indicator"
                else:
                    kind = "output_value"
            elif cue("TAX") and subj is not None:
                ind, kind = "tax-revenue", "indicator"
            if kind == "indicator":
                if ind not in lex.indicator_units:
                    continue
                f = Fact(kind="indicator", subject=subj, indicator=ind, value=q.value, unit=unit, period=period,
                         evidence=ctx.evidence(s), confidence=conf, note=note)
            elif kind == "output_value":
                if subj.type in ("PrefectureCity", "Province", "County"):
                    note = "; ".join(x for x in (note, _ONE_INDUSTRY) if x)
                f = Fact(kind="output_value", subject=subj, value=q.value, unit=unit, period=period, evidence=ctx.evidence(s),
                         confidence=conf, note=note)
            else:
                continue
            ctx.facts.append(f)
            made[id(q_item)] = (kind, f)
            continue

        # ---------------------------------------------------------------- energy
        if unit == "kWh":
            subj = _subject_entity(subj_item, host_entity, places_ok=True)
            if subj is None:
                continue
            f = Fact(kind="indicator", subject=subj, indicator="electricity-consumption", value=q.value, unit="kWh",
                     period=period, evidence=ctx.evidence(s), confidence=conf, note=note)
            ctx.facts.append(f)
            made[id(q_item)] = ("indicator", f)
            continue

        # ---------------------------------------------------------------- mass and counts
        after_prods = _product_after(items, q_item, s.end, text)
        products = [it.value for it in after_prods]
        base = q.base_unit
        evidence = ctx.evidence(s)
        repaired_note = None
        if base is None:
            if after_prods and re.fullmatch(r"\s*", text[q.end : after_prods[0].start]):
                base = "piece"  # "3 million aluminium wheels": a count of the product itself
            elif text[q.end : s.end].strip() in ("", ".") and si + 1 < len(sentences) and cue("CAPACITY"):
                nxt = sentences[si + 1]
                m = re.search(r"(?<![\d,.]\s)\b(pairs?|sets?|pieces?|tons?|tonnes?)\s+of\s+", nxt.text)
                if m:
                    prod_next = [it for it in nxt.items if it.kind == "product" and it.start >= nxt.start + m.end() and it.start - (nxt.start + m.end()) < 3]
                    if prod_next:
                        word = m.group(1).lower().rstrip("s")
                        base = {"pair": "pair", "set": "set", "piece": "piece", "ton": "t", "tonne": "t"}[word]
                        products = [prod_next[0].value]
                        evidence = ctx.evidence(s, nxt)
                        repaired_note = (f"number at the end of one sentence joined with '{m.group(1)} of ...' in the next "
                                         "(the text is split there); check against the source")
            if base is None:
                continue
        if (not products and base is not None and text[q.end : s.end].strip() in ("", ".") and si + 1 < len(sentences)
                and cue("CAPACITY")):
            # "X has built an annual production of N tons. The alumina and ...":
            # the product opens the next sentence
            nxt = sentences[si + 1]
            m = re.match(r"(the\s+)?", nxt.text, re.I)
            first = next((it for it in nxt.items if it.kind == "product" and it.start == nxt.start + m.end()), None)
            if first is not None:
                products = [first.value]
                evidence = ctx.evidence(s, nxt)
                repaired_note = ("quantity at the end of one sentence joined with the product opening the next "
                                 "(the text is split there); check against the source")
        if not products:
            left_prods = [it for it in items if it.kind == "product" and it.end <= q.start and it.start >= s.start]
            if left_prods and (cue("CAPACITY") or q.start - left_prods[-1].end < 50):
                # "capacity of aluminium sheet is 400,000 tons", "Alumina: 10.35 million tons"
                lp = left_prods[-1]
                if lp.start >= q.start - len(window) - 0 or not _in_capacity(lp):
                    products = [lp.value]
        if qi and re.fullmatch(r"\s*(?:year[- ]on[- ]year\s+)?to\s+", window):
            prev = made.get(id(qtys[qi - 1]), (None, None))[1]
            if prev is not None and prev.indicator == "output-growth" and prev.product:
                # "aluminium output rose 3.2 percent to 520,000 tonnes": the level the growth reached
                f = Fact(kind="output", subject=prev.subject, value=q.value, unit=base, product=prev.product,
                         period=prev.period, evidence=evidence, confidence=conf, note=note)
                ctx.facts.append(f)
                made[id(q_item)] = ("output", f)
                continue
        # capacity or output?
        kind = None
        # "560 kt/a of ... capacity", "an 80,000mt aluminium fluoride plant": the size of a plant is a capacity
        cap_cue = cue("CAPACITY") or re.match(
            r"\s*(of\s+)?([\w-]+\s+){0,4}(capacity|plant|line|smelter|refinery|mill|facility|workshop|project|base)\b", text[q.end : s.end])
        out_cue = cue("OUTPUT") or re.match(r"[^.;]{0,60}?\b(were|was) (produced|turned out|made)\b", text[q.end : s.end])
        rate_after = bool(after_prods) and re.match(r"\s*((a|per|each) year|annually)\b", text[after_prods[-1].end : s.end])
        if q.is_rate or cap_cue or rate_after:
            kind = "capacity"
        elif out_cue:
            kind = "output"
        elif prev_kind_by_class.get(base) and re.search(r"(,|\band\b)", window):
            kind = prev_kind_by_class[base]
        else:
            # list under a heading: "Output of main products" / "production capacity"
            for back in range(si - 1, max(-1, si - 8), -1):
                h = sentences[back].text
                if h.rstrip().endswith(".") and len(h) >= 70:
                    break  # running prose: no heading governs this sentence
                if not h.rstrip().endswith((".", ";")) or len(h) < 70 and not h.rstrip().endswith(";"):
                    if re.search(r"\b(output|production)\b", h, re.I) and not re.search(r"\bcapacit", h, re.I):
                        kind = "output"
                    elif re.search(r"\bcapacit", h, re.I):
                        kind = "capacity"
                    if kind or not h.rstrip().endswith(";"):
                        break
        if kind is None:
            continue
        prev_kind_by_class[base] = kind
        if kind == "capacity":
            subj_item = org_subj_item
        if subj_item is not None and subj_item.kind == "project":
            subjects = list(subj_item.value)
        else:
            subj = _subject_entity(subj_item, host_entity, places_ok=(kind == "output"))
            if subj is None and kind == "output" and host_entity is not None:
                subj = host_entity
            subjects = [subj] if subj is not None else []
            if subj_item is not None and subj_item.kind == "org":
                subjects += [e for e in _each_partners(items, subj_item, q.start, text) if e not in subjects]
        if not subjects:
            continue
        product, pnote = _choose_product(products)
        if product is None and subjects[0].type == "InvestmentProject":
            product = next((f.product for f in ctx.facts if f.kind == "project" and f.subject.id == subjects[0].id), None)
        if product is None and kind == "capacity":
            product, pnote = _capacity_product(items, clause, text)
        if product is None and subjects[0].type in ("Enterprise", "EnterpriseGroup"):
            product = _name_product(subjects[0].label)
            pnote = f"product read from the company name '{subjects[0].label}'" if product else None
        if product is None:
            continue
        notes = "; ".join(x for x in (note, pnote, repaired_note) if x) or None
        c = 0.6 if repaired_note else conf
        subjects, snote = _split_among(subjects, window, text[s.start : q.start])
        if snote:
            notes = "; ".join(x for x in (notes, snote) if x)
            c = min(c, 0.5)
        for subj in subjects:
            if kind == "capacity":
                f = Fact(kind="capacity", subject=subj, value=q.value, unit=f"{base}/yr", product=product,
                         status=status,
                         evidence=evidence, confidence=c, note=notes)
            else:
                f = Fact(kind="output", subject=subj, value=q.value, unit=base, product=product, period=period,
                         evidence=evidence, confidence=c, note=notes)
            ctx.facts.append(f)
            made[id(q_item)] = (kind, f)
        for pi in after_prods:
            pi.extra["used_by"] = kind


def _split_among(subjects: list, window: str, before: str) -> tuple[list, str | None]:
    """Who of several subjects (projects, companies) a figure belongs to, and a note when it is not
    each of them: a combined/total figure ("with a combined investment of") or a figure for "one
    of them" goes on the first only, marked, rather than being copied onto every one."""
    if len(subjects) < 2:
        return subjects, None
    if re.search(r"\b(combined|total|aggregate|joint)\b[^,;]{0,30}$", window, re.I):
        return subjects[:1], f"combined figure for {len(subjects)} projects or companies named together, not per item"
    if re.search(r"\bone of (them|the\b)", before, re.I):
        return subjects[:1], f"for one of the {len(subjects)} named together; the text does not say which"
    return subjects, None


def _each_partners(items, subj_item, q_start: int, text: str) -> list[Entity]:
    """The organizations listed with ``subj_item`` ("X, Y and Z each added N tons") when "each"
    stands between the list and the figure: the figure holds for every one of them."""
    if not re.search(r"\beach\b", text[subj_item.end : q_start]):
        return []
    orgs = [it for it in items if it.kind == "org" and it.end <= subj_item.start]
    out = []
    cur = subj_item
    for it in reversed(orgs):
        if not re.fullmatch(r"\s*(,|,?\s*and|&)\s*", text[it.end : cur.start]):
            break
        out.append(it.value)
        cur = it
    return out[::-1]


def _carry_status(ctx, s, items, status: str) -> None:
    """"The project was put into production in March": a sentence that refers back to a project
    named earlier gives its status to that project's facts that have none yet."""
    import dataclasses

    earlier = {f.subject.id for f in ctx.facts if f.kind == "project" and f.evidence.start < s.start}
    ids = {e.id for it in items if it.kind == "project" for e in it.value if e.id in earlier}
    for i, f in enumerate(ctx.facts):
        if f.subject.id in ids and f.status is None and f.kind in ("project", "capacity", "investment"):
            note = "; ".join(x for x in (f.note, f"status '{status}' from a later sentence about the project") if x)
            ctx.facts[i] = dataclasses.replace(f, status=status, note=note)


def _fronted_subject(items, q_end: int, s_end: int, text: str, orgs):
    """The subject after a fronted phrase ("With a capacity of N, <subject> ..."): the first
    organization, project or pronoun right after the comma that closes the phrase."""
    comma = text.find(",", q_end, s_end)
    if comma == -1:
        return None
    first = next((it for it in items if it.start > comma and it.kind in ("org", "project", "pronoun", "place")), None)
    if first is None or first.kind == "place" or text[comma + 1 : first.start].strip():
        return None
    return _nearest_subject(items, first.end, last_org_by_pos=orgs, text=text, places=False)


def _name_product(name: str) -> str | None:
    """The specific product a company name states ("X Alumina", "Y Foil"), if exactly one.

    >>> _name_product("Guangxi Xinhua Alumina"), _name_product("Henan Weiye Aluminium")
    ('alumina', None)
    """
    words = name.lower().split()
    lex = lexicon()
    found = {lex.products[" ".join(words[i:j])] for i in range(len(words)) for j in range(i + 1, len(words) + 1)
             if " ".join(words[i:j]) in lex.products}
    specific = {x for x in found if not lex.is_generic(x) and x != "electricity"}
    return specific.pop() if len(specific) == 1 else None


def _capacity_product(items, clause: Clause, text: str) -> tuple[str | None, str | None]:
    """The product of a capacity stated without one: the single specific product the sentence names
    ("With a capacity of N, it produced M tons of X"), else primary aluminium for smelting capacity."""
    if re.search(r"\bsmelt(?:ing|er|ers)\b", text[clause.start : clause.end], re.I):
        return "electrolytic-aluminium", "smelting capacity: primary (electrolytic) aluminium"
    # electricity feeds a plant; it is not what a tonnage capacity makes
    named = {it.value for it in items if it.kind == "product" and not lexicon().is_generic(it.value) and it.value != "electricity"}
    if len(named) == 1:
        return named.pop(), "capacity stated without a product: the one product the sentence names"
    return None, None


def _in_capacity(product_item) -> bool:
    return product_item.extra.get("used_by") == "capacity"


def _nearest_project(items, pos):
    """The project named before ``pos`` in the sentence, else the first one after it."""
    before = [it for it in items if it.kind == "project" and it.end <= pos]
    if before:
        return before[-1].value
    after = [it for it in items if it.kind == "project" and it.start >= pos]
    return after[0].value if after else None


def _recent_project(ctx, s, sentences, *, every: bool = False) -> list[Entity] | None:
    """The project last introduced in the previous sentence ("The investment is ..."), or all the
    projects introduced there together when ``every`` ("One of them ...": the caller marks it)."""
    prev_start = sentences[s.index - 1].start if s.index > 0 else s.start
    recent = [f for f in ctx.facts if f.kind == "project" and prev_start <= f.evidence.start < s.start]
    if not recent:
        return None
    last_start = recent[-1].evidence.start
    batch = [f.subject for f in recent if f.evidence.start == last_start]
    return batch if every else batch[-1:]


def _subject_entity(item, host_entity, *, places_ok: bool):
    if item is None:
        return host_entity if places_ok else None
    if item.kind == "org":
        return item.value
    if item.kind == "project":
        return item.value[0]
    if item.kind == "pronoun" and item.value == "place":
        return host_entity if places_ok else None
    if item.kind == "place":
        return host_entity if places_ok else None
    return None


def _finalise(facts: list[Fact]) -> list[Fact]:
    """Drop exact duplicates and bounds restating an exact figure; sort deterministically."""
    exact = {}
    for f in facts:
        if f.note is None or "bound" not in f.note:
            exact[(f.kind, f.subject.id, f.indicator, f.product, f.period)] = f
    out = []
    seen = set()
    for f in facts:
        key = (f.kind, f.subject.id, f.indicator, f.product, f.period)
        if f.note and "bound" in f.note and key in exact:
            continue
        sig = (f.kind, f.subject.id, f.object.id if f.object else None, f.value, f.unit, f.product, f.indicator, f.period,
               f.evidence.start)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(f)
    return sorted(out, key=_sort_key)


def _sort_key(f: Fact):
    return (f.evidence.start, f.evidence.end, f.kind, f.subject.id, f.object.id if f.object else "", f.product or "",
            f.indicator or "", f.period or "", f.value if f.value is not None else float("-inf"), f.unit or "", f.curated)


# ------------------------------------------------------------------------------------ public API


def extract(article: Article, *, curated: bool = False, cache_dir: str | Path | None = None) -> list[Fact]:
    """Facts stated or implied by one article, each with its evidence, sorted by position.

    :param article: the cleaned article (its date resolves "this year").
    :param curated: also apply the reviewed curation overlay (``loaders/curation/*.toml``).
    :param cache_dir: folder for a JSON cache keyed by content hash and :data:`EXTRACTOR_VERSION`.
    """
    cache = None
    if cache_dir is not None:
        key = hashlib.sha256(
            json.dumps([article.content_hash, article.id, article.date, article.title, EXTRACTOR_VERSION, curated]).encode()
        ).hexdigest()[:24]
        cache = Path(cache_dir) / f"facts-{key}.json"
        if cache.is_file():
            try:
                return [Fact.from_dict(d) for d in json.loads(cache.read_text(encoding="utf-8"))]
            except (ValueError, TypeError, KeyError):
                pass  # a damaged cache entry is rebuilt below
    facts = extract_article(article, curated=curated).facts
    if cache is not None:
        from alucluster.ontology._io import write_atomic

        write_atomic(cache, json.dumps([f.to_dict() for f in facts], sort_keys=True, ensure_ascii=False))
    return facts


def extract_file(path: str | Path, *, curated: bool = False, cache_dir: str | Path | None = None) -> list[Fact]:
    """Read an article file and extract its facts.

    :param path: the article file (front matter or ``.meta.json`` sidecar for its date).
    :raises ArticleError: when the file cannot be read as an article.
    """
    return extract(read_article(path), curated=curated, cache_dir=cache_dir)


def format_facts(facts: list[Fact], fmt: str = "table", *, merges: list[Merge] | tuple = ()) -> str:
    """Facts as JSON lines (one ``Fact.to_dict()`` per line, sorted keys) or an aligned table.

    The entity merges made follow the facts so a reader can check them: in JSON lines one
    ``{"merge": {"kept", "merged", "reason"}}`` record each, in the table a trailing ``merged:`` section.

    :param facts: facts to print.
    :param fmt: ``"jsonl"`` or ``"table"``.
    :param merges: the merges of the extraction (:attr:`Extraction.merges`).
    :raises ValueError: for another format.

    >>> from alucluster.loaders.facts import Entity, Evidence, Fact
    >>> f = Fact("capacity", Entity("enterprise/acme", "Enterprise", "Acme"), Evidence("a", "Acme makes 5 t.", 0, 15),
    ...          value=5.0, unit="t/yr", product="aluminium-foil")
    >>> line = format_facts([f], "jsonl")
    >>> json.loads(line)["unit"], line.count(chr(10))
    ('t/yr', 1)
    """
    if fmt == "jsonl":
        lines = [json.dumps(f.to_dict(), sort_keys=True, ensure_ascii=False) for f in facts]
        lines += [json.dumps({"merge": {"kept": m.kept, "merged": m.merged, "reason": m.reason}}, sort_keys=True, ensure_ascii=False)
                  for m in merges]
        return "".join(line + "\n" for line in lines)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use jsonl or table")
    header = ("kind", "subject", "object/value", "indicator/product", "period", "stated", "conf", "evidence")
    rows = [header]
    for f in facts:
        if f.object is not None:
            obj = f.object.label
        elif f.value is not None:
            obj = f"{f.value:,.6g} {f.unit or ''}".strip() if abs(f.value) < 1e6 else f"{f.value:,.0f} {f.unit or ''}".strip()
        else:
            obj = f.period or ""
        excerpt = f.evidence.sentence.replace("\n", " ")
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "..."
        what = ":".join(x for x in (f.indicator, f.product) if x)
        rows.append((f.kind + (" (curated)" if f.curated else ""), f.subject.label, obj, what,
                     f.period or "", "yes" if f.stated else "no", f"{f.confidence:.2f}", excerpt))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1] for r in rows]
    if merges:
        lines += ["", "merged:"] + [f"  {m.merged!r} -> {m.kept!r}: {m.reason}" for m in merges]
    return "\n".join(line.rstrip() for line in lines) + "\n"
