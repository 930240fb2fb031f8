"""Named queries over the seed graph: contract columns, hand-checked values, parameters, refusals."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from pathlib import Path

import pytest
import rdflib
from alucluster.graph import build as b
from alucluster.graph import query as q
from alucluster.loaders.article import Article, seed_article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import QueryError

DATA = Path(__file__).parent / "data" / "graph"
QUERIES = Path(q.__file__).parent / "queries"


@pytest.fixture(scope="module")
def graph():
    return b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl"), [seed_article()])


def rows(graph, name, **bindings):
    cols, data = q.result_rows(q.run(name, graph=graph, bindings=bindings or None))
    return [dict(zip(cols, r)) for r in data]


def csv_of(graph, name):
    return list(csv.reader(io.StringIO(q.format_result(q.run(name, graph=graph), "csv"))))


def test_there_are_at_least_twelve_competency_questions():
    assert len(q.named_queries()) >= 12


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_each_query_states_question_columns_and_order(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[0].rstrip().endswith("?"), "first line states the question"
    named = q.named_queries()[path.stem]
    assert named.columns, "a Columns: comment"
    parsed = q.check_query(text)
    assert [str(v) for v in parsed.algebra["PV"]] == list(named.columns)
    assert "ORDER BY" in text


@pytest.mark.parametrize("name, columns", [
    ("enterprises", ["enterprise", "origin_province", "located_in"]),
    ("capacities", ["enterprise", "product", "capacity", "unit"]),
    ("indicators", ["subject", "indicator", "value", "unit", "period"]),
])
def test_contract_csv_columns(graph, name, columns):
    # the contract columns come first, in this order; columns added after them are extras
    assert csv_of(graph, name)[0][: len(columns)] == columns


def test_capacities_of_the_seed(graph):
    got = {(r["enterprise"], r["product"], r["capacity"], r["unit"]) for r in rows(graph, "capacities")}
    # read from the article: "Hubei Shimei has an annual output of 100,000 tons of aluminum profiles" ...
    assert ("Hubei Shimei", "aluminium profiles", 100000, "t/yr") in got
    assert ("Guizhou Zhenghe", "aluminium profiles", 30000, "t/yr") in got
    assert ("Zhengzhou Yingkai", "steel claw protection rings", 3000000, "pair/yr") in got
    assert ("Hubei Xinrong", "aluminium alloy die castings", 6000000, "set/yr") in got
    assert sum(1 for r in rows(graph, "capacities") if r["capacity"] == 250000) == 2  # two 250,000 t projects


def test_indicators_of_the_seed_in_base_units_and_percent(graph):
    table = [row[:5] for row in csv_of(graph, "indicators")]
    assert ["Guangyuan", "GDP", "50501000000", "yuan", "2021-H1"] in table  # 50.501 billion yuan
    assert ["Guangyuan", "industrial value added growth", "11.6", "%", "2021-H1"] in table
    assert ["Guangyuan", "output growth (electrolytic aluminium)", "155.2", "%", "2021-H1"] in table


def test_enterprises_with_origin_and_location(graph):
    got = {r["enterprise"]: (r["origin_province"], r["located_in"]) for r in rows(graph, "enterprises")}
    assert got["Zhengzhou Yingkai"] == ("Henan", "Guangyuan")  # Zhengzhou is in Henan
    assert got["Hubei Shimei"] == ("Hubei", "Guangyuan")
    assert got["Guangyuan Zhongfu"] == (None, "Guangyuan")  # its origin is not stated


def test_capacity_per_origin_province(graph):
    got = {(r["origin_province"], r["unit"]): r["total_capacity"] for r in rows(graph, "capacity-by-origin-province")}
    assert got[("Henan", "t/yr")] == 500000  # two 250,000 t/yr projects from Henan
    assert got[("Hubei", "t/yr")] == 100000
    assert got[("Guizhou", "t/yr")] == 30000


def test_capacity_by_stage_sums_products(graph):
    got = {(r["stage"], r["product"]): r["total_capacity"] for r in rows(graph, "capacity-by-stage")}
    assert got[("extrusion", "aluminium profiles")] == 130000  # 100,000 + 30,000


def test_missing_stages(graph):
    missing = {r["stage"] for r in rows(graph, "missing-stages")}
    assert {"alumina refining", "carbon materials", "rolling", "casthouse"} <= missing
    assert not {"primary smelting", "extrusion", "die casting"} & missing


def test_local_suppliers_follow_material_flows(graph):
    got = {(r["supplier"], r["input"], r["output"]) for r in rows(graph, "local-suppliers")}
    assert ("Zhengzhou Yingkai", "steel claw protection rings", "electrolytic aluminium") in got


def test_origins_tell_stated_from_inferred(graph):
    got = {(r["subject"], r["origin"], r["stated"]) for r in rows(graph, "origins")}
    assert ("Zhengzhou Yingkai", "Zhengzhou", False) in got
    assert ("Zhengzhou Yingkai", "Henan", False) in got
    assert any(s.startswith("electrolytic aluminium project") and o == "Henan" and st for s, o, st in got)


def test_facts_parameter_selects_one_subject(graph):
    got = rows(graph, "facts", subject="enterprise/hubei-shimei")
    assert got and {r["label"] for r in got} == {"Hubei Shimei"}
    assert {r["kind"] for r in got} == {"enterprise", "origin", "location", "capacity"}
    everything = rows(graph, "facts")
    assert len(everything) > len(got)


def test_facts_about_a_place_include_its_indicators(graph):
    kinds = {r["kind"] for r in rows(graph, "facts", subject="place/cn-510800")}
    assert kinds == {"indicator"}


def test_parameter_values_are_bound_not_pasted(graph):
    evil = 'enterprise/x> } UNION { ?fact ?p ?o } #'
    assert rows(graph, "facts", subject=evil) == []


def test_unknown_parameter_is_refused(graph):
    with pytest.raises(QueryError, match="no parameter"):
        q.run("capacities", graph=graph, bindings={"subject": "x"})


def test_outputs_and_projects(graph):
    out = {(r["measure"], r["value"], r["unit"]) for r in rows(graph, "outputs")}
    assert ("output", 218000, "t") in out and ("output value", 4000000000, "yuan") in out
    years = [r["year"] for r in rows(graph, "projects")]
    assert years == ["2018", "2018"]


def test_sources_count_facts(graph):
    (row,) = rows(graph, "sources")
    assert row["article"] == "guangyuan-aluminum-2021"
    assert row["facts"] >= 37  # one assertion per hand-written fact, plus derived provinces


def test_conflicts_across_articles(graph):
    assert rows(graph, "conflicts") == []
    text = ("Hubei Shimei has an annual output of 120,000 tons of aluminum profiles. "
            "Guangyuan's GDP was 50 billion yuan in the first half of 2021.")
    first = text.index(" Guangyuan")
    art = Article.from_text(text, id="other")
    shimei = Entity("enterprise/hubei-shimei", "Enterprise", "Hubei Shimei")
    guangyuan = Entity("place/cn-510800", "PrefectureCity", "Guangyuan")
    extra = [
        Fact(kind="capacity", subject=shimei, value=120000.0, unit="t/yr", product="aluminium-profiles",
             period="2021", evidence=Evidence("other", text[:first], 0, first)),
        Fact(kind="indicator", subject=guangyuan, indicator="gdp", value=50e9, unit="yuan", period="2021-H1",
             evidence=Evidence("other", text[first + 1:], first + 1, len(text))),
    ]
    g2 = b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl") + extra, [seed_article(), art])
    got = {(r["subject"], r["measure"], r["value"], r["article"]) for r in rows(g2, "conflicts")}
    assert got == {
        ("Hubei Shimei", "capacity", 100000, "guangyuan-aluminum-2021"),
        ("Hubei Shimei", "capacity", 120000, "other"),
        ("Guangyuan", "GDP", 50501000000, "guangyuan-aluminum-2021"),
        ("Guangyuan", "GDP", 50000000000, "other"),
    }


def test_indicators_by_period_carries_dates(graph):
    r = rows(graph, "indicators-by-period")[0]
    assert (r["period"], r["start_date"], r["end_date"]) == ("2021-H1", "2021-01-01", "2021-06-30")


def test_chain_coverage_counts_producers(graph):
    got = {r["product"]: r["local_producers"] for r in rows(graph, "chain-coverage")}
    assert got["electrolytic aluminium"] == 2 and got["alumina"] == 0


def test_rq_file_and_sparql_text(graph, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# How many enterprises?\n# Columns: n\nPREFIX alu: <https://w3id.org/alucluster/ontology#>\n"
                    "SELECT (COUNT(?e) AS ?n) WHERE { ?e a alu:Enterprise }", encoding="utf-8")
    assert q.result_rows(q.run(str(path), graph=graph))[1] == [[5]]  # five named enterprises in the text
    assert q.format_result(q.run("ASK { ?s ?p ?o }", graph=graph), "table") == "true\n"


@pytest.mark.parametrize("text, message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "UPDATE is refused"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "UPDATE is refused"),
    ("DROP ALL", "UPDATE is refused"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://127.0.0.1:9/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("SELECT * WHERE { ?s ?p }", "malformed SPARQL"),
])
def test_forbidden_or_bad_queries(graph, text, message):
    with pytest.raises(QueryError, match=message):
        q.run(text, graph=graph)


def test_no_outbound_connection_is_made(graph, listener):
    port, hits = listener
    url = f"http://127.0.0.1:{port}/"
    for text in (f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
                 f"SELECT * FROM <{url}g.ttl> WHERE {{ ?s ?p ?o }}",
                 f"LOAD <{url}g.ttl>"):
        with pytest.raises(QueryError):
            q.run(text, graph=graph)
    # a query that would dereference a URL through a (non-standard) rdflib path is stopped by the guard
    with q.no_network(), pytest.raises(QueryError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    assert hits == []


def test_formats(graph):
    result = q.run("capacities", graph=graph)
    data = json.loads(q.format_result(result, "json"))  # json is SPARQL JSON
    assert data["head"]["vars"] == ["enterprise", "product", "capacity", "unit", "operator"]
    shimei = [d for d in data["results"]["bindings"] if d["enterprise"]["value"] == "Hubei Shimei"]
    assert shimei == [{"enterprise": {"type": "literal", "value": "Hubei Shimei", "xml:lang": "en"},
                       "product": {"type": "literal", "value": "aluminium profiles", "xml:lang": "en"},
                       "capacity": {"type": "literal", "value": "100000.0",
                                    "datatype": "http://www.w3.org/2001/XMLSchema#decimal"},
                       "unit": {"type": "literal", "value": "t/yr"}}]
    table = q.format_result(result, "table").splitlines()
    assert table[0].split() == ["enterprise", "product", "capacity", "unit", "operator"]
    assert table[-1] == f"({len(data['results']['bindings'])} rows)"
    with pytest.raises(QueryError, match="format"):
        q.format_result(result, "xml")


def test_construct_gives_turtle(graph):
    text = ("PREFIX alu: <https://w3id.org/alucluster/ontology#> "
            "CONSTRUCT { ?e a alu:Enterprise } WHERE { ?e a alu:Enterprise }")
    out = q.format_result(q.run(text, graph=graph), "table")
    g = rdflib.Graph().parse(data=out, format="turtle")
    assert len(g) == 5


def test_unknown_name_and_missing_file(tmp_path):
    with pytest.raises(QueryError, match="unknown named query"):
        q.resolve_query("capacity")
    with pytest.raises(QueryError, match="no query file"):
        q.resolve_query(str(tmp_path / "none.rq"))


def test_describe_lists_every_query():
    text = q.describe_named_queries()
    for name, nq in q.named_queries().items():
        assert re.search(rf"^{re.escape(name)}$", text, re.MULTILINE)
        assert nq.question in text


def _second_article(sentence: str, value: float, date: str | None = None):
    """The seed plus a hand-made article stating a Hubei Shimei profile capacity of ``value``."""
    art = Article.from_text(sentence, id="second", date=date)
    shimei = Entity("enterprise/hubei-shimei", "Enterprise", "Hubei Shimei")
    extra = [Fact(kind="capacity", subject=shimei, value=value, unit="t/yr", product="aluminium-profiles",
                  evidence=Evidence("second", sentence, 0, len(sentence)))]
    return b.facts_to_graph(b.read_facts(DATA / "seed-facts.jsonl") + extra, [seed_article(), art])


@pytest.mark.parametrize("value, date, hubei, extrusion", [
    (100000.0, None, 100000, 130000),  # a repeat of the seed's figure counts once
    (120000.0, "2022", 120000, 150000),  # a later article's figure counts, not 220,000
    (80000.0, "2022", 80000, 110000),  # ... even when smaller (the capacity rule: latest date first)
    (120000.0, None, 100000, 130000),  # an undated figure loses to the dated seed's (2021-07)
])
def test_capacity_totals_count_each_holder_once(value, date, hubei, extrusion):
    g2 = _second_article("Hubei Shimei can produce 100,000 tons of aluminum profiles a year.", value, date)
    by_province = {(r["origin_province"], r["unit"]): r["total_capacity"]
                   for r in rows(g2, "capacity-by-origin-province")}
    assert by_province[("Hubei", "t/yr")] == hubei
    assert by_province[("Henan", "t/yr")] == 500000  # untouched
    by_stage = {(r["stage"], r["product"]): r["total_capacity"] for r in rows(g2, "capacity-by-stage")}
    assert by_stage[("extrusion", "aluminium profiles")] == extrusion  # + Guizhou's 30,000


def test_capacities_do_not_repeat_identical_rows():
    g2 = _second_article("Hubei Shimei can produce 100,000 tons of aluminum profiles a year.", 100000.0)
    shimei = [r for r in rows(g2, "capacities") if r["enterprise"] == "Hubei Shimei"]
    assert shimei == [{"enterprise": "Hubei Shimei", "product": "aluminium profiles", "capacity": 100000,
                       "unit": "t/yr", "operator": None}]


@pytest.mark.parametrize("value, expected", [
    ("t/yr", rdflib.Literal("t/yr")),
    ("enterprise/acme", rdflib.URIRef("https://w3id.org/alucluster/id/enterprise/acme")),
    ("product/alumina", rdflib.URIRef("https://w3id.org/alucluster/ref/product/alumina")),
    ("<urn:x:y>", rdflib.URIRef("urn:x:y")),
    ("https://example.org/a/b", rdflib.URIRef("https://example.org/a/b")),
    ("2021", rdflib.Literal(2021)),
    ("-3", rdflib.Literal(-3)),
    ("11.6", rdflib.Literal(__import__("decimal").Decimal("11.6"))),
    ("2021-H1", rdflib.Literal("2021-H1")),
])
def test_parameter_value_types(value, expected):
    term = q._to_term("x", value)
    assert term == expected and type(term) is type(expected)
    if isinstance(expected, rdflib.Literal):
        assert term.datatype == expected.datatype


def test_parameters_bind_units_and_numbers(graph):
    text = ("PREFIX alu: <https://w3id.org/alucluster/ontology#>\n"
            "SELECT ?c WHERE { ?c a alu:Capacity ; alu:unit ?unit ; alu:value ?v . FILTER (?v >= ?min) }")
    units = {str(r[0]) for r in q.run(text, graph=graph, bindings={"unit": "t/yr", "min": "250000"})}
    # the two 250,000 t/yr Henan projects and nothing smaller; "250000" as text would compare as a string
    assert len(units) == 2


# ---------------------------------------------------------------- every figure reaches a named query

FIGURES = (
    "Acme Foil Group will build a foil project with an investment of 2 billion yuan. "
    "Acme Foil Group made 40,000 tons of aluminium foil worth 900 million yuan in 2021, and its sales were "
    "1.2 billion yuan. The foil project will have an annual capacity of 50,000 tons."
)


@pytest.fixture(scope="module")
def figures():
    """An invented article's figures: an enterprise's output, output value and sales, a project's investment
    and capacity, the project operated by the enterprise."""
    art = Article.from_text(FIGURES, id="figures", date="2022-03-01")
    ev = Evidence("figures", FIGURES, 0, len(FIGURES))
    group = Entity("enterprise/acme-foil-group", "EnterpriseGroup", "Acme Foil Group")
    project = Entity("project/figures-aluminium-foil-1", "InvestmentProject", "foil project")
    facts = [
        Fact(kind="enterprise", subject=group, evidence=ev),
        Fact(kind="project", subject=project, product="aluminium-foil", status="planned", evidence=ev),
        Fact(kind="operator", subject=project, object=group, evidence=ev),
        Fact(kind="investment", subject=project, value=2e9, unit="yuan", status="planned", evidence=ev),
        Fact(kind="capacity", subject=project, value=50000.0, unit="t/yr", product="aluminium-foil", status="planned",
             evidence=ev),
        Fact(kind="output", subject=group, value=40000.0, unit="t", product="aluminium-foil", period="2021", evidence=ev),
        Fact(kind="output_value", subject=group, value=9e8, unit="yuan", period="2021", evidence=ev),
        Fact(kind="indicator", subject=group, indicator="sales", value=1.2e9, unit="yuan", period_status="unknown",
             evidence=ev),
    ]
    return b.facts_to_graph(facts, [art])


def test_every_figure_of_an_enterprise_or_project_is_an_indicator_row(figures):
    got = {(r["subject"], r["indicator"], r["value"], r["unit"], r["period"], r["kind"], r["status"],
            r["period_status"]) for r in rows(figures, "indicators")}
    assert got == {
        ("foil project", "investment", 2000000000, "yuan", None, "investment", "planned", None),
        ("Acme Foil Group", "output (aluminium foil)", 40000, "t", "2021", "output", None, None),
        ("Acme Foil Group", "output value", 900000000, "yuan", "2021", "output value", None, None),
        ("Acme Foil Group", "sales", 1200000000, "yuan", None, "indicator", None, "unknown"),
    }


def test_a_project_capacity_row_names_its_operator(figures):
    assert rows(figures, "capacities") == [{"enterprise": "Acme Foil Group foil project", "product": "aluminium foil",
                                            "capacity": 50000, "unit": "t/yr", "operator": "Acme Foil Group"}]


def test_a_group_is_listed_among_the_enterprises(figures):
    assert [r["enterprise"] for r in rows(figures, "enterprises")] == ["Acme Foil Group"]


@pytest.mark.parametrize("slug, en, zh", [
    ("sales", "sales", "销售收入"), ("revenue", "revenue", "营业收入"), ("operating-income", "operating income", "营业利润"),
    ("profit", "profit", "利润"), ("profit-and-tax", "profits and taxes", "利税"), ("tax-revenue", "tax revenue", "税收"),
])
def test_financial_indicators_have_english_and_chinese_labels(slug, en, zh):
    from alucluster.ontology.reasoning import reference_graph
    from alucluster.ontology.vocab import REF

    labels = {(str(x), x.language) for x in reference_graph().objects(REF[f"indicator/{slug}"], rdflib.RDFS.label)}
    assert labels == {(en, "en"), (zh, "zh")}
