"""The OWL ontology: the terms it declares, their labels, header, alignments, and the committed exports."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, URIRef
from rdflib.compare import isomorphic

from alucluster.ontology import model
from alucluster.ontology.errors import OntologyError
from alucluster.ontology.vocab import ALU, ONTOLOGY_IRI

ONTOLOGY_DIR = Path(model.__file__).parent
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
STATUS = rdflib.Namespace("https://w3id.org/alucluster/ref/status/")


@pytest.fixture(scope="module")
def tbox() -> rdflib.Graph:
    return model.ontology_graph()


@pytest.fixture(scope="module")
def committed_ttl() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(ONTOLOGY_DIR / "alucluster.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    model.export(out)
    return out


def alu_terms(graph: rdflib.Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(ONTOLOGY_IRI + "#")}


def test_committed_ttl_declares_exactly_the_vocabulary_terms(committed_ttl):
    expected = {URIRef(str(ALU._NS) + name) for name in ALU.__annotations__}
    assert alu_terms(committed_ttl) == expected


@pytest.mark.parametrize("name", [n for n, _ in ALU.__annotations__.items()])
def test_every_term_has_english_and_chinese_label_and_definition(tbox, name):
    term = ALU[name]
    langs = {lit.language for lit in tbox.objects(term, RDFS.label)}
    assert langs == {"en", "zh"}
    definitions = list(tbox.objects(term, SKOS.definition))
    assert len(definitions) == 1 and definitions[0].language == "en" and len(definitions[0]) > 15


def test_header_has_title_version_iri_and_licence(tbox):
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in tbox
    assert tbox.value(onto, DCT.title) is not None
    assert tbox.value(onto, DCT.description) is not None
    assert tbox.value(onto, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/" + model.ONTOLOGY_VERSION)
    assert isinstance(tbox.value(onto, DCT.license), URIRef)
    # alignment by IRI only: nothing is imported, so owlready2 never downloads
    assert not list(tbox.objects(onto, OWL.imports))


@pytest.mark.parametrize(
    "sub, relation, sup",
    [
        (ALU.Enterprise, RDFS.subClassOf, ORG.FormalOrganization),
        (ALU.Enterprise, RDFS.subClassOf, SCHEMA.Organization),
        (ALU.Evidence, RDFS.subClassOf, PROV.Entity),
        (ALU.Period, RDFS.subClassOf, TIME.ProperInterval),
        (ALU.IndicatorObservation, RDFS.subClassOf, QB.Observation),
        (ALU.Quantity, RDFS.subClassOf, SCHEMA.QuantitativeValue),
        (ALU.Product, RDFS.subClassOf, SKOS.Concept),
        (ALU.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (ALU.inArticle, RDFS.subPropertyOf, PROV.wasQuotedFrom),
        (ALU.hsCode, RDFS.subPropertyOf, SKOS.notation),
        (ALU.gbt4754Code, RDFS.subPropertyOf, SKOS.notation),
        (ALU.unitCode, RDFS.subPropertyOf, SCHEMA.unitCode),
    ],
)
def test_alignments(tbox, sub, relation, sup):
    assert (sub, relation, sup) in tbox


@pytest.mark.parametrize(
    "prop, characteristic",
    [
        (ALU.locatedIn, OWL.TransitiveProperty),
        (ALU.inProvince, OWL.FunctionalProperty),
        (ALU.adcode, OWL.FunctionalProperty),
    ],
)
def test_property_characteristics(tbox, prop, characteristic):
    assert (prop, RDF.type, characteristic) in tbox


def test_origin_province_has_the_city_province_chain(tbox):
    chain = tbox.value(ALU.originProvince, OWL.propertyChainAxiom)
    assert list(rdflib.collection.Collection(tbox, chain)) == [ALU.originCity, ALU.inProvince]


@pytest.mark.parametrize(
    "a, b",
    [(ALU.Place, ALU.Agent), (ALU.Province, ALU.PrefectureCity), (ALU.Person, ALU.Organization),
     (ALU.Enterprise, ALU.GovernmentBody), (ALU.Capacity, ALU.Output)],
)
def test_disjoint_classes(tbox, a, b):
    pairs = {frozenset(p) for p in tbox.subject_objects(OWL.disjointWith)}
    for node in tbox.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(rdflib.collection.Collection(tbox, tbox.value(node, OWL.members)))
        pairs.update(frozenset((x, y)) for x in members for y in members if x != y)
    assert frozenset((a, b)) in pairs


@pytest.mark.parametrize(
    "slug, en, zh",
    [("planned", "planned", "规划"), ("signed", "signed", "已签约"),
     ("under-construction", "under construction", "在建"), ("operating", "operating", "已投产")],
)
def test_project_statuses_are_labelled_individuals(tbox, slug, en, zh):
    status = STATUS[slug]
    assert (status, RDF.type, ALU.ProjectStatus) in tbox
    labels = {(str(lit), lit.language) for lit in tbox.objects(status, RDFS.label)}
    assert labels == {(en, "en"), (zh, "zh")}


def test_committed_exports_are_fresh(exported, committed_ttl):
    """Fails when ontology/model.py changed and `alucluster ontology export` was not run."""
    for name, fmt in [("alucluster.ttl", "turtle"), ("alucluster.owl", "xml"), ("data/statuses.ttl", "turtle")]:
        fresh, committed = rdflib.Graph(), rdflib.Graph()
        fresh.parse(exported / name, format=fmt)
        committed.parse(ONTOLOGY_DIR / name, format=fmt)
        assert isomorphic(fresh, committed), f"ontology/{name} is stale: run `alucluster ontology export`"


def test_export_is_byte_identical_from_run_to_run(exported, tmp_path):
    again = model.export(tmp_path)
    assert [p.name for p in again] == ["alucluster.owl", "alucluster.ttl", "statuses.ttl"]
    for path in again:
        assert path.read_bytes() == (exported / path.relative_to(tmp_path)).read_bytes()


def test_export_leaves_no_temporary_files(exported):
    assert sorted(p.name for p in exported.rglob("*") if p.is_file()) == [
        "alucluster.owl", "alucluster.ttl", "statuses.ttl"]


def test_export_into_a_file_is_an_ontology_error(tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    with pytest.raises(OntologyError, match="not a folder"):
        model.export(target)


def test_committed_owl_loads_in_owlready2():
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology("file://" + str(ONTOLOGY_DIR / "alucluster.owl")).load()
    assert onto.Smelter is not None and onto.Enterprise in onto.Smelter.is_a
    assert owlready2.TransitiveProperty in onto.locatedIn.is_a


def test_cli_ontology_export(tmp_path, capsys):
    from alucluster.graph.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["ontology", "export", "--out", str(tmp_path)])
    assert exit_info.value.code == 0
    assert (tmp_path / "alucluster.owl").is_file() and (tmp_path / "alucluster.ttl").is_file()
    assert str(tmp_path / "alucluster.ttl") in capsys.readouterr().out
