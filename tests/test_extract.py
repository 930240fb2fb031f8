"""The extraction engine on the seed article and on small texts written for one rule each.

Expected values are read off the texts by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alucluster.loaders.article import Article, read_article, seed_article
from alucluster.loaders.extract import EXTRACTOR_VERSION, extract, extract_article, extract_file, format_facts

ARTICLES = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def seed():
    return extract_article(seed_article())


def _of(facts, kind, subject=None):
    return [f for f in facts if f.kind == kind and (subject is None or f.subject.label == subject)]


def _article(text, date="2022-06"):
    return Article.from_text(text, id="t", date=date)


def test_seed_host_is_the_city_the_article_is_about(seed):
    assert seed.host.id == "place/cn-510800"


def test_seed_local_enterprise_is_located_not_originating(seed):
    facts = seed.facts
    assert _of(facts, "origin", "Guangyuan Zhongfu") == []
    (loc,) = [f for f in _of(facts, "location", "Guangyuan Zhongfu") if f.object.id == "place/cn-510800"]
    assert not loc.stated


def test_seed_city_prefix_gives_city_origin(seed):
    (o,) = _of(seed.facts, "origin", "Zhengzhou Yingkai")
    assert (o.object.id, o.object.label, o.stated) == ("place/cn-410100", "Zhengzhou", False)


def test_seed_two_projects_each_with_capacity_origin_and_year(seed):
    projects = _of(seed.facts, "project")
    assert len(projects) == 2
    ids = {p.subject.id for p in projects}
    caps = [f for f in _of(seed.facts, "capacity") if f.subject.id in ids]
    assert sorted((f.value, f.unit, f.product) for f in caps) == [(250000, "t/yr", "electrolytic-aluminium")] * 2
    origins = [f for f in _of(seed.facts, "origin") if f.subject.id in ids]
    assert sorted((f.object.label, f.stated) for f in origins) == [("Henan", True)] * 2
    assert sorted(f.period for f in _of(seed.facts, "introduced")) == ["2018", "2018"]
    # the article never says who runs them: no operator is invented
    assert _of(seed.facts, "operator") == []


def test_seed_split_number_is_joined_with_lower_confidence(seed):
    (cap,) = _of(seed.facts, "capacity", "Hubei Xinrong")
    assert (cap.value, cap.unit, cap.product) == (6_000_000, "set/yr", "aluminium-die-castings")
    assert cap.confidence < 0.9 and "split" in cap.note
    # the evidence spans both sentences, as written
    assert cap.evidence.sentence.endswith("have landed in Guangyuan.")


def test_seed_specific_product_wins_over_generic(seed):
    (cap,) = _of(seed.facts, "capacity", "Hubei Shimei")
    assert (cap.value, cap.product) == (100_000, "aluminium-profiles")


def test_seed_bound_restating_an_exact_figure_is_dropped(seed):
    gdp = [f for f in seed.facts if f.indicator == "gdp"]
    assert [f.value for f in gdp] == [pytest.approx(50.501e9)]


def test_seed_membership(seed):
    (m,) = _of(seed.facts, "membership")
    assert (m.subject.label, m.object.label) == ("new materials", "6+2")


@pytest.mark.parametrize("path", ARTICLES + [None], ids=[p.stem for p in ARTICLES] + ["seed"])
def test_evidence_is_the_text_at_its_offsets(path):
    a = seed_article() if path is None else read_article(path)
    facts = extract(a)
    assert facts
    for f in facts:
        assert f.evidence.sentence == a.text[f.evidence.start : f.evidence.end]
        assert f.evidence.article == a.id
        assert 0 < f.confidence <= 1


def test_same_input_same_output():
    a = seed_article()
    assert format_facts(extract(a), "jsonl") == format_facts(extract(a), "jsonl")


def test_cache_round_trip(tmp_path):
    a = seed_article()
    first = extract(a, cache_dir=tmp_path)
    (entry,) = list(tmp_path.iterdir())
    assert entry.suffix == ".json"
    # a cached result is read back, not recomputed: alter the entry and see the change come back
    data = json.loads(entry.read_text(encoding="utf-8"))
    data[0]["note"] = "from cache"
    entry.write_text(json.dumps(data), encoding="utf-8")
    second = extract(a, cache_dir=tmp_path)
    assert second[0].note == "from cache" and second[1:] == first[1:]
    assert EXTRACTOR_VERSION


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shandong Nanhua Aluminium Co., Ltd. has an annual capacity of 1.2 million tonnes of aluminium sheet.",
         ("Shandong Nanhua Aluminium", 1_200_000, "t/yr", "aluminium-sheet")),
        ("Henan Tianlong Group runs a 120 kt/a aluminium billet line in the city.",
         ("Henan Tianlong Group", 120_000, "t/yr", "aluminium-billets")),
        ("A 300,000-tonne-a-year alumina refinery is operated by Shanxi Huaxing Alumina Co., Ltd.",
         ("Shanxi Huaxing Alumina", 300_000, "t/yr", "alumina")),
    ],
)
def test_capacity_patterns(text, expected):
    caps = _of(extract(_article(text)), "capacity")
    assert [(f.subject.label, f.value, f.unit, f.product) for f in caps] == [expected]


def test_output_with_period_from_the_article_date():
    a = _article("In the first half of this year, Qinghai Hongtai produced 80,000 tons of aluminum ingots, "
                 "up 4.5% year on year.", date="2023-08-01")
    (out,) = _of(extract(a), "output")
    assert (out.subject.label, out.value, out.unit, out.product, out.period) == (
        "Qinghai Hongtai", 80_000, "t", "aluminium-ingots", "2023-H1")


def test_stated_origin_beats_nothing_and_subsidiary_is_not_its_group():
    text = ("Yunnan Wenshan is far away. Nanning Qiaolian Aluminium Co., Ltd., a subsidiary of Shandong Qiaolian Group, "
            "is a Zhejiang-funded enterprise. Qiaolian Aluminium has an annual capacity of 50,000 tons of aluminum foil.")
    ex = extract_article(_article(text))
    labels = sorted({f.subject.label for f in _of(ex.facts, "enterprise")})
    assert labels == ["Nanning Qiaolian Aluminium", "Shandong Qiaolian Group"]
    (sub,) = _of(ex.facts, "subsidiary")
    assert (sub.subject.label, sub.object.label) == ("Nanning Qiaolian Aluminium", "Shandong Qiaolian Group")
    stated = [f for f in _of(ex.facts, "origin", "Nanning Qiaolian Aluminium") if f.stated]
    assert [f.object.label for f in stated] == ["Zhejiang"]
    # the short name merges into the subsidiary, never into the group
    (cap,) = _of(ex.facts, "capacity")
    assert cap.subject.label == "Nanning Qiaolian Aluminium"
    assert any(m.merged == "Qiaolian Aluminium" and m.kept == "Nanning Qiaolian Aluminium" for m in ex.merges)


def test_project_counts_and_investment():
    text = ("Three aluminium foil projects from Fujian were signed in 2020. "
            "The city also signed an aluminium wheel project with a total investment of RMB 1.5 billion.")
    facts = extract(_article(text))
    projects = _of(facts, "project")
    assert sorted(p.product for p in projects) == ["aluminium-foil"] * 3 + ["aluminium-wheels"]
    assert sorted(f.object.label for f in _of(facts, "origin")) == ["Fujian"] * 3
    (inv,) = _of(facts, "investment")
    assert (inv.value, inv.unit, inv.subject.id.rsplit("-", 2)[-2]) == (1.5e9, "yuan", "wheels")


def test_indicators_growth_and_margin():
    text = ("From January to September, the industrial added value of Zunyi increased by 8.2%, "
            "1.1 percentage points higher than the provincial average, and fixed asset investment fell 3.5%.")
    facts = extract(_article(text, date="2022-10"))
    got = sorted((f.indicator, f.value, f.unit, f.period) for f in _of(facts, "indicator"))
    assert got == [
        ("fixed-asset-investment-growth", -3.5, "%", "2022-01/2022-09"),
        ("industrial-value-added-growth", 8.2, "%", "2022-01/2022-09"),
        ("industrial-value-added-growth-margin", 1.1, "pp", "2022-01/2022-09"),
    ]
    assert {f.subject.label for f in _of(facts, "indicator")} == {"Zunyi"}


def test_no_facts_from_prose_without_figures():
    assert [f.kind for f in extract(_article("The meeting stressed the importance of hard work."))] == []


def test_format_table_and_jsonl():
    facts = extract(seed_article())
    table = format_facts(facts, "table")
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["kind", "subject", "object/value"]
    assert len(lines) == len(facts) + 1
    rows = [json.loads(line) for line in format_facts(facts, "jsonl").splitlines()]
    assert [r["kind"] for r in rows] == [f.kind for f in facts]
    with pytest.raises(ValueError):
        format_facts(facts, "xml")


def test_cli_extract(tmp_path, capsys):
    from alucluster.graph.cli import main

    p = tmp_path / "a.txt"
    p.write_text("---\ndate: 2021-05\n---\nGansu Dongxing has an annual output of 20,000 tons of aluminum foil.\n",
                 encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["extract", str(p), "--format", "jsonl"])
    assert info.value.code in (0, None)
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    cap = next(r for r in rows if r["kind"] == "capacity")
    assert (cap["value"], cap["unit"], cap["product"]) == (20000.0, "t/yr", "aluminium-foil")
    with pytest.raises(SystemExit) as info:
        main(["extract", str(tmp_path / "missing.txt")])
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_extract_file_reads_front_matter(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("---\ndate: 2019-12-01\n---\nLast year, Henan Shunda produced 10,000 tons of aluminum wire rod.\n",
                 encoding="utf-8")
    (out,) = _of(extract_file(p), "output")
    assert (out.period, out.value, out.product) == ("2018", 10_000, "aluminium-wire-rod")


@pytest.mark.parametrize(
    "text, province",
    [
        ("In Baotou, Taizhou Hengda Aluminium Co., Ltd. has an annual capacity of 10,000 tons of aluminium foil.", None),
        ("Baotou welcomes investors from Zhejiang. Taizhou Hengda Aluminium Co., Ltd. has an annual capacity of 10,000 tons "
         "of aluminium foil.", "Zhejiang"),
        ("Baotou welcomes investors from Jiangsu. Taizhou Hengda Aluminium Co., Ltd. has an annual capacity of 10,000 tons "
         "of aluminium foil.", "Jiangsu"),
    ],
)
def test_ambiguous_city_prefix_keeps_the_ambiguity_visible(text, province):
    (o,) = _of(extract(_article(text)), "origin", "Taizhou Hengda Aluminium")
    assert o.object.label == "Taizhou" and not o.stated
    assert "ambiguous" in o.note and o.confidence <= 0.5
    if province:
        assert o.object.id == {"Zhejiang": "place/cn-331000", "Jiangsu": "place/cn-321200"}[province]


@pytest.mark.parametrize(
    "sentence, year, period",
    [
        ("In the first half of this year, output rose.", 2021, "2021-H1"),
        ("in the first half of 2020 the city", 2022, "2020-H1"),
        ("In the first three quarters of 2022, Baotou produced", 2022, "2022-01/2022-09"),
        ("From January to October, enterprises achieved", 2023, "2023-01/2023-10"),
        ("from January to September this year", 2021, "2021-01/2021-09"),
        ("In the first quarter of 2023, Guiyang produced", 2023, "2023-Q1"),
        ("In Q3 2024 output fell", 2024, "2024-Q3"),
        ("In the first eight months of this year", 2021, "2021-01/2021-08"),
        ("Last year the city produced", 2022, "2021"),
        ("this year, the company has", 2021, "2021"),
        ("Output reached 1 million tonnes in 2020.", 2021, "2020"),
        ("the company's 2018 sales revenue was", 2019, "2018"),
        ("in the same period", 2021, None),
        ("since it was established in 1985", 2021, None),
        ("The meeting was held.", 2021, None),
    ],
)
def test_periods(sentence, year, period):
    from alucluster.loaders.extract import period_of

    assert period_of(sentence, year) == period
