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


def _capacity(g, subject, name, product, value, period=None):
    cap = iri(f"capacity/{name}")
    g.add((subject, ALU.hasCapacity, cap))
    g.add((cap, ALU.ofProduct, ref(f"product/{product}")))
    g.add((cap, ALU.value, Literal(float(value))))
    g.add((cap, ALU.unit, Literal("t/yr")))
    if period:
        g.add((cap, ALU.period, iri(f"period/{period}")))
    return cap


def test_an_operator_capacity_stated_again_on_its_project_counts_once():
    g = rdflib.Graph()
    g.add((PROJ, ALU.operatedBy, BETA))
    _capacity(g, BETA, "b-ea", "electrolytic-aluminium", 300_000)  # the group's article figure
    _capacity(g, PROJ, "p-ea", "electrolytic-aluminium", 250_000)  # the project it operates
    _capacity(g, BETA, "b-pr", "aluminium-profiles", 20_000)  # another product: stays
    caps = sorted((c.producer, c.product.rsplit("/", 1)[-1], c.value) for c in read_cluster(g).capacities)
    assert caps == [
        (str(BETA), "aluminium-profiles", 20_000),
        (str(PROJ), "electrolytic-aluminium", 250_000),
    ]


def test_one_figure_per_plant_the_latest_period_even_when_smaller():
    g = rdflib.Graph()
    _capacity(g, ACME, "old", "aluminium-profiles", 80_000, "2019")
    _capacity(g, ACME, "new", "aluminium-profiles", 60_000, "2021")
    _capacity(g, BETA, "undated", "aluminium-profiles", 90_000)
    _capacity(g, BETA, "dated", "aluminium-profiles", 50_000, "2020")
    picked = read_cluster(g).capacities
    assert len(picked) == 2  # one figure per plant and product
    caps = {c.producer: c.value for c in picked}
    # ACME: 2021 beats 2019 though smaller; BETA: a stated period beats an undated figure
    assert caps == {str(ACME): 60_000, str(BETA): 50_000}
    net = enterprise_product_network(g)
    assert net.edges[str(ACME), str(ref("product/aluminium-profiles"))]["capacity_t"] == 60_000


def test_exports_are_ordinary_shareable_files(small, tmp_path):
    import stat

    for path in export_networks(small, tmp_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left
