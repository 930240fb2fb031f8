"""HermiT reasoning over a cluster graph: consistency and the inferences the ontology defines.

:func:`reason` loads the ontology (built by :mod:`alucluster.ontology.model`), the reference data
(``ontology/data/*.ttl``) and a graph into a fresh owlready2 world and runs HermiT (Java 17; Pellet
does not run on Java 17). What it adds to a graph:

- ``originProvince`` from ``originCity`` and the city's ``inProvince`` (a property chain);
- ``Smelter`` / ``Fabricator`` / ``AuxiliarySupplier`` from the products an enterprise makes;
- ``locatedIn`` closed transitively, types from domains and ranges;
- inconsistency: a thing of two disjoint kinds, two provinces for one city, and so on, with a
  short explanation found by simple checks (HermiT itself only says "inconsistent").
"""

from __future__ import annotations

import functools
import io
import shutil
from dataclasses import dataclass, field
from importlib import resources

from alucluster.ontology.errors import OntologyError

__all__ = ["ReasoningResult", "reason", "reference_graph", "explain_inconsistency"]

_DATA_ONTOLOGY = "https://w3id.org/alucluster/data/"


@dataclass
class ReasoningResult:
    """What HermiT concluded about a graph.

    ``inferred`` holds only new triples (none of the input); it is empty when the graph is
    inconsistent, and ``explanation`` then says why in plain words.
    """

    consistent: bool
    inferred: object = field(repr=False)  # rdflib.Graph
    explanation: str = ""

    def __bool__(self) -> bool:
        return self.consistent


def reference_graph():
    """The shipped reference data (``ontology/data/*.ttl``: chain, statuses) as one ``rdflib.Graph``.

    >>> from alucluster.ontology.vocab import ALU, ref
    >>> from rdflib import RDF
    >>> (ref("product/alumina"), RDF.type, ALU.Product) in reference_graph()
    True
    """
    import rdflib

    graph = rdflib.Graph()
    for data in _reference_turtle():
        graph.parse(data=data, format="turtle")
    return graph


@functools.cache
def _reference_turtle() -> tuple[bytes, ...]:
    # Read the packaged files once; each caller still gets a graph of its own to change.
    data = resources.files("alucluster.ontology") / "data"
    return tuple(item.read_bytes() for item in sorted(data.iterdir(), key=lambda p: p.name) if item.name.endswith(".ttl"))


def _reasoning_input(abox):
    """The ABox plus reference data, reduced to what the reasoner needs.

    Literal values are the shapes' job (datatypes, counts, ranges) and make HermiT several times
    slower, so only ``alu:adcode`` is kept: two provinces with different codes cannot be merged,
    which is what makes a city in two provinces a contradiction. Reification triples
    (``rdf:subject`` ...) carry no OWL meaning; ``owl:imports`` would make owlready2 download, and an
    embedded ontology header is replaced by the model built in the same world.
    """
    import rdflib
    from rdflib.namespace import OWL, RDF

    from alucluster.ontology.vocab import ALU

    skip = {OWL.imports, RDF.subject, RDF.predicate, RDF.object}
    graph = rdflib.Graph()
    for source in (reference_graph(), abox):
        for s, p, o in source:
            if p in skip or (p == RDF.type and o == OWL.Ontology):
                continue
            if isinstance(o, rdflib.Literal) and p != ALU.adcode:
                continue
            graph.add((s, p, o))
    return graph


def reason(abox, *, java: str | None = None) -> ReasoningResult:
    """Run HermiT on the ontology + reference data + ``abox`` and report consistency and inferences.

    :param abox: an ``rdflib.Graph`` written per ``ontology/SCHEMA.md`` (a built cluster graph or a
        few triples); reference data is added here, so it may or may not already contain it.
    :param java: the ``java`` binary; found on ``PATH`` when omitted.
    :raises OntologyError: when Java is missing or HermiT fails for another reason than inconsistency.

    >>> import rdflib  # doctest: +SKIP
    >>> reason(rdflib.Graph()).consistent  # doctest: +SKIP
    True
    """
    import owlready2 as owl
    import rdflib

    from alucluster.ontology.model import build_ontology
    from alucluster.ontology.vocab import ALU

    java = java or shutil.which("java")
    if java is None:
        raise OntologyError("the reasoner needs Java 17 (`java` not found on PATH); use --no-reason to skip it")
    owl.JAVA_EXE = java

    world = owl.World()
    tbox = build_ontology(world)
    data_graph = _reasoning_input(abox)
    nt = data_graph.serialize(format="nt", encoding="utf-8")
    data = world.get_ontology(_DATA_ONTOLOGY).load(fileobj=io.BytesIO(nt), format="ntriples")
    before = set(world.as_rdflib_graph())
    try:
        # no ignore_unsupported_datatypes: the TBox uses only OWL 2 datatypes, and the ABox literals
        # that are not (xsd:date, xsd:gYear) were left out above, as in Protege with HermiT
        owl.sync_reasoner_hermit([tbox, data], infer_property_values=True, debug=0)
    except owl.OwlReadyInconsistentOntologyError:
        return ReasoningResult(False, rdflib.Graph(), explain_inconsistency(data_graph))
    except owl.OwlReadyJavaError as exc:
        first = next((line for line in str(exc).splitlines()[1:] if line.strip()), "no message")
        raise OntologyError(f"HermiT failed: {first.strip()}") from None
    inferred = rdflib.Graph()
    inferred.bind("alu", ALU._NS)
    for s, p, o in set(world.as_rdflib_graph()) - before:
        # owlready2 records its own bookkeeping ontology (http://inferrences) and class-level
        # results; keep statements about the data.
        if isinstance(s, rdflib.URIRef) and str(s).startswith("http://inferrences"):
            continue
        inferred.add((s, p, o))
    return ReasoningResult(True, inferred, f"consistent; {len(inferred)} triples inferred")


def explain_inconsistency(data) -> str:
    """Plain-words reasons why ``data`` contradicts the ontology, found by simple checks.

    Looks for things that belong to two disjoint classes (asserted types, their superclasses,
    and types implied by property domains and ranges), for things whose type excludes every member
    of a union domain or range (a period with a status), and for functional properties with two
    values that cannot be the same (different literals, distinct adcodes, ``owl:differentFrom``).

    :param data: an ``rdflib.Graph`` of instance data.

    >>> import rdflib
    >>> from alucluster.ontology.vocab import ALU, ID
    >>> g = rdflib.Graph()
    >>> _ = g.add((ID["place/x"], rdflib.RDF.type, ALU.Province))
    >>> _ = g.add((ID["place/x"], rdflib.RDF.type, ALU.Enterprise))
    >>> print(explain_inconsistency(g))
    inconsistent: https://w3id.org/alucluster/id/place/x is both Agent and Place, which are disjoint
    """
    import rdflib

    from alucluster.ontology.vocab import ALU
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    from alucluster.ontology.model import ontology_graph

    tbox = ontology_graph()
    named = lambda n: isinstance(n, rdflib.URIRef)  # noqa: E731 - local shorthand

    supers: dict = {}
    for c in set(tbox.subjects(RDF.type, OWL.Class)):
        supers[c] = {x for x in tbox.transitive_objects(c, RDFS.subClassOf) if named(x)}

    types: dict = {}

    def add_type(node, cls):
        if named(cls):
            types.setdefault(node, set()).update(supers.get(cls, {cls}))

    for s, o in data.subject_objects(RDF.type):
        add_type(s, o)
    for prop in set(tbox.subjects(RDF.type, OWL.ObjectProperty)):
        domains = [d for d in tbox.objects(prop, RDFS.domain) if named(d)]
        ranges = [r for r in tbox.objects(prop, RDFS.range) if named(r)]
        for s, o in data.subject_objects(prop):
            for d in domains:
                add_type(s, d)
            for r in ranges:
                add_type(o, r)

    pairs = set()
    for a, b in tbox.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((a, b)))
    for node in tbox.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(tbox, tbox.value(node, OWL.members)))
        pairs.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])

    def local(iri):
        return str(iri).rsplit("#", 1)[-1]

    reasons = []
    for node in sorted(types):
        for pair in sorted(pairs, key=lambda p: sorted(p)):
            if pair <= types[node]:
                a, b = sorted(local(x) for x in pair)
                reasons.append(f"{node} is both {a} and {b}, which are disjoint")

    def excluded(cls, member) -> bool:
        # cls rules out member when cls, or a superclass of it, is disjoint with member or a superclass
        return any(frozenset((x, y)) in pairs for x in supers.get(cls, {cls}) for y in supers.get(member, {member}))

    # A union domain or range (A or B or C) only adds the union as a type, so the pairwise check above
    # cannot see it: a node is in contradiction when one of its types excludes every member.
    for prop in sorted(set(tbox.subjects(RDF.type, OWL.ObjectProperty))):
        for axis, position in ((RDFS.domain, 0), (RDFS.range, 1)):
            for expr in tbox.objects(prop, axis):
                union = tbox.value(expr, OWL.unionOf)
                if union is None:
                    continue
                members = sorted(Collection(tbox, union), key=local)
                clashing = set()
                for pair in data.subject_objects(prop):
                    node = pair[position]
                    # most specific type first: the one with the most superclasses
                    for cls in sorted(types.get(node, ()), key=lambda c: (-len(supers.get(c, ())), local(c))):
                        if all(excluded(cls, m) for m in members):
                            clashing.add((node, cls))
                            break
                for node, cls in sorted(clashing):
                    kinds = ", ".join(local(m) for m in members[:-1]) + f" or {local(members[-1])}"
                    reasons.append(f"{node} is a {local(cls)}, but {local(prop)} applies only to {kinds}")

    different = {frozenset((a, b)) for a, b in data.subject_objects(OWL.differentFrom)}
    adcode = ALU.adcode
    for prop in sorted(set(tbox.subjects(RDF.type, OWL.FunctionalProperty))):
        for s in sorted(set(data.subjects(prop))):
            values = sorted(set(data.objects(s, prop)))
            for i, a in enumerate(values):
                for b in values[i + 1 :]:
                    clash = (
                        (isinstance(a, rdflib.Literal) and isinstance(b, rdflib.Literal))
                        or frozenset((a, b)) in different
                        or len({str(x) for x in data.objects(a, adcode)} | {str(x) for x in data.objects(b, adcode)}) > 1
                    )
                    if clash:
                        reasons.append(f"{s} has two values of functional {local(prop)}: {a} and {b}")
    if not reasons:
        return "inconsistent: HermiT found a contradiction that the simple checks (disjoint classes, functional properties) do not locate"
    return "\n".join(f"inconsistent: {r}" for r in reasons)
