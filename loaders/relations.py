"""Relations stated in one sentence: origins, subsidiaries, operators, locations, memberships,
years a project was introduced, and the status a later sentence gives a project.

Operators, origins and subsidiaries are only taken when the text states them; a location inferred
from a name is left to :func:`name_facts`.

>>> from alucluster.loaders.facts import Entity, Evidence
>>> from alucluster.loaders.items import Context
>>> from alucluster.loaders.article import Article
>>> ctx = Context(Article.from_text("x", date="2021"))
>>> e = Entity("enterprise/acme", "Enterprise", "Acme")
>>> name_facts(ctx, [(e, Evidence("a", "Acme.", 0, 5))], {}, None)
>>> [f.kind for f in ctx.facts]
['enterprise']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from alucluster.loaders.facts import Entity, slug
from alucluster.loaders.items import Context, Item, OrgItem
from alucluster.loaders.mentions import ambiguity, in_host, place_entity
from alucluster.loaders.names import is_pinyin
from alucluster.loaders.pipeline import Sentence
from alucluster.loaders.places import Division, lookup
from alucluster.loaders.subjects import is_object, nearest_subject, subject_entity

__all__ = ["carry_status", "name_facts", "one_location_each", "sentence_relations", "stated_places"]

_YEAR = re.compile(r"\b(?:in|since)\s+((?:19|20)\d\d)\b", re.I)


@dataclass(frozen=True)
class _Scope:
    """One sentence under reading, with what the relation rules share."""

    ctx: Context
    s: Sentence
    items: tuple[Item, ...]
    host: Division | None
    host_entity: Entity | None
    located: set  # (subject id, place id) already located: one location fact each
    prev_orgs: list

    def of(self, kind: str) -> list[Item]:
        return [it for it in self.items if it.kind == kind]

    def add_location(self, ent, obj, note, conf=0.8, stated=True) -> None:
        if (ent.id, obj.id) in self.located:
            return
        self.located.add((ent.id, obj.id))
        self.ctx.add(kind="location", subject=ent, object=obj, evidence=self.ctx.evidence(self.s), confidence=conf, note=note,
                     stated=stated)


def sentence_relations(ctx: Context, s: Sentence, host: Division | None, located: set, prev_orgs: list) -> None:
    """Origins, subsidiaries, operators, years introduced, locations and memberships stated in one
    sentence, added to ``ctx`` as facts.

    :param ctx: the extraction state.
    :param s: the sentence, with its items.
    :param host: the place the article is about.
    :param located: (subject id, place id) pairs already located; updated.
    :param prev_orgs: the organizations of the previous sentence ("... have landed here").
    """
    sc = _Scope(ctx, s, s.items, host, place_entity(host) if host else None, located, prev_orgs)
    for rule in (_origins, _relocations, _subsidiaries, _operators, _introduced, _facility_locations, _locations, _membership):
        rule(sc)


def name_facts(ctx: Context, first_mentions, org_place: dict, host: Division | None) -> None:
    """An ``enterprise`` fact for each organization at its first mention, and the place prefix of
    its name as its location (when inside the host) or its inferred origin (elsewhere).

    :param first_mentions: (entity, evidence of its first sentence) in text order.
    :param org_place: enterprise id -> the division its name's place prefix names.
    :param host: the place the article is about.
    """
    for ent, ev in first_mentions:
        ctx.add(kind="enterprise", subject=ent, evidence=ev)
        place = org_place.get(ent.id)
        if place is not None and place.level == "county" and ambiguity(place):
            # a county-like prefix that names divisions in several provinces: the one inside the
            # host if any, never a distant origin guessed among them (catalogue B3)
            place = next((d for d in lookup(place.name_en, levels=("county",)) if in_host(host, d)), None)
        if place is None:
            continue
        if in_host(host, place):
            ctx.add(kind="location", subject=ent, object=place_entity(place), evidence=ev, stated=False,
                    confidence=0.8, note=f"place prefix '{place.name_en}' of the name is the place the article is about")
        else:
            amb = ambiguity(place)
            note = f"inferred from the place prefix '{place.name_en}' of the name"
            ctx.add(kind="origin", subject=ent, object=place_entity(place), evidence=ev, stated=False,
                    confidence=0.5 if amb else 0.7, note=f"{note}; {amb}" if amb else note)


def stated_places(ctx: Context, sentences: list[Sentence], stated, host: Division | None) -> None:
    """Origins written next to a name ("US-based X", "Hong Kong's X", "a Fujian investor, X"); a
    place inside the host says where the company is, so it is a location.

    :param sentences: the article's sentences (the evidence is the one the name is in).
    :param stated: :class:`~alucluster.loaders.mentions.StatedPlace` records in text order.
    :param host: the place the article is about.
    """
    for sp in stated:
        s = next((s for s in sentences if s.start <= sp.start < s.end), None)
        if s is None:
            continue
        kind = "location" if sp.division is not None and in_host(host, sp.division) else "origin"
        ctx.add(kind=kind, subject=sp.subject, object=sp.place, evidence=ctx.evidence(s), confidence=0.9, note=sp.note)


def one_location_each(facts: list) -> list:
    """One location assertion per (subject, place) (catalogue F4): where the text states it and a
    name prefix implies it too, the stated fact is kept and the inferred copy dropped.

    >>> from alucluster.loaders.facts import Entity, Evidence, Fact
    >>> a, z = Entity("enterprise/a", "Enterprise", "A"), Entity("place/cn-520300", "PrefectureCity", "Zunyi")
    >>> fs = [Fact("location", a, Evidence("t", "s", 0, 1), object=z, stated=False),
    ...       Fact("location", a, Evidence("t", "s", 5, 9), object=z)]
    >>> [(f.stated, f.evidence.start) for f in one_location_each(fs)]
    [(True, 5)]
    """
    stated = {(f.subject.id, f.object.id) for f in facts if f.kind == "location" and f.stated and f.object is not None}
    return [f for f in facts if not (f.kind == "location" and not f.stated and f.object is not None
                                     and (f.subject.id, f.object.id) in stated)]


def _origins(sc: _Scope) -> None:
    """Stated origins: "<Place>-funded", "from <Place>", "headquartered in <Place>"."""
    ctx, s, items, places = sc.ctx, sc.s, sc.items, sc.of("place")
    for pl in places:
        after = ctx.article.text[pl.end : pl.end + 12]
        before = ctx.article.text[max(0, pl.start - 6) : pl.start]
        if re.match(r"-(funded|invested|based|owned|financed)\b", after):
            # applies to the entity the adjective modifies (next) or that it is in apposition to (previous)
            nxt = next((it for it in items if it.start > pl.end and it.kind in ("org", "project")), None)
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind in ("org", "project")
                        and not (it.kind == "org" and is_object(it, ctx.article.text))), None)
            target = next((it for it in items if it.kind == "project" and it.start <= pl.start and pl.end <= it.end), None)
            gap_next = ctx.article.text[pl.end : nxt.start] if nxt else ""
            if target is not None:
                pass
            elif nxt and len(gap_next) < 60 and not re.search(r"[,;.]", gap_next):
                target = nxt
            elif prv:
                target = prv
            elif re.match(r"-\w+\b[^.;]{0,40}?\b(?:company|firm|group|producer|maker)\b", ctx.article.text[pl.end : s.end]) and sc.prev_orgs:
                # "The Hubei-based, and Shanghai-listed, firm aims ...": the company of the sentence before
                target = OrgItem(pl.start, pl.end, sc.prev_orgs[0])
            if target is not None:
                for ent in (target.value if target.kind == "project" else [target.value]):
                    ctx.add(kind="origin", subject=ent, object=place_entity(pl.value), evidence=ctx.evidence(s),
                            confidence=0.9, note=f"stated: '{pl.value.name_en}{after.split()[0]}'")
        elif (re.search(r"\b(?:funded|invested|financed|backed|built|owned)\s+by\s+(?:a|an)\s+$", ctx.article.text[max(0, pl.start - 20) : pl.start])
              and re.match(r"\s+(?:company|investor|enterprise|firm|group|businessman|entrepreneur|consortium)\b", after)):
            # "a project funded by a Zhejiang company": the origin of the project's capital (B4)
            target = next((it for it in reversed(items) if it.end <= pl.start and it.kind in ("project", "org")), None)
            if target is not None:
                for ent in (target.value if target.kind == "project" else [target.value]):
                    ctx.add(kind="origin", subject=ent, object=place_entity(pl.value), evidence=ctx.evidence(s),
                            confidence=0.85, note=f"stated through the investor: 'a {pl.value.name_en} investor'")
        elif re.search(r"\b(headquartered|registered|based) in\s+$", ctx.article.text[max(0, pl.start - 20) : pl.start]):
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind == "org"), None)
            # the company itself is based there ("X, based in Y", "X is headquartered in Y"), not its plants
            if prv is not None and re.fullmatch(r"[\s,]*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:company|firm|group|producer|"
                                                r"maker|manufacturer|enterprise)\s+)?(?:(?:which|that|who)\s+)?(?:(?:is|was|has been)\s+)?"
                                                r"(?:also\s+)?(?:headquartered|registered|based) in\s+", ctx.article.text[prv.end : pl.start]):
                ctx.add(kind="origin", subject=prv.value, object=place_entity(pl.value), evidence=ctx.evidence(s),
                        confidence=0.85, note=f"stated: headquartered in {pl.value.name_en}")
        elif re.search(r"\bfrom\s+$", before):
            # the most specific place: "from Ningbo, Zhejiang" -> Ningbo (skip the province that follows)
            prev_place = next((q for q in reversed(places) if q.end <= pl.start and q is not pl), None)
            if prev_place is not None and re.fullmatch(r",\s*", ctx.article.text[prev_place.end : pl.start]):
                continue
            prv = next((it for it in reversed(items) if it.end <= pl.start and it.kind in ("org", "project")), None)
            if prv is not None:
                for ent in (prv.value if prv.kind == "project" else [prv.value]):
                    ctx.add(kind="origin", subject=ent, object=place_entity(pl.value), evidence=ctx.evidence(s),
                            confidence=0.6 if ambiguity(pl.value) else 0.9,
                            note="; ".join(x for x in (f"stated: 'from {pl.value.name_en}'", ambiguity(pl.value)) if x))


# "X, a (wholly-owned) subsidiary of Y", "X is a unit of Y", "X, the alumina arm of the group"
_CHILD_OF = re.compile(r"^\s*(?:,\s*)?(?:(?:is|was|became|remains)\s+)?(?:now\s+)?(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}?"
                       r"(?:subsidiary|unit|arm|branch|division|affiliate)\s+of\s+(?:the\s+)?", re.I)
# "Y's foil unit, X": the owner's possessive before the unit noun, the unit's name after it
_UNIT_OF = re.compile(r"^\s*['’]s\s+(?:[\w-]+\s+){0,3}?(?:subsidiary|unit|arm|branch|division|affiliate)\s*,\s*$", re.I)
# "X ... set up Y", "X established a subsidiary, Y"
_SET_UP = re.compile(r"\b(?:set up|established|founded|incorporated|formed)\s+(?:(?:a|an|the)\s+(?:new\s+)?(?:[\w-]+\s+)?"
                     r"(?:subsidiary|company|firm|unit|venture)\s*,?\s*(?:named|called)?\s*)?$", re.I)
# "X is to hold a 70 percent equity interest in the new company, named Y": a majority stake
_MAJORITY = re.compile(r"\b(?:own|owns|hold|holds|control|controls|take|takes)\s+(?:a|an)?\s*(\d{2,3})\s*(?:%|percent|per cent)"
                       r"[^.;]{0,60}?\b(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:venture|company|firm)?\s*,?\s*"
                       r"(?:named|called)?\s*$", re.I)
# "Z, the parent company (of X)": Z owns the other company of the sentence
_PARENT = re.compile(r"^\s*,\s*(?:the|its)\s+parent(?:\s+(?:company|group|firm))?\b", re.I)


_RELOCATE = re.compile(r"\b(?:shift(?:s|ed|ing)?|mov(?:e|es|ed|ing)|relocat(?:e|es|ed|ing)|transferr?(?:s|ed|ing)?|"
                       r"rebuil(?:d|ds|t|ding))\b[^.;]*?\b(?:to|in)\s+(?:the\s+)?$", re.I)


def _relocations(sc: _Scope) -> None:
    """Origin through relocation (catalogue B5): "X's smelters are in Changzhi, Shanxi; the group is
    shifting that capacity to Zunyi", "X closed its Yuncheng potlines and rebuilt them in
    Liupanshui" -> an inferred origin in the province left, a location where the capacity goes."""
    ctx, s, text, places = sc.ctx, sc.s, sc.ctx.article.text, sc.of("place")
    orgs = [it for it in sc.items if it.kind == "org"]
    for dest in places:
        if not _RELOCATE.search(text[s.start : dest.start]) or not orgs or orgs[0].start > dest.start:
            continue
        owner = orgs[0].value
        sources = [pl for pl in places if orgs[0].start < pl.start and pl.end <= dest.start and pl.value.adcode != dest.value.adcode
                   and not in_host(sc.host, pl.value) and not in_host(dest.value, pl.value)]
        if not sources:
            continue
        province = sources[0].value.province
        ctx.add(kind="origin", subject=owner, object=place_entity(province), evidence=ctx.evidence(s), stated=False,
                confidence=0.7, note=f"inferred from the relocation from {sources[0].value.name_en} to {dest.value.name_en}")
        sc.add_location(owner, place_entity(dest.value), f"stated: capacity moved to {dest.value.name_en}")


def _subsidiaries(sc: _Scope) -> None:
    """Subsidiaries stated in apposition: "X, a subsidiary of Y", "X, the alumina arm of the group"
    (the last group named), "Y's foil unit, X", "Z, the parent company, will supply X"."""
    ctx, s, orgs, text = sc.ctx, sc.s, sc.of("org"), sc.ctx.article.text
    for k, child in enumerate(orgs):
        after = text[child.end : s.end]
        m = _CHILD_OF.match(after)
        if m:
            pos = child.end + m.end()
            parent = next((it.value for it in orgs if pos <= it.start < pos + 6), None)
            if parent is None and re.match(r"[^.;]{0,60}?\bgroup\b", text[pos : s.end], re.I):
                groups = [f.subject for f in ctx.facts if f.kind == "enterprise" and f.subject.type == "EnterpriseGroup"
                          and f.evidence.start <= child.start and f.subject.id != child.value.id]
                parent = groups[-1] if groups else None
            _add_subsidiary(sc, child.value, parent)
        if k + 1 < len(orgs) and _UNIT_OF.match(text[child.end : orgs[k + 1].start]):
            _add_subsidiary(sc, orgs[k + 1].value, child.value)
        if k + 1 < len(orgs):
            gap = text[child.end : orgs[k + 1].start]
            if _SET_UP.search(gap) and not is_object(child, text) or _MAJORITY.search(gap) and int(_MAJORITY.search(gap).group(1)) > 50:
                _add_subsidiary(sc, orgs[k + 1].value, child.value)
        if _PARENT.match(after):
            for other in orgs:
                if other.value.id != child.value.id:
                    _add_subsidiary(sc, other.value, child.value)
                    break


def _add_subsidiary(sc: _Scope, child: Entity, parent: Entity | None) -> None:
    if parent is not None and parent.id != child.id:
        sc.ctx.add(kind="subsidiary", subject=child, object=parent, evidence=sc.ctx.evidence(sc.s), confidence=0.9)


def _operators(sc: _Scope) -> None:
    """Operator: the organization that builds or owns a project named in the same sentence."""
    ctx, s, orgs, projects = sc.ctx, sc.s, sc.of("org"), sc.of("project")
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


def _introduced(sc: _Scope) -> None:
    """A project introduced / landed in a year."""
    ctx, s, text, projects = sc.ctx, sc.s, sc.s.text, sc.of("project")
    if ctx.cues.within("INTRODUCED", s.start, s.end):
        ym = _YEAR.search(text)
        if ym:
            for pr in projects:
                for ent in pr.value:
                    ctx.add(kind="introduced", subject=ent, period=ym.group(1), evidence=ctx.evidence(s), confidence=0.8)


_FACILITY = (r"(?:plants?|smelters?|refiner(?:y|ies)|mills?|factor(?:y|ies)|bases?|operations|potlines?|"
             r"facilit(?:y|ies)|works|sites?)")
# "a refinery in Guizhou and a smelter in Xinjiang", "its plants are based in Shandong, Shanxi and Guangxi"
_FACILITY_IN = re.compile(_FACILITY + r"\s+(?:[a-z][\w-]*\s+){0,3}?(?:(?:is|are|was|were)\s+)?(?:(?:mainly|mostly|also|located|based|"
                          r"running|operating)\s+)*(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w']+(?:\s+[A-Z][\w']+)?\s*(?:,|and|,\s*and)\s+)*$")
# "its Tianjin plant", "the Xinjiang smelter"
_PLACE_FACILITY = re.compile(r"^\s+(?:[a-z-]+\s+){0,2}?" + _FACILITY + r"\b")


def _facility_locations(sc: _Scope) -> None:
    """Where a company's plants are: "X has a refinery in Guizhou and a smelter in Xinjiang", "its
    Tianjin plant", "X's plants are based in A, B and C" -> X located in each place (stated)."""
    text, s = sc.ctx.article.text, sc.s
    orgs = [it for it in sc.items if it.kind == "org" and not is_object(it, text)]
    for pl in sc.of("place"):
        before = text[s.start : pl.start]
        m = _FACILITY_IN.search(before[-120:])
        if m and re.search(r"\b(?:to|for|from|with|than|into|near|supplied|supplies|serving|serves)\s+(?:\S+\s+){0,3}$",
                           before[-120:][: m.start()]):
            continue  # "supplied to smelters in Gansu": somebody else's plants
        if not (m or _PLACE_FACILITY.match(text[pl.end : pl.end + 30]) and re.search(r"\b(?:its|the|their)\s+$|['’]s?\s+$", before)):
            continue
        prev = [q for q in sc.of("place") if q.end <= pl.start]
        if prev and pl.value.level == "province" and prev[-1].value.province_adcode == pl.value.adcode and re.fullmatch(
                r"[\s,]*(?:in\s+)?(?:the\s+)?", text[prev[-1].end : pl.start]):
            continue  # "in Xining, Qinghai province": the province only says where Xining is
        owners = [it for it in orgs if it.end <= pl.start]
        owner = owners[0].value if owners else (sc.prev_orgs[0] if sc.prev_orgs and re.search(r"\b(?:its|their|the)\b", before) else None)
        if owner is not None:
            sc.add_location(owner, place_entity(pl.value), f"stated: a plant of the company in {pl.value.name_en}")


def _locations(sc: _Scope) -> None:
    """Location: "in the X Park", "in <town> town", "in <host>", "in the city"."""
    ctx, s, items, text, orgs, places, parks = sc.ctx, sc.s, sc.items, sc.s.text, sc.of("org"), sc.of("place"), sc.of("park")
    for pk in parks:
        # "the X New Area plant of Y": Y has a plant in the park
        m = re.match(r"\s+(plant|factory|base|branch|mill|smelter)\s+of\s+", ctx.article.text[pk.end : pk.end + 20])
        owner = next((it for it in orgs if m and it.start == pk.end + m.end()), None)
        if owner is not None:
            sc.add_location(owner.value, pk.value, "stated: a plant of the organization in the park")
        elif re.search(r"\b(in|at|into|inside)\s+(the\s+)?$", ctx.article.text[max(0, pk.start - 10) : pk.start]):
            for it in reversed([i for i in items if i.kind in ("org", "project") and i.end <= pk.start]):
                for ent in (it.value if it.kind == "project" else [it.value]):
                    sc.add_location(ent, pk.value, "stated: 'in the park'")
                break
    # "its foil plant in Huiguo town": a town or township has no adcode in the gazetteer, so it is a
    # plain alu:Place named by the text
    for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-z]+(?:'[a-z]+)?)\s+(town|township|village)\b", text):
        if not is_pinyin(m.group(1).replace("'", "")):
            continue  # "in Old Town": an English word, not the name of a Chinese town
        before = [it for it in items if it.kind in ("org", "project", "pronoun") and it.end <= s.start + m.start()]
        # "a project invested by X ... in Y town": the project is what is built there
        projects_before = [it for it in before if it.kind == "project"]
        subj = projects_before[-1] if projects_before else (
            nearest_subject(before, s.start + m.start(), text=ctx.article.text, places=False) if before else None)
        ent = subject_entity(subj, None, places_ok=False)
        if ent is not None:
            town = Entity(f"town/{slug(m.group(1))}", "Place", m.group(1))
            sc.add_location(ent, town, f"stated: 'in {m.group(1)} {m.group(2)}'")
    in_place = None
    for pl in places:
        if in_host(sc.host, pl.value) and re.search(r"\b(in|at)\s+$", ctx.article.text[max(0, pl.start - 4) : pl.start]):
            in_place = place_entity(pl.value)
    if in_place is None and sc.host is not None:
        # "a plant in <county>": a county or district of the place the article is about
        for m in re.finditer(r"\b(?:in|at)\s+([A-Z][a-z]+(?:'[a-z]+)?)\b", text):
            county = next((d for d in lookup(m.group(1), levels=("county",)) if d.prefecture_adcode == sc.host.adcode), None)
            if county is not None:
                in_place = place_entity(county)
    if in_place is None and sc.host_entity and re.search(r"\bin the (city|prefecture|county)\b", text):
        in_place = sc.host_entity
    if in_place is not None and not any(re.search(r"\b(in|at|into)\s+(the\s+)?$", ctx.article.text[max(0, pk.start - 10) : pk.start]) for pk in parks):
        subjects = [it for it in items if it.kind in ("org", "project")]
        if subjects:
            it = subjects[-1] if subjects[-1].kind == "project" else subjects[0]
            for ent in (it.value if it.kind == "project" else [it.value]):
                sc.add_location(ent, in_place, "stated: 'in <place>'")
        elif re.search(r"\b(landed|settled|located|based)\b", text) and sc.prev_orgs:
            for ent in sc.prev_orgs:
                sc.add_location(ent, in_place, "the next sentence says these have landed here", conf=0.6)


def _membership(sc: _Scope) -> None:
    """Membership in an industry system: 'the X industry ... in/among the (city\'s) "N+M" (key)
    industrial system / industrial clusters / leading industries'."""
    ctx, s, text = sc.ctx, sc.s, sc.s.text
    m = re.search(r"\b(?:the\s+)?((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+industry\b[^.]*?\b(?:in|of|into|among|as)\s+(?:the\s+)?"
                  r"(?:[A-Za-z]+'s\s+)?[\"']([^\"']{1,12})[\"']\s+(?:[a-z-]+\s+){0,2}"
                  r"(?:industr(?:ial|y)\s+(?:system|clusters?|chains?|bases?)|industries)\b", text)
    if m:
        name = m.group(1).strip()
        name = re.sub(r"^(the|a|an)\s+", "", name)
        name = re.sub(r"\bmaterial$", "materials", name)
        sysname = m.group(2)
        owner = slug(sc.host.name_en) + "-" if sc.host else ""
        ctx.add(kind="membership", subject=Entity(f"industry/{slug(name)}", "Industry", name),
                object=Entity(f"industry-system/{owner}{slug(sysname)}", "IndustrySystem", sysname),
                evidence=ctx.evidence(s), confidence=0.8)


def carry_status(ctx, s, items, status: str) -> None:
    """"The project was put into production in March": a sentence that refers back to a project
    named earlier gives its status to that project's facts that have none yet."""
    earlier = {f.subject.id for f in ctx.facts if f.kind == "project" and f.evidence.start < s.start}
    ids = {e.id for it in items if it.kind == "project" for e in it.value if e.id in earlier}
    for i, f in enumerate(ctx.facts):
        if f.subject.id in ids and f.status is None and f.kind in ("project", "capacity", "investment"):
            note = "; ".join(x for x in (f.note, f"status '{status}' from a later sentence about the project") if x)
            ctx.facts[i] = replace(f, status=status, note=note)
