"""Graph building: IRIs, provenance, conflicts, monotonic growth, snapshots and byte-identical output."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from alucluster.graph import build as b
from alucluster.loaders.article import Article, seed_article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import GraphError
from alucluster.ontology.vocab import ALU, ID, REF
from rdflib import BNode, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

DATA = Path(__file__).parent / "data" / "graph"

# A second article that contradicts the seed on Hubei Shimei's capacity (120,000 vs 100,000 t/yr).
OTHER_TEXT = "Hubei Shimei has an annual output of 120,000 tons of aluminum profiles in Guangyuan."


@pytest.fixture(scope="module")
def seed():
    return seed_article()


@pytest.fixture(scope="module")
def seed_facts():
    return b.read_facts(DATA / "seed-facts.jsonl")


@pytest.fixture(scope="module")
def seed_graph(seed, seed_facts):
    return b.facts_to_graph(seed_facts, [seed])


@pytest.fixture(scope="module")
def other():
    art = Article.from_text(OTHER_TEXT, id="other-2022", date="2022-03")
    ev = Evidence(art.id, OTHER_TEXT, 0, len(OTHER_TEXT))
    shimei = Entity("enterprise/hubei-shimei", "Enterprise", "Hubei Shimei")
    facts = [
        Fact(kind="enterprise", subject=shimei, evidence=ev),
        Fact(kind="capacity", subject=shimei, value=120000.0, unit="t/yr", product="aluminium-profiles",
             period="2021", evidence=ev),
    ]
    return art, facts


def test_entity_iris_come_from_canonical_names(seed_graph):
    # names read from the article: Hubei Shimei, Guangyuan Zhongfu; Guangyuan is adcode 510800
    assert (ID["enterprise/hubei-shimei"], RDF.type, ALU.Enterprise) in seed_graph
    assert (ID["enterprise/guangyuan-zhongfu"], ALU.locatedIn, ID["place/cn-510800"]) in seed_graph
    assert (ID["place/cn-510800"], ALU.adcode, Literal("510800")) in seed_graph


def test_iris_do_not_depend_on_fact_order(seed, seed_facts, seed_graph):
    shuffled = list(seed_facts)
    random.Random(7).shuffle(shuffled)
    other = b.facts_to_graph(shuffled, [seed])
    assert set(other) == set(seed_graph)


def test_quantity_iri_is_the_documented_hash(seed_graph):
    # SCHEMA.md: first 12 hex digits of the SHA-256 of the canonical key of the fact
    key = ["capacity", "enterprise/hubei-shimei", None, "aluminium-profiles", None, "2021", "100000.0",
           "t/yr", None, "guangyuan-aluminum-2021"]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]
    cap = ID[f"capacity/{digest}"]
    assert (ID["enterprise/hubei-shimei"], ALU.hasCapacity, cap) in seed_graph
    assert seed_graph.value(cap, ALU.value).toPython() == pytest.approx(100000)


def test_no_blank_nodes(seed_graph):
    assert not [t for t in seed_graph if any(isinstance(x, BNode) for x in t)]


@pytest.mark.parametrize("cls", [ALU.Capacity, ALU.Output, ALU.OutputValue, ALU.IndicatorObservation, ALU.Assertion])
def test_every_fact_node_cites_its_sentence_at_its_offsets(seed_graph, seed, cls):
    nodes = list(seed_graph.subjects(RDF.type, cls))
    assert nodes
    for node in nodes:
        evidence = list(seed_graph.objects(node, ALU.evidence))
        assert evidence, node
        for ev in evidence:
            start = seed_graph.value(ev, ALU.startOffset).toPython()
            end = seed_graph.value(ev, ALU.endOffset).toPython()
            assert seed.text[start:end] == str(seed_graph.value(ev, ALU.sentence))
            assert seed_graph.value(ev, ALU.inArticle) == ID[f"article/{seed.id}"]


def test_article_node_carries_metadata(seed_graph, seed):
    art = ID[f"article/{seed.id}"]
    assert str(seed_graph.value(art, ALU.contentHash)) == hashlib.sha256(seed.text.encode()).hexdigest()
    assert str(seed_graph.value(art, ALU.published)) == "2021-07"


def test_assertions_are_reified_with_prov_fields(seed_graph):
    for a in seed_graph.subjects(RDF.type, ALU.Assertion):
        for p in (ALU.factKind, RDF.subject, RDF.predicate, RDF.object, ALU.stated, ALU.confidence, ALU.curated):
            assert seed_graph.value(a, p) is not None, (a, p)


def test_origin_city_materialises_an_inferred_province(seed_graph):
    yingkai = ID["enterprise/zhengzhou-yingkai"]
    assert seed_graph.value(yingkai, ALU.originCity) == ID["place/cn-410100"]  # Zhengzhou
    assert seed_graph.value(yingkai, ALU.originProvince) == ID["place/cn-410000"]  # Henan, via gazetteer
    derived = [a for a in seed_graph.subjects(RDF.predicate, ALU.originProvince)
               if seed_graph.value(a, RDF.subject) == yingkai]
    assert len(derived) == 1
    assert seed_graph.value(derived[0], ALU.stated) == Literal(False)
    assert (ID["place/cn-410100"], ALU.inProvince, ID["place/cn-410000"]) in seed_graph


def test_periods_are_nodes_with_dates(seed_graph):
    h1 = ID["period/2021-H1"]
    assert (h1, RDF.type, ALU.Period) in seed_graph
    assert str(seed_graph.value(h1, ALU.startDate)) == "2021-01-01"
    assert str(seed_graph.value(h1, ALU.endDate)) == "2021-06-30"


def test_reference_data_is_included(seed_graph):
    assert (REF["product/alumina"], RDF.type, ALU.Product) in seed_graph


def test_conflicting_values_from_two_articles_both_stay(seed, seed_facts, other):
    art, facts = other
    g = b.facts_to_graph(list(seed_facts) + facts, [seed, art])
    shimei = ID["enterprise/hubei-shimei"]
    by_article = {}
    for cap in g.objects(shimei, ALU.hasCapacity):
        ev = g.value(cap, ALU.evidence)
        by_article[str(g.value(ev, ALU.inArticle)).rsplit("/", 1)[1]] = g.value(cap, ALU.value).toPython()
    assert by_article == {"guangyuan-aluminum-2021": pytest.approx(100000), "other-2022": pytest.approx(120000)}


def test_adding_an_article_loses_nothing(seed, seed_facts, seed_graph, other):
    art, facts = other
    bigger = b.facts_to_graph(list(seed_facts) + facts, [seed, art])
    assert set(seed_graph) <= set(bigger)
    assert len(bigger) > len(seed_graph)


SNAPSHOT = """
@prefix alu: <https://w3id.org/alucluster/ontology#> .
@base <https://w3id.org/alucluster/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<article/a1> a alu:Article .
<evidence/a1-0-46> a alu:Evidence ; alu:inArticle <article/a1> ;
    alu:sentence "Acme has an annual output of 5 tons of alumina." ; alu:startOffset 0 ; alu:endOffset 46 .
<enterprise/acme> a alu:Enterprise ; rdfs:label "Acme"@en ;
    alu:produces <https://w3id.org/alucluster/ref/product/alumina> ; alu:hasCapacity <capacity/HASH> .
<capacity/HASH> a alu:Capacity ; alu:value 5.0 ; alu:unit "t/yr" ; alu:unitCode "TNE" ;
    alu:ofProduct <https://w3id.org/alucluster/ref/product/alumina> ; alu:period <period/2021> ;
    alu:evidence <evidence/a1-0-46> .
<period/2021> a alu:Period ; rdfs:label "2021" ; alu:startDate "2021-01-01"^^xsd:date ;
    alu:endDate "2021-12-31"^^xsd:date .
<fact/HASH> a alu:Assertion ; alu:factKind "capacity" ; rdf:subject <enterprise/acme> ;
    rdf:predicate alu:hasCapacity ; rdf:object <capacity/HASH> ; alu:evidence <evidence/a1-0-46> ;
    alu:stated true ; alu:confidence 1.0 ; alu:curated false .
"""


def test_one_fact_matches_the_hand_written_snapshot():
    sentence = "Acme has an annual output of 5 tons of alumina."
    fact = Fact(kind="capacity", subject=Entity("enterprise/acme", "Enterprise", "Acme"), value=5.0, unit="t/yr",
                product="alumina", period="2021", evidence=Evidence("a1", sentence, 0, 46))
    key = ["capacity", "enterprise/acme", None, "alumina", None, "2021", "5.0", "t/yr", None, "a1"]
    expected = rdflib.Graph().parse(
        data=SNAPSHOT.replace("HASH", hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]), format="turtle"
    )
    assert isomorphic(b.facts_to_graph([fact], reference=False), expected)


def test_the_three_serialisations_hold_the_same_graph(seed_graph, tmp_path):
    paths = b.write_graph_files(seed_graph, tmp_path)
    assert [p.name for p in paths] == ["cluster.ttl", "cluster.nt", "cluster.jsonld"]
    for path, fmt in zip(paths, ["turtle", "nt", "json-ld"]):
        assert isomorphic(rdflib.Graph().parse(path, format=fmt), seed_graph), path.name


def test_jsonld_has_a_compact_inline_context(seed_graph, tmp_path):
    import json

    from alucluster.ontology.vocab import PREFIXES

    path = b.write_graph_files(seed_graph, tmp_path)[2]
    doc = json.loads(path.read_text(encoding="utf-8"))
    # the project's prefixes, inline: no remote context for a reader to fetch
    assert doc["@context"] == PREFIXES
    types = set()
    for node in doc["@graph"]:
        value = node.get("@type", [])
        types.update([value] if isinstance(value, str) else value)
    assert "alu:Enterprise" in types and "https://w3id.org/alucluster/ontology#Enterprise" not in types
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.JSON_LD)
    assert len(store) == len(seed_graph)


_WRITE = """
import sys
from pathlib import Path
from alucluster.graph import build as b
from alucluster.loaders.article import seed_article
b.write_graph_files(b.facts_to_graph(b.read_facts(Path(sys.argv[1])), [seed_article()]), Path(sys.argv[2]))
"""


def test_building_twice_gives_byte_identical_files(tmp_path):
    # separate processes with different hash seeds: set/dict order must not leak into the files
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", _WRITE, str(DATA / "seed-facts.jsonl"), str(tmp_path / seed)],
                       check=True, env=env)
    for name in ("cluster.ttl", "cluster.nt", "cluster.jsonld"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_ntriples_output_is_sorted(seed_graph, tmp_path):
    lines = (b.write_graph_files(seed_graph, tmp_path)[1]).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_write_atomic_never_leaves_a_half_written_file(tmp_path, monkeypatch):
    target = tmp_path / "cluster.ttl"
    target.write_bytes(b"old")

    def boom(src, dst):
        raise OSError("disk full")

    from alucluster.graph._io import write_atomic
    from alucluster.ontology import _io

    monkeypatch.setattr(_io.os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cluster.ttl"]


@pytest.mark.parametrize("period, start, end", [
    ("2021", "2021-01-01", "2021-12-31"),
    ("2021-H1", "2021-01-01", "2021-06-30"),
    ("2021-H2", "2021-07-01", "2021-12-31"),
    ("2021-Q3", "2021-07-01", "2021-09-30"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2021-12", "2021-12-01", "2021-12-31"),
    ("2022-01/2022-09", "2022-01-01", "2022-09-30"),  # "from January to September"
])
def test_period_bounds(period, start, end):
    assert [d.isoformat() for d in b.period_bounds(period)] == [start, end]


@pytest.mark.parametrize("period", ["21", "2021-H3", "2021-13", "first half", "", "2022-09/2022-01"])
def test_bad_periods_raise_graph_error(period):
    with pytest.raises(GraphError):
        b.period_bounds(period)


def test_unknown_entity_type_is_a_graph_error():
    ev = Evidence("a1", "x", 0, 1)
    with pytest.raises(GraphError, match="Enterprize"):
        b.facts_to_graph([Fact(kind="enterprise", subject=Entity("enterprise/x", "Enterprize", "X"), evidence=ev)],
                         reference=False)


def test_unknown_store_is_refused(tmp_path):
    with pytest.raises(GraphError, match="store"):
        b.build(None, out=tmp_path, store="postgres")


def test_read_facts_reports_the_bad_line(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text('{"kind": "enterprise"}\n', encoding="utf-8")
    with pytest.raises(GraphError, match=":1:"):
        b.read_facts(path)


def test_a_city_output_does_not_make_the_city_a_producer():
    sentence = "Acmeville produced 9 tons of alumina in 2021."
    city = Entity("place/cn-510800", "PrefectureCity", "Guangyuan")
    g = b.facts_to_graph([Fact(kind="output", subject=city, value=9.0, unit="t", product="alumina", period="2021",
                               evidence=Evidence("a1", sentence, 0, len(sentence)))], reference=False)
    assert list(g.objects(ID["place/cn-510800"], ALU.produces)) == []
    assert len(list(g.objects(ID["place/cn-510800"], ALU.hasOutput))) == 1


# ---------------------------------------------------------------- every fact fits the shapes

SENTENCE = "Acme Aluminium Group, in Guangyuan, made 30,000 tons of aluminum profiles a year."


def ev(start=0, end=len(SENTENCE), article="a1"):
    return Evidence(article, SENTENCE[start:end], start, end)


ACME = Entity("enterprise/acme-aluminium-group", "EnterpriseGroup", "Acme Aluminium Group")
PROJECT = Entity("project/a1-aluminium-profiles-1", "InvestmentProject", "Acme profiles project")
CITY = Entity("place/cn-510800", "PrefectureCity", "Guangyuan")


def conforming(facts):
    """The graph of ``facts`` and their articles, checked by the shapes and the quality checks."""
    from alucluster.graph.validate import validate

    ids = sorted({f.evidence.article for f in facts})
    graph = b.facts_to_graph(facts, [Article.from_text(SENTENCE, id=i, date="2021-07-20") for i in ids])
    report = validate(graph, reason=False)
    assert report.conforms, report.text
    return graph


def test_a_group_is_also_an_enterprise_for_every_reader():
    from alucluster.graph.query import result_rows, run

    g = conforming([Fact(kind="enterprise", subject=ACME, evidence=ev())])
    node = ID[ACME.id]
    assert {ALU.EnterpriseGroup, ALU.Enterprise} <= set(g.objects(node, RDF.type))
    cols, rows = result_rows(run("enterprises", graph=g))
    assert [r[cols.index("enterprise")] for r in rows] == ["Acme Aluminium Group"]


@pytest.mark.parametrize("kind", ["output", "output_value", "indicator"])
def test_a_figure_without_a_period_is_kept_with_period_status_unknown(kind):
    extra = {"indicator": "gdp", "subject": CITY} if kind == "indicator" else {"subject": ACME}
    fact = Fact(kind=kind, value=30000.0, unit="t" if kind == "output" else "yuan", evidence=ev(), **extra)
    g = conforming([fact])
    assert [str(o) for o in g.objects(None, ALU.periodStatus)] == ["unknown"]
    assert list(g.objects(None, ALU.period)) == []


def test_a_stated_period_status_is_written_beside_or_instead_of_the_period():
    annual = Fact(kind="output", subject=ACME, value=30000.0, unit="t", product="aluminium-profiles",
                  period_status="annual", evidence=ev())
    target = Fact(kind="output_value", subject=ACME, value=2e9, unit="yuan", period="2025", period_status="planned",
                  evidence=ev())
    g = conforming([annual, target])
    assert sorted(str(o) for o in g.objects(None, ALU.periodStatus)) == ["annual", "planned"]
    assert [str(o) for o in g.objects(None, ALU.period)] == [str(ID["period/2025"])]


def test_a_period_the_graph_cannot_read_becomes_status_unknown_with_a_note():
    fact = Fact(kind="output", subject=ACME, value=1.0, unit="t", period="the coming years", evidence=ev())
    g = conforming([fact])
    assert [str(o) for o in g.objects(None, ALU.periodStatus)] == ["unknown"]
    assert any("the coming years" in str(n) for n in g.objects(None, ALU.note))


def test_a_planned_output_is_a_projection_not_a_status():
    fact = Fact(kind="output", subject=ACME, value=1.0, unit="t", status="planned", evidence=ev())
    g = conforming([fact])
    assert list(g.objects(None, ALU.status)) == []
    assert [str(o) for o in g.objects(None, ALU.periodStatus)] == ["planned"]


def test_an_unknown_period_status_is_refused_by_the_fact():
    with pytest.raises(ValueError, match="period status"):
        Fact(kind="output", subject=ACME, value=1.0, unit="t", period_status="soon", evidence=ev())


def test_one_triple_stated_and_inferred_in_one_article_is_one_assertion():
    # "Acme Aluminium Group, in Guangyuan": the location is read from "in Guangyuan" (stated) and,
    # in another mention, from a name prefix (inferred)
    stated = Fact(kind="location", subject=ACME, object=CITY, evidence=ev(0, 35), confidence=0.8)
    inferred = Fact(kind="location", subject=ACME, object=CITY, evidence=ev(36, len(SENTENCE)), stated=False,
                    confidence=0.6, note="inferred from the name")
    g = conforming([inferred, stated])
    [node] = g.subjects(RDF.predicate, ALU.locatedIn)
    assert list(g.objects(node, ALU.stated)) == [Literal(True)]
    assert len(list(g.objects(node, ALU.evidence))) == 2
    assert [float(c) for c in g.objects(node, ALU.confidence)] == [pytest.approx(0.8)]
    assert [str(n) for n in g.objects(node, ALU.note)] == ["inferred from the name"]
    assert isomorphic(g, conforming([stated, inferred]))


def test_the_same_triple_in_two_articles_keeps_two_assertions():
    other = Fact(kind="location", subject=ACME, object=CITY, evidence=ev(article="a2"))
    g = conforming([Fact(kind="location", subject=ACME, object=CITY, evidence=ev()), other])
    assert len(list(g.subjects(RDF.predicate, ALU.locatedIn))) == 2


def test_a_project_keeps_its_most_advanced_status_and_notes_the_others():
    facts = [Fact(kind="project", subject=PROJECT, product="aluminium-profiles", status=s, evidence=ev(i, i + 10))
             for i, s in enumerate(["operating", "signed"])]
    g = conforming(facts)
    assert list(g.objects(ID[PROJECT.id], ALU.status)) == [REF["status/operating"]]
    assert [str(n) for n in g.objects(ID[PROJECT.id], ALU.note)] == [
        "statuses stated: signed, operating; the most advanced (operating) is kept"]


def test_a_status_stated_of_an_enterprise_stays_in_its_note():
    g = conforming([Fact(kind="enterprise", subject=ACME, status="signed", evidence=ev())])
    assert list(g.objects(ID[ACME.id], ALU.status)) == []
    assert [str(n) for n in g.objects(None, ALU.note)] == ["status stated: signed"]


def test_a_product_outside_the_reference_chain_is_kept_with_its_label():
    fact = Fact(kind="capacity", subject=ACME, value=5000.0, unit="t/yr", product="aluminium-ladders",
                product_label="aluminium ladders", evidence=ev())
    g = conforming([fact])
    node = REF["product/aluminium-ladders"]
    assert (node, RDF.type, ALU.Product) in g
    assert [str(x) for x in g.objects(node, rdflib.namespace.SKOS.prefLabel)] == ["aluminium ladders"]


def test_a_capacity_without_product_or_per_year_unit_is_of_aluminium_per_year():
    g = conforming([Fact(kind="capacity", subject=ACME, value=5000.0, unit="t", evidence=ev())])
    [q] = g.objects(ID[ACME.id], ALU.hasCapacity)
    assert [str(u) for u in g.objects(q, ALU.unit)] == ["t/yr"]
    assert list(g.objects(q, ALU.ofProduct)) == [REF["product/aluminium"]]


@pytest.mark.parametrize("value, unit", [(5.0, "yuan"), (0.0, "t/yr")])
def test_a_capacity_that_is_no_capacity_is_a_graph_error(value, unit):
    with pytest.raises(GraphError, match="not a capacity"):
        b.facts_to_graph([Fact(kind="capacity", subject=ACME, value=value, unit=unit, evidence=ev())], reference=False)


def test_an_indicator_missing_from_the_reference_data_is_still_an_indicator():
    fact = Fact(kind="indicator", subject=ACME, indicator="widget-sales", value=3.0, unit="yuan", period="2021",
                evidence=ev())
    g = conforming([fact])
    assert (REF["indicator/widget-sales"], RDF.type, ALU.Indicator) in g
