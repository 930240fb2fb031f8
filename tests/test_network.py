"""Network projections: stage coverage, the three networkx graphs and their GraphML/GEXF exports."""

from __future__ import annotations

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, Literal

from alucluster.graph.network import (
    enterprise_product_network,
    export_networks,
    origin_network,
    product_flow_network,
    read_cluster,
    stage_coverage,
)
from alucluster.ontology.errors import GraphError
from alucluster.ontology.vocab import ALU, iri, ref

ACME, BETA, PROJ = iri("enterprise/acme"), iri("enterprise/beta"), iri("project/beta-smelter")
HENAN = iri("place/cn-410000")
CITY = iri("place/cn-510800")


@pytest.fixture(scope="module")
def small():
    """A hand-written graph per ontology/SCHEMA.md: a profile maker and a smelter project."""
    g = rdflib.Graph()
    g.add((ACME, RDF.type, ALU.Enterprise))
    g.add((ACME, ALU.originProvince, HENAN))
    g.add((ACME, ALU.locatedIn, CITY))
    g.add((HENAN, RDF.type, ALU.Province))
    g.add((HENAN, rdflib.RDFS.label, Literal("Henan", lang="en")))
    cap = iri("capacity/aaa")
    g.add((ACME, ALU.hasCapacity, cap))
    g.add((cap, ALU.ofProduct, ref("product/aluminium-profiles")))
    g.add((cap, ALU.value, Literal(40000.0)))
    g.add((cap, ALU.unit, Literal("t/yr")))
    g.add((BETA, RDF.type, ALU.Enterprise))
    g.add((PROJ, RDF.type, ALU.InvestmentProject))
    g.add((PROJ, ALU.operatedBy, BETA))
    g.add((PROJ, ALU.produces, ref("product/electrolytic-aluminium")))
    # the city itself "produces" (an output statistic): never a producer
    g.add((CITY, RDF.type, ALU.PrefectureCity))
    g.add((CITY, ALU.produces, ref("product/alumina")))
    return g


def test_stage_coverage_maps_every_stage(small):
    cov = stage_coverage(small)
    assert len(cov) == 16
    assert cov[str(ref("stage/extrusion"))] == [str(ACME)]
    assert cov[str(ref("stage/primary-smelting"))] == [str(PROJ)]
    assert cov[str(ref("stage/alumina-refining"))] == []
    assert sum(map(len, cov.values())) == 2


def test_stage_coverage_reads_a_file(small, tmp_path):
    path = tmp_path / "g.ttl"
    small.serialize(path, format="turtle")
    assert stage_coverage(path) == stage_coverage(small)
    with pytest.raises(GraphError):
        stage_coverage(tmp_path / "missing.ttl")


def test_project_inherits_its_operators_origin(small):
    beta_origin = iri("place/cn-420000")
    g = rdflib.Graph() + small
    g.add((BETA, ALU.originProvince, beta_origin))
    assert read_cluster(g).producers[str(PROJ)].origin == str(beta_origin)


def test_product_flow_network(small):
    net = product_flow_network(small)
    alumina, primary = str(ref("product/alumina")), str(ref("product/electrolytic-aluminium"))
    assert net.edges[alumina, primary]["coefficient"] == pytest.approx(1.93)
    assert net.edges[alumina, primary]["kind"] == "flow"
    assert net.edges[primary, str(ref("stage/primary-smelting"))]["kind"] == "at-stage"
    assert net.nodes[primary]["local"] and not net.nodes[alumina]["local"]
    assert net.nodes[str(ref("stage/extrusion"))]["local"]
    # the flows form one connected chain from bauxite to scrap
    flows = nx.DiGraph([(u, v) for u, v, d in net.edges(data=True) if d["kind"] == "flow"])
    assert nx.has_path(flows, str(ref("product/bauxite")), str(ref("product/aluminium-scrap")))


def test_enterprise_product_network(small):
    net = enterprise_product_network(small)
    assert net.edges[str(ACME), str(ref("product/aluminium-profiles"))]["capacity_t"] == 40000
    assert net.nodes[str(PROJ)]["type"] == "InvestmentProject"
    assert str(CITY) not in net


def test_origin_network(small):
    net = origin_network(small)
    assert net.edges[str(HENAN), str(ACME)]["capacity_t"] == 40000
    assert net.nodes[str(HENAN)]["label"] == "Henan"
    assert (str(ACME), str(CITY)) in net.edges
    assert (str(PROJ), "cluster") in net.edges  # no place stated


def test_exports_round_trip_and_are_byte_identical(small, tmp_path):
    first = export_networks(small, tmp_path / "a")
    second = export_networks(small, tmp_path / "b")
    assert [p.name for p in first] == [
        "enterprise-product.graphml",
        "enterprise-product.gexf",
        "origin.graphml",
        "origin.gexf",
        "product-flow.graphml",
        "product-flow.gexf",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    flow = nx.read_graphml(tmp_path / "a" / "product-flow.graphml")
    assert flow.edges[str(ref("product/alumina")), str(ref("product/electrolytic-aluminium"))][
        "coefficient"
    ] == pytest.approx(1.93)
    origin = nx.read_gexf(tmp_path / "a" / "origin.gexf")
    assert origin.has_edge(str(HENAN), str(ACME))
    assert not list((tmp_path / "a").glob(".*tmp"))  # no temp files left behind


@pytest.mark.parametrize("bad", ['"lots"', '"NaN"^^xsd:double', '"INF"^^xsd:double'])
def test_a_malformed_figure_is_left_to_validation_not_a_crash(bad):
    import rdflib

    from alucluster.graph.network import read_cluster

    ttl = f"""
    @prefix alu: <https://w3id.org/alucluster/ontology#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <https://w3id.org/alucluster/id/enterprise/a> a alu:Enterprise ;
        alu:hasCapacity <https://w3id.org/alucluster/id/capacity/bad>, <https://w3id.org/alucluster/id/capacity/good> .
    <https://w3id.org/alucluster/id/capacity/bad> a alu:Capacity ; alu:value {bad} ; alu:unit "t/yr" ;
        alu:ofProduct <https://w3id.org/alucluster/ref/product/alumina> .
    <https://w3id.org/alucluster/id/capacity/good> a alu:Capacity ; alu:value 7.0 ; alu:unit "t/yr" ;
        alu:ofProduct <https://w3id.org/alucluster/ref/product/alumina> .
    """
    cluster = read_cluster(rdflib.Graph().parse(data=ttl, format="turtle"))
    assert [c.value for c in cluster.capacities] == [7.0]
