"""The exported ontology as a Protege user meets it: HermiT without special flags, OWL 2 DL profile."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from alucluster.ontology import model

ONTOLOGY = Path(model.__file__).parent / "alucluster.owl"
CHECKER = Path(__file__).parent / "data" / "owl" / "ProfileCheck.java"

# Written by hand: a range outside the OWL 2 datatype map, a class used but never declared, and one
# IRI that is both an object and a data property (punning OWL 2 DL forbids).
NOT_DL = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <owl:Ontology rdf:about="urn:example:not-dl"/>
  <owl:DatatypeProperty rdf:about="urn:example:not-dl#published">
    <rdfs:range rdf:resource="http://www.w3.org/2001/XMLSchema#date"/>
  </owl:DatatypeProperty>
  <owl:ObjectProperty rdf:about="urn:example:not-dl#locatedIn">
    <rdfs:range rdf:resource="urn:example:not-dl#Undeclared"/>
  </owl:ObjectProperty>
  <owl:ObjectProperty rdf:about="urn:example:not-dl#value"/>
  <owl:DatatypeProperty rdf:about="urn:example:not-dl#value"/>
</rdf:RDF>
"""


@pytest.fixture(scope="module")
def hermit_jar() -> Path:
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    assert jar.is_file(), "owlready2 ships HermiT.jar with the OWL API inside"
    return jar


@pytest.fixture(scope="module")
def profile_check(tmp_path_factory, hermit_jar, java, javac):
    """A function running the compiled profile checker on an ontology file: (exit code, output lines)."""
    classes = tmp_path_factory.mktemp("profile-check")
    subprocess.run([javac, "-cp", str(hermit_jar), "-d", str(classes), str(CHECKER)], check=True, timeout=120)

    def run(path: Path):
        proc = subprocess.run([java, "-cp", f"{hermit_jar}:{classes}", "ProfileCheck", str(path)],
                              capture_output=True, text=True, timeout=120, check=False)
        return proc.returncode, proc.stdout.splitlines()

    return run


def test_hermit_without_flags_finds_the_ontology_consistent(java):
    import owlready2

    owlready2.JAVA_EXE = java
    world = owlready2.World()
    onto = world.get_ontology("file://" + str(ONTOLOGY)).load()
    # the defaults a Protege user gets: no ignore_unsupported_datatypes
    owlready2.sync_reasoner_hermit([onto], debug=0)
    assert list(world.inconsistent_classes()) == []
    # the defined classes still classify: a smelter is an enterprise
    assert onto.Enterprise in onto.Smelter.ancestors()


def test_exported_ontology_is_in_the_owl2_dl_profile(profile_check):
    code, lines = profile_check(ONTOLOGY)
    assert lines[-1] == "violations: 0", "\n".join(lines)
    assert code == 0


def test_the_profile_check_finds_what_is_not_dl(profile_check, tmp_path):
    bad = tmp_path / "not-dl.owl"
    bad.write_text(NOT_DL, encoding="utf-8")
    code, lines = profile_check(bad)
    assert code == 1
    assert "Datatype not in the OWL 2 datatype map: http://www.w3.org/2001/XMLSchema#date" in lines
    assert any("undeclared class" in line.lower() and "Undeclared" in line for line in lines)
    assert any("cannot pun between properties" in line.lower() and "not-dl#value" in line for line in lines), lines
