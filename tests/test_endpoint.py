"""The SPARQL endpoint over real HTTP on loopback: protocol, formats, refusals, limits, the page."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import rdflib
from alucluster.graph import build as b
from alucluster.graph import endpoint as e
from alucluster.loaders.article import seed_article

DATA = Path(__file__).parent / "data" / "graph"
PREFIX = "PREFIX alu: <https://w3id.org/alucluster/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SHIMEI = PREFIX + 'SELECT ?e WHERE { ?e a alu:Enterprise ; rdfs:label "Hubei Shimei"@en }'
# every triple joined with every other twice: ~1400^3 combinations, far beyond any time limit
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
MAX_ROWS = 500


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(graph, cors=None, timeout=TIMEOUT):
    """The endpoint over ``graph`` on a free loopback port (uvicorn in a thread)."""
    import uvicorn

    app = e.create_app(graph, timeout=timeout, max_rows=MAX_ROWS, cors=cors)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def seed_graph():
    return b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl"), [seed_article()])


@pytest.fixture(scope="module")
def server(seed_graph):
    """The endpoint on the seed graph, stopped after the module."""
    with _serving(seed_graph) as url:
        yield url


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server, timeout=30, trust_env=False) as c:
        yield c


def test_get_returns_sparql_json(client):
    r = client.get("/sparql", params={"query": SHIMEI})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    bindings = r.json()["results"]["bindings"]
    assert [x["e"]["value"] for x in bindings] == ["https://w3id.org/alucluster/id/enterprise/hubei-shimei"]


@pytest.mark.parametrize("how", ["form", "body"])
def test_post_form_and_direct_body(client, how):
    if how == "form":
        r = client.post("/sparql", data={"query": SHIMEI})
    else:
        r = client.post("/sparql", content=SHIMEI.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 1


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.8", "text/csv"),
])
def test_content_negotiation_for_select(client, accept, ctype):
    r = client.get("/sparql", params={"query": SHIMEI}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(ctype)
    assert "hubei-shimei" in r.text


def test_csv_rows_of_the_capacities_question(client):
    from alucluster.graph.query import named_queries

    r = client.post("/sparql", data={"query": named_queries()["capacities"].text}, headers={"Accept": "text/csv"})
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0] == ["enterprise", "product", "capacity", "unit", "operator"]
    assert any(row[0] == "Hubei Shimei" and float(row[2]) == pytest.approx(100000) for row in table[1:])


@pytest.mark.parametrize("accept, fmt", [(None, "turtle"), ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld")])
def test_construct_as_rdf(client, accept, fmt):
    query = PREFIX + "CONSTRUCT { ?e a alu:Enterprise } WHERE { ?e a alu:Enterprise }"
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": query}, headers=headers)
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    assert len(g) == 5  # five enterprises named in the seed article


@pytest.mark.parametrize("accept, answer", [
    ("application/sparql-results+json", '"boolean":true'),
    ("application/sparql-results+xml", "<boolean>true</boolean>"),
    ("text/csv", "true"),
    ("text/tab-separated-values", "true"),
])
def test_ask(client, accept, answer):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert answer in r.text.replace(" ", "")


def test_sparqlwrapper_client(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(SHIMEI)
    sw.setReturnFormat(JSON)
    sw.setMethod("POST")
    data = sw.query().convert()
    assert data["results"]["bindings"][0]["e"]["value"].endswith("/enterprise/hubei-shimei")


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "GET", "params": {"update": "DROP ALL"}},
])
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    r = client.request(url="/sparql", **request_kwargs)
    assert r.status_code == 403
    assert "refused" in r.text
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert before == after


def test_no_outbound_connections(client, listener):
    port, hits = listener
    url = f"http://127.0.0.1:{port}"
    for query in (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        r = client.get("/sparql", params={"query": query})
        assert r.status_code == 403, query
    r = client.post("/sparql", data={"update": f"LOAD <{url}/g.ttl>"})
    assert r.status_code == 403
    time.sleep(0.3)  # give a stray connection time to arrive
    assert hits == []


def test_a_query_over_the_time_limit_is_stopped_and_others_still_served(client, server):
    results = {}

    def slow():
        with httpx.Client(base_url=server, timeout=30, trust_env=False) as c:
            results["slow"] = c.get("/sparql", params={"query": EXPENSIVE})

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    fast = client.get("/sparql", params={"query": SHIMEI})  # served while the slow one runs
    t.join(30)
    assert fast.status_code == 200
    assert results["slow"].status_code == 503
    assert "longer than" in results["slow"].text
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p }", "SELEKT nothing", ""])
def test_errors_are_one_line_without_traceback(client, query):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert "Traceback" not in r.text and 'File "' not in r.text
    assert len(r.text.strip().splitlines()) == 1


def test_unsupported_body_type_and_unknown_path(client):
    r = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415
    assert client.get("/nothing").status_code == 404
    assert client.put("/sparql").status_code == 405


def test_unacceptable_format(client):
    r = client.get("/sparql", params={"query": SHIMEI}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_no_cors_headers_by_default(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                   headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    assert "access-control-allow-credentials" not in r.headers


def test_query_page_loads_only_its_own_files_and_lists_named_queries(client):
    from alucluster.graph.query import named_queries
    from alucluster.ontology.vocab import PREFIXES

    r = client.get("/")
    assert r.status_code == 200
    page = r.text
    links = [x for x in re.findall(r"\b(?:src|href)\s*=\s*\"([^\"]*)\"", page) if x != "data:,"]  # no favicon
    assert links and all(link.startswith("static/") for link in links), links
    for link in links:
        assert client.get("/" + link).status_code == 200, link
    data = json.loads(page.split('<script type="application/json" id="config">', 1)[1].split("</script>", 1)[0])
    assert [q["name"] for q in data["named"]] == list(named_queries())
    assert data["prefixes"] == PREFIXES
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp and "connect-src 'self';" in csp


def test_the_vendored_yasgui_says_its_version_and_licence():
    from importlib.resources import files

    folder = files("alucluster.graph") / "static" / "yasgui"
    assert "@zazuko/yasgui 4.6.2" in (folder / "VERSION").read_text(encoding="utf-8")
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_bad_limits_are_refused():
    from alucluster.ontology.errors import QueryError

    with pytest.raises(QueryError):
        e.create_app(rdflib.Graph(), timeout=0)


def test_query_text_is_never_read_as_a_file_or_name(client, tmp_path):
    secret = tmp_path / "secret.rq"
    secret.write_text("TOPSECRET-7f3a\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    missing = tmp_path / "missing.rq"
    found = client.get("/sparql", params={"query": str(secret)})
    absent = client.get("/sparql", params={"query": str(missing)})
    assert found.status_code == absent.status_code == 400
    assert "TOPSECRET" not in found.text
    # same answer whether the file exists or not: no existence oracle
    assert found.text.replace(str(secret), "P") == absent.text.replace(str(missing), "P")
    assert client.get("/sparql", params={"query": "capacities"}).status_code == 400


def test_named_queries_by_explicit_name(client, tmp_path):
    r = client.get("/sparql", params={"name": "capacities"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.text.splitlines()[0] == "enterprise,product,capacity,unit,operator"
    secret = tmp_path / "secret.rq"
    secret.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    for name in (str(secret), str(secret)[:-3], "../queries/capacities"):
        assert client.get("/sparql", params={"name": name}).status_code == 404


def test_cross_product_is_cut_at_the_row_limit(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})
    assert r.status_code == 200  # not 503: cut after max_rows + 1 rows, well before the time limit
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert f"more than {MAX_ROWS} rows" in r.headers[e.NOTICE_HEADER]


def test_row_limit_reads_only_what_it_needs(seed_graph):
    import tracemalloc

    from alucluster.graph.query import run_sparql
    from alucluster.ontology.errors import QueryError

    tracemalloc.start()
    try:
        with pytest.raises(QueryError, match="more than 100 rows"):
            run_sparql("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", graph=seed_graph, max_rows=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # all ~2 million rows would take hundreds of MB; 101 rows take a few
    assert peak < 32 * 2**20


def test_worker_memory_is_capped():
    import multiprocessing

    def grow(conn):
        e._limit_memory(256 * 2**20)
        try:
            block = bytearray(1 << 30)
            conn.send(len(block))
        except MemoryError:
            conn.send("MemoryError")
        conn.close()

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=grow, args=(child,))
    proc.start()
    assert parent.recv() == "MemoryError"
    proc.join()


def test_sparqlwrapper_construct_default_format(server):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(PREFIX + "CONSTRUCT { ?e a alu:Enterprise } WHERE { ?e a alu:Enterprise }")
    g = sw.query().convert()  # stock SPARQLWrapper asks for RDF/XML
    assert isinstance(g, rdflib.Graph)
    assert len(g) == 5


def test_tsv_escapes_line_breaks_and_tabs(client):
    query = 'SELECT ?x ?y WHERE { BIND("one\\ntwo\\tthree\\rfour"@en AS ?x) BIND("plain" AS ?y) }'
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200
    lines = r.text.split("\n")
    assert lines[:2] == ["?x\t?y", '"one\\ntwo\\tthree\\rfour"@en\t"plain"']
    assert lines[2:] == [""]


def test_chunked_upload_is_capped(client, seed_graph):
    def chunks():
        piece = b"#" * 65536
        for _ in range(e.MAX_BODY // len(piece) + 2):
            yield piece

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    # an endless body (no Content-Length) is answered after reading just past the cap
    import anyio

    app = e.create_app(seed_graph)
    piece, sent, replies = b"#" * 65536, [], []

    async def receive():
        sent.append(1)
        if len(sent) > 10 * e.MAX_BODY // len(piece):
            raise AssertionError("the server read far past MAX_BODY")
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message):
        replies.append(message)

    scope = {"type": "http", "method": "POST", "path": "/sparql", "raw_path": b"/sparql", "query_string": b"",
             "headers": [(b"content-type", b"application/sparql-query"), (b"transfer-encoding", b"chunked")],
             "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", 1), "client": ("127.0.0.1", 2),
             "root_path": ""}
    anyio.run(app, scope, receive, send)
    assert replies[0]["status"] == 413
    assert len(sent) <= e.MAX_BODY // len(piece) + 1


def test_service_refused_on_an_oxigraph_graph(seed_graph, listener):
    from alucluster.graph.store import load_graph

    port, hits = listener
    graph = load_graph(seed_graph, store="oxigraph")
    with _serving(graph) as url, httpx.Client(base_url=url, timeout=30, trust_env=False) as c:
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        r = c.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"})
        assert r.status_code == 403
    time.sleep(0.3)
    assert hits == []


# ---------------------------------------------------------------- format=, row cap, CORS


@pytest.mark.parametrize("fmt, mime", [("json", "application/sparql-results+json"),
                                       ("xml", "application/sparql-results+xml"), ("csv", "text/csv"),
                                       ("tsv", "text/tab-separated-values"), ("text/csv", "text/csv")])
def test_format_parameter_chooses_the_select_format(client, fmt, mime):
    # the Accept header asks for something else: format= wins, as SPARQL clients expect
    r = client.get("/sparql", params={"query": SHIMEI, "format": fmt}, headers={"Accept": "application/sparql-results+xml"}
                   if fmt != "xml" else {"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == mime
    assert "hubei-shimei" in r.text


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld"), ("xml", "xml"),
                                         ("json", "json-ld")])
def test_format_parameter_chooses_the_graph_format(client, fmt, parser):
    query = PREFIX + "CONSTRUCT { ?e a alu:Enterprise } WHERE { ?e a alu:Enterprise }"
    r = client.post("/sparql", data={"query": query, "format": fmt})
    assert r.status_code == 200, r.text
    g = rdflib.Graph().parse(data=r.content, format=parser)
    assert len(g) == 5


def test_a_select_format_for_a_construct_is_a_clear_error(client):
    r = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"})
    assert r.status_code == 400
    assert "format=csv does not apply to a CONSTRUCT or DESCRIBE result" in r.text


@pytest.mark.parametrize("limit", ["", f" LIMIT {MAX_ROWS * 40}"])
def test_a_large_result_is_capped_with_a_notice(client, limit):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }" + limit})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers[e.NOTICE_HEADER] == (f"the result has more than {MAX_ROWS} rows: showing the first {MAX_ROWS} "
                                          "(add LIMIT/OFFSET to page)")
    small = client.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert len(small.json()["results"]["bindings"]) == MAX_ROWS
    assert e.NOTICE_HEADER not in small.headers


def test_a_large_graph_result_is_capped_with_a_notice(client):
    r = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "format": "nt"})
    assert r.status_code == 200
    assert len(rdflib.Graph().parse(data=r.content, format="nt")) == MAX_ROWS
    assert f"more than {MAX_ROWS} triples" in r.headers[e.NOTICE_HEADER]


def test_options_without_cors_says_what_is_allowed_and_grants_nothing(client):
    r = client.options("/sparql", headers={"Origin": "http://127.0.0.1:1", "Access-Control-Request-Method": "POST"})
    assert r.status_code == 204
    assert r.headers["allow"] == "GET, POST, OPTIONS"
    assert not any(h.startswith("access-control-") for h in r.headers)


@pytest.fixture(scope="module")
def cors_server(seed_graph):
    """The endpoint with CORS for one origin (a page on port 1 of loopback, which nothing serves)."""
    with _serving(seed_graph, cors=["http://127.0.0.1:1"]) as url:
        yield url


def test_preflight_and_request_from_the_allowed_origin(cors_server):
    allowed = "http://127.0.0.1:1"
    with httpx.Client(base_url=cors_server, timeout=30, trust_env=False) as c:
        pre = c.options("/sparql", headers={"Origin": allowed, "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == allowed
        assert set(pre.headers["access-control-allow-methods"].replace(" ", "").split(",")) == {"GET", "POST"}
        assert "content-type" in pre.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in pre.headers
        r = c.post("/sparql", content=b"ASK { ?s ?p ?o }", headers={"Origin": allowed,
                                                                   "Content-Type": "application/sparql-query"})
        assert r.headers["access-control-allow-origin"] == allowed
        assert r.json()["boolean"] is True
        other = c.options("/sparql", headers={"Origin": "http://127.0.0.1:2", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in other.headers
        plain = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://127.0.0.1:2"})
        assert "access-control-allow-origin" not in plain.headers


def test_cors_star_answers_any_origin_without_credentials(seed_graph):
    with _serving(seed_graph, cors=["*"]) as url, httpx.Client(base_url=url, timeout=30, trust_env=False) as c:
        r = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"})
        assert r.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in r.headers
        assert c.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Origin": "http://x.example"}).status_code == 403


@pytest.mark.parametrize("origin", ["127.0.0.1:3000", "http://127.0.0.1:3000/page", "ftp://x"])
def test_a_malformed_cors_origin_is_refused(origin):
    from alucluster.ontology.errors import QueryError

    with pytest.raises(QueryError, match="--cors takes an origin"):
        e.create_app(rdflib.Graph(), cors=[origin])


# ---------------------------------------------------------------- the YASGUI page in Chromium


@pytest.fixture(scope="module")
def page_server(seed_graph):
    """The endpoint for the browser tests: a query time limit a loaded machine cannot reach."""
    with _serving(seed_graph, timeout=60) as url:
        yield url


def _open(browser, url):
    """A page at ``url`` that records every request and every console error or CSP report."""
    page = browser.new_page()
    requests, problems = [], []
    page.on("request", lambda req: requests.append(req.url))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(url)
    return page, requests, problems


@pytest.mark.browser
def test_yasgui_page_runs_a_named_query_with_no_other_host(browser, page_server):
    from urllib.parse import urlsplit

    page, requests, problems = _open(browser, page_server + "/")
    try:
        page.wait_for_selector(".yasqe .CodeMirror")
        page.click("button[data-query=capacities]")
        assert "?capacity" in page.evaluate("window.alucluster.yasgui.getTab().getQuery()")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table tbody tr")
        rows = page.eval_on_selector_all(".yasr table tbody tr",
                                         "trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))")
        # the seed says Hubei Shimei makes 100,000 t of aluminium profiles a year: shown as written
        assert any("Hubei Shimei" in " ".join(r) and any(c.startswith('"100000"') for c in r) for r in rows), rows
        assert page.locator(".yasr .yasr_downloadIcon").count() == 1
    finally:
        page.close()
    hosts = {urlsplit(u).netloc for u in requests if not u.startswith("data:")}
    assert hosts == {urlsplit(page_server).netloc}
    assert problems == []


@pytest.mark.browser
def test_yasgui_has_the_project_prefixes(browser, page_server):
    page, _, problems = _open(browser, page_server + "/")
    try:
        page.wait_for_selector(".yasqe .CodeMirror")
        prefixes = page.evaluate("window.alucluster.yasgui.getTab().getYasr().config.prefixes")
    finally:
        page.close()
    from alucluster.ontology.vocab import PREFIXES

    assert prefixes == PREFIXES
    assert problems == []


class _OtherOrigin:
    """A page server on another loopback port: a different origin from the endpoint."""

    def __enter__(self):
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"<!DOCTYPE html><title>other origin</title><p>another site</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.thread.join(10)
        self.httpd.server_close()


_CROSS_ORIGIN_FETCH = """endpoint => fetch(endpoint, {method: 'POST', body: 'ASK { ?s ?p ?o }',
  headers: {'Content-Type': 'application/sparql-query', 'Accept': 'application/sparql-results+json'}})
  .then(r => r.json()).then(j => 'answer ' + j.boolean, () => 'blocked')"""


@pytest.mark.browser
def test_a_page_on_another_origin_can_query_only_with_cors(browser, seed_graph):
    with _OtherOrigin() as other:
        answers = {}
        for label, cors in (("off", None), ("that origin", [other]), ("another origin", ["http://127.0.0.1:1"])):
            with _serving(seed_graph, cors=cors, timeout=60) as url:
                page = browser.new_page()
                try:
                    page.goto(other + "/")
                    answers[label] = page.evaluate(_CROSS_ORIGIN_FETCH, url + "/sparql")
                finally:
                    page.close()
    assert answers == {"off": "blocked", "that origin": "answer true", "another origin": "blocked"}


@pytest.mark.browser
def test_yasgui_page_shows_the_notice_of_a_capped_result(browser, page_server):
    page, _, problems = _open(browser, page_server + "/")
    try:
        page.wait_for_selector(".yasqe .CodeMirror")
        page.evaluate("() => { window.alucluster.yasgui.getTab().setQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 20000'); }")
        page.click(".yasqe_queryButton")
        page.wait_for_selector("#notice:not([hidden])")
        text = page.inner_text("#notice")
    finally:
        page.close()
    assert text == f"the result has more than {MAX_ROWS} rows: showing the first {MAX_ROWS} (add LIMIT/OFFSET to page)"
    assert problems == []


@pytest.mark.browser
def test_a_shared_link_opens_the_query_and_runs_it(browser, page_server):
    page, _, problems = _open(browser, page_server + "/")
    try:
        page.wait_for_selector(".yasqe .CodeMirror")
        # no PREFIX lines: the endpoint predefines the project's prefixes
        page.evaluate("() => { window.alucluster.yasgui.getTab().setQuery("
                      "'SELECT ?e WHERE { ?e a alu:Enterprise ; rdfs:label \"Hubei Shimei\"@en }'); }")
        link = page.evaluate("window.alucluster.yasgui.getTab().getShareableLink()")
    finally:
        page.close()
    assert link.startswith(page_server + "/#query=")
    shared, _, more = _open(browser, link)
    try:
        shared.wait_for_selector(".yasqe .CodeMirror")
        # YASGUI runs a shared query as it opens (a click now would abort it)
        shared.wait_for_selector(".yasr table tbody tr")
        assert "PREFIX alu: <https://w3id.org/alucluster/ontology#>" in shared.evaluate(
            "window.alucluster.yasgui.getTab().getQuery()")
        cells = shared.eval_on_selector_all(".yasr table tbody td", "tds => tds.map(td => td.innerText.trim())")
    finally:
        shared.close()
    assert any(c.endswith("enterprise/hubei-shimei") or c == "id:enterprise/hubei-shimei" for c in cells), cells
    assert problems == [] and more == []
