"""The product and indicator lexicons, read from the ontology's reference data.

Products come from ``ontology/data/chain.ttl`` (``skos:prefLabel``/``skos:altLabel`` in both
spellings), indicators from ``ontology/data/indicators.ttl`` (``rdfs:label``/``skos:altLabel``).
Each English phrase also gets its singular/plural variant of the last word, so "aluminum
profile" finds the same product as "aluminum profiles". Built once per process.

>>> lex = lexicon()
>>> lex.products["aluminum profile"], lex.products["electrolytic aluminium"]
('aluminium-profiles', 'electrolytic-aluminium')
>>> lex.indicators["regional gross product"], lex.indicator_units["gdp"]
('gdp', 'yuan')

Open vocabulary: :func:`product_of_phrase` maps any product noun phrase of an article ("high
precision aluminum strip", "steel-core aluminium stranded wire", "铝合金圆铸锭") to a reference
product by its head noun and modifiers, read from the same labels plus the ``skos:hiddenLabel``
head-noun forms of ``chain.ttl``, or says it cannot (``None``): the extractor then keeps the figure
with the phrase as its product label.

>>> product_of_phrase("high-precision aluminum strip"), product_of_phrase("steel pipes")
('aluminium-sheet', None)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["Lexicon", "lexicon", "product_of_phrase", "variants"]

# Short forms the aluminium trade press uses without the metal's name ("foil output reached ...",
# "540 kt of plate and sheet"). Kept here rather than as altLabels in chain.ttl because they only
# name aluminium products inside an article about aluminium; longer lexicon phrases still win.
_PRESS_SHORT_FORMS = {
    "foil": "aluminium-foil",
    "plate and sheet": "aluminium-sheet",
    "sheet and plate": "aluminium-sheet",
    "plate, sheet and strip": "aluminium-sheet",
    "flat-rolled products": "aluminium-sheet",
    "wheels": "aluminium-wheels",
}


@dataclass(frozen=True)
class Lexicon:
    """Phrases (lower-case) to reference slugs, plus labels, units and the product hierarchy."""

    products: dict[str, str]  # English or Chinese phrase -> product slug
    product_labels: dict[str, str]  # product slug -> English preferred label
    product_broader: dict[str, str]  # product slug -> broader product slug
    indicators: dict[str, str]  # phrase -> indicator slug (base indicators only, not "-growth")
    indicator_units: dict[str, str]  # indicator slug -> unit
    generic: frozenset[str] = frozenset()  # products with narrower products
    # head noun -> ((modifiers the phrase must have, product slug), ...), most modifiers first
    product_heads: dict[str, tuple[tuple[frozenset[str], str], ...]] = field(default_factory=dict)
    product_suffixes: tuple[tuple[str, str], ...] = ()  # (Chinese label, product slug), longest first

    def is_generic(self, product: str) -> bool:
        """True for a product with narrower products (``aluminium``): a specific one beats it."""
        return product in self.generic


def variants(phrase: str) -> set[str]:
    """The phrase with its last word in singular and plural form (simple English rules).

    >>> sorted(variants("die castings"))
    ['die casting', 'die castings']
    """
    out = {phrase}
    if not phrase.isascii():
        return out
    head, _, last = phrase.rpartition(" ")
    prefix = head + " " if head else ""
    if last.endswith("ies"):
        out.add(prefix + last[:-3] + "y")
    elif last.endswith(("ses", "xes", "shes", "ches")):
        out.add(prefix + last[:-2])
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        out.add(prefix + last[:-1])
    elif last.endswith("y") and len(last) > 3 and last[-2] not in "aeiou":
        out.add(prefix + last[:-1] + "ies")
    elif last.isalpha() and len(last) > 3 and last not in ("aluminium", "aluminum", "alumina", "bauxite", "cryolite", "electricity"):
        out.add(prefix + last + "s")
    return out


def _graph(name: str):
    import rdflib

    g = rdflib.Graph()
    g.parse(data=(resources.files("alucluster.ontology") / "data" / name).read_text(encoding="utf-8"), format="turtle")
    return g


@functools.cache
def lexicon() -> Lexicon:
    """The packaged lexicon (cached).

    >>> lexicon().products["钢爪保护环"]
    'steel-claw-protection-rings'
    """
    from rdflib.namespace import RDFS, SKOS

    from alucluster.ontology.vocab import ALU, REF

    product_ns, indicator_ns = str(REF["product/"]), str(REF["indicator/"])
    chain = _graph("chain.ttl")
    products: dict[str, str] = {}
    labels: dict[str, str] = {}
    broader: dict[str, str] = {}
    head_forms: list[tuple[str, str]] = []  # (label, slug): every label, hidden ones too
    for s, p, o in sorted(chain.triples((None, None, None))):
        subject = str(s)
        if not subject.startswith(product_ns):
            continue
        slug = subject[len(product_ns) :]
        if p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            head_forms.append((str(o), slug))
        if p in (SKOS.prefLabel, SKOS.altLabel):
            for v in variants(str(o).lower()):
                products.setdefault(v, slug)
            if p == SKOS.prefLabel and getattr(o, "language", None) == "en":
                labels[slug] = str(o)
        elif p == SKOS.broader and str(o).startswith(product_ns):
            broader[slug] = str(o)[len(product_ns) :]

    for phrase, slug in _PRESS_SHORT_FORMS.items():
        for v in variants(phrase):
            products.setdefault(v, slug)

    ind = _graph("indicators.ttl")
    indicators: dict[str, str] = {}
    units: dict[str, str] = {}
    derived = {str(s) for s in ind.subjects(SKOS.broader, None)}
    for s, p, o in sorted(ind.triples((None, None, None))):
        subject = str(s)
        if not subject.startswith(indicator_ns):
            continue
        slug = subject[len(indicator_ns) :]
        if p == ALU.unit:
            units[slug] = str(o)
        elif p in (RDFS.label, SKOS.altLabel):
            if subject not in derived and slug != "output-growth":
                text = str(o)
                # Acronyms (GDP, GRP, FAI) keep their case: "grp" in running text is not GDP.
                key = text if text.isupper() else text.lower()
                indicators.setdefault(key, slug)
    generic = frozenset(broader.values())
    heads, suffixes = _head_rules(head_forms, generic)
    return Lexicon(products, labels, broader, indicators, units, generic, heads, suffixes)


# ---------------------------------------------------------------- open vocabulary

_METAL = {"aluminium", "aluminum", "al"}
# A phrase naming another material and not aluminium is not an aluminium product ("steel pipes").
_OTHER_MATERIALS = {
    "steel", "iron", "copper", "zinc", "lead", "nickel", "titanium", "magnesium", "silicon", "glass", "plastic",
    "pvc", "coal", "cement", "concrete", "wood", "paper", "rubber", "silver", "gold", "tin", "lithium", "cobalt",
    "graphite", "coke", "calcium", "sodium", "potassium", "stainless",
}
_OTHER_MATERIALS_ZH = "钢铁铜锌铅镍钛镁硅塑煤锂钴"
# Facility and measure words the press puts after the product ("stranded wire production project").
_TRAILING = {
    "project", "production", "line", "plant", "capacity", "output", "base", "factory", "workshop", "facility",
    "program", "programme", "phase", "park", "industry", "sector", "business", "market", "export", "import",
    "sale", "processing", "manufacturing", "maker", "supply", "demand", "price",
}
_TRAILING_ZH = ("生产线", "项目", "产线", "产能", "产品", "生产", "基地", "工厂", "园区", "等")
_CUT = re.compile(r"\s(?:of|for|used|with|in|from|to)\s")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "shes", "ches")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    """Lower-case singular words, hyphens and slashes as spaces, "aluminum" spelled "aluminium"."""
    text = re.sub(r"'s\b", "", unicodedata.normalize("NFKC", text).lower())
    return [("aluminium" if w == "aluminum" else _singular(w)) for w in re.findall(r"[a-z0-9]+", text)]


def _head_rules(forms, generic):
    """Head-noun rules of the English labels, suffix labels of the Chinese ones (see :func:`product_of_phrase`)."""
    heads: dict[str, set[tuple[frozenset[str], str]]] = {}
    suffixes = set()
    for label, slug in forms:
        if not label.isascii():
            suffixes.add((unicodedata.normalize("NFKC", label), slug))
            continue
        # "aluminium plate, sheet and strip": each coordinated part has its own head
        for part in re.split(r",|\band\b", label.lower()):
            words = _words(part)
            if words:
                heads.setdefault(words[-1], set()).add((frozenset(words[:-1]) - _METAL, slug))
    # most modifiers first; among equals a specific product before a generic one, then by slug
    ordered = {
        h: tuple(sorted(rules, key=lambda r: (-len(r[0]), r[1] in generic, r[1], sorted(r[0]))))
        for h, rules in heads.items()
    }
    return ordered, tuple(sorted(suffixes, key=lambda x: (-len(x[0]), x)))


def product_of_phrase(phrase: str, lex: Lexicon | None = None) -> str | None:
    """The reference product a product noun phrase names, by head noun and modifiers; else ``None``.

    English: the head is the last word before "of/for/with/..." (trailing facility words such as
    "production project" dropped); a label of ``chain.ttl`` (hidden head-noun forms included)
    with the same head whose modifiers all occur in the phrase maps it, the label with the most
    modifiers winning ("recycled aluminium alloys" is recycled aluminium, "cast aluminium alloy"
    an alloy ingot). Chinese: the longest label the phrase ends with ("铝合金圆铸锭" ends with
    "圆铸锭", billets); heads of one or two characters (板, 型材) only in a phrase that says 铝. A phrase that
    names another material and not aluminium ("steel pipes", "钢管") maps to nothing.

    :param phrase: a product noun phrase as written ("medium and thick plates", "铝板带").
    :param lex: the lexicon (default: the packaged one).

    >>> [product_of_phrase(p) for p in ("recycled aluminum alloys", "aluminum alloy round ingots", "battery foil")]
    ['recycled-aluminium', 'aluminium-billets', 'aluminium-foil']
    >>> product_of_phrase("steel core aluminium stranded wire production project"), product_of_phrase("铝合金圆铸锭")
    ('aluminium-wire-and-cable', 'aluminium-billets')
    >>> product_of_phrase("industrial silicon") is None, product_of_phrase("钢管") is None
    (True, True)
    """
    lex = lex or lexicon()
    text = unicodedata.normalize("NFKC", phrase).strip()
    if not text:
        return None
    exact = lex.products.get(text.lower())
    if exact:
        return exact
    if not text.isascii():
        return _chinese_product(text, lex)
    words = _words(_CUT.split(" " + text.lower() + " ")[0])
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    if not words:
        return None
    present = set(words[:-1])
    for mods, slug in lex.product_heads.get(words[-1], ()):
        if mods <= present:
            if not (present & _METAL) and (present - mods) & _OTHER_MATERIALS:
                return None  # "steel pipes": another material's product
            return slug
    return None


def _chinese_product(text: str, lex: Lexicon) -> str | None:
    for tail in _TRAILING_ZH:
        if text.endswith(tail) and len(text) > len(tail):
            text = text[: -len(tail)]
    has_metal = "铝" in text
    if not has_metal and any(c in _OTHER_MATERIALS_ZH for c in text):
        return None
    for label, slug in lex.product_suffixes:
        if text == label or (text.endswith(label) and label != "铝" and (has_metal or len(label) > 2)):
            return slug
    return None
