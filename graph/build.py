"""Facts in, RDF out: the cluster graph, its serialisations and the reports built beside it.

:func:`facts_to_graph` turns :class:`~alucluster.loaders.facts.Fact` lists into an ``rdflib.Graph``
shaped as ``ontology/SCHEMA.md`` says; :func:`build` runs the whole pipeline for a set of articles
and writes ``cluster.ttl``, ``cluster.nt``, ``cluster.jsonld``, ``validation.txt``, the gap report
and the views, each atomically and byte-identically for the same inputs.

>>> from alucluster.loaders.facts import Entity, Evidence, Fact
>>> ev = Evidence(article="a1", sentence="Acme has an annual output of 5 tons of alumina.", start=0, end=47)
>>> acme = Entity("enterprise/acme", "Enterprise", "Acme")
>>> g = facts_to_graph([Fact(kind="capacity", subject=acme, value=5.0, unit="t/yr", product="alumina",
...                          period="2021", evidence=ev)], reference=False)
>>> from alucluster.ontology.vocab import ALU, iri
>>> [str(u) for u in g.objects(iri("enterprise/acme"), ALU.produces)]
['https://w3id.org/alucluster/ref/product/alumina']
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from alucluster.graph._io import write_atomic
from alucluster.ontology.reasoning import reference_graph
from alucluster.ontology.errors import ArticleError, GraphError
from alucluster.ontology.model import STATUSES

__all__ = [
    "UNIT_CODES",
    "BuildResult",
    "build",
    "fact_from_dict",
    "fact_key",
    "facts_to_graph",
    "period_bounds",
    "read_facts",
    "reference_graph",
    "write_graph_files",
]

#: UN/CEFACT common codes (schema:unitCode) for the display units of SCHEMA.md.
UNIT_CODES = {
    "t/yr": "TNE",
    "t": "TNE",
    "pair/yr": "PR",
    "pair": "PR",
    "set/yr": "SET",
    "set": "SET",
    "piece/yr": "H87",
    "piece": "H87",
    "yuan": "CNY",
    "kWh": "KWH",
    "%": "P1",
}

#: Fact kind -> (quantity class, IRI folder, property linking the subject to the quantity).
_QUANTITIES = {
    "capacity": ("Capacity", "capacity", "hasCapacity"),
    "output": ("Output", "output", "hasOutput"),
    "output_value": ("OutputValue", "output-value", "hasOutputValue"),
    "investment": ("InvestmentAmount", "investment", "hasInvestment"),
}

#: Fact kind -> property from subject to object entity.
_LINKS = {
    "location": "locatedIn",
    "membership": "memberOf",
    "operator": "operatedBy",
    "subsidiary": "subsidiaryOf",
    "person_role": "holdsPostIn",
}

#: Superclasses written beside an entity's own class (``alu:EnterpriseGroup rdfs:subClassOf
#: alu:Enterprise``): queries, gaps and views read ``alu:Enterprise`` without a reasoner, and a group
#: or holding is an enterprise for all of them.
_ALSO_TYPED = {"EnterpriseGroup": ("Enterprise",)}

#: Fact kinds whose quantity carries ``alu:status`` (the ontology's domain of status: project,
#: capacity, investment); an output or observation with a status keeps it in its assertion's note.
_HAS_STATUS = ("capacity", "investment")

#: Fact kinds whose quantity needs ``alu:period`` or, when none can be read, ``alu:periodStatus``.
_NEEDS_PERIOD = ("output", "output_value", "indicator")

#: Capacity units as facts may give them -> the per-year unit of the shapes.
_CAPACITY_UNITS = {
    "t/yr": "t/yr", "t": "t/yr", "pair/yr": "pair/yr", "pair": "pair/yr",
    "set/yr": "set/yr", "set": "set/yr", "piece/yr": "piece/yr", "piece": "piece/yr",
}

#: Project statuses, least to most advanced (the model's order).
_STATUS_ORDER = tuple(STATUSES)

#: Entity types that can be said to produce a product (``alu:produces``).
_PRODUCERS = ("Enterprise", "EnterpriseGroup", "InvestmentProject", "Organization")

#: Above this many triples ``store="auto"`` also writes an on-disk Oxigraph store.
OXIGRAPH_THRESHOLD = 100_000

_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


def period_bounds(period: str) -> tuple[_dt.date, _dt.date]:
    """First and last day of a period label: ``2021``, ``2021-H1``, ``2021-Q3``, ``2021-07`` or a range ``A/B``.

    :param period: the period label of a fact.
    :raises GraphError: when the label has none of these shapes.

    >>> [d.isoformat() for d in period_bounds("2021-H1")]
    ['2021-01-01', '2021-06-30']
    >>> [d.isoformat() for d in period_bounds("2020-02")]
    ['2020-02-01', '2020-02-29']
    >>> [d.isoformat() for d in period_bounds("2022-01/2022-09")]
    ['2022-01-01', '2022-09-30']
    """
    if period and period.count("/") == 1:
        # a range such as "January to September": start of the first, end of the second
        first, last = (period_bounds(p) for p in period.split("/"))
        if last[1] < first[0]:
            raise GraphError(f"unknown period {period!r}: it ends before it starts")
        return first[0], last[1]
    m = _PERIOD.match(period or "")
    if not m:
        raise GraphError(f"unknown period {period!r} (use 2021, 2021-H1, 2021-Q1 or 2021-01)")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        first, last = 1, 12
    elif part[0] == "H":
        first = 1 if part == "H1" else 7
        last = first + 5
    elif part[0] == "Q":
        first = 3 * int(part[1]) - 2
        last = first + 2
    else:
        first = last = int(part)
        if not 1 <= first <= 12:
            raise GraphError(f"unknown period {period!r}: month {first} out of range")
    end = _dt.date(year + (last == 12), last % 12 + 1, 1) - _dt.timedelta(days=1)
    return _dt.date(year, first, 1), end


def _canon_number(value: float | None) -> str | None:
    if value is None:
        return None
    # repr gives the shortest round-tripping form, so 1e5 and 100000.0 key alike.
    return repr(float(value))


def fact_key(fact) -> str:
    """The 12-hex-digit hash naming a fact's nodes (its quantity, its assertion).

    The key covers kind, subject, object, product, indicator, period, value, unit, status, article
    and (when set) period status, so the same fact from two articles gives two nodes, each kept with its evidence.

    :param fact: a :class:`~alucluster.loaders.facts.Fact`.

    >>> from alucluster.loaders.facts import Entity, Evidence, Fact
    >>> ev = Evidence("a1", "s", 0, 1)
    >>> f = Fact(kind="enterprise", subject=Entity("enterprise/acme", "Enterprise", "Acme"), evidence=ev)
    >>> len(fact_key(f)), fact_key(f) == fact_key(f)
    (12, True)
    """
    key = [
        fact.kind,
        fact.subject.id,
        fact.object.id if fact.object else None,
        fact.product,
        fact.indicator,
        fact.period,
        _canon_number(fact.value),
        fact.unit,
        fact.status,
        fact.evidence.article,
    ]
    if getattr(fact, "period_status", None):
        key.append(fact.period_status)  # appended only when set: the keys of other facts do not move
    return hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:12]


def _decimal(value: float):
    from rdflib import Literal
    from rdflib.namespace import XSD

    return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)


def _date_literal(text: str):
    from rdflib import Literal
    from rdflib.namespace import XSD

    text = str(text)
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.date)


def _join(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _unplaced_status(fact) -> str | None:
    """The status a fact states where ``alu:status`` cannot go (an enterprise, an output, a link)."""
    if not fact.status or fact.kind in _HAS_STATUS:
        return None
    if fact.kind in ("enterprise", "project") and fact.subject.type == "InvestmentProject":
        return None
    return f"status stated: {fact.status}"


@functools.cache
def _reference_slugs(cls: str, folder: str) -> frozenset[str]:
    from rdflib.namespace import RDF

    from alucluster.ontology.vocab import ALU, REF

    prefix = f"{REF}{folder}/"
    return frozenset(str(s)[len(prefix):] for s in reference_graph().subjects(RDF.type, ALU[cls])
                     if str(s).startswith(prefix))


def _reference_products() -> frozenset[str]:
    return _reference_slugs("Product", "product")


def _reference_indicators() -> frozenset[str]:
    return _reference_slugs("Indicator", "indicator")


@dataclass
class _AssertionDraft:
    """What the facts of one triple (one article) say about it, merged into one assertion."""

    keys: set = field(default_factory=set)
    kinds: set = field(default_factory=set)
    evidence: set = field(default_factory=set)
    notes: set = field(default_factory=set)
    stated: bool = False
    confidence: float = 0.0


def _class(name: str):
    from alucluster.ontology.vocab import ALU

    try:
        return getattr(ALU, name)
    except AttributeError:
        raise GraphError(f"unknown entity type {name!r}") from None


class _Builder:
    """Accumulates triples for one graph; keeps place enrichment lazy (gazetteer loads once)."""

    def __init__(self, graph):
        from alucluster.ontology.vocab import ALU, ID, REF

        self.g = graph
        self.ALU, self.ID, self.REF = ALU, ID, REF
        self._gazetteer = None
        self._places_done: set[str] = set()
        self._assertions: dict[tuple, _AssertionDraft] = {}
        self._statuses: dict[object, set[str]] = {}
        self._minted: set = set()

    # -- helpers -----------------------------------------------------------------
    def gazetteer(self):
        if self._gazetteer is None:
            from alucluster.loaders.places import gazetteer

            self._gazetteer = gazetteer()
        return self._gazetteer

    def division(self, adcode: str):
        try:
            return self.gazetteer().by_adcode(adcode)
        except (KeyError, LookupError, ValueError):
            return None

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def label(self, node, en: str | None, zh: str | None = None):
        from rdflib import Literal
        from rdflib.namespace import RDFS

        if en:
            self.add(node, RDFS.label, Literal(en, lang="en"))
        if zh:
            self.add(node, RDFS.label, Literal(zh, lang="zh"))

    def place(self, adcode: str, type_name: str | None = None):
        """The node of a place by adcode, with its labels, province and parent from the gazetteer."""
        from rdflib import Literal
        from rdflib.namespace import RDF

        node = self.ID[f"place/cn-{adcode}"]
        if adcode in self._places_done:
            return node
        self._places_done.add(adcode)
        self.add(node, self.ALU.adcode, Literal(adcode))
        div = self.division(adcode)
        if div is None:
            if type_name:
                self.add(node, RDF.type, _class(type_name))
            return node
        prov = str(div.province_adcode)
        if type_name is None:
            type_name = {"province": "Province", "prefecture": "PrefectureCity"}.get(div.level, "County")
        self.add(node, RDF.type, _class(type_name))
        self.label(node, div.name_en, div.name_zh)
        if prov != adcode:
            pnode = self.place(prov, "Province")
            self.add(node, self.ALU.inProvince, pnode)
            parent = pnode
            city = getattr(div, "prefecture_adcode", None)
            if city and str(city) not in (prov, adcode) and self.division(str(city)) is not None:
                parent = self.place(str(city), "PrefectureCity")
            self.add(node, self.ALU.locatedIn, parent)
        return node

    def province_of(self, adcode: str):
        div = self.division(adcode)
        if div is None or str(div.province_adcode) == adcode:
            return None
        return self.place(str(div.province_adcode), "Province")

    def entity(self, ent):
        from rdflib.namespace import RDF

        m = re.fullmatch(r"place/cn-(\d{6})", ent.id)
        if m:
            node = self.place(m.group(1), ent.type)
            # the fact's own labels win over the gazetteer's only when the gazetteer has none
            from rdflib.namespace import RDFS

            if not any(True for _ in self.g.objects(node, RDFS.label)):
                self.label(node, ent.label, ent.label_zh)
            return node
        node = self.ID[ent.id]
        self.add(node, RDF.type, _class(ent.type))
        for broader in _ALSO_TYPED.get(ent.type, ()):
            self.add(node, RDF.type, _class(broader))
        self.label(node, ent.label, ent.label_zh)
        return node

    def period(self, label: str):
        from rdflib import Literal
        from rdflib.namespace import RDF, RDFS, XSD

        start, end = period_bounds(label)
        node = self.ID[f"period/{label.replace('/', '--')}"]
        self.add(node, RDF.type, self.ALU.Period)
        self.add(node, RDFS.label, Literal(label))
        self.add(node, self.ALU.startDate, Literal(start.isoformat(), datatype=XSD.date))
        self.add(node, self.ALU.endDate, Literal(end.isoformat(), datatype=XSD.date))
        return node

    def evidence(self, ev):
        from rdflib import Literal
        from rdflib.namespace import RDF

        node = self.ID[f"evidence/{ev.article}-{ev.start}-{ev.end}"]
        self.add(node, RDF.type, self.ALU.Evidence)
        self.add(node, self.ALU.inArticle, self.ID[f"article/{ev.article}"])
        self.add(node, self.ALU.sentence, Literal(ev.sentence))
        self.add(node, self.ALU.startOffset, Literal(int(ev.start)))
        self.add(node, self.ALU.endOffset, Literal(int(ev.end)))
        return node

    def article(self, art):
        from rdflib import Literal
        from rdflib.namespace import RDF, XSD

        node = self.ID[f"article/{art.id}"]
        self.add(node, RDF.type, self.ALU.Article)
        if getattr(art, "title", None):
            self.add(node, self.ALU.title, Literal(art.title))
        if getattr(art, "date", None):
            self.add(node, self.ALU.published, _date_literal(art.date))
        text = getattr(art, "text", None)
        if text is not None:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            self.add(node, self.ALU.contentHash, Literal(digest))
        if getattr(art, "language", None):
            self.add(node, self.ALU.language, Literal(art.language))
        source = getattr(art, "source", None)
        if source:
            if re.match(r"https?://", str(source)):
                self.add(node, self.ALU.sourceUrl, Literal(str(source), datatype=XSD.anyURI))
            else:
                self.add(node, self.ALU.source, Literal(str(source)))
        return node

    def assertion(self, fact, key: str, subject, predicate, obj, *, stated=None, note=None, evidence=None):
        """Record the assertion of one fact triple; :meth:`finish` writes it.

        Two mentions of one triple in one article (a location read from a name prefix and from
        "in <place>") make one assertion: both evidences, one ``alu:stated`` (stated wins), the
        highest confidence and every note.
        """
        ident = (subject, predicate, obj, fact.evidence.article, bool(fact.curated))
        draft = self._assertions.setdefault(ident, _AssertionDraft())
        draft.keys.add(key)
        draft.kinds.add(fact.kind)
        draft.evidence.add(evidence if evidence is not None else self.evidence(fact.evidence))
        draft.stated |= bool(fact.stated if stated is None else stated)
        draft.confidence = max(draft.confidence, float(fact.confidence))
        for text in (note or fact.note, _unplaced_status(fact)):
            if text:
                draft.notes.add(text)

    def finish(self) -> None:
        """Write the merged assertions and the one status of each project."""
        from rdflib import Literal
        from rdflib.namespace import RDF

        ALU = self.ALU
        for (subject, predicate, obj, _article, curated), draft in self._assertions.items():
            key = min(draft.keys)
            if curated:
                # a curated copy of an extracted fact has the same key; its assertion is a node of
                # its own, so one node never carries two confidences or two curated values
                key = hashlib.sha256(f"{key}|curated".encode()).hexdigest()[:12]
            node = self.ID[f"fact/{key}"]
            self.add(node, RDF.type, ALU.Assertion)
            # one kind per node; two kinds reifying one triple do not occur, min() keeps it stable
            self.add(node, ALU.factKind, Literal(min(draft.kinds)))
            self.add(node, RDF.subject, subject)
            self.add(node, RDF.predicate, predicate)
            self.add(node, RDF.object, obj)
            for ev in draft.evidence:
                self.add(node, ALU.evidence, ev)
            self.add(node, ALU.stated, Literal(draft.stated))
            self.add(node, ALU.confidence, _decimal(draft.confidence))
            self.add(node, ALU.curated, Literal(curated))
            if draft.notes:
                self.add(node, ALU.note, Literal("; ".join(sorted(draft.notes))))
        for subject, slugs in self._statuses.items():
            best = max(slugs, key=_STATUS_ORDER.index)
            self.add(subject, ALU.status, self.REF[f"status/{best}"])
            if len(slugs) > 1:
                said = ", ".join(sorted(slugs, key=_STATUS_ORDER.index))
                self.add(subject, ALU.note, Literal(f"statuses stated: {said}; the most advanced ({best}) is kept"))

    def project_status(self, fact, subj) -> None:
        """Note the status a fact gives its subject: a project keeps one (see :meth:`finish`)."""
        if fact.status and fact.subject.type == "InvestmentProject":
            self._statuses.setdefault(subj, set()).add(fact.status)

    def product(self, slug: str | None, label: str | None):
        """The node of a product slug; one outside the reference chain becomes a concept of its own."""
        from rdflib import Literal
        from rdflib.namespace import RDF, SKOS

        if not slug:
            return None
        node = self.REF[f"product/{slug}"]
        if slug not in _reference_products() and node not in self._minted:
            # open vocabulary: the figure is kept, its product labelled as the text wrote it
            self._minted.add(node)
            self.add(node, RDF.type, self.ALU.Product)
            self.add(node, RDF.type, SKOS.Concept)
            self.add(node, SKOS.prefLabel, Literal(label or slug.replace("-", " "), lang="en"))
        return node

    def host(self, article_id: str, adcode: str | None):
        """``alu:hostPlace`` of an article: its region's place, or the "region not stated" node."""
        from rdflib import Literal
        from rdflib.namespace import RDF, RDFS

        from alucluster.graph.regions import UNKNOWN_REGION

        if adcode:
            node = self.place(adcode)
        else:
            node = self.ID[UNKNOWN_REGION]
            self.add(node, RDF.type, self.ALU.Place)
            self.add(node, RDFS.label, Literal("region not stated", lang="en"))
        self.add(self.ID[f"article/{article_id}"], self.ALU.hostPlace, node)

    def timing(self, fact, node) -> str | None:
        """``alu:period`` and ``alu:periodStatus`` of a quantity or observation; a note when the
        period label could not be read.

        A figure whose period cannot be resolved (none given, or a label that is not a period) is
        kept with a period status; outputs, output values and observations always get one of the two.
        """
        from rdflib import Literal

        status, note = fact.period_status, None
        if status is None and fact.status == "planned" and fact.kind not in _HAS_STATUS:
            status = "planned"  # a planned output or value is a projection: it has no status node
        if fact.period:
            try:
                self.add(node, self.ALU.period, self.period(fact.period))
            except GraphError as exc:
                status, note = status or "unknown", f"period not understood: {exc}"
        elif fact.kind in _NEEDS_PERIOD:
            status = status or "unknown"
        if status:
            self.add(node, self.ALU.periodStatus, Literal(status))
        return note

    # -- facts -------------------------------------------------------------------
    def fact(self, fact):
        if fact.status and fact.status not in _STATUS_ORDER:
            raise GraphError(f"unknown status {fact.status!r} of a {fact.kind} fact about {fact.subject.label!r}")
        key = fact_key(fact)
        subj = self.entity(fact.subject)
        ev = self.evidence(fact.evidence)
        kind = fact.kind
        if kind in _QUANTITIES:
            self.quantity(fact, key, subj, ev)
        elif kind == "indicator":
            self.observation(fact, key, subj, ev)
        elif kind == "origin":
            self.origin(fact, key, subj, ev)
        elif kind in _LINKS:
            self.link(fact, key, subj, ev)
        elif kind == "introduced":
            self.introduced(fact, key, subj, ev)
        elif kind == "project" and fact.product:
            product = self.product(fact.product, fact.product_label)
            self.add(subj, self.ALU.produces, product)
            self.project_status(fact, subj)
            self.assertion(fact, key, subj, self.ALU.produces, product, evidence=ev)
        else:  # enterprise, project without product: the fact is the thing's existence
            from rdflib.namespace import RDF

            self.project_status(fact, subj)
            self.assertion(fact, key, subj, RDF.type, _class(fact.subject.type), evidence=ev)

    def quantity(self, fact, key, subj, ev) -> None:
        from rdflib import Literal
        from rdflib.namespace import RDF

        ALU, kind = self.ALU, fact.kind
        cls, folder, link = _QUANTITIES[kind]
        if fact.value is None:
            raise GraphError(f"{kind} fact about {fact.subject.label!r} has no value")
        unit = fact.unit
        if kind == "capacity":
            unit = _CAPACITY_UNITS.get(unit or "t/yr", unit)
            if unit not in _CAPACITY_UNITS.values() or fact.value <= 0:
                raise GraphError(f"capacity fact about {fact.subject.label!r}: {fact.value} {fact.unit} "
                                 f"is not a capacity (a positive number in {', '.join(sorted(set(_CAPACITY_UNITS.values())))})")
        q = self.ID[f"{folder}/{key}"]
        self.add(q, RDF.type, ALU[cls])
        self.add(q, ALU.value, _decimal(fact.value))
        if unit:
            self.add(q, ALU.unit, Literal(unit))
            if unit in UNIT_CODES:
                self.add(q, ALU.unitCode, Literal(UNIT_CODES[unit]))
        # a capacity is always of a product: "capacity of 1 million tonnes" alone is of aluminium
        product = self.product(fact.product or ("aluminium" if kind == "capacity" else None), fact.product_label)
        if product is not None:
            self.add(q, ALU.ofProduct, product)
            # alu:produces links organisations and projects only: a city's output is not a producer
            if kind in ("capacity", "output") and fact.subject.type in _PRODUCERS:
                self.add(subj, ALU.produces, product)
        note = self.timing(fact, q)
        if fact.status and kind in _HAS_STATUS:
            self.add(q, ALU.status, self.REF[f"status/{fact.status}"])
        self.add(q, ALU.evidence, ev)
        self.add(subj, ALU[link], q)
        self.assertion(fact, key, subj, ALU[link], q, evidence=ev, note=_join(fact.note, note))

    def observation(self, fact, key, subj, ev) -> None:
        from rdflib import Literal
        from rdflib.namespace import RDF

        ALU = self.ALU
        if fact.value is None or not fact.indicator:
            raise GraphError(f"indicator fact about {fact.subject.label!r} needs an indicator and a value")
        obs = self.ID[f"observation/{key}"]
        self.add(obs, RDF.type, ALU.IndicatorObservation)
        self.add(obs, ALU.observedEntity, subj)
        self.add(obs, ALU.indicator, self.indicator(fact.indicator))
        self.add(obs, ALU.value, _decimal(fact.value))
        if fact.unit:
            self.add(obs, ALU.unit, Literal(fact.unit))
            if fact.unit in UNIT_CODES:
                self.add(obs, ALU.unitCode, Literal(UNIT_CODES[fact.unit]))
        note = self.timing(fact, obs)
        product = self.product(fact.product, fact.product_label)
        if product is not None:
            self.add(obs, ALU.ofProduct, product)
        self.add(obs, ALU.evidence, ev)
        self.assertion(fact, key, obs, ALU.observedEntity, subj, evidence=ev, note=_join(fact.note, note))

    def indicator(self, slug: str):
        """The node of an indicator slug; one missing from ``indicators.ttl`` is still an alu:Indicator."""
        from rdflib import Literal
        from rdflib.namespace import RDF, RDFS

        node = self.REF[f"indicator/{slug}"]
        if slug not in _reference_indicators() and node not in self._minted:
            self._minted.add(node)
            self.add(node, RDF.type, self.ALU.Indicator)
            self.add(node, RDFS.label, Literal(slug.replace("-", " "), lang="en"))
        return node

    def origin(self, fact, key, subj, ev) -> None:
        ALU = self.ALU
        if fact.object is None:
            raise GraphError(f"origin fact about {fact.subject.label!r} has no place")
        obj_node = self.entity(fact.object)
        if fact.object.type == "Province":
            self.add(subj, ALU.originProvince, obj_node)
            self.assertion(fact, key, subj, ALU.originProvince, obj_node, evidence=ev)
            return
        self.add(subj, ALU.originCity, obj_node)
        self.assertion(fact, key, subj, ALU.originCity, obj_node, evidence=ev)
        m = re.fullmatch(r"place/cn-(\d{6})", fact.object.id)
        prov = self.province_of(m.group(1)) if m else None
        if prov is not None:
            # materialised so queries need no reasoner; inferred, hence stated false
            self.add(subj, ALU.originProvince, prov)
            dkey = hashlib.sha256(f"{key}|originProvince".encode()).hexdigest()[:12]
            self.assertion(
                fact, dkey, subj, ALU.originProvince, prov, stated=False, evidence=ev,
                note=f"province of origin city {fact.object.label} (gazetteer)",
            )

    def link(self, fact, key, subj, ev) -> None:
        from rdflib import Literal

        ALU, kind = self.ALU, fact.kind
        if fact.object is None:
            raise GraphError(f"{kind} fact about {fact.subject.label!r} has no object")
        obj_node = self.entity(fact.object)
        self.add(subj, ALU[_LINKS[kind]], obj_node)
        if kind == "person_role" and fact.note:
            self.add(subj, ALU.postTitle, Literal(fact.note))
        self.assertion(fact, key, subj, ALU[_LINKS[kind]], obj_node, evidence=ev)

    def introduced(self, fact, key, subj, ev) -> None:
        from rdflib import Literal
        from rdflib.namespace import XSD

        if not fact.period or not re.match(r"\d{4}", fact.period):
            raise GraphError(f"introduced fact about {fact.subject.label!r} has no year")
        year = Literal(fact.period[:4], datatype=XSD.gYear)
        self.add(subj, self.ALU.yearIntroduced, year)
        self.assertion(fact, key, subj, self.ALU.yearIntroduced, year, evidence=ev)


def _bind(graph) -> None:
    from alucluster.ontology.vocab import PREFIXES
    from rdflib import Namespace

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)


def facts_to_graph(facts: Iterable, articles: Sequence = (), *, reference: bool = True, hosts=None):
    """The cluster graph of ``facts`` (and their ``articles``), shaped as ``ontology/SCHEMA.md``.

    :param facts: :class:`~alucluster.loaders.facts.Fact` objects, in any order.
    :param articles: the articles the facts cite (objects with ``id``, ``text``, ``title``,
        ``date``, ``source``, ``language``); each becomes an ``alu:Article`` node.
    :param reference: include the shipped reference data (stages, products, indicators).
    :param hosts: article id -> adcode of its host region (None: not known), written as
        ``alu:hostPlace`` (see :mod:`alucluster.graph.regions`); articles not in it get no host.
    :raises GraphError: for a fact that cannot be placed (unknown type, period, missing value).
    """
    import rdflib

    from alucluster.graph.attribution import annotate

    graph = rdflib.Graph()
    _bind(graph)
    if reference:
        graph += reference_graph()
    b = _Builder(graph)
    for art in articles:
        b.article(art)
    known = {getattr(a, "id", None) for a in articles}
    for fact in facts:
        if fact.evidence.article not in known:
            b.article(_StubArticle(fact.evidence.article))
            known.add(fact.evidence.article)
        b.fact(fact)
    b.finish()
    for aid, adcode in sorted((hosts or {}).items()):
        b.host(aid, adcode)
    annotate(graph)
    return graph


@dataclass(frozen=True)
class _StubArticle:
    id: str


# ---------------------------------------------------------------- serialisation


def _sorted_ntriples(graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def _sorted_jsonld(graph) -> bytes:
    from alucluster.ontology.vocab import PREFIXES

    # a compact, inline @context (the project's prefixes), never a remote one: readers stay offline
    context = dict(sorted(PREFIXES.items()))
    data = json.loads(graph.serialize(format="json-ld", context=context, encoding="utf-8").decode("utf-8"))
    nodes = data if isinstance(data, list) else data.get("@graph", [data])

    def order(value):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    for node in nodes:
        for k, v in node.items():
            if isinstance(v, list):
                node[k] = sorted(v, key=order)
    nodes = sorted(nodes, key=lambda n: n.get("@id", ""))
    doc = {"@context": context, "@graph": nodes}
    return (json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_graph_files(graph, out: Path) -> list[Path]:
    """Write ``cluster.ttl``, ``cluster.nt`` and ``cluster.jsonld`` into ``out``, sorted and atomically.

    :param graph: the cluster graph.
    :param out: the output folder (created when missing).
    :raises GraphError: when the folder cannot be written.
    """
    out = Path(out)
    ttl = graph.serialize(format="turtle", encoding="utf-8")
    return [
        write_atomic(out / "cluster.ttl", ttl),
        write_atomic(out / "cluster.nt", _sorted_ntriples(graph)),
        write_atomic(out / "cluster.jsonld", _sorted_jsonld(graph)),
    ]


# ---------------------------------------------------------------- pipeline


@dataclass
class BuildResult:
    """What a build wrote and found."""

    paths: list[Path]
    triples: int
    conforms: bool
    articles: int = 0
    facts: int = 0
    store: str = "memory"
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for the terminal: counts, validity and where the files are."""
        folder = self.paths[0].parent if self.paths else Path(".")
        state = "conforms to the shapes" if self.conforms else "has SHACL violations (see validation.txt)"
        extra = f" {' '.join(self.notes)}" if self.notes else ""
        return (
            f"Built {self.triples} triples from {self.facts} facts in {self.articles} article(s); "
            f"the graph {state}. Wrote {len(self.paths)} files to {folder} (store: {self.store}).{extra}"
        )


def fact_from_dict(d: dict):
    """A :class:`~alucluster.loaders.facts.Fact` from its :meth:`~alucluster.loaders.facts.Fact.to_dict` form.

    :param d: the dict (as read from JSON).
    :raises GraphError: when a field is missing or unknown.
    """
    from alucluster.loaders.facts import Fact

    try:
        return Fact.from_dict(d)
    except (TypeError, KeyError, ValueError) as exc:
        raise GraphError(f"not a fact: {exc}") from None


def read_facts(path: Path) -> list:
    """Facts from a JSON Lines file of :meth:`~alucluster.loaders.facts.Fact.to_dict` objects.

    :param path: the ``.jsonl`` file.
    :raises GraphError: when the file is missing or a line is not a fact.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphError(f"cannot read facts from {path}: {exc}") from None
    facts = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                facts.append(fact_from_dict(json.loads(line)))
            except (ValueError, GraphError) as exc:
                raise GraphError(f"{path}:{n}: {exc}") from None
    return facts


def _facts_cached(article, *, curated: bool, cache: Path) -> tuple[list, object]:
    """Extract once per article content, metadata and extractor version (the loaders' cache);
    the facts and the host place the text is about.

    Curated facts are not cached: the reviewed overlay can change without the extractor changing.
    """
    from alucluster.loaders.extract import extract_with_host

    return extract_with_host(article, curated=curated, cache_dir=None if curated else cache)


#: The name that stands for the packaged seed article on the command line (``build seed other.txt``).
SEED_ALIAS = "seed"


def _read_articles(paths: Sequence[Path] | None, date: str | None = None) -> list:
    from alucluster.loaders import article as loader

    if not paths:
        return [loader.seed_article()]
    arts = []
    for p in paths:
        if str(p) == SEED_ALIAS and not Path(p).exists():
            arts.append(loader.seed_article())
            continue
        if not Path(p).is_file():
            raise ArticleError(f"no article at {p}")
        arts.append(loader.read_article(Path(p), date=date))
    return arts


def build(
    articles: list[Path] | None,
    *,
    out: Path,
    reason: bool = False,
    store: str = "auto",
    views: bool = True,
    curated: bool = False,
    date: str | None = None,
    region: str | None = None,
) -> BuildResult:
    """Build the cluster graph from articles and write it with its reports into ``out``.

    Writes ``cluster.ttl``, ``cluster.nt``, ``cluster.jsonld``, ``validation.txt``, the gap report
    and (with ``views``) ``views/*.html``; extracted facts are cached under ``out/.cache/``.

    :param articles: article files; ``None`` or empty builds the packaged seed article.
    :param out: the output folder.
    :param reason: also check consistency with the HermiT reasoner.
    :param store: ``memory``, ``oxigraph`` (also write an on-disk store beside the files) or ``auto``
        (Oxigraph above :data:`OXIGRAPH_THRESHOLD` triples).
    :param views: write the interactive HTML views.
    :param curated: apply the reviewed curation overlay to the extracted facts.
    :param date: the date of every article given (``YYYY[-MM[-DD]]``), overriding what the files say.
    :param region: the host region of articles whose metadata names none (before their text's);
        ``articles`` may name the packaged seed article as :data:`SEED_ALIAS`.
    :raises ArticleError: for an article that cannot be read, a malformed ``date`` or a region the
        gazetteer does not know.
    :raises GraphError: for an output folder that cannot be written.
    """
    from tqdm import tqdm

    if store not in ("auto", "memory", "oxigraph"):
        raise GraphError(f"unknown store {store!r} (use auto, memory or oxigraph)")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise GraphError(f"{out} exists and is not a folder")
    arts = _read_articles(articles, date)
    seen: dict[str, object] = {}
    for a in arts:
        seen.setdefault(a.id, a)  # the same article given twice counts once
    arts = [seen[k] for k in sorted(seen)]
    cache = out / ".cache"
    from alucluster.graph.regions import host_adcode

    facts, hosts = [], {}
    bar = tqdm(arts, desc="extracting", unit="article", disable=len(arts) < 2 or not sys.stderr.isatty())
    for art in bar:
        found, text_host = _facts_cached(art, curated=curated, cache=cache)
        facts.extend(found)
        hosts[art.id] = host_adcode(art, text_host, override=region)
    graph = facts_to_graph(facts, arts, hosts=hosts)
    unplaced = sorted(k for k, v in hosts.items() if v is None)
    notes = []
    if unplaced:
        notes.append(
            f"{len(unplaced)} article(s) name no host region ({', '.join(unplaced)}): analysed together as "
            "'region not stated'; give them 'region:' metadata or build with --region."
        )

    paths = write_graph_files(graph, out)
    from alucluster.graph.validate import validate

    report = validate(graph, reason=reason)
    paths.append(write_atomic(out / "validation.txt", report.text.encode("utf-8")))
    from alucluster.graph.gaps import write_gap_report

    paths.extend(write_gap_report(graph, out))
    if views:
        from alucluster.graph.views import write_views

        paths.extend(write_views(graph, out=out))
    used = "memory"
    if store == "oxigraph" or (store == "auto" and len(graph) > OXIGRAPH_THRESHOLD):
        from alucluster.graph.store import oxigraph_store_for

        oxigraph_store_for(out / "cluster.ttl", create=True)
        used = "oxigraph"
    return BuildResult(
        paths=paths, triples=len(graph), conforms=bool(report.conforms), articles=len(arts),
        facts=len(facts), store=used, notes=notes,
    )
