"""Push to a real Virtuoso started on loopback for this session; the named queries agree there."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from alucluster.graph import build as b
from alucluster.graph import query as q
from alucluster.graph import store as s
from alucluster.loaders.article import Article, seed_article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import StoreError
from rdflib import BNode, Literal, URIRef

pytestmark = pytest.mark.virtuoso

DATA = Path(__file__).parent / "data" / "graph"
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
TARGET = "https://w3id.org/alucluster/graph/test"
TARGET_UPDATE = TARGET + "/update"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ini(text: str, folder: Path, sql_port: int, http_port: int) -> str:
    """The packaged virtuoso.ini with its files in ``folder``, bound to loopback on free ports."""
    section = None
    out = []
    for line in text.splitlines():
        m = re.match(r"\s*\[(\w+)\]", line)
        if m:
            section = m.group(1)
        key = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith(";") else None
        if key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"):
            line = f"{key} = {folder / Path(line.split('=', 1)[1].strip()).name}"
        elif key == "ServerPort" and section == "Parameters":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "HTTPServer":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {folder}, /usr/share/virtuoso-opensource-7/vad"
        elif key == "ResultSetMaxRows":
            line = "ResultSetMaxRows = 1000000"  # the default 10000 silently truncates results
        elif key == "DefaultHost":
            line = f"DefaultHost = 127.0.0.1:{http_port}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory, virtuoso_t):
    """A Virtuoso server of its own (temp database, free ports on 127.0.0.1); its HTTP base URL."""
    exe = virtuoso_t
    if not INI.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{INI} is missing")
        pytest.skip(f"{INI} is missing")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(INI.read_text(encoding="utf-8"), folder, sql_port, http_port), encoding="utf-8")
    log = open(folder / "stdout.log", "wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited: {(folder / 'stdout.log').read_text(errors='replace')[-500:]}")
            try:
                if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso did not start within 90 s")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def graph():
    """The seed plus a second source contradicting it, so `conflicts` (and the capacity totals) have
    something to compare."""
    text = "Hubei Shimei has an annual output of 120,000 tons of aluminum profiles."
    other = Article.from_text(text, id="other")
    extra = [
        Fact(kind="capacity", subject=Entity("enterprise/hubei-shimei", "Enterprise", "Hubei Shimei"),
             value=120000.0, unit="t/yr", product="aluminium-profiles", period="2021",
             evidence=Evidence("other", text, 0, len(text))),
    ]
    return b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl") + extra, [seed_article(), other])


def test_the_graph_has_a_conflict(graph):
    _, rows = q.result_rows(q.run("conflicts", graph=graph))
    assert {(r[0], r[4], r[6]) for r in rows} == {("Hubei Shimei", 100000, "guangyuan-aluminum-2021"),
                                                  ("Hubei Shimei", 120000, "other")}


@pytest.fixture(scope="module")
def pushed(virtuoso, graph):
    n = s.push(graph, endpoint=virtuoso + "/sparql-graph-crud-auth", named_graph=TARGET, user="dba", password="dba")
    return n


def _remote(virtuoso: str, text: str, bindings=None, target=TARGET):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(virtuoso + "/sparql")
    sw.addDefaultGraph(target)
    sw.setQuery(text)
    sw.setReturnFormat(JSON)
    sw.setMethod("POST")
    data = sw.query().convert()
    cols = data["head"]["vars"]

    def term(cell):
        if cell is None:
            return None
        if cell["type"] == "uri":
            return URIRef(cell["value"])
        if cell["type"] == "bnode":
            return BNode(cell["value"])
        return Literal(cell["value"], lang=cell.get("xml:lang"), datatype=cell.get("datatype"))

    return cols, [[q.plain_value(term(row.get(c))) for c in cols] for row in data["results"]["bindings"]]


def test_push_sends_every_triple(pushed, graph, virtuoso):
    assert pushed == len(graph)
    _, rows = _remote(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [[len(graph)]]


def test_pushing_twice_replaces_rather_than_duplicates(pushed, graph, virtuoso):
    s.push(graph, endpoint=virtuoso + "/sparql-graph-crud-auth", named_graph=TARGET, user="dba", password="dba")
    assert _remote(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1] == [[len(graph)]]


def _key(row):
    return [repr(v) for v in row]


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_named_queries_give_the_same_answers(pushed, graph, virtuoso, name):
    local_cols, local_rows = q.result_rows(q.run(name, graph=graph))
    cols, rows = _remote(virtuoso, q.named_queries()[name].text)
    assert cols == local_cols
    assert sorted(rows, key=_key) == sorted(local_rows, key=_key)


def test_wrong_password_is_a_store_error(graph, virtuoso):
    with pytest.raises(StoreError, match="^401: wrong user or password for "):
        s.push(graph, endpoint=virtuoso + "/sparql-graph-crud-auth", named_graph=TARGET, user="dba",
               password="wrong")


def test_cli_push(virtuoso, graph, tmp_path):
    import subprocess
    import sys

    b.write_graph_files(graph, tmp_path)
    target = TARGET + "/cli"
    proc = subprocess.run(
        [sys.executable, "-c", "from alucluster.graph.cli import main; main()", "push", "--endpoint",
         virtuoso + "/sparql-graph-crud-auth", "--graph", str(tmp_path / "cluster.ttl"), "--named-graph", target,
         "--user", "dba"],
        check=False, capture_output=True, text=True, env={**os.environ, "ALUCLUSTER_PUSH_PASSWORD": "dba"}, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"pushed {len(graph)} triples to {virtuoso}/sparql-graph-crud-auth"


@pytest.fixture(scope="module")
def pushed_by_update(virtuoso, graph):
    """The same graph loaded through SPARQL 1.1 Update at Virtuoso's /sparql-auth (protocol detected)."""
    return s.push(graph, endpoint=virtuoso + "/sparql-auth", named_graph=TARGET_UPDATE, user="dba", password="dba")


def test_push_by_update_sends_every_triple(pushed_by_update, graph, virtuoso):
    assert pushed_by_update == len(graph)
    assert _remote(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", target=TARGET_UPDATE)[1] == [[len(graph)]]
    # pushing again replaces the graph, as with the Graph Store Protocol
    s.push(graph, endpoint=virtuoso + "/sparql-auth", named_graph=TARGET_UPDATE, user="dba", password="dba",
           protocol="update")
    assert _remote(virtuoso, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", target=TARGET_UPDATE)[1] == [[len(graph)]]


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_named_queries_give_the_same_answers_after_an_update_push(pushed_by_update, graph, virtuoso, name):
    local_cols, local_rows = q.result_rows(q.run(name, graph=graph))
    cols, rows = _remote(virtuoso, q.named_queries()[name].text, target=TARGET_UPDATE)
    assert cols == local_cols
    assert sorted(rows, key=_key) == sorted(local_rows, key=_key)


@pytest.mark.parametrize("path", ["/sparql-graph-crud-auth", "/sparql-auth"])
def test_cli_wrong_password_is_one_line_that_says_so(virtuoso, graph, tmp_path, path):
    b.write_graph_files(graph, tmp_path)
    url = virtuoso + path
    proc = subprocess.run(
        [sys.executable, "-c", "from alucluster.graph.cli import main; main()", "push", "--endpoint", url,
         "--graph", str(tmp_path / "cluster.ttl"), "--named-graph", TARGET + "/wrong", "--user", "dba"],
        check=False, capture_output=True, text=True, env={**os.environ, "ALUCLUSTER_PUSH_PASSWORD": "wrong"},
        timeout=10,  # the explanation comes at once, not after a long timeout
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: 401: wrong user or password for {url}"


def test_cli_asks_for_the_password_when_only_a_user_is_given(virtuoso, graph, tmp_path, monkeypatch):
    from alucluster.graph.cli import app
    from typer.testing import CliRunner

    monkeypatch.delenv("ALUCLUSTER_PUSH_PASSWORD", raising=False)
    monkeypatch.delenv("ALUCLUSTER_PASSWORD", raising=False)
    b.write_graph_files(graph, tmp_path)
    url = virtuoso + "/sparql-auth"
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--graph", str(tmp_path / "cluster.ttl"),
                                      "--named-graph", TARGET + "/prompted", "--user", "dba"], input="dba\n")
    assert result.exit_code == 0, result.output
    assert "password for dba" in result.output
    assert result.output.strip().endswith(f"pushed {len(graph)} triples to {url}")
