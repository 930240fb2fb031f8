"""Organisation names, non-enterprises, stated origins and host choice (catalogue sections A and B).

Every sentence is invented (the catalogue's examples or written for one rule); the expected names
and places are read off the sentence.
"""

from __future__ import annotations

import pytest

from alucluster.loaders.article import Article
from alucluster.loaders.extract import extract, extract_article


def _facts(text, title=None, date="2023-05"):
    return extract(Article.from_text(text, id="t", date=date, title=title))


def _enterprises(text, title=None):
    return sorted(f.subject.label for f in _facts(text, title) if f.kind == "enterprise")


def _rel(facts, kind):
    return sorted((f.subject.label, f.object.label, f.stated) for f in facts if f.kind == kind)


@pytest.mark.parametrize("text, names", [
    # A1: a place plus an industry word acting as a company (subject, possessive, agent, legal form)
    ("Tongren Aluminium restarted its idled potline in the third quarter.", ["Tongren Aluminium"]),
    ("Lvliang Aluminum said its alumina line had run at full load since March.", ["Lvliang Aluminum"]),
    ("The plant was built by Xuchang Aluminium under a lease.", ["Xuchang Aluminium"]),
    ("Tongren aluminium output rose 6.3% in May.", []),
    ("Tongren Aluminium output rose 6.3% in May.", []),
    # A2: a brand with descriptors
    ("Taifeng Aluminium Industrial opened a 48,000-tonne extrusion plant in Xiangyang.", ["Taifeng Aluminium Industrial"]),
    ("Ruixin Hi-Tech Materials and Kaiyuan Precision signed the deal.", ["Kaiyuan Precision", "Ruixin Hi-Tech Materials"]),
    ("Hunan Ruilong Sci-Tech Co., Ltd. supplies the line.", ["Hunan Ruilong Sci-Tech"]),
    # A3: lower-case "of" inside a name, a parenthesised short form used alone later
    ("Light Alloys Corp of Xinjiang Co Ltd (Xinmet) said on Tuesday that Xinmet's smelter had restarted.",
     ["Light Alloys Corp of Xinjiang"]),
    ("The line is financed by the Commercial Bank of Ningxia.", ["Commercial Bank of Ningxia"]),
    # A4: "China <Brand> Group"; "China" alone is the country
    ("Shares of China Qiaolong Group Ltd rose after Qiaolong said its smelter in China was running at full load.",
     ["China Qiaolong Group"]),
    # legal forms dropped, Group and a parenthesised place kept
    ("Zhenyuan Foil Joint-Stock Co., Ltd. and Kaiheng Metals Inc. formed Hengtai (Xuzhou) Aluminium Co., Ltd.",
     ["Hengtai (Xuzhou) Aluminium", "Kaiheng Metals", "Zhenyuan Foil"]),
    # A6: a project name that looks like a company name
    ("Trial runs begin at Anshun Heshun Phase II project", ["Anshun Heshun"]),
    # A7 and people: agencies, exchanges, data providers, ministries, associations, a road, a mayor
    ("According to Anshun Alloy News, Hengrui Foil filed with the Shenzhen Stock Exchange, citing data from "
     "Lantai Metals Information and the Guizhou Nonferrous Metals Industry Association.", ["Hengrui Foil"]),
    ("Mayor Li Wei and Tianrui Group chairman Zhao Gang signed the agreement on Xinhe Road.", ["Tianrui Group"]),
    # peripheral companies named by a company noun, a list of companies or a foreign possessive
    ("It supplies carmakers ranging from Nordvik Motors and Kestrel Auto to Vantor and startup Lumo.",
     ["Kestrel Auto", "Lumo", "Nordvik Motors", "Vantor"]),
    ("The furnace came from Germany's Brelle company; the wheels passed a test by Harwick Testing Services.",
     ["Brelle", "Harwick Testing Services"]),
    ("The region has three smelters, such as Hengda Guizhou Branch, Lianda Aluminium and Ruifeng Metals, with "
     "a combined capacity of 1 million tonnes.", ["Hengda Guizhou Branch", "Lianda Aluminium", "Ruifeng Metals"]),
])
def test_organisation_names(text, names):
    assert _enterprises(text) == names


def test_a_short_form_in_parentheses_is_an_alias_not_another_company():
    facts = _facts("Guizhou Light Metals Company of Anshun (GLMA) will take a 35% stake. GLMA said the smelter "
                   "would start in May.")
    assert [f.subject.label for f in facts if f.kind == "enterprise"] == ["Guizhou Light Metals Company of Anshun"]


def test_a_headline_name_and_its_shorter_body_name_are_one_company():
    text = "Kaida Mining Group Weighs New Potline In The North\n\nKaida Group may add a potline near Baotou."
    assert _enterprises(text, title="Kaida Mining Group Weighs New Potline In The North") == ["Kaida Group"]


def test_a_name_cut_short_later_is_the_same_company():
    text = "Zhejiang Ruifeng Technology Co., Ltd. makes wheels. Zhejiang Ruifeng says it is the only forger in Taizhou."
    assert _enterprises(text) == ["Zhejiang Ruifeng Technology"]


@pytest.mark.parametrize("text, origins", [
    ("Hubei-based Ruitong New Materials opened a foil mill in Yingtan.", [("Ruitong New Materials", "Hubei", True)]),
    ("The US-based Norvane Inc. runs a rolling mill in Changzhou.", [("Norvane", "US", True)]),
    ("Tokyo based light metal maker, Kinzai Metal, builds a plant near Guangzhou.", [("Kinzai Metal", "Tokyo", True)]),
    ("Hong Kong's Taiwei Holdings Ltd said it would invest in Foshan.", [("Taiwei Holdings", "Hong Kong", True)]),
    ("Shanghai’s Donghai Group is to begin a project in Baotou.", [("Donghai Group", "Shanghai", True)]),
    ("The rolling line in Yingtan was financed by a Fujian investor, Longyan Kaixin Capital.",
     [("Longyan Kaixin Capital", "Fujian", True), ("Longyan Kaixin Capital", "Longyan", False)]),
    ("China's Regal Foil said it planned a project in Yingtan.", []),  # the national frame, not an origin
])
def test_stated_origins(text, origins):
    assert _rel(_facts(text), "origin") == origins


def test_a_province_that_only_says_where_a_county_is_does_not_make_it_the_host():
    # the literal rule: only the host and places inside it are exempt, so a host-province prefix is an origin
    e = extract_article(Article.from_text("The commission approved Shanxi Tongrui Aluminum's plan to build a refinery "
                                          "in Baode County in Shanxi province.", id="t", date="2011"))
    assert e.host.label == "Baode"
    assert _rel(e.facts, "origin") == [("Shanxi Tongrui Aluminum", "Shanxi", False)]


def test_a_county_named_with_its_province_is_the_host():
    e = extract_article(Article.from_text("Yunnan Ruiqi began building a smelter at a park in Heqing, Yunnan Province.",
                                          id="t", date="2020"))
    assert e.host.label == "Heqing"
    assert _rel(e.facts, "origin") == [("Yunnan Ruiqi", "Yunnan", False)]


def test_a_place_named_inside_a_park_name_does_not_make_the_host():
    text = ("The Gansu New Materials Development Zone signed an agreement with Gansu Ruilong Cable Co., Ltd. for a "
            "project located in the Yongdeng county of the zone.")
    e = extract_article(Article.from_text(text, id="t", date="2025"))
    assert e.host.label == "Yongdeng"
    assert _rel(e.facts, "origin") == [("Gansu Ruilong Cable", "Gansu", False)]


@pytest.mark.parametrize("text, pairs", [
    ("Shunda Group's foil unit, Yichang Shunda Foil, doubled its shipments.", [("Yichang Shunda Foil", "Shunda Group")]),
    ("Kaiyuan Metals is a subsidiary of China Ruifeng.", [("Kaiyuan Metals", "China Ruifeng")]),
    ("Hengtai Group owns a refinery. Hengtai (Xuzhou) Aluminium, the alumina arm of the group, was fined.",
     [("Hengtai (Xuzhou) Aluminium", "Hengtai Group")]),
    ("Sichuan Ruiqi Group, the parent company, will provide alumina to Yunnan Ruiqi.", [("Yunnan Ruiqi", "Sichuan Ruiqi Group")]),
    ("In 2021 Zibo Kaida Aluminium decided to move its potlines and set up Qujing Kaida Aluminium Co., Ltd. in the park.",
     [("Qujing Kaida Aluminium", "Zibo Kaida Aluminium")]),
    ("Norvane International, Inc. is to hold a 72 percent equity interest in the new company, named Norvane Ruixin "
     "Aluminum (Zhenjiang) Co., Ltd.", [("Norvane Ruixin Aluminum (Zhenjiang)", "Norvane International")]),
    ("The plant in near Foshan was built as subsidiary of Baoding Ruixin Aluminium by Kinzai Metal.", []),
])
def test_subsidiaries(text, pairs):
    assert _rel(_facts(text), "subsidiary") == [(c, p, True) for c, p in pairs]


def test_a_brand_alone_is_the_company_it_names_with_descriptors_not_a_joint_venture_with_it():
    text = ("Norvane International, Inc. formed Norvane Ruixin Aluminum (Zhenjiang) Co., Ltd. with a partner. "
            "The rolling force was developed by Norvane.")
    assert _enterprises(text) == ["Norvane International", "Norvane Ruixin Aluminum (Zhenjiang)"]


def test_plants_based_in_a_province_are_no_origin_of_their_owner_but_a_company_headquartered_there_is():
    facts = _facts("Hubei Ruilong Group's alumina plants are based in Shanxi. Kaiyuan Foil Co., Ltd., a company "
                   "headquartered in Xiamen, opened a mill in Yingtan.")
    assert _rel(facts, "origin") == [("Hubei Ruilong Group", "Hubei", False), ("Kaiyuan Foil", "Xiamen", True)]


def test_an_origin_stated_of_the_company_refers_to_the_company_named_before():
    facts = _facts("HAMI, Xinjiang - China Ruifeng Holdings Ltd wants more extrusion lines, a manager said. "
                   "The Jiangsu-based, and Shenzhen-listed, company aims for 350,000 tons by then.")
    assert _rel(facts, "origin") == [("China Ruifeng Holdings", "Jiangsu", True)]


def test_a_park_name_with_lower_case_words_is_one_park_and_no_company():
    from alucluster.loaders.mentions import find_mentions
    from alucluster.loaders.pipeline import english_pipeline, split_sentences

    a = Article.from_text("Work on the line begins next spring in the Anshun Ruixin Aluminum deep processing "
                          "Industrial Park, where 215 million yuan will be spent.", id="t", date="2023")
    doc = english_pipeline().nlp(a.text)
    m = find_mentions(a, doc, split_sentences(doc, a.text))
    assert [it.value.label for it in m.items if it.kind in ("org", "park")] == [
        "Anshun Ruixin Aluminum deep processing Industrial Park"]


def test_a_project_funded_by_a_company_of_a_province_takes_that_origin():
    facts = _facts("In October a recycled aluminium project funded by a Zhejiang company was signed with Yuanyang County: "
                   "it will have an annual capacity of 200,000 tonnes.")
    assert [(f.subject.type, f.object.label, f.stated) for f in facts if f.kind == "origin"] == [
        ("InvestmentProject", "Zhejiang", True)]


def test_a_city_spelt_with_its_diaeresis_is_the_pinyin_city():
    e = extract_article(Article.from_text("Lüliang Ruixin Aluminium runs a smelter.\n\nXiaoyi Kaida Alumina has a refinery "
                                          "in Jiaokou County.", id="t", date="2024",
                                          title="Lüliang issues a plan for its aluminium industry"))
    assert e.host.label == "Lvliang"
    assert _rel(e.facts, "origin") == []


@pytest.mark.parametrize("written", ["Baode County", "Baode", "baode county"])
def test_the_scorer_reads_a_division_as_the_text_writes_it(written):
    from alucluster.loaders.evaluate import score
    from alucluster.loaders.facts import Entity, Evidence, Fact
    from alucluster.loaders.places import lookup

    d = lookup("Baode")[0]
    f = Fact("location", Entity("enterprise/acme", "Enterprise", "Acme"), Evidence("a", "s", 0, 1),
             object=Entity(d.id, d.type, d.name_en, d.name_zh))
    assert score([f], [{"kind": "location", "subject": "Acme", "object": written}])["location"].tp == 1


@pytest.mark.parametrize("text, origins", [
    # "Longhua" and "Xishan" are district names in several provinces: no distant origin from them
    ("KARAMAY, Xinjiang - Longhua Xinlong Aluminium has built a foil line there.", []),
    ("ZUNYI, Guizhou - Xishan Lantai Foil opened a warehouse in Zunyi.", []),
])
def test_an_ambiguous_county_prefix_gives_no_distant_origin(text, origins):
    assert _rel(_facts(text), "origin") == origins


@pytest.mark.parametrize("text, origin, location", [
    ("ZUNYI, Guizhou - Hengrui's existing smelters are in Changzhi, Shanxi; the group is shifting two-fifths of that "
     "capacity to Zunyi.", ("Hengrui", "Shanxi", False), ("Hengrui", "Zunyi", True)),
    ("LIUPANSHUI, Guizhou - Kaida Aluminium closed its Yuncheng potlines last year and rebuilt them in Liupanshui.",
     ("Kaida Aluminium", "Shanxi", False), ("Kaida Aluminium", "Liupanshui", True)),
])
def test_an_origin_through_relocation(text, origin, location):
    facts = _facts(text)
    assert origin in _rel(facts, "origin")
    assert location in _rel(facts, "location")


def test_a_location_stated_and_implied_by_the_name_is_one_assertion():
    facts = _facts("ZUNYI, Guizhou - Zunyi Ruifeng Foil, whose mill is in Zunyi, doubled its shipments.")
    assert [(f.object.label, f.stated) for f in facts if f.kind == "location"] == [("Zunyi", True)]


@pytest.mark.parametrize("text, places", [
    ("BAOTOU, Inner Mongolia - Sichuan Ruiqi Group has a 1 mtpy alumina refinery in Guizhou and a 900 ktpy smelter "
     "in Xinjiang.", ["Guizhou", "Xinjiang"]),
    ("BAOTOU, Inner Mongolia - Hengrui Group's alloy plants are based in Shandong, Shanxi and Guangxi provinces.",
     ["Guangxi", "Shandong", "Shanxi"]),
    ("BAOTOU, Inner Mongolia - Hengrui Group runs a recycling plant in Xining, Qinghai province.", ["Xining"]),
    ("BAOTOU, Inner Mongolia - Ruixin Carbon's anodes are supplied to smelters in Gansu and Qinghai.", []),
])
def test_where_a_company_has_its_plants_is_where_it_is_located(text, places):
    facts = _facts(text)
    assert sorted(f.object.label for f in facts if f.kind == "location" and f.stated) == places
