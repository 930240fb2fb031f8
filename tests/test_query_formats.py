"""``query --format sparql-json|sparql-xml|tsv``: the W3C result formats, checked against the
recommendations' own example documents (tests/data/sparql-results/)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from alucluster.graph import query as q
from rdflib.query import Result

EXAMPLES = Path(__file__).parent / "data" / "sparql-results"
SRX = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FOAF = """@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix ex: <http://example.org/ns#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""
# The people of the JSON example: Alice with an empty mbox literal and an XHTML blurb, Bob with a
# mailto: IRI; each knows the other.
JSON_PEOPLE = FOAF + """
_:r1 foaf:homepage <http://work.example.org/alice/> ; foaf:name "Alice" ; foaf:mbox "" ; foaf:knows _:r2 ;
  ex:blurb "<p xmlns=\\"http://www.w3.org/1999/xhtml\\">My name is <b>alice</b></p>"^^rdf:XMLLiteral .
_:r2 foaf:homepage <http://work.example.org/bob/> ; foaf:name "Bob"@en ; foaf:mbox <mailto:bob@work.example.org> ;
  foaf:knows _:r1 .
"""
JSON_QUERY = """PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX ex: <http://example.org/ns#>
SELECT ?x ?hpage ?name ?mbox ?age ?blurb ?friend WHERE {
  ?x foaf:homepage ?hpage ; foaf:name ?name ; foaf:mbox ?mbox ; foaf:knows ?friend .
  OPTIONAL { ?x foaf:age ?age } OPTIONAL { ?x ex:blurb ?blurb } } ORDER BY ?hpage"""
# The people of the XML example: Bob is 30 and has a mailto: mbox; Alice knows Bob.
XML_PEOPLE = FOAF + """
_:r2 foaf:homepage <http://work.example.org/bob/> ; foaf:name "Bob"@en ; foaf:age 30 ;
  foaf:mbox <mailto:bob@work.example.org> .
_:r1 foaf:homepage <http://work.example.org/alice/> ; foaf:name "Alice" ; foaf:knows _:r2 .
"""
XML_QUERY = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?x ?hpage ?name ?age ?mbox ?friend WHERE { ?x foaf:homepage ?hpage ; foaf:name ?name .
  OPTIONAL { ?x foaf:age ?age } OPTIONAL { ?x foaf:mbox ?mbox } OPTIONAL { ?x foaf:knows ?friend } }
ORDER BY DESC(?hpage)"""


class _Labels(dict):
    """Blank-node labels renamed in order of first appearance (labels are local to a document)."""

    def __call__(self, label: str) -> str:
        return self.setdefault(label, f"b{len(self)}")


def json_document(text: str) -> dict:
    data = json.loads(text)
    labels = _Labels()
    assert set(data) == {"head", "results"}
    names = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = {}
        for name in names:  # in variable order, so blank nodes are renamed alike in both documents
            if name in binding:
                term = dict(binding[name])
                if term["type"] == "bnode":
                    term["value"] = labels(term["value"])
                row[name] = term
        assert set(binding) == set(row), "a binding of a variable the head does not list"
        rows.append(row)
    return {"vars": names, "bindings": rows}


def xml_document(text: str) -> dict:
    root = ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    assert root.tag == SRX + "sparql"
    names = [v.get("name") for v in root.find(SRX + "head").findall(SRX + "variable")]
    labels = _Labels()
    rows = []
    for result in root.find(SRX + "results").findall(SRX + "result"):
        cells = {b.get("name"): b[0] for b in result.findall(SRX + "binding")}
        row = {}
        for name in names:
            if name in cells:
                node = cells[name]
                kind = node.tag[len(SRX):]
                value = labels(node.text) if kind == "bnode" else (node.text or "")
                row[name] = (kind, value, node.get(XML_LANG), node.get("datatype"))
        rows.append(row)
    return {"vars": names, "bindings": rows}


def tsv_document(text: str) -> list[list[str]]:
    labels = _Labels()
    assert text.endswith("\n")
    return [[labels(c) if c.startswith("_:") else c for c in line.split("\t")] for line in text[:-1].split("\n")]


def _parsed(name: str, fmt: str) -> Result:
    return Result.parse(io.BytesIO((EXAMPLES / name).read_bytes()), format=fmt)




@pytest.mark.parametrize("name, parser, fmt, document", [
    ("example.srj", "json", "sparql-json", json_document),
    ("example.srj", "json", "json", json_document),
    ("example.srx", "xml", "sparql-xml", xml_document),
    ("example.tsv", "tsv", "tsv", tsv_document),
], ids=["sparql-json", "json", "sparql-xml", "tsv"])
def test_writes_the_recommendation_example_back(name, parser, fmt, document):
    example = (EXAMPLES / name).read_text(encoding="utf-8")
    assert document(q.format_result(_parsed(name, parser), fmt)) == document(example)


@pytest.mark.parametrize("data, query, fmt, name, document", [
    (JSON_PEOPLE, JSON_QUERY, "sparql-json", "example.srj", json_document),
    (XML_PEOPLE, XML_QUERY, "sparql-xml", "example.srx", xml_document),
], ids=["sparql-json", "sparql-xml"])
def test_a_query_gives_the_recommendation_example(data, query, fmt, name, document):
    graph = rdflib.Graph().parse(data=data, format="turtle")
    out = q.format_result(q.run(query, graph=graph), fmt)
    assert document(out) == document((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt, answer", [("sparql-json", {"head": {}, "boolean": True}), ("tsv", "?_askResult\ntrue\n")])
def test_ask_results(fmt, answer):
    graph = rdflib.Graph().parse(data=XML_PEOPLE, format="turtle")
    out = q.format_result(q.run("ASK { ?s ?p ?o }", graph=graph), fmt)
    assert (json.loads(out) if fmt == "sparql-json" else out) == answer


def test_sparql_xml_ask_result():
    graph = rdflib.Graph()
    root = ET.fromstring(q.format_result(q.run("ASK { ?s ?p ?o }", graph=graph), "sparql-xml").encode("utf-8"))
    assert root.tag == SRX + "sparql"
    assert root.find(SRX + "boolean").text == "false"
