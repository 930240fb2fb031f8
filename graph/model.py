"""The cluster model: the graph read once into typed, frozen dataclasses, one cluster per region.

:func:`read_model` reads a graph into a :class:`ClusterModel`: the reference :class:`Chain`, the
host :class:`~alucluster.graph.regions.Region` of its articles, and per region a :class:`Cluster`
of the local producers, what they make, their capacities and outputs, the external suppliers and
the candidate attributions (see :mod:`alucluster.graph.attribution`), plus the evidence
:class:`Sentence` of every fact so that any figure can be quoted with its source. Gaps, network
exports, views and notebooks take this model; none reads the graph again.

A graph that records no host region (a hand-made graph, an old build) has one cluster, the whole
graph, under the region ``None``.

**The capacity rule** (:func:`counted_capacities`, the one definition; ``graph.build`` writes its
outcome as ``alu:supersededBy`` so the named queries count the same figures). An article may state
several capacities for one holder, product and unit, and articles may disagree; within a region
exactly one figure per holder, product and unit counts:

1. the most advanced status: operating, then no status stated (a capacity stated plainly is
   taken as existing), then under construction, signed, planned;
2. then the latest date: the end of the figure's period, else its article's publication date
   (a figure with neither comes last);
3. then the largest value, then the IRI (so the choice never depends on reading order).

All figures stay in the graph with their evidence. An enterprise's capacity is also not counted
when it operates (``alu:operatedBy``, stated) a project with a capacity for the same product and
unit: the project already counts it. Outputs follow the same rule (steps 2 and 3).

>>> import rdflib
>>> m = read_model(rdflib.Graph())
>>> m.regions, sorted(m.clusters)
((), [None])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from alucluster.graph.regions import Region, find_region, regions, within

__all__ = [
    "STATUS_RANK",
    "Stage",
    "Product",
    "Flow",
    "Chain",
    "Producer",
    "Capacity",
    "Candidate",
    "Sentence",
    "Cluster",
    "ClusterModel",
    "counted_capacities",
    "reference_chain",
    "read_chain",
    "read_cluster",
    "read_model",
    "slug",
    "per_year",
]

#: Capacity units that mean tonnes (per year); other units (pair/yr, set/yr, piece/yr) are counts.
MASS_UNITS = frozenset({"t/yr", "t/a", "t"})
_PLACE_TYPES = {"Place", "Country", "Province", "PrefectureCity", "County", "IndustrialPark"}
#: Status slug -> rank in the capacity rule (lower counts first); "" is no status stated.
STATUS_RANK = {"operating": 0, "": 1, "under-construction": 2, "signed": 3, "planned": 4}


def slug(iri: str) -> str:
    """The last path segment of an IRI.

    >>> slug("https://w3id.org/alucluster/ref/stage/rolling")
    'rolling'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1]


def per_year(period: str) -> tuple[str, float]:
    """The period label of a figure and the factor putting it on a yearly basis.

    >>> per_year("https://w3id.org/alucluster/id/period/2021-H1")
    ('2021-H1', 2.0)
    >>> per_year("https://w3id.org/alucluster/id/period/2022-01--2022-09")
    ('2022-01/2022-09', 1.3333333333333333)
    >>> per_year("")
    ('a period not stated', 1.0)
    """
    from alucluster.graph.build import period_bounds
    from alucluster.ontology.errors import GraphError

    label = slug(period).replace("--", "/") if period else ""
    try:
        first, last = period_bounds(label)
    except GraphError:
        # no usable period: the figure is taken as a year's, and the label says so
        return (label or "a period not stated"), 1.0
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return label, 12 / months


@lru_cache(maxsize=1)
def reference_chain():
    """The shipped reference chain (stages, products, flows) as an rdflib graph; do not mutate it.

    >>> from alucluster.ontology.vocab import ALU
    >>> g = reference_chain()
    >>> len(set(g.subjects(predicate=None, object=ALU.ValueChainStage))) >= 10
    True
    """
    from importlib.resources import files

    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=files("alucluster.ontology").joinpath("data/chain.ttl").read_text("utf-8"), format="turtle")
    return graph


def _with_reference(graph) -> tuple:
    """Graphs to read reference data from: the graph itself plus the shipped chain when it lacks one."""
    from rdflib import RDF

    from alucluster.ontology.vocab import ALU

    if (None, RDF.type, ALU.MaterialFlow) in graph and (None, RDF.type, ALU.ValueChainStage) in graph:
        return (graph,)
    return (graph, reference_chain())


def _label(sources, node, lang: str = "en") -> str:
    """The label of ``node`` in ``lang`` (English also takes untagged), else the last IRI segment."""
    from rdflib import RDFS
    from rdflib.namespace import SKOS

    langs = (None, "en") if lang == "en" else (lang,)
    for g in sources:
        best = None
        for pred in (SKOS.prefLabel, RDFS.label):
            for lit in g.objects(node, pred):
                if getattr(lit, "language", None) in langs and (best is None or str(lit) < best):
                    best = str(lit)
        if best is not None:
            return best
    return slug(str(node))


@dataclass(frozen=True)
class Stage:
    """A reference value-chain stage; ``segment`` is the slug of its kind (upstream-input, ...)."""

    iri: str
    label: str
    order: int
    segment: str
    label_zh: str = ""


@dataclass(frozen=True)
class Product:
    """A reference product; ``stage`` is the IRI of its stage or None (generic products)."""

    iri: str
    label: str
    stage: str | None
    labels: tuple[str, ...] = ()
    label_zh: str = ""


@dataclass(frozen=True)
class Flow:
    """A material flow: ``coefficient`` units of input per tonne of output (None when unpublished)."""

    iri: str
    input: str
    output: str
    coefficient: float | None
    unit: str | None
    source: str


@dataclass(frozen=True)
class Chain:
    """The reference chain: stages, products and flows keyed by IRI string."""

    stages: dict[str, Stage]
    products: dict[str, Product]
    flows: tuple[Flow, ...]

    def products_at(self, stage: str) -> list[str]:
        """The product IRIs at ``stage``, sorted."""
        return sorted(p for p, prod in self.products.items() if prod.stage == stage)

    def main_product(self, stage: str) -> str | None:
        """The product a stage stands for: the one in most flows with a coefficient, then most
        flows, then by slug.

        >>> import rdflib
        >>> slug(read_chain(rdflib.Graph()).main_product("https://w3id.org/alucluster/ref/stage/primary-smelting"))
        'electrolytic-aluminium'
        """

        def key(p: str):
            flows = [f for f in self.flows if p in (f.input, f.output)]
            return (-sum(f.coefficient is not None for f in flows), -len(flows), slug(p))

        products = self.products_at(stage)
        return min(products, key=key) if products else None


@dataclass(frozen=True)
class Producer:
    """A producer (enterprise or project) with its origin province and operator if stated."""

    iri: str
    label: str
    type: str
    origin: str | None = None
    origin_label: str | None = None
    operator: str | None = None
    hypothetical: bool = False
    #: the candidate operator proposed at build time (never stated), see ``Cluster.candidates``
    candidate_operator: str | None = None
    label_zh: str = ""


@dataclass(frozen=True)
class Capacity:
    """One capacity (or output) figure, with the IRIs of the facts it came from.

    ``product`` is the product counted: for a generic figure with a candidate product it is the
    candidate, ``stated_product`` the product as written and ``inferred`` True.
    """

    iri: str
    producer: str
    product: str
    value: float
    unit: str
    period: str = ""
    facts: tuple[str, ...] = ()
    status: str = ""
    date: str = ""
    stated_product: str = ""
    inferred: bool = False

    @property
    def is_mass(self) -> bool:
        """True when the unit is tonnes (per year)."""
        return self.unit in MASS_UNITS


@dataclass(frozen=True)
class Candidate:
    """An attribution inferred at build time: ``kind`` is ``operator`` (project -> enterprise) or
    ``product`` (quantity -> reference product), with reason, confidence and evidence sentences."""

    kind: str
    subject: str
    object: str
    reason: str
    confidence: float
    assertion: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """An evidence sentence: its text, article id, title and publication date ('' when unknown)."""

    iri: str
    text: str
    article: str
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class Cluster:
    """The local producers of one region, what they make, their counted capacities and outputs.

    ``evidence`` maps (producer, product) to the IRIs of the facts saying it makes the product;
    ``inferred`` holds the (producer, product) pairs known only from a candidate attribution;
    ``external`` the producers located outside the region (suppliers, never local).
    """

    producers: dict[str, Producer]
    produces: dict[str, frozenset[str]]
    capacities: tuple[Capacity, ...]
    outputs: tuple[Capacity, ...] = ()
    provinces: dict[str, str] = field(default_factory=dict)
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    evidence: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    region: Region | None = None
    external: dict[str, Producer] = field(default_factory=dict)
    candidates: tuple[Candidate, ...] = ()
    inferred: frozenset[tuple[str, str]] = frozenset()
    #: capacity IRI -> the IRI of the figure the capacity rule counts instead
    superseded: dict[str, str] = field(default_factory=dict)

    def local_products(self) -> set[str]:
        """Every product IRI some local producer produces or has capacity for."""
        out: set[str] = set()
        for products in self.produces.values():
            out |= products
        return out


@dataclass(frozen=True)
class ClusterModel:
    """A graph read once: the chain, the regions, one cluster per region IRI and the sentences."""

    chain: Chain
    regions: tuple[Region, ...]
    clusters: dict[str | None, Cluster]
    sentences: dict[str, tuple[Sentence, ...]] = field(default_factory=dict)

    def region(self, name: str) -> Region:
        """The region ``name`` means (label, Chinese label, adcode or slug).

        :raises GraphError: when the graph has no such region.
        """
        return find_region(self.regions, name)

    def cluster(self, region: Region | str | None = None) -> Cluster:
        """The cluster of ``region`` (a :class:`Region`, a name, or None for a graph without regions).

        :raises GraphError: when the graph has no such region.
        """
        from alucluster.ontology.errors import GraphError

        if isinstance(region, str):
            region = self.region(region)
        if region is not None:
            return self.clusters[region.iri]
        if None in self.clusters:
            return self.clusters[None]
        if len(self.regions) == 1:
            return self.clusters[self.regions[0].iri]
        names = ", ".join(r.label for r in self.regions)
        raise GraphError(f"the graph holds {len(self.regions)} regions ({names}): choose one with --region")

    def sources(self, iris) -> list[Sentence]:
        """The evidence sentences of facts and quantities ``iris``, in article and text order."""
        seen = {s.iri: s for i in iris for s in self.sentences.get(i, ())}
        return sorted(seen.values(), key=lambda s: (s.article, s.iri))


# ---------------------------------------------------------------- reading
def read_chain(graph) -> Chain:
    """The reference chain as stated in ``graph`` (falling back on the shipped chain).

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> chain = read_chain(rdflib.Graph())
    >>> [f.coefficient for f in chain.flows if f.iri.endswith("/alumina-to-electrolytic-aluminium")]
    [1.93]
    """
    from rdflib import RDF
    from rdflib.namespace import SKOS

    from alucluster.graph.store import load_graph
    from alucluster.ontology.vocab import ALU

    graph = load_graph(graph)
    sources = _with_reference(graph)
    stages: dict[str, Stage] = {}
    for g in sources:
        for s in g.subjects(RDF.type, ALU.ValueChainStage):
            if str(s) in stages:
                continue
            order = next((int(o) for gg in sources for o in gg.objects(s, ALU.stageOrder)), 99)
            segment = next((slug(str(o)) for gg in sources for o in gg.objects(s, SKOS.broader)), "other")
            stages[str(s)] = Stage(str(s), _label(sources, s), order, segment, _label(sources, s, "zh"))
    products: dict[str, Product] = {}
    for g in sources:
        for p in g.subjects(RDF.type, ALU.Product):
            if str(p) in products:
                continue
            stage = next((str(o) for gg in sources for o in gg.objects(p, ALU.atStage)), None)
            names = {
                str(lit)
                for gg in sources
                for pred in (SKOS.prefLabel, SKOS.altLabel)
                for lit in gg.objects(p, pred)
                if getattr(lit, "language", None) in (None, "en")
            }
            products[str(p)] = Product(
                str(p), _label(sources, p), stage, tuple(sorted(names)), _label(sources, p, "zh")
            )
    flows: dict[str, Flow] = {}
    for g in sources:
        for f in g.subjects(RDF.type, ALU.MaterialFlow):
            if str(f) in flows:
                continue
            inp, out = g.value(f, ALU.flowInput), g.value(f, ALU.flowOutput)
            if inp is None or out is None:
                continue
            coef = g.value(f, ALU.coefficient)
            unit = g.value(f, ALU.coefficientUnit)
            flows[str(f)] = Flow(
                str(f),
                str(inp),
                str(out),
                float(coef) if coef is not None else None,
                str(unit) if unit is not None else None,
                str(g.value(f, ALU.source) or ""),
            )
    return Chain(stages, products, tuple(flows[k] for k in sorted(flows)))


class _Index:
    """What every region's reading needs, computed once per graph: reified assertions, the
    article of each evidence node and each article's host."""

    def __init__(self, graph):
        from rdflib import RDF, RDFS

        from alucluster.ontology.vocab import ALU

        self.graph = graph
        self.facts: dict[tuple[str, str, str], list[str]] = {}
        self.assertion_evidence: dict[str, list[str]] = {}
        # one scan per property, not three lookups per assertion: large graphs have many assertions
        subj, pred, obj = ({str(a): str(x) for a, x in graph.subject_objects(prop)}
                           for prop in (RDF.subject, RDF.predicate, RDF.object))
        evidence: dict[str, list[str]] = {}
        for a, e in graph.subject_objects(ALU.evidence):
            evidence.setdefault(str(a), []).append(str(e))
        for node in graph.subjects(RDF.type, ALU.Assertion):
            a = str(node)
            if a in subj and a in pred and a in obj:
                self.facts.setdefault((subj[a], pred[a], obj[a]), []).append(a)
            self.assertion_evidence[a] = sorted(evidence.get(a, ()))
        self.article_of = {str(e): str(a) for e, a in graph.subject_objects(ALU.inArticle)}
        self.host = {str(a): str(p) for a, p in graph.subject_objects(ALU.hostPlace)}
        self.labels: dict[tuple[str, str], str] = {}
        for node, lit in graph.subject_objects(RDFS.label):
            lang = "en" if getattr(lit, "language", None) in (None, "en") else str(lit.language)
            key = (str(node), lang)
            if key not in self.labels or str(lit) < self.labels[key]:
                self.labels[key] = str(lit)
        self.period_end = {str(p): str(d) for p, d in graph.subject_objects(ALU.endDate)}

    def label(self, iri: str, lang: str = "en") -> str:
        """The rdfs:label of ``iri`` in ``lang`` ('' for Chinese when none; the IRI's last segment for English)."""
        return self.labels.get((iri, lang), slug(iri) if lang == "en" else "")

    def articles_of(self, node_evidence: list[str]) -> set[str]:
        return {self.article_of[e] for e in node_evidence if e in self.article_of}

    def fact_in(self, key: tuple[str, str, str], articles: frozenset[str] | None) -> list[str]:
        """The assertions of ``key`` whose evidence is in ``articles`` (all of them when None)."""
        found = self.facts.get(key, [])
        if articles is None:
            return found
        return [a for a in found if self.articles_of(self.assertion_evidence.get(a, [])) & articles]

    def stated_in(self, key: tuple[str, str, str], articles: frozenset[str] | None) -> bool:
        """True when the triple counts for the region: asserted there (or no region filter at all)."""
        return articles is None or bool(self.fact_in(key, articles))


def _date_of(graph, q, index: _Index, ALU) -> str:
    period = graph.value(q, ALU.period)
    end = index.period_end.get(str(period)) if period is not None else None
    if end is not None:
        return end
    if period is not None:
        from alucluster.graph.build import period_bounds
        from alucluster.ontology.errors import GraphError

        try:
            return period_bounds(slug(str(period)).replace("--", "/"))[1].isoformat()
        except GraphError:
            pass  # an unreadable period label: fall back on the article's date
    dates = sorted(
        str(d)
        for e in graph.objects(q, ALU.evidence)
        for d in graph.objects(graph.value(e, ALU.inArticle) or e, ALU.published)
    )
    return dates[-1] if dates else ""


def _quantities(graph, prop, index: _Index, articles: frozenset[str] | None) -> list[Capacity]:
    from alucluster.ontology.vocab import ALU

    out = []
    for s, q in graph.subject_objects(prop):
        product, value, unit = graph.value(q, ALU.ofProduct), graph.value(q, ALU.value), graph.value(q, ALU.unit)
        if product is None or value is None or unit is None:
            continue
        if articles is not None and not index.articles_of([str(e) for e in graph.objects(q, ALU.evidence)]) & articles:
            continue
        try:
            number = float(value)
        except ValueError:
            # A malformed figure ("lots") is the validator's to report (shapes), not the analysis's to crash on.
            continue
        if not math.isfinite(number):
            continue
        period = graph.value(q, ALU.period)
        status = graph.value(q, ALU.status)
        facts = tuple(sorted(index.facts.get((str(s), str(prop), str(q)), ())))
        out.append(
            Capacity(
                str(q), str(s), str(product), number, str(unit), str(period or ""), facts,
                slug(str(status)) if status is not None else "", _date_of(graph, q, index, ALU), str(product),
            )
        )
    return out


def counted_capacities(figures) -> tuple[list[Capacity], dict[str, str]]:
    """The capacity rule (module docstring): the figures that count, one per holder, product and
    unit, and for every other figure the IRI of the one counted instead.

    Call it on the figures of one region.

    >>> a = Capacity("c1", "firm", "p", 80000.0, "t/yr", date="2019-12-31")
    >>> b = Capacity("c2", "firm", "p", 60000.0, "t/yr", date="2021-12-31")
    >>> kept, superseded = counted_capacities([a, b])
    >>> [c.value for c in kept], superseded
    ([60000.0], {'c1': 'c2'})
    """
    groups: dict[tuple[str, str, str], list[Capacity]] = {}
    for c in figures:
        groups.setdefault((c.producer, c.product, c.unit), []).append(c)
    kept, superseded = [], {}
    for key in sorted(groups):
        ranked = sorted(
            groups[key], key=lambda c: (STATUS_RANK.get(c.status, 1), _neg(c.date), -c.value, c.iri)
        )
        kept.append(ranked[0])
        superseded.update({c.iri: ranked[0].iri for c in ranked[1:]})
    return kept, superseded


def _neg(date: str) -> tuple:
    """A sort key putting later ISO dates first and the empty date last."""
    return (date == "", tuple(-ord(ch) for ch in date))


def _located_outside(graph, place, region: Region, ALU) -> bool | None:
    """True/False when ``place`` (or the first place with an adcode it is in) is outside/inside
    ``region``; None when no adcode tells."""
    from rdflib import URIRef

    seen = set()
    todo = [URIRef(place)]
    while todo:
        node = todo.pop(0)
        if node in seen:
            continue
        seen.add(node)
        code = graph.value(node, ALU.adcode)
        if code is not None:
            return not within(str(code), region.adcode)
        todo.extend(sorted(graph.objects(node, ALU.locatedIn)))
    return None


def _producer_kind(types: list[str]) -> str:
    if "InvestmentProject" in types:
        return "InvestmentProject"
    return "Enterprise" if "Enterprise" in types else (types[0] if types else "Organization")


def _candidates(graph, index: _Index, articles, ALU) -> list[Candidate]:
    from rdflib import URIRef

    out = []
    for kind, prop in (("operator", ALU.candidateOperator), ("product", ALU.candidateProduct)):
        for s, o in graph.subject_objects(prop):
            for a in index.fact_in((str(s), str(prop), str(o)), articles):
                node = URIRef(a)
                out.append(
                    Candidate(
                        kind, str(s), str(o), str(graph.value(node, ALU.note) or ""),
                        float(graph.value(node, ALU.confidence) or 0.5), a, tuple(index.assertion_evidence.get(a, ())),
                    )
                )
    return sorted(out, key=lambda c: (c.kind, c.subject, c.object, c.assertion))


def _producer_table(graph, index: _Index, articles, region, iris, operator: dict, cand_operator: dict):
    """Producers (places left out), origin provinces, stated locations and external suppliers."""
    from rdflib import RDF, URIRef

    from alucluster.ontology.vocab import ALU

    provinces: dict[str, str] = {}
    producers: dict[str, Producer] = {}
    for iri in iris:
        node = URIRef(iri)
        types = sorted(slug(str(t)).split("#")[-1] for t in graph.objects(node, RDF.type))
        if _PLACE_TYPES.intersection(types):
            continue  # a city's output is a statistic, not a producer
        origins = sorted(
            o for o in graph.objects(node, ALU.originProvince)
            if index.stated_in((iri, str(ALU.originProvince), str(o)), articles)
        )
        if not origins and iri in operator:
            origins = sorted(graph.objects(URIRef(operator[iri]), ALU.originProvince))
        origin = origins[0] if origins else None
        origin_label = index.label(str(origin)) if origin is not None else None
        if origin is not None:
            provinces[str(origin)] = origin_label
        producers[iri] = Producer(
            iri, index.label(iri), _producer_kind(types), str(origin) if origin else None, origin_label,
            operator.get(iri), False, cand_operator.get(iri), index.label(iri, "zh"),
        )
    for p in graph.subjects(RDF.type, ALU.Province):
        provinces.setdefault(str(p), index.label(str(p)))
    places = {
        iri: tuple(sorted(
            str(o) for o in graph.objects(URIRef(iri), ALU.locatedIn)
            if index.stated_in((iri, str(ALU.locatedIn), str(o)), articles)
        ))
        for iri in producers
    }
    external: dict[str, Producer] = {}
    if region is not None and region.adcode:
        for iri, ps in places.items():
            sides = [_located_outside(graph, p, region, ALU) for p in ps]
            if sides and any(sides) and not any(s is False for s in sides):
                external[iri] = producers.pop(iri)
    return producers, provinces, places, external


def read_cluster(graph, region: Region | None = None, *, index: _Index | None = None) -> Cluster:
    """The producers of ``region`` (all of the graph when None), what they make and their figures.

    See the module docstring for the capacity rule and what counts for a region.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :param region: a region of :func:`~alucluster.graph.regions.regions`, or None.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> from alucluster.ontology.vocab import ALU, iri, ref
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), ALU.produces, ref("product/alumina")))
    >>> sorted(read_cluster(g).producers)
    ['https://w3id.org/alucluster/id/enterprise/acme']
    """
    from rdflib import RDF, URIRef

    from alucluster.graph.store import load_graph
    from alucluster.ontology.vocab import ALU

    graph = load_graph(graph)
    index = index or _Index(graph)
    articles = frozenset(region.articles) if region is not None else None
    chain_products = {str(p): str(s) for p, s in graph.subject_objects(ALU.atStage)}
    candidates = _candidates(graph, index, articles, ALU)
    cand_product = {c.subject: c for c in candidates if c.kind == "product"}

    def with_candidate(q: Capacity) -> Capacity:
        c = cand_product.get(q.iri)
        if c is None or q.product in chain_products:
            return q
        return Capacity(q.iri, q.producer, c.object, q.value, q.unit, q.period, (*q.facts, c.assertion),
                        q.status, q.date, q.product, True)

    produces: dict[str, set[str]] = {}
    for s, p in graph.subject_objects(ALU.produces):
        if index.stated_in((str(s), str(ALU.produces), str(p)), articles):
            produces.setdefault(str(s), set()).add(str(p))
    all_caps = [with_candidate(q) for q in _quantities(graph, ALU.hasCapacity, index, articles)]
    all_outs = [with_candidate(q) for q in _quantities(graph, ALU.hasOutput, index, articles)]
    capacities, superseded = counted_capacities(all_caps)
    outputs, _ = counted_capacities([Capacity(**{**o.__dict__, "status": ""}) for o in all_outs])
    for q in all_caps + all_outs:
        produces.setdefault(q.producer, set()).add(q.product)
    operator = {
        str(s): str(o)
        for s, o in sorted(graph.subject_objects(ALU.operatedBy))
        if index.stated_in((str(s), str(ALU.operatedBy), str(o)), articles)
    }
    covered_by_project = {(operator[c.producer], c.product, c.unit): c.iri for c in capacities if c.producer in operator}
    for c in capacities:
        if (c.producer, c.product, c.unit) in covered_by_project:
            superseded[c.iri] = covered_by_project[(c.producer, c.product, c.unit)]
    capacities = [c for c in capacities if (c.producer, c.product, c.unit) not in covered_by_project]
    cand_operator: dict[str, str] = {}
    inferred: set[tuple[str, str]] = set()
    for c in candidates:
        if c.kind == "operator" and c.subject not in operator:
            cand_operator.setdefault(c.subject, c.object)
    for project, ent in cand_operator.items():
        for p in produces.get(project, ()):
            if p not in produces.get(ent, set()):
                inferred.add((ent, p))
            produces.setdefault(ent, set()).add(p)
    for q in all_caps + all_outs:
        if q.inferred:
            inferred.add((q.producer, q.product))

    producers, provinces, places, external = _producer_table(
        graph, index, articles, region, sorted(set(produces) | {o.producer for o in outputs}), operator, cand_operator
    )
    # places, and the operators (stated or candidate) a chain master or a view may name
    named = {o for ps in places.values() for o in ps} | set(operator.values()) | set(cand_operator.values())
    labels = {o: index.label(o) for o in sorted(named)}
    produces_f = {k: frozenset(v) for k, v in sorted(produces.items()) if k in producers}
    capacities = tuple(c for c in capacities if c.producer in producers)
    outputs = tuple(o for o in outputs if o.producer in producers)
    evidence: dict[tuple[str, str], set[str]] = {}
    for s, products in produces_f.items():
        for p in products:
            evidence[(s, p)] = set(index.fact_in((s, str(ALU.produces), p), articles))
    for q in capacities + outputs:
        evidence.setdefault((q.producer, q.product), set()).update((q.iri, *q.facts))
    for c in candidates:
        if c.kind == "operator" and cand_operator.get(c.subject) == c.object:
            for p in produces_f.get(c.subject, ()):
                evidence.setdefault((c.object, p), set()).add(c.assertion)
    ev = {k: tuple(sorted(v)) for k, v in sorted(evidence.items()) if k[0] in producers}
    return Cluster(
        producers, produces_f, capacities, outputs, provinces,
        {k: v for k, v in places.items() if k in producers or k in external},
        labels, ev, region, external, tuple(candidates), frozenset(x for x in inferred if x[0] in producers),
        superseded,
    )


def _sentences(graph, index: _Index) -> dict[str, tuple[Sentence, ...]]:
    """Assertion and quantity IRI -> the evidence sentences it was read from."""
    from alucluster.ontology.vocab import ALU

    by_evidence: dict[str, Sentence] = {}
    for e, text in graph.subject_objects(ALU.sentence):
        art = graph.value(e, ALU.inArticle)
        title = graph.value(art, ALU.title) if art is not None else None
        date = graph.value(art, ALU.published) if art is not None else None
        by_evidence[str(e)] = Sentence(
            str(e), str(text), slug(str(art)) if art is not None else "", str(title or ""), str(date or "")
        )
    out: dict[str, tuple[Sentence, ...]] = {}
    for a, evs in index.assertion_evidence.items():
        out[a] = tuple(by_evidence[e] for e in evs if e in by_evidence)
    for q, e in graph.subject_objects(ALU.evidence):
        if str(q) not in index.assertion_evidence and str(e) in by_evidence:
            out[str(q)] = tuple(sorted({*out.get(str(q), ()), by_evidence[str(e)]}, key=lambda s: s.iri))
    return out


def read_model(graph) -> ClusterModel:
    """Read ``graph`` once into the :class:`ClusterModel`: the chain and one cluster per region.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> read_model(rdflib.Graph()).cluster().producers
    {}
    """
    from alucluster.graph.store import load_graph

    graph = load_graph(graph)
    index = _Index(graph)
    found = regions(graph)
    clusters = {r.iri: read_cluster(graph, r, index=index) for r in found} or {None: read_cluster(graph, index=index)}
    return ClusterModel(read_chain(graph), found, clusters, _sentences(graph, index))
