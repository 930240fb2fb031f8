"""The HTML views without a browser: files, determinism, offline pages, escaping, errors.

The graph is ``tests/data/views/small.ttl``, whose header gives the hand counts used here.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from alucluster.graph.cli import main
from alucluster.graph.views import write_views
from alucluster.ontology.errors import GraphError, ViewError
from alucluster.ontology.vocab import ALU, iri

SMALL = Path(__file__).parent / "data" / "views" / "small.ttl"
PAGES = ["chain.html", "cluster.html", "enterprise/alpha.html", "enterprise/beta.html",
         "enterprise/evil.html", "enterprise/gamma.html", "origins.html"]


@pytest.fixture(scope="module")
def views(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(SMALL, out=out)
    return out / "views"


def page_data(path: Path) -> dict:
    html = path.read_text("utf-8")
    match = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def node(data: dict, local: str) -> dict:
    return next(n for n in data["nodes"] if n["id"].endswith(local))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_writes_the_three_overviews_and_one_page_per_enterprise(views):
    found = sorted(str(p.relative_to(views)) for p in views.rglob("*.html"))
    assert found == PAGES


def test_returns_the_written_paths(tmp_path):
    paths = write_views(SMALL, out=tmp_path)
    assert sorted(str(p.relative_to(tmp_path / "views")) for p in paths) == PAGES
    assert all(p.is_file() for p in paths)


def test_same_graph_gives_byte_identical_pages(views, tmp_path):
    graph = rdflib.Graph().parse(SMALL)
    write_views(graph, out=tmp_path)
    for name in PAGES:
        assert (tmp_path / "views" / name).read_bytes() == (views / name).read_bytes(), name


@pytest.mark.parametrize("name", PAGES)
def test_pages_reference_nothing_outside_themselves(views, name):
    html = (views / name).read_text("utf-8")
    parser = _Collect()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "link", "stylesheets must be inlined"
        assert tag != "script" or "src" not in attrs, "scripts must be inlined"
        for attr in ("src", "href", "action", "data"):
            value = attrs.get(attr) or ""
            assert not re.match(r"\s*(https?:|//|javascript:)", value, re.I), (tag, attr, value)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:|//)", html)
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("name", PAGES)
def test_pages_hold_no_web_address(views, name):
    """Outside its data block a page holds no http(s) string but the SVG namespace name (an identifier
    createElementNS needs, never fetched); inside, only the IRIs that name its nodes."""
    from alucluster.graph.views import SVG_NAMESPACE

    html = (views / name).read_text("utf-8")
    block = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.DOTALL)
    outside = html[: block.start()] + html[block.end():]
    assert set(re.findall(r"https?://[^\s\"'<>)]*", outside)) == {SVG_NAMESPACE}
    data = json.loads(block.group(1))
    ids = {n["id"] for n in data["nodes"]}
    found = set(re.findall(r"https?://[^\s\"'<>)\\]*", block.group(1)))
    assert found and found <= ids


@pytest.mark.parametrize("name", PAGES)
def test_article_markup_never_reaches_the_page_as_markup(views, name):
    html = (views / name).read_text("utf-8")
    for payload in ("<img src=x", "onerror=\"window", "<script>window.__xss", "<a href=\"javascript"):
        assert payload not in html


def test_hostile_text_survives_as_text_in_the_data(views):
    data = page_data(views / "cluster.html")
    evil = node(data, "enterprise/evil")
    assert evil["label"] == '<img src=x onerror="window.__xss=1">Evil href Corp</script>'
    sentences = [f.get("s", "") for f in evil["tip"]["facts"]]
    assert any("<img src=x onerror=\"window.__xss=3\">" in s for s in sentences)


def test_tooltip_data_carries_the_facts_and_their_sentences(views):
    alpha = node(page_data(views / "cluster.html"), "enterprise/alpha")
    facts = {(f["t"], f.get("s")) for f in alpha["tip"]["facts"]}
    sentence = "Alpha Aluminium, from Henan, has 250,000 tons of electrolytic aluminium capacity in Guangyuan."
    assert ("capacity: 250,000 t/yr of electrolytic aluminium", sentence) in facts
    assert ("origin: Henan", sentence) in facts


def test_node_size_follows_capacity_in_tonnes(views):
    data = page_data(views / "cluster.html")
    alpha, beta, evil = (node(data, f"enterprise/{n}")["size"] for n in ("alpha", "beta", "evil"))
    project = node(data, "project/alpha-smelter")["size"]
    # the project 250 kt, beta 100 kt; evil's 3 million pairs do not add up with tonnes: smallest size.
    assert project > beta > evil
    assert evil == node(data, "enterprise/gamma")["size"]
    # alpha states the same 250 kt as the project it operates: counted once, on the project
    assert alpha == evil


def test_edges_are_labelled_with_their_relation(views):
    data = page_data(views / "cluster.html")
    labels = {(e["from"].rsplit("/", 1)[-1], e["label"], e["to"].rsplit("/", 1)[-1]) for e in data["edges"]}
    assert ("alpha-smelter", "operated by", "alpha") in labels
    assert ("beta", "subsidiary of", "gamma") in labels
    assert ("beta", "produces", "aluminium-profiles") in labels  # from its capacity alone
    assert ("alpha", "capital from", "cn-410000") in labels


def test_edge_tooltips_carry_the_sentence_of_the_stated_link(views):
    data = page_data(views / "cluster.html")
    edge = next(e for e in data["edges"] if e["from"].endswith("enterprise/alpha") and e["to"].endswith("cn-410000"))
    assert edge["tip"]["h"] == "Alpha Aluminium → capital from → Henan"
    assert [f["s"] for f in edge["tip"]["facts"]] == [
        "Alpha Aluminium, from Henan, has 250,000 tons of electrolytic aluminium capacity in Guangyuan."]


@pytest.mark.parametrize("broken", ["NaN", "INF", "-5"])
def test_broken_figures_neither_size_nodes_nor_break_the_page(tmp_path, broken):
    g = rdflib.Graph().parse(SMALL)
    g.set((iri("capacity/a1"), ALU.value, rdflib.Literal(broken)))
    write_views(g, out=tmp_path)
    data = page_data(tmp_path / "views" / "cluster.html")  # strict JSON: no NaN slipped in
    assert node(data, "enterprise/alpha")["size"] == node(data, "enterprise/gamma")["size"]


def test_chain_marks_gaps_and_stage_capacities(views):
    from alucluster.graph.network import reference_chain

    data = page_data(views / "chain.html")
    stages = set(reference_chain().subjects(rdflib.RDF.type, ALU.ValueChainStage))
    by_id = {n["id"]: n for n in data["nodes"]}
    smelting = by_id["https://w3id.org/alucluster/ref/stage/primary-smelting"]
    # alpha's 250 kt is the project it operates (same product and unit): counted once, not 500 kt
    assert smelting["label"] == "primary smelting\n250,000 t/yr"
    anodes = by_id["https://w3id.org/alucluster/ref/stage/anode-assembly-parts"]
    assert "3,000,000 pair/yr" in anodes["label"]
    gaps = [n for n in data["nodes"] if n.get("shapeProperties", {}).get("borderDashes")]
    assert len(gaps) == len(stages) - 3
    assert by_id["https://w3id.org/alucluster/ref/stage/rolling"] in gaps
    html = (views / "chain.html").read_text("utf-8")
    assert f"{len(stages) - 3} of {len(stages)} stages are gaps." in html


def test_pages_link_to_each_other(views):
    cluster = (views / "cluster.html").read_text("utf-8")
    assert 'href="enterprise/alpha.html"' in cluster and 'href="origins.html"' in cluster
    alpha = (views / "enterprise" / "alpha.html").read_text("utf-8")
    assert 'href="../cluster.html"' in alpha
    assert node(page_data(views / "cluster.html"), "enterprise/beta")["page"] == "enterprise/beta.html"
    # the project on alpha's page has no page; alpha itself is not linked to itself
    alpha_data = page_data(views / "enterprise" / "alpha.html")
    assert "page" not in node(alpha_data, "project/alpha-smelter")
    assert "page" not in node(alpha_data, "enterprise/alpha")


def test_above_the_page_limit_enterprises_share_one_page(tmp_path, monkeypatch):
    from alucluster.graph import views as views_module

    monkeypatch.setattr(views_module, "ENTERPRISE_PAGE_LIMIT", 3)  # the graph has 4 enterprises and groups
    write_views(SMALL, out=tmp_path)
    root = tmp_path / "views"
    assert sorted(p.name for p in root.rglob("*.html")) == ["chain.html", "cluster.html", "enterprises.html", "origins.html"]
    assert node(page_data(root / "cluster.html"), "enterprise/beta")["page"] == "enterprises.html#beta"
    routes = page_data(root / "enterprises.html")["routes"]
    assert sorted(routes) == ["alpha", "beta", "evil", "gamma"]
    assert (len(routes["beta"]["nodes"]), len(routes["beta"]["edges"])) == (6, 5)
    # a route links the other enterprises, not itself
    assert "page" not in node(routes["beta"], "enterprise/beta")
    assert node(routes["beta"], "enterprise/gamma")["page"] == "enterprises.html#gamma"


def test_above_the_aggregate_limit_the_chain_counts_producers(tmp_path, monkeypatch):
    from alucluster.graph import views as views_module

    monkeypatch.setattr(views_module, "AGGREGATE_LIMIT", 0)
    write_views(SMALL, out=tmp_path)
    data = page_data(tmp_path / "views" / "chain.html")
    assert {n["id"].split("/")[-2] for n in data["nodes"]} == {"stage"}
    smelting = node(data, "stage/primary-smelting")
    assert smelting["label"] == "primary smelting\n250,000 t/yr\n2 producers"


def test_hostile_iris_cannot_escape_the_pages_folder(tmp_path):
    g = rdflib.Graph()
    bad = rdflib.URIRef("https://w3id.org/alucluster/id/enterprise/..%2F..%2Fevil/..")
    g.add((bad, rdflib.RDF.type, ALU.Enterprise))
    g.add((iri("enterprise/a b<c>"), rdflib.RDF.type, ALU.Enterprise))
    paths = write_views(g, out=tmp_path)
    root = (tmp_path / "views").resolve()
    assert all(root in p.resolve().parents for p in paths)
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", p.name) for p in paths)


def test_pages_of_enterprises_no_longer_in_the_graph_are_removed(tmp_path):
    write_views(SMALL, out=tmp_path)
    g = rdflib.Graph().parse(SMALL)
    g.remove((iri("enterprise/gamma"), None, None))
    g.remove((None, None, iri("enterprise/gamma")))
    write_views(g, out=tmp_path)
    assert not (tmp_path / "views" / "enterprise" / "gamma.html").exists()
    assert (tmp_path / "views" / "enterprise" / "beta.html").exists()


def test_a_graph_without_alucluster_types_is_refused(tmp_path):
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://example.org/a"), rdflib.RDF.type, rdflib.URIRef("http://example.org/B")))
    with pytest.raises(ViewError, match="alucluster"):
        write_views(g, out=tmp_path)


def test_a_cluster_without_enterprises_still_gets_its_chain_of_gaps(tmp_path):
    g = rdflib.Graph()
    g.add((iri("place/cn-510800"), rdflib.RDF.type, ALU.PrefectureCity))
    paths = write_views(g, out=tmp_path)
    assert [p.name for p in paths] == ["chain.html", "cluster.html", "origins.html"]
    assert page_data(tmp_path / "views" / "cluster.html")["nodes"] == []
    chain = page_data(tmp_path / "views" / "chain.html")
    assert chain["nodes"] and all(n.get("shapeProperties", {}).get("borderDashes") for n in chain["nodes"])


def test_a_missing_graph_file_is_refused(tmp_path):
    with pytest.raises(GraphError):
        write_views(tmp_path / "none.ttl", out=tmp_path)


def test_cli_view_writes_pages_and_reports_bad_input(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(SMALL), "--out", str(tmp_path)])
    assert exc.value.code == 0
    assert "cluster.html" in capsys.readouterr().out
    assert (tmp_path / "views" / "cluster.html").is_file()
    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(tmp_path / "missing.ttl"), "--out", str(tmp_path)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_cli_view_help_has_an_example():
    from alucluster.graph.cli import app

    result = CliRunner().invoke(app, ["view", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_origins_follow_the_network_projection(tmp_path):
    """A project with no place and no origin of its own: it takes its operator's origin (Henan) and
    hangs on the cluster node, as in the origin network, instead of floating unlinked."""
    from alucluster.graph.network import origin_network

    g = rdflib.Graph().parse(SMALL)
    project = iri("project/alpha-smelter")
    g.remove((project, ALU.locatedIn, None))
    g.remove((project, ALU.originProvince, None))
    write_views(g, out=tmp_path)
    data = page_data(tmp_path / "views" / "origins.html")
    edges = {(e["from"].rsplit("/", 1)[-1], e["to"].rsplit("/", 1)[-1]) for e in data["edges"]}
    assert ("cn-410000", "alpha-smelter") in edges  # inherited from alpha
    assert ("alpha-smelter", "cluster") in edges
    assert node(data, "cluster")["label"] == "the cluster"
    # hand count: Henan, Hubei | alpha, beta, project | Guangyuan, cluster; 3 origin + 3 place edges
    assert (len(data["nodes"]), len(data["edges"])) == (7, 6)
    net = origin_network(g)
    with_origin = {u for u, v, d in net.edges(data=True) if d["kind"] == "origin"} | {
        v for u, v, d in net.edges(data=True) if d["kind"] == "origin"}
    expected = {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1]) for u, v in net.edges if u in with_origin}
    assert edges == expected


def test_views_count_capacities_as_the_analysis_does(tmp_path):
    """Two figures for Beta's profiles: the dated 2021 one (60,000) is the one the gap analysis uses,
    so the page shows it, though the undated 100,000 is larger."""
    g = rdflib.Graph().parse(SMALL)
    beta, cap = iri("enterprise/beta"), iri("capacity/b2")
    g.add((beta, ALU.hasCapacity, cap))
    g.add((cap, rdflib.RDF.type, ALU.Capacity))
    g.add((cap, ALU.ofProduct, rdflib.URIRef("https://w3id.org/alucluster/ref/product/aluminium-profiles")))
    g.add((cap, ALU.value, rdflib.Literal(60000.0)))
    g.add((cap, ALU.unit, rdflib.Literal("t/yr")))
    g.add((cap, ALU.period, iri("period/2021")))
    write_views(g, out=tmp_path)
    chain = page_data(tmp_path / "views" / "chain.html")
    assert node(chain, "stage/extrusion")["label"] == "extrusion\n60,000 t/yr"
    cluster = page_data(tmp_path / "views" / "cluster.html")
    assert "60,000 t/yr" in node(cluster, "enterprise/beta")["tip"]["k"]


def _pyvis_bundle() -> str:
    from importlib.resources import files

    return files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js").read_text("utf-8")


def test_pages_inline_the_vis_network_bundle_that_pyvis_ships(views):
    from importlib.resources import files

    html = (views / "cluster.html").read_text("utf-8")
    bundle = _pyvis_bundle()
    # the body of pyvis's bundle (its last line is a source-map comment, a URL, dropped)
    body = bundle[bundle.index("!function(t,e)"): bundle.rindex("\n//# sourceMappingURL")]
    # every stretch of it between two URL strings is in the page, in order
    pieces = [p for p in re.split(r"https?://[^\s\"'<>)]*", body) if len(p) > 40]
    assert sum(map(len, pieces)) > 0.99 * len(body)
    at = 0
    for piece in pieces:
        at = html.index(piece[20:-20], at)
    assert "sourceMappingURL" not in html
    # the licence notice stays, its URLs named instead
    assert "vis.js is dual licensed under both" in html and "(SPDX: Apache-2.0)" in html and "(SPDX: MIT)" in html
    # no second copy of the bundle in the package
    static = files("alucluster.graph").joinpath("static")
    assert not [p.name for p in static.iterdir() if "vis-network" in p.name]


def test_pages_are_pyvis_networks_and_never_send_a_title(views):
    """pyvis turns every popup into raw HTML when a node title contains "href" (the evil label
    does): the pages send no title at all, the facts travel as data."""
    data = page_data(views / "cluster.html")
    assert "href" in node(data, "enterprise/evil")["label"]
    assert all("title" not in n for n in data["nodes"]) and all("title" not in e for e in data["edges"])
    html = (views / "cluster.html").read_text("utf-8")
    assert '<meta name="generator" content="alucluster views (pyvis)">' in html


def test_view_network_returns_the_pyvis_network_of_a_page(views):
    from pyvis.network import Network

    from alucluster.graph.views import view_network

    net = view_network(SMALL, "cluster")
    assert isinstance(net, Network) and net.directed
    page = page_data(views / "cluster.html")
    assert [n["id"] for n in net.nodes] == [n["id"] for n in page["nodes"]]
    assert [(e["from"], e["to"]) for e in net.edges] == [(e["from"], e["to"]) for e in page["edges"]]
    assert net.options["physics"]["solver"] == "forceAtlas2Based"  # the page's options, set through pyvis
    assert net.heading == "The aluminium cluster"
    alpha = view_network(SMALL, "enterprise", enterprise=str(iri("enterprise/alpha")))
    assert alpha.heading == "Alpha Aluminium" and len(alpha.nodes) == 6


def test_a_restyled_network_still_renders_through_the_escaped_template(tmp_path, monkeypatch):
    from alucluster.graph.views import view_network

    net = view_network(SMALL, "chain")
    net.add_node("mine", label="<b>my node</b>", title='<a href="javascript:alert(1)">click</a>', color="#000000")
    net.add_edge("mine", "https://w3id.org/alucluster/ref/stage/rolling", title="<i>edge</i>")
    net.heading = "My <chain>"
    html = net.generate_html()
    assert "<title>My &lt;chain&gt;</title>" in html
    assert '<a href="javascript' not in html and "<b>my node" not in html and "<i>edge" not in html
    data = json.loads(re.search(r'id="view-data">(.*?)</script>', html, re.S).group(1))
    assert node(data, "mine")["title"] == '<a href="javascript:alert(1)">click</a>'  # kept as text
    # pyvis's own writers (write_html, show in a notebook) use the same template, one file, no lib/
    monkeypatch.chdir(tmp_path)
    net.write_html("mine.html", notebook=True)
    assert (tmp_path / "mine.html").read_text("utf-8") == html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.html"]


@pytest.mark.parametrize("view, enterprise", [("map", None), ("enterprise", None),
                                               ("enterprise", "https://w3id.org/alucluster/id/place/cn-510800")])
def test_view_network_refuses_unknown_views_and_enterprises(view, enterprise):
    from alucluster.graph.views import view_network

    with pytest.raises(ViewError):
        view_network(SMALL, view, enterprise=enterprise)


@pytest.fixture(scope="module")
def views_zh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views-zh")
    write_views(SMALL, out=out, lang="zh")
    return out / "views"


def test_lang_zh_labels_nodes_in_chinese_and_falls_back_to_english(views_zh):
    data = page_data(views_zh / "cluster.html")
    henan = node(data, "place/cn-410000")
    assert henan["label"] == "河南省"  # small.ttl gives Henan a Chinese label
    assert henan["tip"]["k"] == "province (origin or location) · Henan"  # the English name beside it
    assert node(data, "enterprise/alpha")["label"] == "Alpha Aluminium"  # no Chinese label: English
    edge = next(e for e in data["edges"] if e["from"].endswith("enterprise/alpha") and e["to"].endswith("cn-410000"))
    assert edge["tip"]["h"] == "Alpha Aluminium → capital from → 河南省"
    # reference products and stages take their Chinese names from the shipped chain
    assert node(data, "product/electrolytic-aluminium")["label"] == "电解铝"


def test_lang_en_keeps_english_labels_with_the_chinese_beside_them(views):
    henan = node(page_data(views / "cluster.html"), "place/cn-410000")
    assert henan["label"] == "Henan" and henan["tip"]["k"] == "province (origin or location) · 河南省"


def test_cli_view_lang(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(SMALL), "--out", str(tmp_path), "--lang", "zh"])
    assert exc.value.code == 0
    assert node(page_data(tmp_path / "views" / "origins.html"), "place/cn-420000")["label"] == "湖北省"
    with pytest.raises(SystemExit) as exc:
        main(["view", "--graph", str(SMALL), "--out", str(tmp_path), "--lang", "fr"])
    assert exc.value.code == 2


def _with_candidate_operator() -> rdflib.Graph:
    """small.ttl plus a project nobody is said to run and Beta proposed (inferred) as its operator."""
    g = rdflib.Graph().parse(SMALL)
    project, beta, fact = iri("project/lone-smelter"), iri("enterprise/beta"), iri("fact/candidate-1")
    g.add((project, rdflib.RDF.type, ALU.InvestmentProject))
    g.add((project, rdflib.RDFS.label, rdflib.Literal("Lone smelter project", lang="en")))
    g.add((project, ALU.produces, rdflib.URIRef("https://w3id.org/alucluster/ref/product/electrolytic-aluminium")))
    operator = rdflib.URIRef(str(ALU) + "candidateOperator")
    g.add((project, operator, beta))
    for p, o in [(rdflib.RDF.type, ALU.Assertion), (ALU.factKind, rdflib.Literal("candidate-operator")),
                 (rdflib.RDF.subject, project), (rdflib.RDF.predicate, operator), (rdflib.RDF.object, beta),
                 (ALU.stated, rdflib.Literal(False)), (ALU.confidence, rdflib.Literal(0.6)),
                 (ALU.note, rdflib.Literal("the only firm of the region at the stage")),
                 (ALU.evidence, iri("evidence/t1-96-166"))]:
        g.add((fact, p, o))
    return g


def test_a_candidate_operator_is_drawn_dashed_and_marked_inferred(tmp_path):
    from alucluster.graph.views import CANDIDATE_OPERATOR

    write_views(_with_candidate_operator(), out=tmp_path)
    note = "inferred, not stated (confidence 0.6): the only firm of the region at the stage"
    for page in ("cluster.html", "enterprise/beta.html"):
        data = page_data(tmp_path / "views" / page)
        edge = next(e for e in data["edges"] if e["from"].endswith("project/lone-smelter"))
        assert edge["to"].endswith("enterprise/beta") and edge["label"] == CANDIDATE_OPERATOR
        assert edge["dashes"] is True
        assert {"t": note} in edge["tip"]["facts"]
        assert {"t": "source", "s": "Beta Profiles of Hubei makes 100,000 tons of aluminium profiles a year."} in edge["tip"]["facts"]
    project = node(page_data(tmp_path / "views" / "cluster.html"), "project/lone-smelter")
    assert any(f["t"] == "candidate-operator: Beta Profiles — " + note for f in project["tip"]["facts"])
    html = (tmp_path / "views" / "cluster.html").read_text("utf-8")
    assert "Dashed edges are candidates inferred from the figures, not stated in any article." in html
    assert "Dashed edges are" not in (tmp_path / "views" / "origins.html").read_text("utf-8")
    # a stated operator stays a plain, solid edge
    stated = next(e for e in page_data(tmp_path / "views" / "cluster.html")["edges"] if e["label"] == "operated by")
    assert "dashes" not in stated


def test_a_view_network_shows_inline_in_a_notebook_cell():
    import html as html_module

    from alucluster.graph.views import view_network

    net = view_network(SMALL, "origins")
    frame = net._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" ')
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html_module.unescape(srcdoc) == net.generate_html()  # the whole offline page, nothing fetched
