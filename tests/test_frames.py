"""Quantity frames: each strategy alone, then the facts a frame gives, on invented sentences."""

from __future__ import annotations

import pytest

from alucluster.loaders.article import Article
from alucluster.loaders.extract import extract
from alucluster.loaders.frames import facility_product, not_a_capacity, noun_phrase, owner_after, tonnage_products
from alucluster.loaders.mentions import find_mentions
from alucluster.loaders.periods import clauses, period_of, status_of
from alucluster.loaders.pipeline import english_pipeline, split_sentences
from alucluster.loaders.projects import attach_items


def _sentence(text: str):
    """The first sentence of ``text`` with its items, as the extractor sees it."""
    a = Article.from_text(text, date="2024-05-01")
    doc = english_pipeline().nlp(a.text)
    sents = split_sentences(doc, a.text)
    return a.text, attach_items(sents, list(find_mentions(a, doc, sents).items))[0]


def _facts(text: str, kind: str, date: str = "2024-05-01") -> list[tuple]:
    return sorted((f.subject.label, f.value, f.unit, f.product, f.period, f.status)
                  for f in extract(Article.from_text(text, date=date)) if f.kind == kind)


# ------------------------------------------------------------------------------------ strategies


@pytest.mark.parametrize(("words", "product"), [
    ("a coal-fired captive-power smelter", "electrolytic-aluminium"),
    ("its three potlines", "electrolytic-aluminium"),
    ("the new alumina refinery", "alumina"),
    ("a cold rolling mill", "aluminium-sheet"),
    ("the carbon plant", "prebaked-anodes"),
    ("two extrusion presses", "aluminium-profiles"),
    ("a hydropower-based plant", "electrolytic-aluminium"),
    ("a warehouse", None),
])
def test_facility_nouns_imply_a_product(words, product):
    assert facility_product(words) == product


@pytest.mark.parametrize(("before", "after", "what"), [
    ("The line will melt ", " of purchased scrap a year.", "input"),
    ("It cut coal use by ", " last year.", "saving"),
    ("Its carbon dioxide emissions of ", " fell.", "emission"),
    ("Ingots were priced at ", " per tonne.", "price"),
    ("The plant will cover ", " mu of land.", "area"),
    ("The plant employs ", " workers.", "jobs"),
    ("The plant has a capacity of ", " a year.", None),
    ("Acme runs a ", " coal-fired smelter.", None),
])
def test_what_a_figure_is_not(before, after, what):
    assert not_a_capacity(before, after) == what


def test_noun_phrase_owner_after_the_facility_noun():
    text, s = _sentence("The park opened a 48,000-tonne aluminium foil line of Hunan Xinda Aluminium in March.")
    q = next(it for it in s.items if it.kind == "qty")
    np = noun_phrase(s.items, q, text, s.start, s.end)
    assert np.head == "line" and np.owner.value.label == "Hunan Xinda Aluminium"
    assert [p.value for p in np.products] == ["aluminium-foil"]


def test_noun_phrase_possessive_owner():
    text, s = _sentence("Yunnan Ruifeng Aluminium's 86,000 t/yr aluminium foil line started production.")
    q = next(it for it in s.items if it.kind == "qty")
    assert noun_phrase(s.items, q, text, s.start, s.end).owner.value.label == "Yunnan Ruifeng Aluminium"


def test_no_noun_phrase_when_the_figure_sizes_nothing():
    text, s = _sentence("Hubei Kaida Aluminium produced 5,000 tonnes of aluminium foil in March.")
    q = next(it for it in s.items if it.kind == "qty")
    assert noun_phrase(s.items, q, text, s.start, s.end) is None


def test_owner_named_after_the_product():
    text, s = _sentence("The zone added 52,000 tons of aluminium foil of Hubei Ruida Aluminium last year.")
    q = next(it for it in s.items if it.kind == "qty")
    prods = [it for it in s.items if it.kind == "product"]
    assert owner_after(s.items, q, prods, text, s.end).value.label == "Hubei Ruida Aluminium"
    assert owner_after(s.items, q, [], text, s.end) is None


def test_a_tonnage_is_never_of_electricity():
    assert tonnage_products(["electricity", "aluminium"]) == ["aluminium"]


@pytest.mark.parametrize(("sentence", "status"), [
    ("The groundbreaking ceremony of the plant was held on Monday.", "under-construction"),
    ("Acme commenced construction of its foil project.", "under-construction"),
    ("The first phase is expected to be put into production in April.", "planned"),
    ("The line would start operations in 2026.", "planned"),
    ("Acme started operations at a new plant.", "operating"),
    ("The smelter is running at full capacity.", "operating"),
    ("Acme will build a foil plant.", "planned"),
])
def test_status_words(sentence, status):
    assert status_of(sentence) == status


def test_a_month_alone_is_a_month_of_the_article_year_unless_it_dates_an_event():
    assert period_of("The refinery turned out 75 kt of alumina in March.", 2019) == "2019-03"
    assert period_of("Its new line went into production in September.", 2019) is None


def test_clauses_split_before_a_second_possessive_subject():
    parts = clauses("Its 2018 output was 2 t and its output in the first half of 2019 was 1 t.", 0, 2019)
    assert [c.period for c in parts] == ["2018", "2019-H1"]


# ------------------------------------------------------------------------------------ facts


def test_list_items_share_the_verb_and_the_cue():
    text = ("Over the past two years the park has added 52,000 tons of aluminium foil of Hubei Ruida Aluminium, "
            "31,000 tons of aluminium profiles of Kaiyuan Metals and 18,000 tons of aluminium wire rod of Jiangxi "
            "Tongda Cable.")
    assert _facts(text, "capacity") == [
        ("Hubei Ruida Aluminium", 52000.0, "t/yr", "aluminium-foil", None, None),
        ("Jiangxi Tongda Cable", 18000.0, "t/yr", "aluminium-wire-rod", None, None),
        ("Kaiyuan Metals", 31000.0, "t/yr", "aluminium-profiles", None, None),
    ]


@pytest.mark.parametrize("plant", ["coal-fired captive-power smelter", "low-carbon hydropower-based aluminium plant"])
def test_energy_modifiers_describe_the_plant(plant):
    facts = _facts(f"Henan Kaixin Aluminium runs a 275,000 t/yr {plant}.", "capacity")
    assert [(f[0], f[1], f[3]) for f in facts] == [("Henan Kaixin Aluminium", 275000.0, "electrolytic-aluminium")]


def test_inputs_and_savings_are_not_capacities():
    text = "Sichuan Hengrui Aluminium will melt 85,000 tonnes of aluminium scrap a year and cut coal use by 31,000 tonnes."
    assert _facts(text, "capacity") == [] and _facts(text, "output") == []


def test_a_plant_that_will_produce_a_year_has_a_planned_capacity_not_an_output():
    text = ("Guizhou Lianda Aluminium will build a 96,000-tonne aluminium plate project. "
            "Once completed, the project will produce 96,000 tonnes of aluminium plate a year.")
    assert _facts(text, "output") == []
    # the restatement adds no second capacity
    assert [(f[1], f[3], f[5]) for f in _facts(text, "capacity")] == [(96000.0, "aluminium-sheet", "planned")]


def test_a_forecast_output_is_no_fact():
    text = "Ningxia Hongtai Aluminium produced 92,000 tonnes of alumina in April and its May output is expected to be 88,000 tonnes."
    assert _facts(text, "output", date="2019-09-01") == [
        ("Ningxia Hongtai Aluminium", 92000.0, "t", "alumina", "2019-04", None)]


@pytest.mark.parametrize("subject", ["The country", "China"])
def test_national_output_belongs_to_the_country(subject):
    text = f"{subject} produced 3.1 million tonnes of alumina in June, the statistics bureau said."
    assert _facts(text, "output", date="2011-08-01") == [("China", 3100000.0, "t", "alumina", "2011-06", None)]


def test_a_total_of_several_companies_is_no_ones_capacity():
    text = "Guizhou Hengda Aluminium and Anshun Kaiyuan Aluminium together plan 2.7 million tonnes a year of new alumina capacity, all told."
    assert _facts(text, "capacity") == []


def test_head_noun_of_the_phrase_names_the_product():
    text = "Zhejiang Kaida Wheel makes 500,000 forged aluminium wheels a year."
    assert [(f[1], f[2], f[3]) for f in _facts(text, "capacity")] == [(500000.0, "piece/yr", "aluminium-wheels")]


def test_a_project_under_way_gives_its_status_to_an_expected_capacity():
    text = ("Construction of the Hunan Ruida aluminium sheet and strip project started in May. "
            "Once it is completed, the project will produce 120,000 tonnes of aluminium sheet a year.")
    assert [(f[1], f[3], f[5]) for f in _facts(text, "capacity")] == [(120000.0, "aluminium-sheet", "under-construction")]


def test_an_agreement_makes_the_project_signed():
    assert status_of("According to the agreement, Acme will build an aluminium foil plant.") == "signed"


def test_a_facility_named_by_its_noun_gives_the_product():
    text = ("Hunan Kaixin Group is considering building a smelter in the north. "
            "According to a spokesman, the smelter is to be sized for 450,000 tons a year.")
    assert [(f[0], f[1], f[3]) for f in _facts(text, "capacity")] == [("Hunan Kaixin Group", 450000.0, "electrolytic-aluminium")]


def test_a_capacity_without_product_takes_its_paragraph_product():
    text = ("Jiangsu Ruida Aluminium is a maker of aluminium foil. "
            "With an annual capacity of 100,000 tonnes, it supplies battery makers.")
    assert [(f[0], f[1], f[3]) for f in _facts(text, "capacity")] == [("Jiangsu Ruida Aluminium", 100000.0, "aluminium-foil")]


def test_parts_ranges_and_increments_are_not_capacities():
    text = ("Hunan Ruida Aluminium has alumina capacity of 3,000,000 t/yr comprising three lines: two 1,000,000 t/yr "
            "lines and one 1,000,000 t/yr line. Its design capacity is between 4,000,000 t/yr and 5,000,000 t/yr. "
            "It also built extra 400,000 tonnes of alumina capacity.")
    assert [f[1] for f in _facts(text, "capacity")] == [3000000.0]


def test_a_facility_before_of_and_the_figure():
    text = "Henan Kaida Aluminium built a deep processing aluminium alloy production line of 300,000 tonnes."
    assert [(f[0], f[1], f[3]) for f in _facts(text, "capacity")] == [("Henan Kaida Aluminium", 300000.0, "aluminium-alloy-ingots")]


def test_once_put_into_operation_is_a_condition_not_a_status():
    assert status_of("Once the project is put into operation next year, it will make foil.") == "planned"


def test_a_unit_abbreviation_after_a_number_ends_the_sentence():
    a = Article.from_text("The country produced 3,143 Mt. In the first half, output rose.", date="2011-08-01")
    doc = english_pipeline().nlp(a.text)
    assert [s.text for s in split_sentences(doc, a.text)] == ["The country produced 3,143 Mt.", "In the first half, output rose."]


def test_a_year_modifying_a_noun_is_not_carried_to_the_next_sentence():
    text = "The 1986 plan made Guilin a base of the industry. The city produces 600,000 tons of alumina."
    assert [f[4] for f in _facts(text, "output", date="2010-03-01")] == [None]


@pytest.mark.parametrize("sentence", [
    "China will consume 15.9 million tons of aluminium this year, 15% more than in 2009.",
    "China imported 683,843 tonnes of aluminium scrap over January-May, down 24% year on year.",
])
def test_forecast_and_import_growth_are_not_output_growth(sentence):
    assert _facts(sentence, "indicator", date="2010-06-01") == []


def test_respectively_pairs_figures_with_the_products_in_order():
    text = ("In 2013, Hubei's alumina, primary aluminium and aluminium foil outputs were respectively 1.5 million "
            "tonnes, 0.7 million tonnes and 0.2 million tonnes.")
    assert [(f[1], f[3]) for f in _facts(text, "output", date="2014-02-01")] == [
        (200000.0, "aluminium-foil"), (700000.0, "electrolytic-aluminium"), (1500000.0, "alumina")]


def test_a_forecast_sales_figure_is_planned_and_says_why_it_has_no_period():
    text = "Upon completion, the Hunan Ruida foil project is expected to generate annual sales revenue of 600 million yuan."
    facts = [f for f in extract(Article.from_text(text, date="2024-05-01")) if f.value == 600000000.0]
    assert [(f.period, f.status, f.period_status) for f in facts] == [(None, "planned", "annual")]


def test_a_figure_per_counted_line_sizes_the_lines_not_the_holder():
    text = "Hunan Ruida Aluminium suspended one 1,200,000 t/yr alumina production line in July."
    assert _facts(text, "capacity") == []
