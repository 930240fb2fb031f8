"""Which product a figure, project or company name is about, from the product items around it.

>>> name_product("Acme Foil")
'aluminium-foil'
"""

from __future__ import annotations

import re

from alucluster.loaders.lexicon import lexicon
from alucluster.loaders.periods import Clause

__all__ = ["capacity_product", "choose_product", "name_product", "product_after"]


def product_after(items, q_item, text: str) -> list:
    """Product items named right after a quantity: 'tons of X (and Y)', or 'X' directly.

    :param items: the items of the sentence, in text order.
    :param q_item: the quantity item.
    :param text: the article text.
    """
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


def choose_product(products: list[str]) -> tuple[str | None, str | None]:
    """The product a figure naming several is about (the first specific one), with a note when the
    figure combines several specific products.

    >>> choose_product(["aluminium", "aluminium-foil"])
    ('aluminium-foil', None)
    """
    if not products:
        return None, None
    specific = [x for x in products if not lexicon().is_generic(x)]
    if specific:
        note = None
        if len(set(specific)) > 1:
            note = "combined figure for " + ", ".join(dict.fromkeys(specific)) + "; attributed to the first"
        return specific[0], note
    return products[0], None


def name_product(name: str) -> str | None:
    """The specific product a company name states ("X Alumina", "Y Foil"), if exactly one.

    >>> name_product("Guangxi Xinhua Alumina"), name_product("Henan Weiye Aluminium")
    ('alumina', None)
    """
    words = name.lower().split()
    lex = lexicon()
    found = {lex.products[" ".join(words[i:j])] for i in range(len(words)) for j in range(i + 1, len(words) + 1)
             if " ".join(words[i:j]) in lex.products}
    specific = {x for x in found if not lex.is_generic(x) and x != "electricity"}
    return specific.pop() if len(specific) == 1 else None


def capacity_product(items, clause: Clause, text: str) -> tuple[str | None, str | None]:
    """The product of a capacity stated without one: the single specific product the sentence names
    ("With a capacity of N, it produced M tons of X"), else primary aluminium for smelting capacity."""
    if re.search(r"\bsmelt(?:ing|er|ers)\b", text[clause.start : clause.end], re.I):
        return "electrolytic-aluminium", "smelting capacity: primary (electrolytic) aluminium"
    # electricity feeds a plant; it is not what a tonnage capacity makes
    named = {it.value for it in items if it.kind == "product" and not lexicon().is_generic(it.value) and it.value != "electricity"}
    if len(named) == 1:
        return named.pop(), "capacity stated without a product: the one product the sentence names"
    return None, None
