"""The SPARQL endpoint over real HTTP on loopback: protocol, formats, refusals, limits, the page."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def server():
    """The endpoint on a free loopback port (uvicorn in a thread), stopped after the module."""
    import uvicorn

    graph = b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl"), [seed_article()])
    app = e.create_app(graph, timeout=TIMEOUT, max_rows=MAX_ROWS)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


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
    assert table[0] == ["enterprise", "product", "capacity", "unit"]
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


def test_result_size_limit(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert f"more than {MAX_ROWS} rows" in r.text
    ok = client.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert len(ok.json()["results"]["bindings"]) == MAX_ROWS


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


def test_no_cors_headers(client):
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                   headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    assert "access-control-allow-credentials" not in r.headers


def test_query_page_is_offline_and_lists_named_queries(client):
    from alucluster.graph.query import named_queries

    r = client.get("/")
    assert r.status_code == 200
    page = r.text
    assert not re.search(r"\b(src|href)\s*=", page), "the page loads nothing (no CDN, no files)"
    data = page.split('<script type="application/json" id="named">', 1)[1].split("</script>", 1)[0]
    names = [q["name"] for q in json.loads(data)]
    assert names == list(named_queries())
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_bad_limits_are_refused():
    from alucluster.ontology.errors import QueryError

    with pytest.raises(QueryError):
        e.create_app(rdflib.Graph(), timeout=0)
