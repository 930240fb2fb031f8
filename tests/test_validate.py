"""``validate`` and ``alucluster validate``: shapes + checks + reasoner, exit codes 0 / 1 / 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.cli import main
from alucluster.graph.validate import validate
from alucluster.ontology.errors import GraphError, OntologyError

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"
VALID = SHAPES_DATA / "valid.ttl"
INVALID = SHAPES_DATA / "invalid" / "capacity-without-unit.ttl"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_valid_graph_conforms_without_reasoner():
    report = validate(VALID, reason=False)
    assert report.conforms and report.violations == []
    assert report.text.splitlines()[0] == "validation: conforms"
    assert "reasoner: not run" in report.text


def test_validate_accepts_a_graph_object_and_does_not_change_it():
    graph = rdflib.Graph()
    graph.parse(VALID, format="turtle")
    before = len(graph)
    assert validate(graph, reason=False).conforms
    assert len(graph) == before


def test_invalid_graph_reports_the_shape_finding():
    report = validate(INVALID, reason=False)
    assert not report.conforms
    # the missing unit is the shapes' job; no SPARQL check duplicates it
    assert [(v.source, v.focus, v.path) for v in report.errors] == [
        ("shacl", "https://w3id.org/alucluster/id/capacity/c1", "https://w3id.org/alucluster/ontology#unit")]
    assert report.text.splitlines()[0] == "validation: does not conform"


def test_report_text_is_deterministic():
    assert validate(INVALID, reason=False).text == validate(INVALID, reason=False).text


def test_missing_graph_is_a_graph_error(tmp_path):
    with pytest.raises(GraphError, match="no graph"):
        validate(tmp_path / "missing.ttl", reason=False)


def test_unparsable_graph_is_a_graph_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot parse"):
        validate(bad, reason=False)


NOT_ALUCLUSTER = {
    "empty file": "",
    "another vocabulary": "<http://example.org/a> <http://xmlns.com/foaf/0.1/name> \"A\" .",
    "cluster terms but no article": (
        "<https://w3id.org/alucluster/id/enterprise/x> a <https://w3id.org/alucluster/ontology#Enterprise> ."),
}


@pytest.mark.parametrize("name", sorted(NOT_ALUCLUSTER))
def test_a_graph_without_an_article_is_a_graph_error(tmp_path, name):
    path = tmp_path / "graph.ttl"
    path.write_text(NOT_ALUCLUSTER[name], encoding="utf-8")
    with pytest.raises(GraphError, match=r"is not an alucluster graph \(no alu:Article\)$"):
        validate(path, reason=False)


def test_cli_exit_2_on_an_empty_graph(tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    code, out, err = run_cli(["validate", "--graph", str(empty), "--no-reason"], capsys)
    assert code == 2 and out == ""
    assert err == f"error: {empty} is not an alucluster graph (no alu:Article)\n"


def test_missing_java_is_an_ontology_error(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(OntologyError, match="--no-reason"):
        validate(VALID, reason=True)


@pytest.mark.reasoner
def test_contradiction_fails_validation(java):
    graph = rdflib.Graph()
    graph.parse(VALID, format="turtle")
    henan = rdflib.URIRef("https://w3id.org/alucluster/id/place/cn-410000")
    # a province cannot be an enterprise (places and agents are disjoint); labelled so the shapes pass
    graph.add((henan, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/alucluster/ontology#Enterprise")))
    report = validate(graph, reason=True)
    assert not report.conforms
    assert [v.source for v in report.errors] == ["reasoner"]
    assert "reasoner: inconsistent" in report.text
    assert [(v.focus, v.message) for v in report.errors] == [(str(henan), "is both Agent and Place, which are disjoint")]


def test_cli_exit_0_on_a_valid_graph(capsys):
    code, out, _ = run_cli(["validate", "--graph", str(VALID), "--no-reason"], capsys)
    assert code == 0 and out.startswith("validation: conforms")


def test_cli_exit_1_on_violations(capsys):
    code, out, _ = run_cli(["validate", "--graph", str(INVALID), "--no-reason"], capsys)
    assert code == 1 and "capacity/c1" in out


def test_cli_exit_2_on_a_missing_graph(tmp_path, capsys):
    code, out, err = run_cli(["validate", "--graph", str(tmp_path / "none.ttl"), "--no-reason"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: no graph at") and len(err.strip().splitlines()) == 1


@pytest.mark.reasoner
def test_cli_runs_the_reasoner_by_default(java, capsys):
    code, out, _ = run_cli(["validate", "--graph", str(VALID)], capsys)
    assert code == 0 and "reasoner: consistent" in out
