"""SHACL shapes: the valid example conforms, each invalid example fails on its expected focus node."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from alucluster.graph.validate import run_shapes, shapes_graph

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"
INVALID = sorted((SHAPES_DATA / "invalid").glob("*.ttl"))
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ALU = "https://w3id.org/alucluster/ontology#"


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
    assert len(INVALID) >= 30


# Rules that only the SPARQL checks catch (a cross-node comparison SHACL core cannot express).
CHECK_ONLY = {"city-in-wrong-province", "fact-without-assertion"}


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


def allowed_values(path: str) -> list[list[str]]:
    shapes = shapes_graph()
    found = []
    for prop in shapes.subjects(SH.path, rdflib.URIRef(ALU + path)):
        for values in shapes.objects(prop, SH["in"]):
            found.append(sorted(str(x) for x in rdflib.collection.Collection(shapes, values)))
    return found


def test_capacity_units_allowed_by_the_shapes_are_the_schema_units():
    # ontology/SCHEMA.md: capacity t/yr, pair/yr, set/yr, piece/yr
    assert allowed_values("unit") == [["pair/yr", "piece/yr", "set/yr", "t/yr"]]


def test_statuses_allowed_by_the_shapes_are_the_four_of_the_model():
    # ontology/SCHEMA.md: ref:status/planned, signed, under-construction, operating
    status = "https://w3id.org/alucluster/ref/status/"
    assert allowed_values("status") == [[status + s for s in ("operating", "planned", "signed", "under-construction")]]


@pytest.mark.parametrize("path", ["value", "startOffset", "endOffset"])
def test_shapes_and_owl_agree_on_datatypes(path):
    from alucluster.ontology.model import ontology_graph

    shapes = shapes_graph()
    declared = {o for prop in shapes.subjects(SH.path, rdflib.URIRef(ALU + path)) for o in shapes.objects(prop, SH.datatype)}
    owl_range = set(ontology_graph().objects(rdflib.URIRef(ALU + path), rdflib.RDFS.range))
    assert len(declared) == 1 and declared == owl_range


def test_shapes_file_is_itself_valid_shacl():
    import pyshacl

    conforms, _, text = pyshacl.validate(shapes_graph(), meta_shacl=True, shacl_graph=shapes_graph())
    assert conforms, text
