"""The English spaCy pipeline: tokens, sentences, phrase matchers and cue words.

A spaCy blank English pipeline splits the text into tokens and sentences (a rule-based sentencizer
plus line breaks, so list items and headings stand alone); PhraseMatchers built from the ontology
lexicons find products and indicators, and from the gazetteer places. Cue words are token patterns
of a spaCy Matcher (``_CUE_PATTERNS``), read per document into :class:`Cues` for window queries.
Pinyin brand names are recognised from pypinyin's syllable table (:func:`alucluster.loaders.names.is_pinyin`).

>>> t = "Acme has an annual capacity of 5 tons."
>>> Cues(english_pipeline().nlp(t), english_pipeline().cues).within("CAPACITY", 0, len(t))
[(12, 27, 'annual capacity')]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from alucluster.loaders.article import MAX_BYTES
from alucluster.loaders.lexicon import lexicon
from alucluster.loaders.places import gazetteer

__all__ = ["Cues", "Pipeline", "Sentence", "english_pipeline", "split_sentences"]

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
        [{"LOWER": {"IN": ["produced", "produces", "produce", "output", "outputs", "production", "yielded", "made", "poured",
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
        [{"LOWER": "the"}, {"LOWER": {"IN": ["company", "group", "enterprise", "firm", "smelter", "refinery", "producer", "plant",
                                             "facility", "mill", "complex", "factory"]}}],
    ],
    "PRONOUN_PLACE": [
        [{"LOWER": "the"}, {"LOWER": {"IN": ["city", "prefecture", "municipality", "region", "county", "province"]}},
         {"ORTH": "'s", "OP": "?"}],
    ],
}


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
        elif re.fullmatch(r"(?:[MmKk]?t|mln|bln|bn)\.", prev) and i >= 2 and doc[i - 2].like_num and cur[:1].isupper():
            starts[i] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


@dataclass(frozen=True)
class Pipeline:
    """The spaCy blank English pipeline and the matchers built from the lexicons and gazetteer."""

    nlp: object
    products: object  # PhraseMatcher (LOWER)
    indicators: object  # PhraseMatcher (LOWER)
    indicators_case: object  # PhraseMatcher (ORTH) for acronyms
    places: object  # PhraseMatcher (ORTH)
    cues: object  # Matcher over token patterns (_CUE_PATTERNS)
    product_ids: dict
    indicator_ids: dict


@functools.cache
def english_pipeline() -> Pipeline:
    """The English pipeline, built once per process (building the matchers is most of a cold run).

    >>> english_pipeline() is english_pipeline()
    True
    """
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
    return Pipeline(nlp, products, indicators, indicators_case, places, cues, product_ids, indicator_ids)



@dataclass(frozen=True)
class Sentence:
    """One sentence as written (edges trimmed), its position, and the items found in it."""

    index: int
    start: int
    end: int
    text: str
    items: tuple = ()
    span: object = field(default=None, compare=False)  # the spaCy sentence span


def split_sentences(doc, text: str) -> list[Sentence]:
    """The sentences of a parsed document, whitespace trimmed so the evidence is the sentence as
    written; empty ones dropped.

    >>> t = "Acme makes foil.\\nIt grew."
    >>> [s.text for s in split_sentences(english_pipeline().nlp(t), t)]
    ['Acme makes foil.', 'It grew.']
    """
    out = []
    for s in doc.sents:
        st, en = s.start_char, s.end_char
        while st < en and text[st].isspace():
            st += 1
        while en > st and text[en - 1].isspace():
            en -= 1
        if st < en:
            out.append(Sentence(len(out), st, en, text[st:en], (), s))
    return out



class Cues:
    """Character spans of the cue matches of one document, by label, for window queries."""

    def __init__(self, doc, matcher) -> None:
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

