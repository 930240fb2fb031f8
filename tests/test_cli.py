"""The build, query, serve and push commands as a user runs them: output, one-line errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from alucluster.graph import build as b
from alucluster.loaders.article import seed_article

DATA = Path(__file__).parent / "data" / "graph"


def cli(*args, cwd=None, timeout=120):
    """Run the installed ``alucluster`` entry point in a fresh process."""
    exe = shutil.which("alucluster")
    cmd = [exe, *args] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False)


def assert_one_line_error(proc, fragment):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert fragment in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-graph")
    b.write_graph_files(b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl"), [seed_article()]), out)
    return out / "cluster.ttl"


def test_query_csv(graph_file):
    proc = cli("query", "capacities", "--graph", str(graph_file), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    table = list(csv.reader(io.StringIO(proc.stdout)))
    assert table[0] == ["enterprise", "product", "capacity", "unit", "operator"]
    assert ["Hubei Shimei", "aluminium profiles", "100000", "t/yr", ""] in table


def test_query_with_a_parameter_on_oxigraph(graph_file):
    proc = cli("query", "facts", "-g", str(graph_file), "--store", "oxigraph", "--param",
               "subject=enterprise/guizhou-zhenghe", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and {r["label"] for r in rows} == {"Guizhou Zhenghe"}


def test_query_list():
    proc = cli("query", "--list")
    assert proc.returncode == 0
    assert "capacities" in proc.stdout and "columns: enterprise, product, capacity, unit, operator" in proc.stdout


@pytest.mark.parametrize("args, fragment", [
    (["query", "capacitys"], "unknown named query"),
    (["query", "DELETE WHERE { ?s ?p ?o }"], "UPDATE is refused"),
    (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE is refused"),
    (["query", "SELECT * WHERE { ?s ?p }"], "malformed SPARQL"),
    (["query", "facts", "--param", "subject"], "NAME=VALUE"),
    (["query", "capacities", "--param", "subject=x"], "no parameter"),
    (["query"], "give a named query"),
])
def test_query_errors(graph_file, args, fragment):
    assert_one_line_error(cli(*args, "--graph", str(graph_file)), fragment)


def test_query_missing_graph(tmp_path):
    assert_one_line_error(cli("query", "capacities", "--graph", str(tmp_path / "none.ttl")), "no graph at")


def test_query_unparsable_graph(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert_one_line_error(cli("query", "capacities", "--graph", str(bad)), "cannot parse")


def test_bad_format_is_a_usage_error(graph_file):
    proc = cli("query", "capacities", "--graph", str(graph_file), "--format", "xml")
    assert proc.returncode == 2


def test_build_missing_article(tmp_path):
    assert_one_line_error(cli("build", str(tmp_path / "none.txt"), "--out", str(tmp_path / "out")), "none.txt")


def test_build_refuses_a_file_as_output_folder(tmp_path):
    target = tmp_path / "occupied"
    target.write_text("x", encoding="utf-8")
    assert_one_line_error(cli("build", "--out", str(target), "--no-views"), "not a folder")


def test_push_unreachable(graph_file):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = cli("push", "--endpoint", f"http://127.0.0.1:{port}/sparql-graph-crud", "--graph", str(graph_file))
    assert_one_line_error(proc, "cannot reach")


def test_push_bad_endpoint(graph_file):
    assert_one_line_error(cli("push", "--endpoint", "file:///tmp/x", "--graph", str(graph_file)), "http")


def test_serve_missing_graph(tmp_path):
    assert_one_line_error(cli("serve", "--graph", str(tmp_path / "none.ttl")), "no graph at")


def test_serve_answers_over_http(graph_file):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exe = shutil.which("alucluster")
    cmd = [exe] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()"]
    proc = subprocess.Popen([*cmd, "serve", "--graph", str(graph_file), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                r = httpx.get(base + "/", timeout=2, trust_env=False)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
        assert r.status_code == 200 and "capacities" in r.text
        r = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, trust_env=False)
        assert r.json()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_on_a_busy_port(graph_file):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert_one_line_error(cli("serve", "--graph", str(graph_file), "--port", str(port)), f":{port}")


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_port_out_of_range_is_a_usage_error(graph_file, port):
    proc = cli("serve", "--graph", str(graph_file), "--port", port)
    assert proc.returncode == 2
    assert "--port" in proc.stderr and "Traceback" not in proc.stderr


def test_query_param_unit_with_a_slash_binds_as_text(graph_file):
    query = ("PREFIX alu: <https://w3id.org/alucluster/ontology#> "
             "SELECT ?v WHERE { ?c a alu:Capacity ; alu:unit ?unit ; alu:value ?v } ORDER BY ?v")
    proc = cli("query", query, "-g", str(graph_file), "--param", "unit=t/yr", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    # seed capacities in t/yr: Guizhou 30,000, Shimei 100,000, two Henan projects of 250,000
    assert [int(float(r["v"])) for r in csv.DictReader(io.StringIO(proc.stdout))] == [30000, 100000, 250000, 250000]


def test_extract_date_option_resolves_this_year(tmp_path):
    p = tmp_path / "kaixin.txt"
    p.write_text("Kaixin Foil output report\nPublished: Jul 28, 2020\n\n"
                 "Kaixin Foil produced 12,000 tons of aluminium foil in the first half of this year.\n", encoding="utf-8")
    periods = []
    for extra in ((), ("--date", "2023")):
        proc = cli("extract", str(p), "--format", "jsonl", *extra)
        assert proc.returncode == 0, proc.stderr
        periods.append({json.loads(line).get("period") for line in proc.stdout.splitlines()} - {None})
    assert periods == [{"2020-H1"}, {"2023-H1"}]
    assert_one_line_error(cli("extract", str(p), "--date", "next year"), "YYYY")


def test_inline_query_gets_the_project_prefixes(graph_file):
    proc = cli("query", 'SELECT ?e WHERE { ?e a alu:Enterprise ; rdfs:label "Hubei Shimei"@en }', "-g", str(graph_file),
               "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["e", "https://w3id.org/alucluster/id/enterprise/hubei-shimei"]


def test_a_query_declaring_a_prefix_keeps_its_own_iri(graph_file):
    proc = cli("query", "PREFIX alu: <urn:other#> SELECT ?e WHERE { ?e a alu:Enterprise }", "-g", str(graph_file),
               "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["e"]


def test_query_reads_stdin(graph_file):
    exe = shutil.which("alucluster")
    cmd = [exe] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()"]
    text = "SELECT ?p WHERE { ?p a alu:Province ; rdfs:label \"Sichuan\"@en }"
    proc = subprocess.run([*cmd, "query", "-", "-g", str(graph_file), "-f", "csv"], input=text, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["p", "https://w3id.org/alucluster/id/place/cn-510000"]
    empty = subprocess.run([*cmd, "query", "-", "-g", str(graph_file)], input="", capture_output=True, text=True,
                           timeout=120, check=False)
    assert_one_line_error(empty, "no query on stdin")


def test_ontology_export_writes_only_where_told(tmp_path, monkeypatch, capsys):
    from alucluster.graph.cli import main
    from alucluster.ontology import model

    package = tmp_path / "package-ontology"
    monkeypatch.setattr(model, "package_folder", lambda: package)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    with pytest.raises(SystemExit) as exit_info:
        main(["ontology", "export"])
    assert exit_info.value.code == 0
    assert list(cwd.iterdir()) == []
    assert (package / "alucluster.owl").is_file()
    assert capsys.readouterr().out.split() == [str(package / n) for n in ("alucluster.owl", "alucluster.ttl",
                                                                           "data/statuses.ttl")]


@pytest.mark.parametrize("fmt", ["sparql-json", "json"])
def test_query_sparql_json(graph_file, fmt):
    proc = cli("query", "capacities", "-g", str(graph_file), "-f", fmt)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["head"]["vars"] == ["enterprise", "product", "capacity", "unit", "operator"]
    assert {"type": "literal", "value": "Hubei Shimei", "xml:lang": "en"} in [
        row["enterprise"] for row in data["results"]["bindings"]]


def test_query_sparql_xml_and_tsv(graph_file):
    import xml.etree.ElementTree as ET

    xml = cli("query", "enterprises", "-g", str(graph_file), "-f", "sparql-xml")
    assert xml.returncode == 0, xml.stderr
    root = ET.fromstring(xml.stdout.encode("utf-8"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [v.get("name") for v in root.iter(ns + "variable")] == ["enterprise", "origin_province", "located_in"]
    tsv = cli("query", "enterprises", "-g", str(graph_file), "-f", "tsv")
    assert tsv.returncode == 0, tsv.stderr
    assert tsv.stdout.splitlines()[0] == "?enterprise\t?origin_province\t?located_in"
    assert '"Hubei Shimei"@en' in [line.split("\t")[0] for line in tsv.stdout.splitlines()]
