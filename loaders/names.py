"""What an English organisation name is made of, and what a capitalised name that is no company is.

The word classes here are the vocabulary the mention detector reads names with: legal forms
dropped from a label ("Co., Ltd.", "Inc.", "Joint-Stock Co., Ltd."), organisational heads kept in
it ("Group", "Branch", "Corporation"), descriptors that follow a brand ("New Materials",
"Hi-Tech", "Precision"), the heads of bodies that are never enterprises (news agencies,
newspapers, exchanges, data providers, ministries, associations), titles that open a person's
name ("Mayor", "Chairman"), geographic heads ("Road", "River"), and the nouns that introduce a
company in apposition ("the carmaker X", "Germany's X company"). Countries come from ISO 3166 as
``pycountry`` ships it (the library made for the job), so "US-based" and "Japan's" are places.

>>> strip_legal_form(["Acme", "Foil", "Co", ".", ",", "Ltd", "."])
['Acme', 'Foil']
>>> country("US").id, country("Germany").label, country("Ruifeng")
('country/usa', 'Germany', None)
"""

from __future__ import annotations

import functools

from alucluster.loaders.facts import Entity

__all__ = [
    "LEGAL_FORMS", "ORG_HEADS", "DESCRIPTORS", "NON_ENTERPRISE_HEADS", "PERSON_TITLES", "GEOGRAPHIC_HEADS",
    "COMPANY_NOUNS", "strip_legal_form", "country", "is_legal_form", "english_words", "syllables", "is_pinyin",
    "looks_like_person",
]

#: Legal-form words dropped from the end of a label (lower case, without the final dot).
LEGAL_FORMS = frozenset({"co", "ltd", "limited", "inc", "incorporated", "llc", "plc", "company", "joint-stock",
                         "joint", "stock", "gmbh", "ag", "sa", "bv", "nv", "pte", "pty"})
#: Heads kept in the label: they say what kind of organisation it is ("X Group", "X Branch").
ORG_HEADS = frozenset({"group", "holdings", "holding", "branch", "corporation", "corp", "bank", "cooperative"})
#: Words that follow a brand in a company name without being a product or a place.
DESCRIPTORS = frozenset({
    "industrial", "industry", "industries", "new", "materials", "material", "nonferrous", "non-ferrous", "hi-tech",
    "high-tech", "sci-tech", "tech", "science", "technology", "technologies", "metal", "metals", "products",
    "precision", "light", "alloy", "alloys", "investment", "investments", "motor", "motors", "services", "service",
    "scientific", "international", "trading", "development", "engineering", "equipment", "automotive", "parts",
    "chemical", "chemicals", "electricity", "electric", "energy", "power", "mining", "resources", "special",
    "processing", "smelting", "manufacturing", "aluminum", "aluminium", "alumina", "foil", "cable", "cables", "wire",
    "wheel", "wheels", "carbon", "steel", "magnesium", "logistics", "machinery", "auto", "intelligent", "green",
    "capital", "venture", "ventures", "enterprise", "enterprises", "construction", "innovation",
})
#: Heads of capitalised names that are bodies, media or places, never enterprises.
NON_ENTERPRISE_HEADS = frozenset({
    "bureau", "committee", "government", "party", "municipal", "city", "province", "provincial", "county",
    "district", "prefecture", "region", "autonomous", "park", "zone", "area", "university", "institute",
    "association", "office", "department", "commission", "administration", "ministry", "council", "congress",
    "people's", "standing", "statistics", "news", "daily", "desk", "center", "centre", "station", "port",
    "exchange", "agency", "newspaper", "times", "post", "journal", "weekly", "monthly", "magazine", "review",
    "network", "information", "society", "federation", "chamber", "customs", "court", "academy", "school",
    "hospital", "fund", "police", "army", "corps", "banner", "subdistrict", "town", "township", "village",
})
#: Titles that open a person's name ("Mayor Li Ming"): the run is a person, not a company.
PERSON_TITLES = frozenset({
    "mayor", "president", "chairman", "chairwoman", "secretary", "governor", "director", "minister", "vice",
    "mr", "mrs", "ms", "dr", "ceo", "chief", "executive", "officer", "manager", "deputy", "premier", "general",
    "professor", "chair", "head", "spokesman", "spokeswoman",
})
#: Geographic heads: "X Road", "X River" name places.
GEOGRAPHIC_HEADS = frozenset({"road", "street", "avenue", "river", "lake", "mountain", "mountains", "bridge", "square",
                              "valley", "basin", "sea", "bay", "island", "plateau"})
#: Nouns that introduce a company by apposition or before/after its name ("the carmaker X",
#: "startup X", "X company", "aluminium giant X", "EV brand, X", "a source at X").
COMPANY_NOUNS = frozenset({
    "company", "companies", "firm", "firms", "maker", "makers", "manufacturer", "manufacturers", "producer",
    "producers", "supplier", "suppliers", "carmaker", "carmakers", "automaker", "automakers", "startup", "giant",
    "brand", "trader", "traders", "extruder", "smelter", "customer", "customers", "rival", "rivals", "vendor",
    "partner", "lab", "laboratory", "bank", "lender", "group", "conglomerate", "multinational", "recycler",
})


def is_legal_form(word: str) -> bool:
    """True for a legal-form word ("Co.", "Ltd", "Inc.") that a label drops.

    >>> is_legal_form("Ltd."), is_legal_form("Group")
    (True, False)
    """
    return word.lower().rstrip(".") in LEGAL_FORMS


def strip_legal_form(words: list[str]) -> list[str]:
    """The name words without the legal form at their end (commas and dots around it included).

    :param words: the tokens of a name as written.

    >>> strip_legal_form(["Xinda", "Joint", "-", "Stock", "Co", ".", ",", "Ltd", "."])
    ['Xinda']
    >>> strip_legal_form(["Light", "Alloys", "Corp", "of", "Ningxia", "Co", "Ltd"])
    ['Light', 'Alloys', 'Corp', 'of', 'Ningxia']
    """
    out = list(words)
    while out and (is_legal_form(out[-1]) or out[-1] in (",", ".", "-")):
        out.pop()
    return out


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    import pycountry

    names: dict[str, tuple[str, str]] = {}
    for c in pycountry.countries:
        code = c.alpha_3.lower()
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value:
                names[value.lower()] = (code, "name")
        names[c.alpha_2.lower()] = (code, "code")
        names[c.alpha_3.lower()] = (code, "code")
    return names


def country(word: str) -> Entity | None:
    """The country a word names ("Germany", "US", "USA"), labelled as written; codes only in capitals.

    :param word: the word or words as written.

    >>> country("Japan").id, country("USA").id, country("us")
    ('country/jpn', 'country/usa', None)
    """
    hit = _countries().get(word.lower())
    if hit is None or (hit[1] == "code" and not word.isupper()):
        return None
    return Entity(f"country/{hit[0]}", "Country", word)


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


@functools.cache
def english_words() -> frozenset[str]:
    """Common English words that happen to segment as pinyin: spaCy's stop words, the words of the
    lexicons' product and indicator phrases, and the name vocabulary of this module."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from alucluster.loaders.lexicon import lexicon

    words = set(STOP_WORDS)
    lex = lexicon()
    for phrase in list(lex.products) + list(lex.indicators):
        words.update(phrase.lower().split())
    words.update({"anode", "anodes", "manganese"} | DESCRIPTORS | ORG_HEADS | PERSON_TITLES | GEOGRAPHIC_HEADS)
    return frozenset(words)


def syllables(word: str) -> int:
    """How few pinyin syllables spell ``word`` (0 when it is no pinyin), diacritics folded ("ü" = "v").

    >>> syllables("Lüshan"), syllables("Wang"), syllables("Norvane")
    (2, 1, 0)
    """
    w = word.lower().replace("ü", "v").replace("'", "").replace("’", "")
    if not (w.isalpha() and w.isascii()):
        return 0
    syl = _pinyin_syllables()
    n = len(w)
    best: list[int | None] = [None] * (n + 1)  # fewest syllables that spell w[:i]
    best[0] = 0
    for i in range(1, n + 1):
        for j in range(max(0, i - 6), i):
            if best[j] is not None and w[j:i] in syl and (best[i] is None or best[j] + 1 < best[i]):
                best[i] = best[j] + 1
    return best[n] or 0


@functools.lru_cache(maxsize=8192)
def is_pinyin(word: str) -> bool:
    """True when a capitalised word reads as two or more pinyin syllables (a Chinese brand name).

    >>> is_pinyin("Ruifeng"), is_pinyin("Aluminium"), is_pinyin("Lüshan")
    (True, False, True)
    """
    if len(word) < 4 or word.lower() in english_words():
        return False
    return syllables(word) >= 2


def looks_like_person(words: list[str]) -> bool:
    """A Chinese personal name: a one-syllable surname and a one- or two-syllable given name.

    >>> looks_like_person(["Li", "Zhongtian"]), looks_like_person(["Ruifeng", "Technology"])
    (True, False)
    """
    return 2 <= len(words) <= 3 and syllables(words[0]) == 1 and all(0 < syllables(w) <= 2 for w in words[1:]) and not any(
        w.lower() in english_words() for w in words)
