"""ODK-style quality checks: every ``*-violation.rq`` returns no rows on a good graph, rows on a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.validate import check_names, run_checks

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"
ALU = "https://w3id.org/alucluster/ontology#"
ID = "https://w3id.org/alucluster/id/"

# An ontology term planted without a Chinese label or a definition (the TBox checks).
BAD_TERM = f"""
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ALU}Smeltery> a owl:Class ; rdfs:label "smeltery"@en .
"""

# check -> (planted bad graph: an invalid example file or Turtle text, the focus nodes expected)
BAD = {
    "capacity-without-unit": ("capacity-without-unit.ttl", [f"{ID}capacity/c1"]),
    "fact-without-evidence": ("output-without-evidence.ttl", [f"{ID}output/o1"]),
    "enterprise-without-label": ("enterprise-without-label.ttl", [f"{ID}enterprise/acme-aluminium"]),
    "evidence-offsets-inverted": ("evidence-offsets-inverted.ttl", [f"{ID}evidence/a1-0-66"]),
    "class-without-zh-label": (BAD_TERM, [f"{ALU}Smeltery"]),
    "term-without-definition": (BAD_TERM, [f"{ALU}Smeltery"]),
    "place-iri-adcode-mismatch": ("place-adcode-not-six-digits.ttl", [f"{ID}place/cn-510800"]),
    "division-outside-its-province": ("city-in-wrong-province.ttl", [f"{ID}place/cn-410100"]),
}


def graph_of(source: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    if source.endswith(".ttl"):
        graph.parse(SHAPES_DATA / "invalid" / source, format="turtle")
    else:
        graph.parse(data=source, format="turtle")
    return graph


@pytest.fixture(scope="module")
def good() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(SHAPES_DATA / "valid.ttl", format="turtle")
    return graph


def test_every_check_has_a_planted_bad_graph():
    assert sorted(check_names()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_returns_no_rows_on_a_good_graph(good, name):
    # with_context adds the ontology and reference data: the TBox checks run on the real ontology.
    assert run_checks(good, names=[name]) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_returns_rows_on_a_planted_bad_graph(name):
    source, focus = BAD[name]
    rows = run_checks(graph_of(source), names=[name])
    assert [v.focus for v in rows] == focus
    assert all(v.source == f"check:{name}" and v.severity == "Violation" for v in rows)


def test_check_files_follow_the_convention():
    checks = Path(__file__).parents[1] / "ontology" / "checks"
    for path in checks.glob("*.rq"):
        text = path.read_text(encoding="utf-8")
        assert path.name.endswith("-violation.rq")
        assert text.startswith("# "), f"{path.name}: the question comes first"
        assert "ORDER BY" in text, f"{path.name}: a stable ORDER BY keeps output deterministic"
