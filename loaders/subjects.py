"""Who a figure or relation is about: the subject strategies of the English extractor.

The nearest preceding organization, project, pronoun or place is the subject; a pronoun takes
the enterprise of its paragraph (:func:`nearest_subject`); a passive agent ("is operated by X")
or a subject after a fronted phrase ("With a capacity of N, X ...") overrides it; a combined
figure for several subjects goes on the first only (:func:`split_among`).

>>> from alucluster.loaders.facts import Entity
>>> from alucluster.loaders.items import OrgItem
>>> acme = OrgItem(0, 4, Entity("enterprise/acme", "Enterprise", "Acme"))
>>> nearest_subject([acme], 20, text="Acme has a capacity of 5 t.").value.label
'Acme'
"""

from __future__ import annotations

import re

from alucluster.loaders.facts import Entity
from alucluster.loaders.items import OrgItem

__all__ = [
    "each_partners", "fronted_subject", "is_object", "nearest_project", "nearest_subject", "passive_agent", "recent_project",
    "split_among", "subject_entity",
]


def is_object(it, text) -> bool:
    """An organization named as the object of a preposition ("a subsidiary of X", "invested by X"),
    unless a relative clause makes it the subject of what follows ("anchored by X, which operates")."""
    pre = text[max(0, it.start - 14) : it.start].lower()
    post = text[it.end : it.end + 8].lower()
    return bool(re.search(r"\b(of|by|from|with|than)\s*$", pre)) and not re.match(r"\s*,?\s*(which|that|who)\b", post)


_PASSIVE = re.compile(
    r"\b(is|are|was|were|been|being)\s+(\w+\s+){0,2}?(operated|owned|run|built|produced|turned out|generated|made|consumed|"
    r"achieved|posted|recorded)\b[^.;]{0,60}?\bby\s+(the\s+)?", re.I)


def passive_agent(items, q_end: int, s_end: int, text: str):
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


def nearest_subject(items, pos: int, *, skip_objects=True, last_org_by_pos=None, text="", places=True):
    """The nearest preceding organization, project, pronoun (or place) item before ``pos``; a
    project whose noun phrase contains ``pos`` ("a 300 ktpy anode project") comes first."""
    for it in items:
        if it.kind == "project" and it.start <= pos < it.end:
            return it
    kinds = ("org", "project", "pronoun", "place", "country") if places else ("org", "project", "pronoun")
    cands = [it for it in items if it.end <= pos and it.kind in kinds and not (it.kind == "pronoun" and it.value == "place" and not places)]
    ordered = sorted(cands, key=lambda c: (c.end, c.start), reverse=True)
    for k, it in enumerate(ordered):
        if it.kind == "org" and skip_objects and is_object(it, text):
            continue
        if it.kind == "country" and re.search(r"\b(in|of|from|to|into|across|throughout|outside|than|with|by|at|for)\s*$",
                                              text[max(0, it.start - 12) : it.start], re.I):
            continue  # "the largest smelter in China": the country is not what the clause is about
        if it.kind == "pronoun" and it.value == "place" and (text[it.end : it.end + 2] == "'s" or text[it.start : it.end].endswith("'s")) and any(
                c.kind in ("org", "project") for c in ordered[k + 1 :]):
            continue  # "X operates a refinery in the city's park, which ...": the possessive is not the subject
        if it.kind == "pronoun" and it.value == "org":
            ents = _antecedents(last_org_by_pos or [], it.start, text, local=it.text in ("it", "its"))
            if it.text in ("it", "its"):
                # "it" may be a project named earlier in the same sentence
                prj = [c for c in items if c.kind == "project" and c.end <= it.start]
                orgs_before = [c for c in items if c.kind == "org" and c.end <= it.start and not is_object(c, text)]
                if prj and (not orgs_before or prj[-1].end > orgs_before[-1].end):
                    return prj[-1]
            if not ents:
                continue
            if it.text == "the group":
                groups = [e for e in ents if e.type == "EnterpriseGroup"]
                if groups:
                    return OrgItem(it.start, it.end, groups[-1])
            return OrgItem(it.start, it.end, ents[-1])
        return it
    return None


def split_among(subjects: list, window: str, before: str) -> tuple[list, str | None]:
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


def each_partners(items, subj_item, q_start: int, text: str) -> list[Entity]:
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


def fronted_subject(items, q_end: int, s_end: int, text: str, orgs):
    """The subject after a fronted phrase ("With a capacity of N, <subject> ..."): the first
    organization, project or pronoun right after the comma that closes the phrase."""
    comma = text.find(",", q_end, s_end)
    if comma == -1:
        return None
    first = next((it for it in items if it.start > comma and it.kind in ("org", "project", "pronoun", "place")), None)
    if first is None or first.kind == "place" or text[comma + 1 : first.start].strip():
        return None
    return nearest_subject(items, first.end, last_org_by_pos=orgs, text=text, places=False)


def nearest_project(items, pos):
    """The project named before ``pos`` in the sentence, else the first one after it."""
    before = [it for it in items if it.kind == "project" and it.end <= pos]
    if before:
        return before[-1].value
    after = [it for it in items if it.kind == "project" and it.start >= pos]
    return after[0].value if after else None


def recent_project(ctx, s, sentences, *, every: bool = False) -> list[Entity] | None:
    """The project last introduced in the previous sentence ("The investment is ..."), or all the
    projects introduced there together when ``every`` ("One of them ...": the caller marks it)."""
    prev_start = sentences[s.index - 1].start if s.index > 0 else s.start
    recent = [f for f in ctx.facts if f.kind == "project" and prev_start <= f.evidence.start < s.start]
    if not recent:
        return None
    last_start = recent[-1].evidence.start
    batch = [f.subject for f in recent if f.evidence.start == last_start]
    return batch if every else batch[-1:]


def subject_entity(item, host_entity, *, places_ok: bool):
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
    if item.kind == "country":
        return item.value if places_ok else None
    return None
