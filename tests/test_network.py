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


# ---------------------------------------------------------------------------- exports for Gephi

NETWORKS = ["enterprise-product", "origin", "product-flow"]
GEXF_NS, VIZ_NS = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@pytest.fixture(scope="module")
def exported(small, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    export_networks(small, out)
    return out


def _read(exported, name, suffix):
    path = exported / f"{name}{suffix}"
    return nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)


def _xy(data, suffix):
    return (data["viz"]["position"]["x"], data["viz"]["position"]["y"]) if suffix == ".gexf" else (data["x"], data["y"])


def _rgb(data, suffix):
    if suffix == ".gexf":
        return tuple(data["viz"]["color"][c] for c in "rgb")
    return data["r"], data["g"], data["b"]


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
@pytest.mark.parametrize("name", NETWORKS)
def test_exports_carry_weights_labels_kinds_colours_and_positions(exported, name, suffix):
    net = _read(exported, name, suffix)
    assert len(net) and net.number_of_edges()
    for n, d in net.nodes(data=True):
        assert d["label"] and d["kind"], n
        assert all(0 <= c <= 255 for c in _rgb(d, suffix)), n
        assert all(isinstance(v, float) for v in _xy(d, suffix)), n
    assert all(isinstance(d["weight"], float) and d["weight"] > 0 for _, _, d in net.edges(data=True))


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_weights_are_capacities_and_flow_coefficients(exported, suffix):
    ep = _read(exported, "enterprise-product", suffix)
    profiles, primary = str(ref("product/aluminium-profiles")), str(ref("product/electrolytic-aluminium"))
    assert ep.edges[str(ACME), profiles]["weight"] == pytest.approx(40000)  # Acme's 40,000 t/yr
    assert ep.edges[str(ACME), profiles]["weight_basis"] == "capacity t/yr"
    assert ep.edges[str(PROJ), primary]["weight"] == 1.0  # no stated capacity: a plain link, said so
    assert "no capacity" in ep.edges[str(PROJ), primary]["weight_basis"]
    flow = _read(exported, "product-flow", suffix)
    assert flow.edges[str(ref("product/alumina")), primary]["weight"] == pytest.approx(1.93)  # t alumina per t metal
    origin = _read(exported, "origin", suffix)
    assert origin.edges[str(HENAN), str(ACME)]["weight"] == pytest.approx(40000)


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_colours_are_the_views_legend_colours(exported, suffix):
    from alucluster.graph.styles import STYLES, rgb

    ep = _read(exported, "enterprise-product", suffix)
    assert _rgb(ep.nodes[str(PROJ)], suffix) == rgb(STYLES["project"][1])
    assert _rgb(ep.nodes[str(ACME)], suffix) == rgb(STYLES["enterprise"][1])
    flow = _read(exported, "product-flow", suffix)
    # a stage with a local producer is filled, one without is the views' white gap
    assert _rgb(flow.nodes[str(ref("stage/extrusion"))], suffix) == rgb(STYLES["stage"][1])
    assert _rgb(flow.nodes[str(ref("stage/rolling"))], suffix) == (255, 255, 255)


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_positions_follow_the_views_columns(exported, suffix):
    flow = _read(exported, "product-flow", suffix)
    x = {n: _xy(d, suffix)[0] for n, d in flow.nodes(data=True)}
    # upstream to downstream, left to right, as on the chain page
    assert x[str(ref("stage/alumina-refining"))] < x[str(ref("stage/primary-smelting"))] < x[str(ref("stage/extrusion"))]
    assert x[str(ref("product/alumina"))] == x[str(ref("stage/alumina-refining"))]  # a product sits under its stage
    origin = _read(exported, "origin", suffix)
    ox = {n: _xy(d, suffix)[0] for n, d in origin.nodes(data=True)}
    assert ox[str(HENAN)] < ox[str(ACME)] < ox[str(CITY)]  # origin -> producer -> place
    assert _xy(origin.nodes[str(ACME)], suffix) == _xy(_read(exported, "origin", ".gexf").nodes[str(ACME)], ".gexf")


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_the_cluster_node_is_flagged_as_artificial(exported, suffix):
    origin = _read(exported, "origin", suffix)
    flagged = sorted(n for n, d in origin.nodes(data=True) if d["artificial"])
    assert flagged == ["cluster"]  # the project with no stated place hangs on it
    assert (str(PROJ), "cluster") in origin.edges


def _check_gexf_root(root) -> None:
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.get(f"{{{XSI_NS}}}schemaLocation") == f"{GEXF_NS} {GEXF_NS}/gexf.xsd"


def _check_gexf(root) -> None:
    """The parts of the GEXF 1.3 schema (gexf.net/1.3) these files use, checked one by one."""
    q = lambda tag: f"{{{GEXF_NS}}}{tag}"  # noqa: E731
    _check_gexf_root(root)
    assert [c.tag for c in root] == [q("meta"), q("graph")]
    graph = root.find(q("graph"))
    assert graph.get("defaultedgetype") in ("directed", "undirected", "mutual") and graph.get("mode") == "static"
    declared = {}
    for attributes in graph.findall(q("attributes")):
        assert attributes.get("class") in ("node", "edge")
        for a in attributes.findall(q("attribute")):
            assert a.get("type") in ("integer", "long", "double", "float", "boolean", "string", "liststring", "anyURI")
            assert a.get("id") not in declared and a.get("title")
            declared[a.get("id")] = (attributes.get("class"), a.get("type"))
    nodes = graph.find(q("nodes")).findall(q("node"))
    ids = [n.get("id") for n in nodes]
    assert len(ids) == len(set(ids)) and all(n.get("label") for n in nodes)

    def values(element, cls):
        for v in element.iterfind(f"{q('attvalues')}/{q('attvalue')}"):
            kind, typ = declared[v.get("for")]
            assert kind == cls
            if typ in ("double", "float"):
                float(v.get("value"))
            elif typ == "boolean":
                assert v.get("value") in ("true", "false")

    for n in nodes:
        values(n, "node")
        colour, position, size = (n.find(f"{{{VIZ_NS}}}{t}") for t in ("color", "position", "size"))
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb") and 0 <= float(colour.get("a")) <= 1
        assert all(float(position.get(c)) == float(position.get(c)) for c in "xyz")
        assert float(size.get("value")) > 0
    edges = graph.find(q("edges")).findall(q("edge"))
    assert len({e.get("id") for e in edges}) == len(edges)
    for e in edges:
        assert e.get("source") in ids and e.get("target") in ids
        assert float(e.get("weight")) > 0
        values(e, "edge")


def _check_graphml(root) -> None:
    """The parts of the GraphML 1.0 schema (graphml.graphdrawing.org) these files use, one by one."""
    q = lambda tag: f"{{{GRAPHML_NS}}}{tag}"  # noqa: E731
    assert root.tag == q("graphml")
    assert root.get(f"{{{XSI_NS}}}schemaLocation") == f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"
    keys = {}
    for k in root.findall(q("key")):
        assert k.get("for") in ("graph", "node", "edge", "all")
        assert k.get("attr.type") in ("boolean", "int", "long", "float", "double", "string")
        keys[k.get("id")] = (k.get("for"), k.get("attr.type"), k.get("attr.name"))
    assert {name for _, _, name in keys.values()} >= {"label", "kind", "weight", "x", "y", "color", "artificial"}
    graph = root.find(q("graph"))
    assert graph.get("edgedefault") in ("directed", "undirected")
    ids = [n.get("id") for n in graph.findall(q("node"))]
    assert len(ids) == len(set(ids))
    for element, cls in [(n, "node") for n in graph.findall(q("node"))] + [(e, "edge") for e in graph.findall(q("edge"))]:
        if cls == "edge":
            assert element.get("source") in ids and element.get("target") in ids
        for d in element.findall(q("data")):
            domain, typ, _ = keys[d.get("key")]
            assert domain in (cls, "all")
            if typ in ("double", "float"):
                float(d.text)
            elif typ in ("int", "long"):
                int(d.text)
            elif typ == "boolean":
                assert d.text.lower() in ("true", "false")


@pytest.mark.parametrize("name", NETWORKS)
def test_exports_follow_the_gexf_and_graphml_schemas(exported, name):
    """No schema file can be vendored here (none is in a package registry), so the files are
    checked against the schemas' rules they use: namespaces, declared and typed attributes,
    references between nodes and edges, viz values."""
    import xml.etree.ElementTree as ET

    _check_gexf(ET.parse(exported / f"{name}.gexf").getroot())
    _check_graphml(ET.parse(exported / f"{name}.graphml").getroot())


def test_the_gexf_check_catches_networkxs_own_xsi_namespace(small):
    """networkx 3.6 writes the XML Schema instance namespace without ``www``: the export fixes it."""
    import io
    import xml.etree.ElementTree as ET

    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", version="1.3")
    writer.add_graph(nx.DiGraph([("a", "b")]))
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(AssertionError):
        _check_gexf_root(ET.fromstring(buf.getvalue()))
    _check_gexf_root(ET.fromstring(buf.getvalue().replace(b"http://w3.org/", b"http://www.w3.org/")))
