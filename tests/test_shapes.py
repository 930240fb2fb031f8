"""SHACL shapes: the valid example conforms, each invalid example fails on its expected focus node."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.validate import run_shapes, shapes_graph

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"
INVALID = sorted((SHAPES_DATA / "invalid").glob("*.ttl"))
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def load(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    return graph


def expected_focus(path: Path) -> str:
    """The focus node an invalid example declares in its header (written by hand with the defect)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# Expected focus node:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"{path.name} has no '# Expected focus node:' header")


def test_valid_example_conforms():
    assert run_shapes(load(SHAPES_DATA / "valid.ttl")) == []


def test_there_is_an_invalid_example_per_rule():
    assert len(INVALID) >= 20


# Rules that only the SPARQL checks catch (a cross-node comparison SHACL core cannot express).
CHECK_ONLY = {"city-in-wrong-province"}


@pytest.mark.parametrize("path", [p for p in INVALID if p.stem not in CHECK_ONLY], ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_focus_node(path):
    violations = [v for v in run_shapes(load(path)) if v.severity == "Violation"]
    assert {v.focus for v in violations} == {expected_focus(path)}


def test_enterprise_without_location_is_a_warning_only():
    graph = load(SHAPES_DATA / "valid.ttl")
    acme = rdflib.URIRef("https://w3id.org/alucluster/id/enterprise/acme-aluminium")
    graph.remove((acme, rdflib.URIRef("https://w3id.org/alucluster/ontology#locatedIn"), None))
    findings = run_shapes(graph)
    assert [(v.severity, v.focus) for v in findings] == [("Warning", str(acme))]


def test_capacity_units_allowed_by_the_shapes_are_the_schema_units():
    # ontology/SCHEMA.md: capacity t/yr, pair/yr, set/yr, piece/yr
    shapes = shapes_graph()
    lists = [rdflib.collection.Collection(shapes, o) for o in shapes.objects(None, SH["in"])]
    assert [sorted(str(x) for x in c) for c in lists] == [["pair/yr", "piece/yr", "set/yr", "t/yr"]]


def test_shapes_file_is_itself_valid_shacl():
    import pyshacl

    conforms, _, text = pyshacl.validate(shapes_graph(), meta_shacl=True, shacl_graph=shapes_graph())
    assert conforms, text
