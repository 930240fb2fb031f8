"""Investment projects introduced by a sentence ("three aluminium foil projects", "build a plant").

A "project(s)" phrase names one project per count word, labelled by its noun phrase, with the
product it names (or the first one after it); "the/this project" refers back to the last project
of that product. Each project is a ``project`` fact and a :class:`ProjectItem` of its sentence.

>>> from alucluster.loaders.article import Article
>>> from alucluster.loaders.items import Context
>>> from alucluster.loaders.mentions import find_mentions
>>> from alucluster.loaders.pipeline import english_pipeline, split_sentences
>>> a = Article.from_text("Acme signed two aluminium foil projects.", date="2021")
>>> doc = english_pipeline().nlp(a.text)
>>> ctx = Context(a)
>>> sents = find_projects(ctx, attach_items(split_sentences(doc, a.text), find_mentions(a, doc, split_sentences(doc, a.text)).items))
>>> [f.subject.label for f in ctx.facts]
['aluminium foil project (1)', 'aluminium foil project (2)']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from alucluster.loaders.facts import Entity
from alucluster.loaders.items import Context, Item, ProjectItem
from alucluster.loaders.lexicon import lexicon, product_of_phrase
from alucluster.loaders.periods import status_of
from alucluster.loaders.pipeline import Sentence
from alucluster.loaders.products import choose_product

__all__ = ["attach_items", "find_projects"]

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "both": 2}
# Words that end the noun phrase before "project" (read leftwards).
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "its", "their", "of", "with", "for", "and", "or", "to", "by", "in",
                          "these", "those", "such", "other", "more", "several", "many", "all", "each", "some", "number"})
_PROJECT = re.compile(r"\b([Pp]rojects?)\b|\b(build|construct|set up|building|constructing)\s+(?:a|an)\s+"
                      r"(?:[\w.,/-]+\s+){0,5}?(plant|factory|base)\b")


def attach_items(sentences: list[Sentence], items) -> list[Sentence]:
    """The sentences, each with the items (in text order) that lie inside it."""
    starts = [it.start for it in items]
    out = []
    for s in sentences:
        lo, hi = bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)
        out.append(replace(s, items=tuple(it for it in items[lo:hi] if it.end <= s.end)))
    return out


def find_projects(ctx: Context, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with the project phrases they contain added to their items; the projects
    introduced become ``project`` facts of ``ctx``."""
    lex = lexicon()
    out = []
    for s in sentences:
        sentence_products = [it for it in s.items if it.kind == "product"]
        project_items: list[Item] = []
        for m in _PROJECT.finditer(s.text):
            pos = s.start + m.start()
            ents, np_start = _project_at(ctx, s, m, pos, sentence_products, lex)
            if ents:
                project_items.append(ProjectItem(min(np_start, pos), s.start + m.end(), tuple(ents)))
        if project_items:
            s = replace(s, items=tuple(sorted(s.items + tuple(project_items), key=lambda it: (it.start, it.end))))
        out.append(s)
    return out


def _project_at(ctx: Context, s: Sentence, m: re.Match, pos: int, prod_items, lex) -> list[Entity]:
    """The project entities a "project(s)" / "build a plant" phrase introduces (or refers back to)."""
    if m.group(2):
        # "build a 1.2 Mtpa aluminium alloy plant": the noun phrase is between the article and "plant"
        inner_start = s.start + m.start() + len(re.match(r"\w+(?:\s+up)?\s+an?\s+", m.group(0)).group(0))
        inner_products = [it for it in prod_items if inner_start <= it.start and it.end <= s.start + m.end()]
        right = [it for it in prod_items if it.start >= s.start + m.end() and it.end <= s.end]
        product, _ = choose_product([it.value for it in inner_products] or [it.value for it in right[:1]])
        np_text = ctx.article.text[inner_start : s.start + m.start(3)].strip()
        if product is None or lex.is_generic(product):
            product = product_of_phrase(np_text, lex) or product
        key = product or "project"
        n = ctx.project_counts.get(key, 0) + 1
        ctx.project_counts[key] = n
        label = f"{np_text} {m.group(3)}".strip()
        ent = Entity(f"project/{ctx.aid}-{key}-{n}", "InvestmentProject", label)
        ctx.projects.append(ent)
        ctx.add(kind="project", subject=ent, product=product, evidence=ctx.evidence(s), status=status_of(s.text), confidence=0.85,
                note="a plant to be built, taken as an investment project")
        return [ent], inner_start
    before = s.text[: m.start()]
    # the noun phrase before "project": up to a determiner, number word, preposition or punctuation
    word_matches = list(re.finditer(r"\d[\d,.]*[\w/-]*|[\w'$./-]+|[,;:()]", before))
    np: list[str] = []
    np_start_rel = m.start()
    count = 1
    det = None
    for k in range(len(word_matches) - 1, -1, -1):
        wm = word_matches[k]
        w = wm.group(0)
        lw = w.lower()
        if lw == "and" and np and k > 0 and re.fullmatch(r"[a-z][a-z-]*", word_matches[k - 1].group(0)) and (
                word_matches[k - 1].group(0) not in _DETERMINERS):
            np.append(w)  # "an aluminium sheet and strip project": two product nouns of one phrase
            continue
        if lw in _NUMBER_WORDS:
            count = _NUMBER_WORDS[lw]
            det = lw
            break
        if re.fullmatch(r"\d+\.|[ivx]+\.", lw):  # a list marker "3."
            det = lw
            break
        if lw in ("new", "key", "major", "large", "big", "landmark", "flagship", "first"):
            continue  # adjectives inside the noun phrase: "three new aluminium foil projects"
        if lw in _DETERMINERS or w in ",;:()":
            det = lw
            break
        np.append(w)
        np_start_rel = wm.start()
        if len(np) >= 7:
            break
    np_start = s.start + np_start_rel
    np_products = [it for it in prod_items if s.start <= it.start and it.end <= pos and it.start >= np_start - 1]
    plural = m.group(1).lower() == "projects" if m.group(1) else False
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
    if product is None or lexicon().is_generic(product):
        # "a high-end aluminium alloy project": the head noun of the phrase names the product
        phrase = re.sub(r"(?:\s+(?:production|construction|processing|manufacturing|and))+$", "", " ".join(reversed(np)))
        product = product_of_phrase(phrase, lex) or product
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
        ctx.add(kind="project", subject=ent, product=product, evidence=ctx.evidence(s), status=status_of(s.text),
                confidence=0.9)
        out.append(ent)
    return out, np_start

