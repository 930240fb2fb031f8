"""The HTML views in a real headless Chromium (Debian's, driven by Playwright) opened from file://.

Counts are the hand counts in the header of ``tests/data/views/small.ttl``. Skipped locally when
``chromium`` is missing; a failure under CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.views import screenshot_views, write_views
from alucluster.ontology.vocab import ALU

pytestmark = pytest.mark.browser

SMALL = Path(__file__).parent / "data" / "views" / "small.ttl"
ALPHA_SENTENCE = "Alpha Aluminium, from Henan, has 250,000 tons of electrolytic aluminium capacity in Guangyuan."


def _stage_flow_pairs() -> int:
    """Distinct stage -> stage links implied by the reference material flows."""
    from alucluster.graph.network import reference_chain

    rows = reference_chain().query(
        """SELECT DISTINCT ?a ?b WHERE { ?f a alu:MaterialFlow ; alu:flowInput/alu:atStage ?a ;
           alu:flowOutput/alu:atStage ?b . FILTER(?a != ?b) }""",
        initNs={"alu": rdflib.Namespace(str(ALU))},
    )
    return len(rows)


def _stage_count() -> int:
    from alucluster.graph.network import reference_chain

    return len(set(reference_chain().subjects(rdflib.RDF.type, ALU.ValueChainStage)))


@pytest.fixture(scope="module")
def views(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views-browser")
    write_views(SMALL, out=out)
    return out / "views"


class Opened:
    """A page opened from file:// with every request and console problem recorded."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.goto(self.url + fragment)
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)

    def eval(self, js: str):
        return self.page.evaluate(js)

    def node_point(self, local: str) -> tuple[float, float]:
        """Where on the screen the node whose IRI ends with ``local`` is drawn."""
        return tuple(self.eval(f"""() => {{
            const v = window.aluView, id = v.nodes.getIds().find(i => i.endsWith({local!r}));
            const p = v.network.canvasToDOM(v.network.getPositions([id])[id]);
            const r = document.querySelector('#network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }}"""))

    def hover_tooltip(self, local: str) -> str:
        self.page.mouse.move(5, 5)
        x, y = self.node_point(local)
        self.page.mouse.move(x, y)
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        return tip.inner_text()


@pytest.fixture()
def opener(browser, views):
    opened: list[Opened] = []

    def open_page(name: str) -> Opened:
        page = Opened(browser, views / name)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.page.close()


# page, drawn nodes, drawn edges (hand counts; the chain adds the reference stages and their flows)
PAGES = [
    ("cluster.html", 11, 13),
    ("origins.html", 6, 6),
    ("chain.html", None, None),
    ("enterprise/alpha.html", 6, 6),
    ("enterprise/beta.html", 6, 5),
    ("enterprise/evil.html", 4, 3),
    ("enterprise/gamma.html", 2, 1),
]


@pytest.mark.parametrize("name, n_nodes, n_edges", PAGES)
def test_page_opens_offline_cleanly_and_draws_the_whole_graph(opener, views, name, n_nodes, n_edges):
    if name == "chain.html":
        # every reference stage + the 4 producers; 4 producer->stage links + the stage flows
        n_nodes, n_edges = _stage_count() + 4, 4 + _stage_flow_pairs()
    page = opener(name)
    drawn = page.eval("""[aluView.nodes.length, aluView.edges.length,
                          aluView.network.body.nodeIndices.length, aluView.network.body.edgeIndices.length]""")
    assert drawn == [n_nodes, n_edges, n_nodes, n_edges]
    assert page.requests == [page.url]
    assert page.problems == []
    assert page.eval("typeof window.__xss") == "undefined"
    shot = views.parent / "screenshots" / Path(name).with_suffix(".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_physics_settles_then_stops(opener):
    page = opener("cluster.html")
    assert page.eval("aluView.network.physics.options.enabled") is False
    before = page.eval("JSON.stringify(aluView.network.getPositions())")
    page.page.wait_for_timeout(300)
    assert page.eval("JSON.stringify(aluView.network.getPositions())") == before


def test_hovering_a_node_shows_its_facts_and_source_sentence(opener):
    page = opener("cluster.html")
    text = page.hover_tooltip("enterprise/alpha")
    assert "Alpha Aluminium" in text
    assert "capacity: 250,000 t/yr of electrolytic aluminium" in text
    assert ALPHA_SENTENCE in text


def test_hostile_label_and_sentence_show_as_text_and_do_not_run(opener):
    page = opener("cluster.html")
    text = page.hover_tooltip("enterprise/evil")
    assert '<img src=x onerror="window.__xss=1">Evil href Corp</script>' in text
    assert '<img src=x onerror="window.__xss=3">' in text
    assert page.eval("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a, div.vis-tooltip script').length") == 0
    assert page.eval("typeof window.__xss") == "undefined"
    assert page.problems == []


def test_search_box_hides_the_nodes_that_do_not_match(opener):
    page = opener("cluster.html")
    page.page.fill("#search", "profiles")
    visible = page.eval("aluView.nodes.get({filter: n => !n.hidden}).map(n => n.id.split('/').pop()).sort()")
    assert visible == ["aluminium-profiles", "beta"]  # the product and the only maker of profiles
    assert page.page.inner_text("#count") == "2 of 11 nodes shown"
    page.page.fill("#search", "")
    assert page.eval("aluView.visibleNodeCount()") == 11


def test_double_clicking_an_enterprise_opens_its_page(opener, views):
    page = opener("cluster.html")
    x, y = page.node_point("enterprise/beta")
    page.page.mouse.dblclick(x, y)
    page.page.wait_for_url("**/enterprise/beta.html", timeout=5_000)
    page.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    assert page.page.title() == "Beta Profiles"


@pytest.fixture(scope="module")
def shared_views(tmp_path_factory) -> Path:
    from alucluster.graph import views as views_module

    out = tmp_path_factory.mktemp("views-shared")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views_module, "ENTERPRISE_PAGE_LIMIT", 0)
        write_views(SMALL, out=out)
    return out / "views"


def test_the_shared_enterprise_page_follows_the_fragment(browser, shared_views):
    page = Opened(browser, shared_views / "enterprises.html", "#beta")
    try:
        assert page.eval("[aluView.nodes.length, aluView.edges.length]") == [6, 5]
        assert page.page.title() == "Beta Profiles"
        assert page.page.inner_text("h1") == "Beta Profiles"
        with page.page.expect_navigation(timeout=10_000):  # a new fragment reloads the page
            page.page.evaluate("window.location.hash = '#evil'")
        page.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
        assert page.eval("[aluView.nodes.length, aluView.edges.length]") == [4, 3]
        assert page.eval("typeof window.__xss") == "undefined"
        assert page.problems == []
    finally:
        page.page.close()


@pytest.mark.parametrize(
    "fragment, title",
    [
        ("#%E0", "Alpha Aluminium"),  # a malformed escape: the page still opens, on the first enterprise
        ("#%62eta", "Beta Profiles"),  # a well-formed escape is decoded ("%62" is "b")
    ],
)
def test_the_shared_page_survives_any_fragment(browser, shared_views, fragment, title):
    page = Opened(browser, shared_views / "enterprises.html", fragment)  # waits until the page is ready
    try:
        assert page.page.title() == title
        assert page.problems == []
    finally:
        page.page.close()


@pytest.fixture(scope="module")
def grouped_views(tmp_path_factory) -> Path:
    from alucluster.graph import views as views_module

    out = tmp_path_factory.mktemp("views-grouped")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views_module, "AGGREGATE_LIMIT", 0)
        write_views(SMALL, out=out)
    return out / "views"


# grouped by stage of the largest product: smelting {alpha, project}, extrusion {beta},
# anode-assembly parts {evil}, no product {gamma}: 4 groups + Guangyuan, Henan, Hubei + 3 products;
# edges: smelting 3, extrusion 3, anode parts 2, no product 0. Origins: Henan, Hubei -> Guangyuan.
@pytest.mark.parametrize("name, n_nodes, n_edges", [("cluster.html", 10, 8), ("origins.html", 3, 2)])
def test_grouped_overviews_draw_the_groups(browser, grouped_views, name, n_nodes, n_edges):
    page = Opened(browser, grouped_views / name)
    try:
        drawn = page.eval("[aluView.network.body.nodeIndices.length, aluView.network.body.edgeIndices.length]")
        assert drawn == [n_nodes, n_edges]
        assert page.requests == [page.url] and page.problems == []
    finally:
        page.page.close()


def test_grouped_cluster_finds_members_by_name(browser, grouped_views):
    page = Opened(browser, grouped_views / "cluster.html")
    try:
        assert page.eval("aluView.search('beta profiles')") == 1
        assert page.eval("aluView.nodes.get({filter: n => !n.hidden})[0].label") == "1 at extrusion"
    finally:
        page.page.close()


SEED_ACTORS = """
PREFIX alu: <https://w3id.org/alucluster/ontology#>
SELECT DISTINCT ?a ?rel ?b WHERE {
  VALUES ?cls { alu:Enterprise alu:EnterpriseGroup alu:InvestmentProject }
  ?a a ?cls .
  OPTIONAL {
    { ?a alu:locatedIn ?b BIND("located in" AS ?rel) }
    UNION { ?a alu:originProvince|alu:originCity ?b BIND("capital from" AS ?rel) }
    UNION { ?a alu:produces|(alu:hasCapacity/alu:ofProduct) ?b BIND("produces" AS ?rel) }
    UNION { ?a alu:operatedBy ?b BIND("operated by" AS ?rel) }
    UNION { ?a alu:candidateOperator ?b BIND("candidate operator" AS ?rel) }
    UNION { ?a alu:subsidiaryOf ?b BIND("subsidiary of" AS ?rel) }
  }
}"""


def test_seed_cluster_draws_every_actor_and_link_of_the_graph(browser, seed_build):
    graph = rdflib.Graph().parse(seed_build / "cluster.ttl")
    rows = list(graph.query(SEED_ACTORS))
    nodes = {str(r.a) for r in rows} | {str(r.b) for r in rows if r.b is not None}
    edges = {(str(r.a), str(r.rel), str(r.b)) for r in rows if r.b is not None}
    places = {n for n in nodes if rdflib.URIRef(n) in set(graph.subjects(rdflib.RDF.type, ALU.PrefectureCity))
              | set(graph.subjects(rdflib.RDF.type, ALU.Province)) | set(graph.subjects(rdflib.RDF.type, ALU.County))
              | set(graph.subjects(rdflib.RDF.type, ALU.IndustrialPark))}
    for a in places:  # places drawn link to the drawn places they lie in
        for b in set(graph.objects(rdflib.URIRef(a), ALU.locatedIn)) | set(graph.objects(rdflib.URIRef(a), ALU.inProvince)):
            if str(b) in nodes and str(b) != a:
                edges.add((a, "located in", str(b)))
    page = Opened(browser, _seed_region_pages(seed_build) / "cluster.html")
    try:
        drawn = page.eval("[aluView.network.body.nodeIndices.length, aluView.network.body.edgeIndices.length]")
        assert drawn == [len(nodes), len(edges)]
        assert page.requests == [page.url] and page.problems == []
    finally:
        page.page.close()


SEED_ORIGINS = """
PREFIX alu: <https://w3id.org/alucluster/ontology#>
SELECT DISTINCT ?producer ?origin ?place WHERE {
  { ?producer alu:produces ?x } UNION { ?producer (alu:hasCapacity|alu:hasOutput)/alu:ofProduct ?x }
  FILTER NOT EXISTS { ?producer a ?t . VALUES ?t { alu:Place alu:Country alu:Province alu:PrefectureCity
                                                     alu:County alu:IndustrialPark } }
  { ?producer alu:originProvince ?origin }
  UNION { FILTER NOT EXISTS { ?producer alu:originProvince ?own } ?producer alu:operatedBy/alu:originProvince ?origin }
  OPTIONAL { ?producer alu:locatedIn ?place }
}"""

SEED_NEIGHBOURHOOD = """
PREFIX alu: <https://w3id.org/alucluster/ontology#>
SELECT DISTINCT ?a ?rel ?b WHERE {
  VALUES ?e { <%s> }
  { ?e alu:locatedIn ?b BIND(?e AS ?a) BIND("located in" AS ?rel) }
  UNION { ?e alu:originProvince|alu:originCity ?b BIND(?e AS ?a) BIND("capital from" AS ?rel) }
  UNION { ?e alu:produces ?b BIND(?e AS ?a) BIND("produces" AS ?rel) }
  UNION { ?e alu:subsidiaryOf ?b BIND(?e AS ?a) BIND("subsidiary of" AS ?rel) }
  UNION { ?a alu:subsidiaryOf ?e BIND(?e AS ?b) BIND("subsidiary of" AS ?rel) }
  UNION { ?a alu:operatedBy ?e BIND(?e AS ?b) BIND("operated by" AS ?rel) }
  UNION { ?a alu:candidateOperator ?e BIND(?e AS ?b) BIND("candidate operator" AS ?rel) }
  UNION { ?e ?rel ?b VALUES ?rel { alu:hasCapacity alu:hasOutput alu:hasOutputValue alu:hasInvestment } BIND(?e AS ?a) }
  UNION { ?e alu:hasCapacity|alu:hasOutput|alu:hasOutputValue|alu:hasInvestment ?a . ?a alu:ofProduct ?b
          BIND("of product" AS ?rel) }
}"""


def _seed_region_pages(seed_build) -> Path:
    """The seed's one host region (Guangyuan) has its page set in views/<region slug>/."""
    folders = [p.parent for p in (seed_build / "views").glob("*/cluster.html")]
    assert [f.name for f in folders] == ["guangyuan-510800"]
    return folders[0]


def _seed_expected_counts(seed_build) -> dict[str, tuple[int, int]]:
    """Page -> (nodes, edges) derived from the graph itself, not from the pages' own counts."""
    from alucluster.graph.network import stage_coverage

    graph = rdflib.Graph().parse(seed_build / "cluster.ttl")
    expected = {}
    # chain: every reference stage and every local producer; producer -> stage links and stage flows
    coverage = stage_coverage(graph)
    producers = {p for ps in coverage.values() for p in ps}
    expected["chain.html"] = (_stage_count() + len(producers),
                              sum(len(ps) for ps in coverage.values()) + _stage_flow_pairs())
    # origins: province -> producer -> place, or -> the cluster node when no place is stated
    rows = list(graph.query(SEED_ORIGINS))
    # a producer with no stated place is in the article's host region (Guangyuan)
    home = str(next(graph.objects(None, ALU.hostPlace)))
    places = {str(r.place) if r.place is not None else home for r in rows}
    origin_edges = {(str(r.origin), str(r.producer)) for r in rows}
    place_edges = {(str(r.producer), str(r.place) if r.place is not None else home) for r in rows}
    nodes = {str(r.origin) for r in rows} | {str(r.producer) for r in rows} | places
    expected["origins.html"] = (len(nodes), len(origin_edges) + len(place_edges))
    for cls in (ALU.Enterprise, ALU.EnterpriseGroup):
        for e in graph.subjects(rdflib.RDF.type, cls):
            rows = list(graph.query(SEED_NEIGHBOURHOOD % e))
            edges = {(str(r.a), str(r.rel), str(r.b)) for r in rows if r.a != r.b}
            nodes = {str(e)} | {x for a, _, b in edges for x in (a, b)}
            expected[f"enterprise/{str(e).rsplit('/', 1)[-1]}.html"] = (len(nodes), len(edges))
    return expected


def test_seed_pages_open_offline_and_draw_what_the_graph_holds(browser, seed_build):
    expected = _seed_expected_counts(seed_build)
    folder = _seed_region_pages(seed_build)
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) >= 4
    assert {"chain.html", "origins.html"} <= set(expected) and len(expected) >= 4
    for path in pages:
        name = path.relative_to(folder).as_posix()
        page = Opened(browser, path)
        try:
            assert page.requests == [page.url], name
            assert page.problems == [], name
            drawn = page.eval("[aluView.network.body.nodeIndices.length, aluView.network.body.edgeIndices.length]")
            if name in expected:
                assert tuple(drawn) == expected[name], name
            else:
                assert name == "cluster.html"  # counted by test_seed_cluster_draws_every_actor_and_link_of_the_graph
        finally:
            page.page.close()


def test_an_empty_cluster_page_still_opens(browser, tmp_path):
    g = rdflib.Graph()
    g.add((rdflib.URIRef("https://w3id.org/alucluster/id/place/cn-510800"), rdflib.RDF.type, ALU.PrefectureCity))
    write_views(g, out=tmp_path)
    page = Opened(browser, tmp_path / "views" / "cluster.html")
    try:
        assert page.eval("aluView.network.body.nodeIndices.length") == 0
        assert page.page.inner_text("#count").startswith("Nothing to show")
        assert page.problems == []
    finally:
        page.page.close()


def test_screenshot_views_captures_every_page(browser, views, tmp_path):
    shots = screenshot_views(views, out_dir=tmp_path, browser=browser)
    assert sorted(str(p.relative_to(tmp_path)) for p in shots) == sorted(
        str(p.relative_to(views).with_suffix(".png")) for p in views.rglob("*.html")
    )
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in shots)


def test_cli_view_saves_a_screenshot_of_each_page_under_the_output_folder(tmp_path, chromium):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "alucluster.graph.cli", "view", "--graph", str(SMALL), "--out", str(tmp_path),
         "--screenshots"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    views, shots = tmp_path / "views", tmp_path / "views" / "screenshots"
    pages = sorted(p.relative_to(views).with_suffix(".png") for p in views.rglob("*.html"))
    assert len(pages) == 7  # the 3 overviews and the 4 enterprise pages of small.ttl
    assert sorted(p.relative_to(shots) for p in shots.rglob("*.png")) == pages
    assert all((shots / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)
    assert str(shots / "cluster.png") in run.stdout.splitlines()


def test_screenshot_views_refuses_an_empty_folder(tmp_path):
    from alucluster.ontology.errors import ViewError

    with pytest.raises(ViewError, match="no HTML page"):
        screenshot_views(tmp_path, out_dir=tmp_path / "png")


def test_a_notebook_users_node_with_an_html_title_shows_it_as_text(browser, tmp_path):
    """pyvis would switch every popup to raw HTML for this title; the page shows it as text."""
    from alucluster.graph.views import view_network

    net = view_network(SMALL, "cluster")
    net.add_node("mine", label="mine", title='<a href="https://example.org/x">x</a><img src=x onerror="window.__xss=9">')
    path = tmp_path / "mine.html"
    path.write_text(net.generate_html(), "utf-8")
    page = Opened(browser, path)
    try:
        assert page.eval("aluView.network.body.nodeIndices.length") == 12  # the 11 of the page and mine
        text = page.hover_tooltip("mine")
        assert '<img src=x onerror="window.__xss=9">' in text and '<a href="https://example.org/x">' in text
        assert page.eval("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a').length") == 0
        assert page.eval("typeof window.__xss") == "undefined"
        assert page.requests == [page.url] and page.problems == []
    finally:
        page.page.close()


def test_a_view_network_draws_inline_as_a_notebook_cell_would(browser, tmp_path):
    from alucluster.graph.views import view_network

    outer = tmp_path / "cell.html"
    outer.write_text("<!DOCTYPE html><html><body>" + view_network(SMALL, "origins")._repr_html_() + "</body></html>", "utf-8")
    page = browser.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    try:
        page.goto(outer.resolve().as_uri())
        frame = page.frames[1]
        frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
        assert frame.evaluate("aluView.network.body.nodeIndices.length") == 6  # the origins page's hand count
        assert requests == [outer.resolve().as_uri()] and problems == []
    finally:
        page.close()
