"""Figures: the quantities of a sentence read as capacity, output, output value, investment and
indicator facts.

Cue words decide capacity vs output, value, investment, indicator or growth; periods and statuses
are read per clause (:mod:`alucluster.loaders.periods`); the subject comes from
:mod:`alucluster.loaders.subjects`, the product from :mod:`alucluster.loaders.products`. A number
split from its unit by a sentence break is joined with a lower confidence and a note, a combined
figure for several projects is not copied onto each, and targets ("aims for ... by 2025") give no
observation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alucluster.loaders.facts import Entity, Fact
from alucluster.loaders.frames import (facility_product, not_a_capacity, noun_phrase, owner_after, phrase_after,
                                       tonnage_products)
from alucluster.loaders.lexicon import product_of_phrase
from alucluster.loaders.items import Context, Item, QuantityItem
from alucluster.loaders.periods import Clause
from alucluster.loaders.pipeline import Cues, Sentence
from alucluster.loaders.products import capacity_product, choose_product, name_product, product_after
from alucluster.loaders.quantities import Quantity
from alucluster.loaders.subjects import (each_partners, fronted_subject, nearest_project, nearest_subject, passive_agent,
                                         recent_project, split_among, subject_entity)

__all__ = ["Frame", "sentence_quantities"]

# Note on a place's output value that belongs to one of its industries: its growth is not the
# growth of the place's industrial output value (an indicator), so none is derived from it.
_ONE_INDUSTRY = "output value of one industry of the place, not its industrial output value"
# "0.5% faster than the province", "0.4 percentage points higher than the provincial average",
# "0.8 percentage points ahead of the provincial figure": growth above a larger region.
_MARGIN = re.compile(
    r"^\s*(percentage points?\s+)?(faster|higher|more|greater|above|quicker|ahead)\b[^.;]{0,12}?\b(than|of)\s+(the\s+)?"
    r"(whole\s+|national\s+|provincial\s+|regional\s+)?(province|provincial|nation|national|country|region|regional|"
    r"autonomous region|average|state|municipal)", re.I)


@dataclass
class _Reading:
    """One sentence whose quantities are being read, and what its figures share."""

    ctx: Context
    s: Sentence
    sentences: list[Sentence]
    host_entity: Entity | None
    parts: list[Clause]
    orgs: list  # (position, entity, named as an object) of every organization mention
    lex: object
    made: dict = field(default_factory=dict)  # qty item id -> (kind, fact)
    prev_kind_by_class: dict = field(default_factory=dict)  # base unit -> kind of the last figure

    @property
    def si(self) -> int:
        return self.s.index

    @property
    def items(self) -> tuple[Item, ...]:
        return self.s.items

    @property
    def text(self) -> str:
        return self.ctx.article.text

    @property
    def cues(self) -> Cues:
        return self.ctx.cues

    @property
    def qtys(self) -> list[QuantityItem]:
        return [it for it in self.s.items if it.kind == "qty"]


@dataclass(frozen=True)
class _Figure:
    """One quantity of the sentence with its clause, the text window before it and its subject."""

    qi: int
    q_item: QuantityItem
    clause: Clause
    window: str
    w_start: int  # the window runs from the previous quantity (or sentence start) to this one
    conf: float
    note: str | None
    subj_item: Item | None
    org_subj_item: Item | None
    cues: Cues

    @property
    def q(self) -> Quantity:
        return self.q_item.quantity

    @property
    def period(self) -> str | None:
        return self.clause.period

    @property
    def status(self) -> str | None:
        return self.clause.status

    def cue(self, label: str, start: int | None = None, end: int | None = None):
        """The ``label`` cues in the window before the quantity (or in ``[start, end)``)."""
        return self.cues.within(label, self.w_start if start is None else start, self.q.start if end is None else end)


def sentence_quantities(ctx: Context, s: Sentence, sentences: list[Sentence], host_entity: Entity | None,
                        parts: list[Clause], orgs: list, lex) -> None:
    """Facts from the quantities of one sentence, added to ``ctx``.

    :param ctx: the extraction state.
    :param s: the sentence, with its items.
    :param sentences: every sentence of the article (a figure may continue in the next one).
    :param host_entity: the place the article is about.
    :param parts: the clauses of the sentence with their periods and statuses.
    :param orgs: (position, entity, named as an object) of every organization mention.
    :param lex: the lexicon.
    """
    # a target ("aims for an output value of ... by 2025") is not an observation
    target = bool(ctx.cues.within("TARGET", s.start, s.end))
    n_before = len(ctx.facts)
    r = _Reading(ctx, s, sentences, host_entity, parts, orgs, lex)
    prev_end = s.start
    for qi, q_item in enumerate(r.qtys):
        fig = _figure(r, qi, q_item, prev_end)
        prev_end = q_item.end
        unit = q_item.quantity.unit
        if unit in ("%", "pp"):
            _percentage(r, fig)
        elif unit in ("yuan", "USD"):
            _money(r, fig)
        elif unit == "kWh":
            _energy(r, fig)
        else:
            _mass(r, fig)
    if target:
        ctx.facts[n_before:] = [f for f in ctx.facts[n_before:] if f.kind not in ("indicator", "output", "output_value")]


def _figure(r: _Reading, qi: int, q_item: QuantityItem, prev_end: int) -> _Figure:
    """The quantity with its clause (period, status: "..., and in the fourth quarter ..."), window
    and subject: the nearest one before it, a passive agent after it, or the subject after a
    fronted phrase."""
    text, items, s, q = r.text, r.items, r.s, q_item.quantity
    clause = next((c for c in r.parts if c.start <= q.start < c.end), r.parts[-1])
    bound = r.cues.ends_at("BOUND", q.start, text)
    conf = 0.8 if bound else 0.9
    note = "a bound ('exceeding', 'about'), not an exact figure" if bound else None
    subj_item = nearest_subject(items, q.start, last_org_by_pos=r.orgs, text=text)
    org_subj_item = nearest_subject(items, q.start, last_org_by_pos=r.orgs, text=text, places=False)
    agent = passive_agent(items, q.end, s.end, text)
    if agent is not None and not (subj_item is not None and subj_item.kind == "project" and subj_item.start <= q.start < subj_item.end):
        subj_item = org_subj_item = agent
    if org_subj_item is None and re.match(r"\s*(with|having|boasting)\b", text[s.start : q.start], re.I):
        # "With a production capacity of N, the company produced ...": the subject follows the phrase
        fronted = fronted_subject(items, q.end, s.end, text, r.orgs)
        if fronted is not None:
            subj_item = org_subj_item = fronted
    return _Figure(qi, q_item, clause, text[prev_end : q.start], prev_end, conf, note, subj_item, org_subj_item, r.cues)


def _in_capacity(ctx: Context, product_item) -> bool:
    return (product_item.start, product_item.end) in ctx.capacity_products


def _percentage(r: _Reading, fig: _Figure) -> None:
    """A growth rate, a margin over a larger region, or nothing."""
    ctx, s, items, host_entity, lex, text = r.ctx, r.s, r.items, r.host_entity, r.lex, r.text
    qtys, made, cues, qi, q_item, q = r.qtys, r.made, r.cues, fig.qi, fig.q_item, fig.q
    clause, period, window, cue, unit = fig.clause, fig.period, fig.window, fig.cue, fig.q.unit
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
        return
    more_than = re.match(r"\s*(more|higher|less|lower) than (in |a year earlier|last year|the same period|(19|20)\d\d)", after, re.I)
    grow_after = re.match(r"\s*(year[- ]on[- ]year|yoy|y/y|(increase|growth|rise|jump|gain)\b|(decrease|decline|drop|fall)\b)", after, re.I)
    if unit == "pp" or not (cue("GROWTH") or more_than or grow_after):
        return
    clause_before = text[clause.start : q.start]
    if _forecast(clause_before) or re.search(r"\b(?:import\w*|consum\w*|used|uses)\b", clause_before, re.I):
        return  # a forecast growth is no fact; growth of imports or consumption is no output growth
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
        return
    sign = -1 if negative else 1
    anchor = None
    # a coordinated clause about another measure ("..., while revenue rose 8.1%") does not
    # reach back to the product of the previous clause
    other_measure = clause.start > s.start and any(
        cues.within(label, clause.start, q.start) for label in ("VALUE", "EXPORT", "INVESTMENT", "TAX"))
    for it in reversed([i for i in items if i.end <= q.start and (i.start >= clause.start or not other_measure)]):
        if it.kind == "indicator" or it.kind == "product" and not _in_capacity(ctx, it):
            anchor = it
            break
        if it.kind == "qty" and id(it) in made and made[id(it)][1] is not None:
            anchor = it
            break
    if anchor is None:
        return
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
            return
        per = af.period
    elif anchor.kind == "indicator":
        ind = f"{anchor.value}-growth"
        if ind not in lex.indicator_units:
            return
        prod = None
        subj = subject_entity(nearest_subject(items, anchor.start, last_org_by_pos=r.orgs, text=text), host_entity, places_ok=True)
        per = period
    else:
        ind, prod = "output-growth", anchor.value
        subj = subject_entity(nearest_subject(items, anchor.start, last_org_by_pos=r.orgs, text=text), host_entity, places_ok=True)
        per = period
    if subj is None:
        return
    f = Fact(kind="indicator", subject=subj, indicator=ind, product=prod, value=sign * q.value, unit="%", period=per,
             evidence=ctx.evidence(s), confidence=0.85)
    ctx.facts.append(f)
    made[id(q_item)] = ("indicator", f)


def _money(r: _Reading, fig: _Figure) -> None:
    """An investment, output value, sales, tax, export value or another money indicator."""
    ctx, s, sentences, items, host_entity, lex = r.ctx, r.s, r.sentences, r.items, r.host_entity, r.lex
    text, qtys, made, qi, q_item, q = r.text, r.qtys, r.made, fig.qi, fig.q_item, fig.q
    period, status, window, w_start, conf, note = fig.period, fig.status, fig.window, fig.w_start, fig.conf, fig.note
    subj_item, cue, unit = fig.subj_item, fig.cue, fig.q.unit
    ind = next((it.value for it in reversed(items) if it.kind == "indicator" and w_start <= it.start and it.end <= q.start), None)
    subj = subject_entity(subj_item, host_entity, places_ok=True)
    planned = _forecast(text[fig.clause.start : q.start])
    if planned:
        # "the project is expected to generate annual sales of N": a planned figure, no calendar period
        period, status = None, "planned"
    kind = None
    if cue("INVESTMENT") or re.match(
            r"\s*(has been|have been|was|were|is|is being)?\s*(committed|invested|pledged|earmarked)\b", text[q.end : s.end]):
        proj = nearest_project(items, q.start) or recent_project(
            ctx, s, sentences, every=bool(re.search(r"\bone of them\b", text[s.start : q.start], re.I)))
        if proj:
            proj, pnote = split_among(proj, window, text[s.start : q.start])
            note = "; ".join(x for x in (note, pnote) if x) or None
            conf = min(conf, 0.5) if pnote else conf
            for ent in proj:
                pst = next((f.status for f in ctx.facts if f.kind == "project" and f.subject.id == ent.id), None)
                f = Fact(kind="investment", subject=ent, value=q.value, unit=unit, evidence=ctx.evidence(s),
                         status=pst or status, confidence=conf, note=note)
                ctx.facts.append(f)
                made[id(q_item)] = ("investment", f)
        return
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
            return
        f = Fact(kind="indicator", subject=subj, indicator=ind, value=q.value, unit=unit, period=period,
                 evidence=ctx.evidence(s), confidence=conf, note=note, status="planned" if planned else None)
    elif kind == "output_value":
        if subj.type in ("PrefectureCity", "Province", "County"):
            note = "; ".join(x for x in (note, _ONE_INDUSTRY) if x)
        f = Fact(kind="output_value", subject=subj, value=q.value, unit=unit, period=period, evidence=ctx.evidence(s),
                 confidence=conf, note=note, status="planned" if planned else None)
    else:
        return
    ctx.facts.append(f)
    made[id(q_item)] = (kind, f)


def _energy(r: _Reading, fig: _Figure) -> None:
    """Electricity consumed."""
    ctx, s, host_entity, made, q_item, q = r.ctx, r.s, r.host_entity, r.made, fig.q_item, fig.q
    period, conf, note, subj_item = fig.period, fig.conf, fig.note, fig.subj_item
    subj = subject_entity(subj_item, host_entity, places_ok=True)
    if subj is None:
        return
    f = Fact(kind="indicator", subject=subj, indicator="electricity-consumption", value=q.value, unit="kWh",
             period=period, evidence=ctx.evidence(s), confidence=conf, note=note)
    ctx.facts.append(f)
    made[id(q_item)] = ("indicator", f)


@dataclass(frozen=True)
class Frame:
    """What one tonnage or count says, before it becomes facts: its holders, measure (capacity or
    output), product, unit, period and status, with the evidence, notes and confidence."""

    holders: tuple[Entity, ...]
    measure: str
    product: str
    unit: str
    period: str | None
    status: str | None
    evidence: object
    note: str | None
    confidence: float


def _mass(r: _Reading, fig: _Figure) -> None:
    """A capacity or output in tonnes, pieces, pairs or sets."""
    found = _mass_products(r, fig)
    if found is None:
        return
    after_prods, products, base, evidence, repaired_note = found
    products = _respectively(r, fig) or products
    q, text, s = fig.q, r.text, r.s
    if _growth_level(r, fig, base, evidence):
        return
    if not_a_capacity(text[fig.clause.start : q.start], text[q.end : s.end]):
        return
    np = noun_phrase(r.items, fig.q_item, text, s.start, s.end) if q.unit is not None else None
    kind = _measure(r, fig, base, after_prods, np)
    if kind is None:
        return
    r.prev_kind_by_class[base] = kind
    # a project the figure is stated for keeps it ("a project of N t invested by X": X is its investor)
    project_subject = fig.org_subj_item is not None and fig.org_subj_item.kind == "project"
    owner = None if project_subject else (
        owner_after(r.items, fig.q_item, after_prods, text, s.end) or (np.owner if np else None))
    subjects = _holders(r, fig, kind, owner)
    if not subjects:
        return
    if not products and np is not None:
        products = tonnage_products([it.value for it in np.products])
    named = _phrase_product(r, fig, np)
    if named is not None and not (r.lex.is_generic(named) and products):
        # the head noun of the phrase decides ("forged aluminium wheels" are wheels, not forgings)
        products = [named]
    product, pnote = _frame_product(r, fig, kind, products, subjects, np)
    if product is None:
        return
    notes = "; ".join(x for x in (fig.note, pnote, repaired_note) if x) or None
    c = 0.6 if repaired_note else fig.conf
    if kind == "capacity" and (_several_combined(r, fig) or _part_or_range(r, fig) or _one_of_units(r, fig, np)):
        return
    subjects, snote = split_among(subjects, fig.window, text[s.start : q.start])
    if snote:
        notes = "; ".join(x for x in (notes, snote) if x)
        c = min(c, 0.5)
    unit = f"{base}/yr" if kind == "capacity" else base
    frame = Frame(tuple(subjects), kind, product, unit, fig.period, fig.status, evidence, notes, c)
    _emit(r, fig, frame)
    for pi in after_prods:
        # the last figure to use a product mention decides whether a later growth rate may anchor on it
        (r.ctx.capacity_products.add if kind == "capacity" else r.ctx.capacity_products.discard)((pi.start, pi.end))


def _several_combined(r: _Reading, fig: _Figure) -> bool:
    """"A, B and C, involving a total capacity of N": a total of several organizations named
    together is no one's capacity."""
    before = r.text[r.s.start : fig.q.start]
    orgs = {it.value.id for it in r.items if it.kind == "org" and it.end <= fig.q.start}
    return len(orgs) >= 2 and bool(re.search(r"\b(combined|total|totall?ing|aggregate|together)\b[^;]{0,40}$", before, re.I))


def _part_or_range(r: _Reading, fig: _Figure) -> bool:
    """A figure that is not the holder's capacity: a part of a total the sentence has just given
    ("capacity of N comprising three lines: two M lines and ..."), an end of a range ("between N
    and M"), or an increment ("extra N", "another N")."""
    before = r.text[r.s.start : fig.q.start]
    after = r.text[fig.q.end : r.s.end]
    made_before = any(id(q) in r.made and r.made[id(q)][0] == "capacity" for q in r.qtys[: fig.qi])
    if made_before and re.search(r"\b(?:comprising|comprises|consisting of|consists of|including|includes|of which)\b", before, re.I):
        return True
    if re.search(r"\bbetween\s+$", before, re.I) or (re.search(r"\bbetween\b[^;]{0,40}\band\s+$", before, re.I)):
        return True
    return bool(re.search(r"\b(?:extra|additional|another|further)\s+$", before, re.I)) and not after.startswith("-")


def _one_of_units(r: _Reading, fig: _Figure, np) -> bool:
    """"suspended one 1.2 mtpy line", "two 1 mtpy lines": a figure per line of a plant counted
    by a number word sizes its lines, not the holder."""
    return np is not None and np.head in ("line", "lines", "potline", "potlines", "unit", "units", "press", "presses") and bool(
        re.search(r"\b(?:one|two|three|four|five|six|each|every)\s+$", r.text[r.s.start : fig.q.start], re.I))


def _emit(r: _Reading, fig: _Figure, frame: Frame) -> None:
    """The facts of a frame: one per holder."""
    for subj in frame.holders:
        if frame.measure == "capacity":
            f = Fact(kind="capacity", subject=subj, value=fig.q.value, unit=frame.unit, product=frame.product,
                     status=frame.status, evidence=frame.evidence, confidence=frame.confidence, note=frame.note)
        else:
            f = Fact(kind="output", subject=subj, value=fig.q.value, unit=frame.unit, product=frame.product,
                     period=frame.period, evidence=frame.evidence, confidence=frame.confidence, note=frame.note)
        r.ctx.facts.append(f)
        r.made[id(fig.q_item)] = (frame.measure, f)


def _mass_products(r: _Reading, fig: _Figure):
    """The products named with the figure and its base unit, joining a number split from its unit
    or product by a sentence break; None when the figure has no unit."""
    ctx, s, sentences, si, items, text = r.ctx, r.s, r.sentences, r.si, r.items, r.text
    q, q_item, window, cue = fig.q, fig.q_item, fig.window, fig.cue
    after_prods = [it for it in product_after(items, q_item, text) if it.value != "electricity"]
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
            return None
    if not products and text[q.end : s.end].strip() in ("", ".") and si + 1 < len(sentences) and cue("CAPACITY"):
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
        left_prods = [it for it in items if it.kind == "product" and it.end <= q.start and it.start >= s.start
                      and it.value != "electricity"]
        if left_prods and (cue("CAPACITY") or q.start - left_prods[-1].end < 50):
            # "capacity of aluminium sheet is 400,000 tons", "Alumina: 10.35 million tons"
            lp = left_prods[-1]
            if r.lex.is_generic(lp.value):
                lp = next((it for it in reversed(left_prods) if not r.lex.is_generic(it.value)), lp)
            if lp.start >= q.start - len(window) or not _in_capacity(ctx, lp):
                products = [lp.value]
    return after_prods, products, base, evidence, repaired_note


def _respectively(r: _Reading, fig: _Figure) -> list[str] | None:
    """"the outputs of X, Y and Z are respectively A, B and C": the n-th figure is of the n-th
    product named before the first figure."""
    text, s = r.text, r.s
    if not re.search(r"\brespectively\b", text[s.start : fig.q.start], re.I):
        return None
    masses = [q for q in r.qtys if q.quantity.base_unit is not None and q.quantity.unit not in ("%", "pp", "yuan", "USD", "kWh")]
    if fig.q_item not in masses or not masses:
        return None
    named = list(dict.fromkeys(it.value for it in r.items if it.kind == "product" and it.end <= masses[0].start))
    if len(named) != len(masses):
        return None
    return [named[masses.index(fig.q_item)]]


def _growth_level(r: _Reading, fig: _Figure, base: str, evidence) -> bool:
    """"aluminium output rose 3.2 percent to 520,000 tonnes": the level the growth reached, an
    output of the growth's subject and product. True when the figure was read so."""
    if not (fig.qi and re.fullmatch(r"\s*(?:year[- ]on[- ]year\s+)?to\s+", fig.window)):
        return False
    prev = r.made.get(id(r.qtys[fig.qi - 1]), (None, None))[1]
    if prev is None or prev.indicator != "output-growth" or not prev.product:
        return False
    if _forecast(r.text[fig.clause.start : fig.q.start]):
        return True  # "output is expected to increase 5% to N t": a forecast level, no fact
    f = Fact(kind="output", subject=prev.subject, value=fig.q.value, unit=base, product=prev.product,
             period=prev.period, evidence=evidence, confidence=fig.conf, note=fig.note)
    r.ctx.facts.append(f)
    r.made[id(fig.q_item)] = ("output", f)
    return True


def _measure(r: _Reading, fig: _Figure, base: str, after_prods, np) -> str | None:
    """Capacity or output: a rate, a capacity cue or a facility the figure sizes is a capacity; a
    production verb an output; a list item the kind of the item before; else a heading's word."""
    text, s, q, cue = r.text, r.s, fig.q, fig.cue
    # "560 kt/a of ... capacity", "an 80,000mt aluminium fluoride plant": the size of a plant is a capacity
    # "has added N t of X of A, M t of Y of B": new capacity, the verb shared by the list
    cap_cue = cue("CAPACITY") or np is not None or re.match(r"\s*(of\s+)?([\w-]+\s+){0,4}capacity\b", text[q.end : s.end]) or (
        re.search(r"\b(?:add|adds|added|adding)\b", text[fig.clause.start : q.start], re.I))
    out_cue = cue("OUTPUT") or re.match(r"[^.;]{0,60}?\b(were|was) (produced|turned out|made)\b", text[q.end : s.end])
    rate_after = bool(after_prods) and re.match(r"\s*((a|per|each) year|annually)\b", text[after_prods[-1].end : s.end])
    if q.is_rate or cap_cue or rate_after:
        return "capacity"
    if out_cue and _forecast(text[fig.clause.start : q.start]):
        # "the project will produce N t of X annually" is what the plant is built for; "output is
        # expected to be N t" in a period is a forecast, not a fact
        return "capacity" if _annual_after(text, q.end, fig.clause.end) else None
    if out_cue:
        return "output"
    if r.prev_kind_by_class.get(base) and re.search(r"(,|\band\b)", fig.window):
        return r.prev_kind_by_class[base]
    return _heading_kind(r.sentences, r.si)


_FORECAST = re.compile(r"\b(?:will|would|shall|expected|expects?|forecast|estimated to|projected|set to|likely to|"
                       r"aims? to|plans? to|once|after (?:completion|it is completed))\b", re.I)


def _forecast(before: str) -> bool:
    """True when the clause before a figure states it as future or expected."""
    return bool(_FORECAST.search(before))


def _annual_after(text: str, start: int, end: int) -> bool:
    """True when "a year", "annually", "per year" follows the figure in its clause."""
    return bool(re.search(r"\b(?:(?:a|per|each) year|annually|per annum)\b", text[start:end], re.I))


def _heading_kind(sentences, si: int) -> str | None:
    """A list under a heading ("Output of main products", "production capacity") takes its kind."""
    for back in range(si - 1, max(-1, si - 8), -1):
        h = sentences[back].text
        if h.rstrip().endswith(".") and len(h) >= 70:
            return None  # running prose: no heading governs this sentence
        if not h.rstrip().endswith((".", ";")) or len(h) < 70 and not h.rstrip().endswith(";"):
            kind = None
            if re.search(r"\b(output|production)\b", h, re.I) and not re.search(r"\bcapacit", h, re.I):
                kind = "output"
            elif re.search(r"\bcapacit", h, re.I):
                kind = "capacity"
            if kind or not h.rstrip().endswith(";"):
                return kind
    return None


def _holders(r: _Reading, fig: _Figure, kind: str, owner) -> list[Entity]:
    """Who the figure belongs to: an owner named with the figure, else the clause subject (an
    organization or project for a capacity, a place too for an output, the host by default)."""
    subj_item = owner or (fig.org_subj_item if kind == "capacity" else fig.subj_item)
    if subj_item is not None and subj_item.kind == "project":
        return list(subj_item.value)
    subj = subject_entity(subj_item, r.host_entity, places_ok=(kind == "output"))
    if subj is None and kind == "output" and r.host_entity is not None:
        subj = r.host_entity
    subjects = [subj] if subj is not None else []
    if subj_item is not None and subj_item.kind == "org":
        subjects += [e for e in each_partners(r.items, subj_item, fig.q.start, r.text) if e not in subjects]
    return subjects


def _phrase_product(r: _Reading, fig: _Figure, np) -> str | None:
    """The product of the noun phrase sizing or following the figure, by its head noun."""
    if np is not None and np.end <= fig.q.start:
        phrase = r.text[np.start : np.end]
    elif np is not None:
        phrase = r.text[fig.q.end : np.end]
    else:
        phrase = phrase_after(r.text, fig.q.end, fig.clause.end)
    return product_of_phrase(phrase, r.lex) if phrase else None


def _paragraph_product(r: _Reading, fig: _Figure) -> tuple[str | None, str | None]:
    """A capacity stated with no product takes the product its paragraph is about: the last
    specific product named in the paragraph before it, else the facility a word there implies."""
    para = r.text.rfind("\n", 0, r.s.start) + 1
    named = [it.value for s in r.sentences[: r.si + 1] if s.end > para for it in s.items
             if it.kind == "product" and it.end <= fig.q.start and not r.lex.is_generic(it.value) and it.value != "electricity"]
    if named:
        return named[-1], "capacity stated without a product: the product its paragraph names last"
    implied = facility_product(r.text[para : fig.q.start])
    if implied is not None:
        return implied, "capacity stated without a product: the facility its paragraph names"
    return None, None


def _frame_product(r: _Reading, fig: _Figure, kind: str, products: list[str], subjects, np) -> tuple[str | None, str | None]:
    """The product of the frame: named with the figure, else the project's, the facility noun's,
    the sentence's single specific product or smelting, the company name's."""
    product, pnote = choose_product(products)
    if (product is None or r.lex.is_generic(product)) and np is not None:
        implied = facility_product(r.text[np.start : np.end])
        if implied is not None:
            return implied, f"product implied by the facility '{np.head}'"
    if (product is None or r.lex.is_generic(product)) and subjects[0].type == "InvestmentProject":
        product = next((f.product for f in r.ctx.facts if f.kind == "project" and f.subject.id == subjects[0].id), None) or product
    if product is None and kind == "capacity":
        product, pnote = capacity_product(r.items, fig.clause, r.text)
    holder = fig.org_subj_item
    if (product is None or r.lex.is_generic(product)) and holder is not None and holder.kind == "org":
        # "the smelter ... would have a capacity of N": the facility the holder was named by
        implied = facility_product(r.text[holder.start : holder.end])
        if implied is not None:
            return implied, f"product implied by '{r.text[holder.start : holder.end]}'"
    if product is None and kind == "capacity":
        product, pnote = _paragraph_product(r, fig)
    if product is None and subjects[0].type in ("Enterprise", "EnterpriseGroup"):
        product = name_product(subjects[0].label)
        pnote = f"product read from the company name '{subjects[0].label}'" if product else None
    return product, pnote
