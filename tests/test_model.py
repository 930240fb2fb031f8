"""The cluster model: the capacity rule shared with the queries, candidate attributions, sources."""

from __future__ import annotations

import pytest
import rdflib

from alucluster.graph import build as b
from alucluster.graph.attribution import annotate
from alucluster.graph.gaps import analyse
from alucluster.graph.model import read_model
from alucluster.graph.query import result_rows, run
from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.vocab import ALU

FIRM = Entity("enterprise/acme-extrusion", "Enterprise", "Acme Extrusion")


def _fact(kind, subject, sentence="Acme said so.", article="a", **kw):
    return Fact(kind, subject, Evidence(article, sentence, 0, len(sentence)), **kw)


def _rows(graph, name):
    columns, rows = result_rows(run(name, graph=graph))
    return [dict(zip(columns, r)) for r in rows]


@pytest.mark.parametrize("status_old, status_new, counted", [
    (None, None, 60_000),  # the 2021 figure, although smaller
    ("operating", "planned", 80_000),  # an operating figure before a planned one
])
def test_capacity_queries_and_gaps_count_the_same_figure(status_old, status_new, counted):
    facts = [
        _fact("capacity", FIRM, "Acme had 80,000 t/yr.", value=80_000.0, unit="t/yr", product="aluminium-profiles",
              period="2019", status=status_old),
        _fact("capacity", FIRM, "Acme has 60,000 t/yr.", value=60_000.0, unit="t/yr", product="aluminium-profiles",
              period="2021", status=status_new),
    ]
    g = b.facts_to_graph(facts, [Article.from_text("x", id="a")], hosts={"a": "510800"})
    by_stage = {r["stage"]: r["total_capacity"] for r in _rows(g, "capacity-by-stage")}
    assert by_stage["extrusion"] == counted
    assert [r["capacity"] for r in _rows(g, "capacities")] == [counted]
    assert analyse(g).before["balance"]["downstream"]["value"] == pytest.approx(counted)
    assert len(list(g.subject_objects(ALU.supersededBy))) == 1  # the other figure stays, superseded


@pytest.fixture(scope="module")
def seed_model(seed_graph_path):
    return read_model(seed_graph_path)


def test_seed_main_firm_is_candidate_operator_of_both_smelter_projects(seed_model):
    cl = seed_model.cluster("Guangyuan")
    ops = [c for c in cl.candidates if c.kind == "operator"]
    # the text: two 250,000 t/yr smelter projects with no operator, and one firm's 218,000 t H1 output
    assert sorted(cl.producers[c.subject].label for c in ops) == [
        "electrolytic aluminum project (1)", "electrolytic aluminum project (2)"]
    assert {cl.producers[c.object].label for c in ops} == {"Guangyuan Zhongfu"}
    for c in ops:
        assert "no operator is stated" in c.reason and 0 < c.confidence < 1
        sentences = [s.text for s in seed_model.sources([c.assertion])]
        assert any("218,000" in s for s in sentences) and any("250,000" in s for s in sentences)
    # the generic "aluminum products" output is read as the firm's only stage's product, inferred
    prods = [c for c in cl.candidates if c.kind == "product"]
    assert [c.object.rsplit("/", 1)[-1] for c in prods] == ["electrolytic-aluminium"]
    zhongfu = next(i for i, p in cl.producers.items() if p.label == "Guangyuan Zhongfu")
    assert (zhongfu, "https://w3id.org/alucluster/ref/product/electrolytic-aluminium") in cl.inferred


def test_candidates_are_inferred_assertions_never_stated(seed_graph_path):
    g = rdflib.Graph().parse(seed_graph_path)
    kinds = {}
    for a in g.subjects(ALU.factKind, None):
        kind = str(g.value(a, ALU.factKind))
        if kind.startswith("candidate-"):
            kinds[kind] = kinds.get(kind, 0) + 1
            assert g.value(a, ALU.stated).toPython() is False
            assert g.value(a, ALU.note), a  # every candidate says why
            # an operator rests on the project's sentence and the firm's; a product on the firm's figure
            assert len(list(g.objects(a, ALU.evidence))) >= (2 if kind == "candidate-operator" else 1), a
    assert kinds == {"candidate-operator": 2, "candidate-product": 1}
    # no stated operator was invented
    assert not list(g.subject_objects(ALU.operatedBy))


def _strip_candidates(g):
    for a in [a for a, k in g.subject_objects(ALU.factKind) if str(k).startswith("candidate-")]:
        g.remove((a, None, None))
    for prop in (ALU.candidateOperator, ALU.candidateProduct):
        g.remove((None, prop, None))
    return g


def test_a_rejected_candidate_is_not_proposed():
    p1 = Entity("project/a-electrolytic-aluminium-1", "InvestmentProject", "smelter project")
    firm = Entity("enterprise/big-metal", "Enterprise", "Big Metal")
    facts = [
        _fact("capacity", p1, value=250_000.0, unit="t/yr", product="electrolytic-aluminium"),
        _fact("output", firm, value=100_000.0, unit="t", product="aluminium", period="2021-H1"),
    ]
    g = b.facts_to_graph(facts, [Article.from_text("x", id="a")], hosts={"a": "510800"})
    assert len(list(g.subject_objects(ALU.candidateOperator))) == 1  # 200,000 t/yr fits 250,000
    _strip_candidates(g)
    annotate(g, rejected=frozenset({("candidate-operator", p1.id, firm.id)}))
    assert not list(g.subject_objects(ALU.candidateOperator))
    # without an operator the firm's only known stage is unknown: no candidate product either
    assert not list(g.subject_objects(ALU.candidateProduct))


@pytest.mark.parametrize("output, fits", [(100_000.0, True), (60_000.0, False), (150_000.0, False)])
def test_a_generic_output_must_fit_the_projects_size(output, fits):
    p1 = Entity("project/a-electrolytic-aluminium-1", "InvestmentProject", "smelter project")
    firm = Entity("enterprise/big-metal", "Enterprise", "Big Metal")
    facts = [
        _fact("capacity", p1, value=250_000.0, unit="t/yr", product="electrolytic-aluminium"),
        # a half-year's output counts twice: 200,000 / 120,000 / 300,000 t/yr against 250,000
        _fact("output", firm, value=output, unit="t", product="aluminium", period="2021-H1"),
    ]
    g = b.facts_to_graph(facts, [Article.from_text("x", id="a")], hosts={"a": "510800"})
    assert bool(list(g.subject_objects(ALU.candidateOperator))) is fits


def test_two_fitting_firms_give_no_candidate():
    p1 = Entity("project/a-electrolytic-aluminium-1", "InvestmentProject", "smelter project")
    facts = [_fact("capacity", p1, value=250_000.0, unit="t/yr", product="electrolytic-aluminium")]
    for name in ("one", "two"):
        facts.append(_fact("output", Entity(f"enterprise/{name}", "Enterprise", name), value=100_000.0, unit="t",
                           product="aluminium", period="2021-H1"))
    g = b.facts_to_graph(facts, [Article.from_text("x", id="a")], hosts={"a": "510800"})
    assert not list(g.subject_objects(ALU.candidateOperator))


def test_the_candidates_query_shows_them_as_inferred(seed_graph_path):
    columns, rows = result_rows(run("inferred-attributions", graph=seed_graph_path))
    got = {(r[0], r[1], r[2]) for r in rows}
    assert got == {
        ("candidate-operator", "electrolytic aluminum project (1)", "Guangyuan Zhongfu"),
        ("candidate-operator", "electrolytic aluminum project (2)", "Guangyuan Zhongfu"),
        ("candidate-product", "figure of Guangyuan Zhongfu", "electrolytic aluminium"),
    }
    sentences = {r[columns.index("sentence")] for r in rows}
    assert any("218,000 tons of aluminum products" in s for s in sentences)
