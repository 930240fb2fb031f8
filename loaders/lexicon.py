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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Lexicon", "lexicon", "variants"]

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
    for s, p, o in sorted(chain.triples((None, None, None))):
        subject = str(s)
        if not subject.startswith(product_ns):
            continue
        slug = subject[len(product_ns) :]
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
    return Lexicon(products, labels, broader, indicators, units, frozenset(broader.values()))
