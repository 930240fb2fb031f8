"""ODK-style quality checks: every ``*-violation.rq`` returns no rows on a good graph, rows on a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.validate import check_names, run_checks

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"
ALU = "https://w3id.org/alucluster/ontology#"
ID = "https://w3id.org/alucluster/id/"

# An ontology term planted without a Chinese label or a definition (the TBox checks).
BAD_TERM = f"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ALU}Smeltery> a owl:Class ; rdfs:label "smeltery"@en .
"""

# check -> (planted bad graph: an invalid example file or Turtle text, the focus nodes expected)
BAD = {
    "fact-without-assertion": ("fact-without-assertion.ttl", [f"{ID}enterprise/acme-aluminium"]),
    "class-without-zh-label": (BAD_TERM, [f"{ALU}Smeltery"]),
    "term-without-definition": (BAD_TERM, [f"{ALU}Smeltery"]),
    "place-iri-adcode-mismatch": ("place-adcode-not-six-digits.ttl", [f"{ID}place/cn-510800"]),
    "division-outside-its-province": ("city-in-wrong-province.ttl", [f"{ID}place/cn-410100"]),
}


def graph_of(source: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    if source.endswith(".ttl"):
        graph.parse(SHAPES_DATA / "invalid" / source, format="turtle")
    else:
        graph.parse(data=source, format="turtle")
    return graph


@pytest.fixture(scope="module")
def good() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(SHAPES_DATA / "valid.ttl", format="turtle")
    return graph


def test_every_check_has_a_planted_bad_graph():
    assert sorted(check_names()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_returns_no_rows_on_a_good_graph(good, name):
    # with_context adds the ontology and reference data: the TBox checks run on the real ontology.
    assert run_checks(good, names=[name]) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_returns_rows_on_a_planted_bad_graph(name):
    source, focus = BAD[name]
    rows = run_checks(graph_of(source), names=[name])
    assert [v.focus for v in rows] == focus
    assert all(v.source == f"check:{name}" and v.severity == "Violation" for v in rows)


PREFIXES = f"""
@prefix alu: <{ALU}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix place: <{ID}place/> .
@prefix park: <{ID}park/> .
@prefix enterprise: <{ID}enterprise/> .
@prefix capacity: <{ID}capacity/> .
@prefix output: <{ID}output/> .
@prefix project: <{ID}project/> .
@prefix fact: <{ID}fact/> .
@prefix product: <https://w3id.org/alucluster/ref/product/> .
"""

# fact-without-assertion: which triples need an Assertion and which are excluded by design.
COVERAGE = {
    # a division's parent comes from the gazetteer, not from an article
    "gazetteer parent of a county": ("place:cn-510802 a alu:County ; alu:locatedIn place:cn-510800 .", []),
    # a park's location is read from an article: it needs its assertion
    "park location": ("park:p a alu:IndustrialPark ; alu:locatedIn place:cn-510800 .", [f"{ID}park/p"]),
    # a county's own output is a fact even though its locatedIn is not
    "county output": ("place:cn-510802 a alu:County ; alu:hasOutput output:o .", [f"{ID}place/cn-510802"]),
    # produces derived from a capacity of that product: the capacity link carries the assertion
    "produces from a capacity": (
        """enterprise:e alu:produces product:alumina ; alu:hasCapacity capacity:c .
           capacity:c alu:ofProduct product:alumina .
           fact:f a alu:Assertion ; rdf:subject enterprise:e ; rdf:predicate alu:hasCapacity ;
               rdf:object capacity:c .""",
        [],
    ),
    # ... but not from a capacity of another product
    "produces another product": (
        """enterprise:e alu:produces product:alumina ; alu:hasCapacity capacity:c .
           capacity:c alu:ofProduct product:aluminium-profiles .
           fact:f a alu:Assertion ; rdf:subject enterprise:e ; rdf:predicate alu:hasCapacity ;
               rdf:object capacity:c .""",
        [f"{ID}enterprise/e"],
    ),
    # an assertion of another triple does not cover this one
    "assertion of another object": (
        """enterprise:e alu:originCity place:cn-410100 .
           fact:f a alu:Assertion ; rdf:subject enterprise:e ; rdf:predicate alu:originCity ;
               rdf:object place:cn-420100 .""",
        [f"{ID}enterprise/e"],
    ),
    "year introduced": ('project:p alu:yearIntroduced "2018"^^<http://www.w3.org/2001/XMLSchema#gYear> .',
                        [f"{ID}project/p"]),
    # a quantity's own attributes are cited by its alu:evidence, not by an assertion
    "attributes of a quantity": ("capacity:c alu:ofProduct product:alumina ; alu:value 1.0 .", []),
}


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_which_triples_need_an_assertion(name):
    text, focus = COVERAGE[name]
    rows = run_checks(graph_of(PREFIXES + text), names=["fact-without-assertion"])
    assert [v.focus for v in rows] == focus


def test_check_files_follow_the_convention():
    checks = Path(__file__).parents[1] / "ontology" / "checks"
    for path in checks.glob("*.rq"):
        text = path.read_text(encoding="utf-8")
        assert path.name.endswith("-violation.rq")
        assert text.startswith("# "), f"{path.name}: the question comes first"
        assert "ORDER BY" in text, f"{path.name}: a stable ORDER BY keeps output deterministic"
