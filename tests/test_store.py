"""Stores: rdflib memory and on-disk Oxigraph give the same answers; loading and pushing errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from alucluster.graph import build as b
from alucluster.graph import query as q
from alucluster.graph import store as s
from alucluster.loaders.article import Article, seed_article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import GraphError, StoreError

DATA = Path(__file__).parent / "data" / "graph"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    # the seed plus a second source that contradicts it, so the conflicts query has rows to compare
    text = "Hubei Shimei has an annual output of 120,000 tons of aluminum profiles."
    other = Article.from_text(text, id="other")
    conflict = Fact(kind="capacity", subject=Entity("enterprise/hubei-shimei", "Enterprise", "Hubei Shimei"),
                    value=120000.0, unit="t/yr", product="aluminium-profiles", period="2021",
                    evidence=Evidence("other", text, 0, len(text)))
    facts = b.read_facts(DATA / "seed-facts.jsonl") + [conflict]
    graph = b.facts_to_graph(facts, [seed_article(), other])
    out = tmp_path_factory.mktemp("store")
    b.write_graph_files(graph, out)
    return out / "cluster.ttl"


@pytest.fixture(scope="module")
def memory(graph_file):
    return s.load_graph(graph_file, store="memory")


@pytest.fixture(scope="module")
def oxigraph(graph_file):
    return s.load_graph(graph_file, store="oxigraph")


def test_both_stores_hold_the_same_triples(memory, oxigraph):
    assert type(oxigraph.store).__name__ == "OxigraphStore"
    assert len(memory) == len(oxigraph) > 1000


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_named_query_same_answers_on_both_stores(memory, oxigraph, name):
    mem = q.result_rows(q.run(name, graph=memory))
    ox = q.result_rows(q.run(name, graph=oxigraph))
    assert mem == ox
    assert mem[1], f"{name} gives no rows on the seed graph"  # otherwise the comparison proves little


def test_parameters_bind_on_oxigraph(memory, oxigraph):
    bind = {"subject": "enterprise/hubei-shimei"}
    assert q.result_rows(q.run("facts", graph=oxigraph, bindings=bind)) == \
        q.result_rows(q.run("facts", graph=memory, bindings=bind))


def test_the_on_disk_store_is_built_once_and_keyed_by_content(graph_file, tmp_path):
    copy = tmp_path / "g.ttl"
    copy.write_bytes(graph_file.read_bytes())
    first = s.oxigraph_store_for(copy)
    assert first.is_dir() and first.parent == tmp_path / ".cache"
    assert s.oxigraph_store_for(copy) == first
    copy.write_bytes(copy.read_bytes() + b"\n<urn:a> <urn:b> <urn:c> .\n")
    second = s.oxigraph_store_for(copy)
    assert second != first
    assert len(s.load_graph(copy, store="oxigraph")) == len(s.load_graph(graph_file, store="memory")) + 1


def test_auto_picks_oxigraph_for_big_files(graph_file, monkeypatch):
    assert s.resolve_store(graph_file, "auto") == "memory"
    monkeypatch.setattr(s, "AUTO_OXIGRAPH_BYTES", 1000)
    assert s.resolve_store(graph_file, "auto") == "oxigraph"


def test_memory_graph_copied_into_oxigraph(memory):
    ox = s.load_graph(memory, store="oxigraph")
    assert len(ox) == len(memory)
    assert s.load_graph(memory, store="memory") is memory


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_unparsable_file_is_a_graph_error(tmp_path, store):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot parse"):
        s.load_graph(bad, store=store)
    assert not list((tmp_path / ".cache").glob("oxigraph-*")) if (tmp_path / ".cache").exists() else True


@pytest.mark.parametrize("name, message", [("g.xyz", "unknown graph format"), ("none.ttl", "no graph at")])
def test_missing_or_unknown_file(tmp_path, name, message):
    if name.endswith(".xyz"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(GraphError, match=message):
        s.load_graph(tmp_path / name)


def test_unknown_store_name():
    with pytest.raises(GraphError, match="unknown store"):
        s.resolve_store("x.ttl", "postgres")


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "ftp://127.0.0.1/", "127.0.0.1:8890"])
def test_push_refuses_non_http_endpoints(memory, endpoint):
    with pytest.raises(StoreError, match="http"):
        s.push(memory, endpoint=endpoint)


def test_push_to_a_closed_port_is_a_store_error(memory):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(StoreError, match="cannot reach"):
        s.push(memory, endpoint=f"http://127.0.0.1:{port}/sparql-graph-crud", timeouts={"connect": 2})


def test_unwritable_cache_folder_is_a_graph_error(graph_file, tmp_path):
    import shutil

    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "cluster.ttl"
    shutil.copy(graph_file, copy)
    (folder / ".cache").write_text("a file where the cache folder should be", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot create the Oxigraph store"):
        s.load_graph(copy, store="oxigraph")


@pytest.mark.parametrize("path, protocol", [("/sparql-auth", "update"), ("/sparql", "update"), ("/ds/update", "update"),
                                            ("/sparql-graph-crud", "gsp"), ("/sparql-graph-crud-auth/", "gsp"),
                                            ("/ds/data", "gsp")])
def test_protocol_detected_from_the_url(path, protocol):
    assert s.detect_protocol("http://127.0.0.1:8890" + path) == protocol


def test_an_unclear_url_asks_for_the_protocol(memory):
    with pytest.raises(StoreError, match="pass --protocol gsp or --protocol update"):
        s.push(memory, endpoint="http://127.0.0.1:9/store")


def test_a_store_that_does_not_answer_hits_a_named_timeout(memory):
    # a listener that accepts the connection and never answers: the read timeout, by name, not a hang
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        with pytest.raises(StoreError, match=r"no answer within the read timeout of 1 s \(is it the right URL"):
            s.push(memory, endpoint=f"http://127.0.0.1:{port}/sparql-auth", timeouts={"read": 1, "write": 1})
