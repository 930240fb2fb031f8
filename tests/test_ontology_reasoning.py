"""HermiT earns its place: the property chain, classification from products, contradictions found."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF

from alucluster.ontology.errors import OntologyError
from alucluster.ontology.reasoning import explain_inconsistency, reason
from alucluster.ontology.vocab import ALU, ID

pytestmark = pytest.mark.reasoner

PREFIXES = """
@prefix alu: <https://w3id.org/alucluster/ontology#> .
@prefix enterprise: <https://w3id.org/alucluster/id/enterprise/> .
@prefix project: <https://w3id.org/alucluster/id/project/> .
@prefix place: <https://w3id.org/alucluster/id/place/> .
@prefix product: <https://w3id.org/alucluster/ref/product/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

# Enterprises named after what they make; places as in ontology/SCHEMA.md.
ABOX = PREFIXES + """
place:cn-410000 a alu:Province ; rdfs:label "Henan"@en ; alu:adcode "410000" .
place:cn-410100 a alu:PrefectureCity ; rdfs:label "Zhengzhou"@en ; alu:adcode "410100" ;
    alu:inProvince place:cn-410000 ; alu:locatedIn place:cn-410000 .
place:cn-420100 a alu:PrefectureCity ; rdfs:label "Wuhan"@en ; alu:adcode "420100" .
place:cn-510000 a alu:Province ; alu:adcode "510000" .
place:cn-510800 a alu:PrefectureCity ; alu:adcode "510800" ; alu:locatedIn place:cn-510000 .
place:cn-510802 a alu:County ; alu:adcode "510802" ; alu:locatedIn place:cn-510800 .

enterprise:from-zhengzhou a alu:Enterprise ; alu:originCity place:cn-410100 .
enterprise:from-wuhan a alu:Enterprise ; alu:originCity place:cn-420100 .
enterprise:profile-maker a alu:Enterprise ; alu:produces product:aluminium-profiles ; alu:locatedIn place:cn-510802 .
enterprise:smelter a alu:Enterprise ; alu:produces product:electrolytic-aluminium .
enterprise:foil-maker a alu:Enterprise ; alu:produces product:aluminium-foil .
enterprise:ring-maker a alu:Enterprise ; alu:produces product:steel-claw-protection-rings .
enterprise:anode-maker a alu:Enterprise ; alu:produces product:prebaked-anodes .
enterprise:wheel-maker a alu:Enterprise ; alu:produces product:aluminium-wheels .
enterprise:integrated a alu:Enterprise ; alu:produces product:electrolytic-aluminium, product:aluminium-sheet .
project:smelter-line a alu:InvestmentProject ; alu:produces product:electrolytic-aluminium .
"""


def turtle(text: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=text, format="turtle")
    return graph


@pytest.fixture(scope="module")
def result(java):
    return reason(turtle(ABOX), java=java)


def test_the_example_abox_is_consistent(result):
    # also shows the ontology and the shipped reference data are consistent (the ABox only adds)
    assert result.consistent, result.explanation


def test_origin_province_follows_from_origin_city(result):
    # Zhengzhou is in Henan, so an investor from Zhengzhou comes from Henan.
    assert (ID["enterprise/from-zhengzhou"], ALU.originProvince, ID["place/cn-410000"]) in result.inferred


def test_no_origin_province_without_the_city_province(result):
    # Wuhan's province is not in the graph: nothing may be invented.
    assert not list(result.inferred.objects(ID["enterprise/from-wuhan"], ALU.originProvince))


def test_located_in_is_transitive(result):
    assert (ID["place/cn-510802"], ALU.locatedIn, ID["place/cn-510000"]) in result.inferred
    assert (ID["enterprise/profile-maker"], ALU.locatedIn, ID["place/cn-510000"]) in result.inferred


ROLES = {ALU.Smelter, ALU.Fabricator, ALU.AuxiliarySupplier}


@pytest.mark.parametrize(
    "subject, expected",
    [
        ("enterprise/profile-maker", {ALU.Fabricator}),  # aluminium profiles: extrusion stage
        ("enterprise/smelter", {ALU.Smelter}),  # electrolytic aluminium: primary smelting
        ("enterprise/foil-maker", {ALU.Fabricator}),
        ("enterprise/ring-maker", {ALU.AuxiliarySupplier}),  # anode-assembly parts
        ("enterprise/anode-maker", {ALU.AuxiliarySupplier}),  # carbon materials
        ("enterprise/wheel-maker", set()),  # end use: none of the three
        ("enterprise/integrated", {ALU.Smelter, ALU.Fabricator}),
        ("project/smelter-line", set()),  # a project is not an enterprise
        ("enterprise/from-zhengzhou", set()),  # makes nothing known
    ],
)
def test_enterprise_class_follows_from_what_it_produces(result, subject, expected):
    assert set(result.inferred.objects(ID[subject], RDF.type)) & ROLES == expected


CONTRADICTIONS = {
    "a place that is also an enterprise": (
        PREFIXES + 'place:cn-410000 a alu:Province, alu:Enterprise ; alu:adcode "410000" .',
        "place/cn-410000 is both Agent and Place",
    ),
    "a city in two provinces declared different": (
        PREFIXES
        + """place:cn-410100 a alu:PrefectureCity ; alu:inProvince place:cn-410000, place:cn-510000 .
             place:cn-410000 a alu:Province ; owl:differentFrom place:cn-510000 .
             place:cn-510000 a alu:Province .""",
        "place/cn-410100 has two values of functional inProvince",
    ),
    "a city in two provinces with different adcodes": (
        PREFIXES
        + """place:cn-410100 a alu:PrefectureCity ; alu:inProvince place:cn-410000, place:cn-510000 .
             place:cn-410000 a alu:Province ; alu:adcode "410000" .
             place:cn-510000 a alu:Province ; alu:adcode "510000" .""",
        "place/cn-410100 has two values of functional inProvince",
    ),
    "a product used as a province": (
        PREFIXES
        + """place:cn-410100 a alu:PrefectureCity ; alu:inProvince product:alumina .""",
        "is both Place and Product",
    ),
}


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_planted_contradiction_is_reported(java, name):
    text, reason_text = CONTRADICTIONS[name]
    outcome = reason(turtle(text), java=java)
    assert not outcome.consistent
    assert len(outcome.inferred) == 0
    assert reason_text in outcome.explanation


# Triples graph.build writes (ontology/SCHEMA.md) that the domains must allow.
SCHEMA_SHAPED = {
    "a city's own output and what it produces": PREFIXES + """
        place:cn-451000 a alu:PrefectureCity ; alu:adcode "451000" ;
            alu:produces product:alumina ; alu:hasOutput <https://w3id.org/alucluster/id/output/o1> .
        <https://w3id.org/alucluster/id/output/o1> a alu:Output ; alu:ofProduct product:alumina .""",
    "a city's capacity and output value": PREFIXES + """
        place:cn-451000 a alu:PrefectureCity ; alu:adcode "451000" ;
            alu:hasCapacity <https://w3id.org/alucluster/id/capacity/c1> ;
            alu:hasOutputValue <https://w3id.org/alucluster/id/output-value/v1> .
        <https://w3id.org/alucluster/id/capacity/c1> a alu:Capacity .
        <https://w3id.org/alucluster/id/output-value/v1> a alu:OutputValue .""",
    "the status of an investment amount": PREFIXES + """
        project:p a alu:InvestmentProject ; alu:hasInvestment <https://w3id.org/alucluster/id/investment/i1> .
        <https://w3id.org/alucluster/id/investment/i1> a alu:InvestmentAmount ;
            alu:status <https://w3id.org/alucluster/ref/status/under-construction> .""",
}


@pytest.mark.parametrize("name", sorted(SCHEMA_SHAPED))
def test_schema_shaped_triples_are_consistent(java, name):
    outcome = reason(turtle(SCHEMA_SHAPED[name]), java=java)
    assert outcome.consistent, outcome.explanation


@pytest.fixture(scope="module")
def built_graph(tmp_path_factory, data_dir) -> rdflib.Graph:
    """One build of every test article together, as `alucluster build` writes it."""
    from alucluster.graph.build import build

    articles = sorted((data_dir / "articles").glob("*.txt"))
    assert len(articles) >= 2
    out = tmp_path_factory.mktemp("articles-build")
    build(articles, out=out, views=False)
    graph = rdflib.Graph()
    graph.parse(out / "cluster.ttl", format="turtle")
    return graph


def test_graph_built_from_every_article_is_consistent(java, built_graph):
    outcome = reason(built_graph, java=java)
    assert outcome.consistent, outcome.explanation


def test_graph_built_from_every_article_conforms(built_graph):
    from alucluster.graph.validate import validate

    report = validate(built_graph, reason=False)
    assert report.conforms, report.text


@pytest.mark.parametrize(
    "text, expected",
    [
        # a period is neither a project, a capacity nor an investment amount (alu:status's domain)
        (
            PREFIXES + ("<https://w3id.org/alucluster/id/period/2021> a alu:Period ; "
                        "alu:status <https://w3id.org/alucluster/ref/status/operating> ."),
            ("inconsistent: https://w3id.org/alucluster/id/period/2021 is a Period, but status applies only to "
             "Capacity, InvestmentAmount or InvestmentProject"),
        ),
        # a product has no capacity: it is neither an agent, a project nor a place
        (
            PREFIXES + "product:alumina alu:hasCapacity <https://w3id.org/alucluster/id/capacity/c1> .",
            ("inconsistent: https://w3id.org/alucluster/ref/product/alumina is a Product, but hasCapacity applies "
             "only to Agent, InvestmentProject or Place"),
        ),
    ],
    ids=["status-of-a-period", "capacity-of-a-product"],
)
def test_explanation_names_a_clash_with_a_union_domain(text, expected):
    from alucluster.ontology.reasoning import reference_graph

    graph = turtle(text)
    graph += reference_graph()  # the product's type comes from the reference data, as in reason()
    assert explain_inconsistency(graph) == expected


def test_explanation_needs_no_reasoner():
    graph = turtle(PREFIXES + "enterprise:x a alu:Enterprise, alu:Person .")
    assert explain_inconsistency(graph) == (
        "inconsistent: https://w3id.org/alucluster/id/enterprise/x is both Organization and Person, which are disjoint"
    )


def test_missing_java_is_an_ontology_error(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(OntologyError, match="Java"):
        reason(rdflib.Graph())
