"""Build-time inferences on the cluster graph: the capacity rule's choice and candidate attributions.

:func:`annotate` runs at the end of :func:`alucluster.graph.build.facts_to_graph`, region by region
(:mod:`alucluster.graph.regions`), and writes only inferred, reified statements: each has an
``alu:Assertion`` with ``alu:stated false``, a ``alu:factKind``, a ``alu:confidence``, the reason in
``alu:note`` and every evidence sentence it rests on. Nothing stated is changed.

- **Capacity rule**: for each holder, product and unit, the figures the rule of
  :func:`alucluster.graph.model.counted_capacities` does not count get ``alu:supersededBy`` the one it
  counts, so the named queries and the gap analysis add the same figures.
- **Candidate operator** (``alu:candidateOperator``, factKind ``candidate-operator``): a project with
  no stated operator, and exactly one enterprise of the same region that reports capacity or output
  at the project's stage, or a generic aluminium output ("aluminum products", a product with no
  stage) whose yearly size fits the region's unattributed projects at that stage (between
  :data:`FIT_LOW` and :data:`FIT_HIGH` of their combined capacity, a half-year's output counting
  twice). Confidence :data:`CONFIDENCE_STAGE` for a stage match, :data:`CONFIDENCE_SIZE` for a
  size fit.
- **Candidate product** (``alu:candidateProduct``, factKind ``candidate-product``): a capacity or
  output of a generic product by a firm whose only known stage (stated, or as a candidate operator)
  is clear is proposed as that stage's main product.

The curation overlay confirms a candidate by adding the fact (an ``[[add]]`` operator entry: the
project then has a stated operator and gets no candidate) and rejects one with a ``[[reject]]``
entry (``kind = "candidate-operator"`` or ``"candidate-product"``, ``subject``, ``object``,
``source``, ``reason``): see :func:`rejected_candidates`.

>>> import rdflib
>>> annotate(rdflib.Graph())
0
"""

from __future__ import annotations

import hashlib

__all__ = ["FIT_LOW", "FIT_HIGH", "CONFIDENCE_STAGE", "CONFIDENCE_SIZE", "annotate", "rejected_candidates"]

#: A generic output fits unattributed projects when its yearly size is in [FIT_LOW, FIT_HIGH] x their capacity.
FIT_LOW, FIT_HIGH = 0.5, 1.1
CONFIDENCE_STAGE, CONFIDENCE_SIZE = 0.6, 0.5


def rejected_candidates() -> frozenset[tuple[str, str, str]]:
    """(factKind, subject id, object id) of every ``[[reject]]`` entry of the packaged overlays.

    :raises CurationError: for a ``[[reject]]`` entry without kind, subject, object, source or reason.

    >>> ("candidate-operator", "project/x", "enterprise/y") in rejected_candidates()
    False
    """
    from importlib import resources

    from alucluster.loaders.curation import CurationError, load_overlay

    out = set()
    folder = resources.files("alucluster.loaders") / "curation"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            for entry in load_overlay(item).get("reject", []):
                if not all(entry.get(k) for k in ("kind", "subject", "object", "source", "reason")):
                    raise CurationError(f"{item.name}: a [[reject]] entry needs kind, subject, object, source and reason")
                out.add((str(entry["kind"]), str(entry["subject"]), str(entry["object"])))
    return frozenset(out)


def _assert(graph, kind: str, s, p, o, *, note: str, confidence: float, evidence) -> None:
    from rdflib import Literal
    from rdflib.namespace import RDF, XSD

    from alucluster.ontology.vocab import ALU, ID

    key = hashlib.sha256(f"{kind}|{s}|{o}".encode()).hexdigest()[:12]
    node = ID[f"fact/{key}"]
    graph.add((s, p, o))
    graph.add((node, RDF.type, ALU.Assertion))
    graph.add((node, ALU.factKind, Literal(kind)))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    graph.add((node, ALU.stated, Literal(False)))
    graph.add((node, ALU.curated, Literal(False)))
    graph.add((node, ALU.confidence, Literal(str(confidence), datatype=XSD.decimal)))
    graph.add((node, ALU.note, Literal(note)))
    for e in sorted(set(evidence)):
        graph.add((node, ALU.evidence, e))


def _evidence_of(graph, iris, ALU):
    from rdflib import URIRef

    return [e for i in iris for e in graph.objects(URIRef(i), ALU.evidence)]


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def _region_candidates(graph, model_cluster, chain, ALU, rejected) -> int:
    """Candidate operators and products in one region; returns how many were written."""
    from rdflib import URIRef

    from alucluster.graph.model import per_year, slug

    cl = model_cluster
    stage_of = {p: prod.stage for p, prod in chain.products.items()}
    firms = {i: p for i, p in cl.producers.items() if p.type != "InvestmentProject"}
    figures = list(cl.capacities) + list(cl.outputs)
    firm_stages: dict[str, set[str]] = {}
    for i, products in cl.produces.items():
        if i in firms:
            firm_stages[i] = {stage_of[p] for p in products if stage_of.get(p)}
    generic = [q for q in figures if q.producer in firms and q.is_mass and not stage_of.get(q.product)]
    open_projects = sorted(
        i for i, p in cl.producers.items()
        if p.type == "InvestmentProject" and not p.operator
    )
    written = 0
    by_stage: dict[str, list[str]] = {}
    for proj in open_projects:
        for st in sorted({stage_of[p] for p in cl.produces.get(proj, ()) if stage_of.get(p)}):
            by_stage.setdefault(st, []).append(proj)
    new_stage: dict[str, set[str]] = {}
    for st, projects in sorted(by_stage.items()):
        proj_caps = [c for c in cl.capacities if c.producer in projects and c.is_mass and stage_of.get(c.product) == st]
        total = sum(c.value for c in proj_caps)
        matches = sorted(f for f, stages in firm_stages.items() if st in stages)
        how, conf, facts = "stage", CONFIDENCE_STAGE, []
        if matches:
            facts = [q.iri for q in figures if q.producer in matches and stage_of.get(q.product) == st]
        else:
            fits = {}
            for q in generic:
                yearly = q.value * per_year(q.period)[1]
                if total and FIT_LOW * total <= yearly <= FIT_HIGH * total:
                    fits.setdefault(q.producer, []).append((q, yearly))
            matches = sorted(fits)
            how, conf = "size", CONFIDENCE_SIZE
            facts = [q.iri for f in matches for q, _ in fits[f]]
        if len(matches) != 1:
            continue  # none, or several firms fit equally: the text does not single one out
        firm = matches[0]
        stage_label = chain.stages[st].label
        for proj in projects:
            if ("candidate-operator", slug_id(proj), slug_id(firm)) in rejected:
                continue
            if how == "stage":
                reason = (f"no operator is stated; {firms[firm].label} is the only firm of the region "
                          f"reporting capacity or output at {stage_label}")
            else:
                q, yearly = fits[firm][0]
                reason = (f"no operator is stated; {firms[firm].label} is the only firm of the region whose "
                          f"aluminium output ({_fmt(q.value)} t, about {_fmt(yearly)} t/yr) fits the "
                          f"{_fmt(total)} t/yr of unattributed {stage_label} projects")
            own = [c.iri for c in proj_caps if c.producer == proj]
            _assert(graph, "candidate-operator", URIRef(proj), ALU.candidateOperator, URIRef(firm), note=reason,
                    confidence=conf, evidence=_evidence_of(graph, own + facts, ALU))
            written += 1
            new_stage.setdefault(firm, set()).add(st)
    for q in generic:
        stages = firm_stages.get(q.producer, set()) | new_stage.get(q.producer, set())
        if len(stages) != 1:
            continue
        st = next(iter(stages))
        product = chain.main_product(st)
        if product is None or ("candidate-product", slug_id(q.iri), slug_id(product)) in rejected:
            continue
        reason = (f"written generically ({chain.products.get(q.product).label if q.product in chain.products else slug(q.product)}); "
                  f"{firms[q.producer].label}'s only known stage is {chain.stages[st].label}"
                  + (" (as candidate operator)" if st in new_stage.get(q.producer, set()) else ""))
        _assert(graph, "candidate-product", URIRef(q.iri), ALU.candidateProduct, URIRef(product), note=reason,
                confidence=CONFIDENCE_SIZE, evidence=_evidence_of(graph, [q.iri], ALU))
        written += 1
    return written


def slug_id(iri: str) -> str:
    """The id path of an ``id:``/``ref:`` IRI, as the curation overlay writes it.

    >>> slug_id("https://w3id.org/alucluster/id/project/x-1")
    'project/x-1'
    """
    for base in ("https://w3id.org/alucluster/id/", "https://w3id.org/alucluster/ref/"):
        if iri.startswith(base):
            return iri[len(base):]
    return iri


def annotate(graph, *, rejected: frozenset | None = None) -> int:
    """Write the capacity rule's choices and the candidate attributions into ``graph``, per region.

    :param graph: a cluster graph (changed in place).
    :param rejected: (factKind, subject id, object id) of candidates a curator rejected
        (default: :func:`rejected_candidates`).
    :returns: the number of statements inferred.
    """
    from rdflib import URIRef

    from alucluster.graph.model import read_model
    from alucluster.ontology.vocab import ALU

    rejected = rejected_candidates() if rejected is None else rejected
    model = read_model(graph)
    written = 0
    for cl in model.clusters.values():
        for old, new in sorted(cl.superseded.items()):
            graph.add((URIRef(old), ALU.supersededBy, URIRef(new)))
        written += len(cl.superseded)
        written += _region_candidates(graph, cl, model.chain, ALU, rejected)
    return written
