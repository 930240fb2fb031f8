"""The Chinese pipeline on invented sentences: numbers, names, figures, statuses, periods, origins.

Every company name and figure here is invented; city and province names are real places used as
placeholders (as in the construction catalogue).
"""

from __future__ import annotations

import pytest
from alucluster.graph import build as b
from alucluster.loaders.article import Article
from alucluster.loaders.extract import extract, extract_article
from alucluster.loaders.zh import period_zh, status_zh
from alucluster.loaders.zh_names import detect_names, english_label, resolve_names, same_zh_name
from alucluster.loaders.zh_text import find_quantities, is_chinese, normalise, sentence_spans


def zh(text: str, date: str = "2024", title: str | None = None) -> list:
    return extract(Article.from_text(text, date=date, title=title, language="zh"))


def kinds(facts, kind):
    return [f for f in facts if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("年产12万吨", 120000, "t"),
        ("总投资2.5亿元", 250000000, "yuan"),
        ("规模三十万吨", 300000, "t"),
        ("产值突破千亿元", 1e11, "yuan"),
        ("产能40万吨/年", 400000, "t/yr"),
        ("年产600万只", 6000000, "piece"),
        ("用电量15亿千瓦时", 1.5e9, "kWh"),
        ("年產8萬噸", 80000, "t"),
        ("投资６０００万元", 6e7, "yuan"),
        ("用地300亩", 300, "mu"),
        ("电解槽120台", 120, "count"),
    ],
)
def test_quantities(text, value, unit):
    (q,) = find_quantities(normalise(text))
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_normalise_keeps_offsets_and_converts_traditional():
    text = "宜昌鋁業年產３０萬噸"
    norm = normalise(text)
    assert norm == "宜昌铝业年产30万吨" and len(norm) == len(text)


def test_language_detection():
    assert is_chinese("铝产业集群发展迅速") and not is_chinese("The aluminium cluster grows.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("签约仪式举行", "signed"), ("项目正式开工", "under-construction"), ("一期已建成投产", "operating"),
     ("预计明年建成投产", "planned"), ("开工一批活动", None), ("建成后年产值", None)],
)
def test_status(text, expected):
    assert status_zh(text) == expected


@pytest.mark.parametrize(
    ("text", "period"),
    [("一季度", "2023-Q1"), ("上半年", "2023-H1"), ("1至9月", "2023-01/2023-09"), ("1-6月", "2023-01/2023-06"),
     ("2021年,该市", "2021"), ("前三季度", "2023-01/2023-09"), ("去年", "2022")],
)
def test_periods(text, period):
    assert period_zh(text, 2023) == period


def names_of(text):
    norm = normalise(text)
    found, aliases, _ = detect_names(text, norm, sentence_spans(norm))
    canon, merges = resolve_names(found, aliases)
    return found, canon, merges


def test_full_name_short_forms_and_declared_alias_merge():
    text = ("襄阳恒锐铝业有限公司(以下简称恒锐)与武汉科达集团签约。恒锐铝业年产5万吨铝型材,襄阳恒锐公司负责建设。"
            "恒锐计划扩产。")
    found, canon, merges = names_of(text)
    assert sorted({c.label_zh for c in canon if c}) == ["武汉科达集团", "襄阳恒锐铝业"]
    assert {m.merged for m in merges} >= {"恒锐", "恒锐铝业", "襄阳恒锐"}
    assert all(m.kept == "襄阳恒锐铝业" for m in merges)


def test_group_and_subsidiary_and_branch_stay_apart():
    text = "华泰集团投资建设的宜昌华泰有色金属有限公司投产。华夏铝业公司与华夏铝业宜昌分公司签约,华铝宜昌分公司负责运营。"
    _, canon, merges = names_of(text)
    labels = sorted({c.label_zh for c in canon if c})
    assert labels == ["华夏铝业", "华夏铝业宜昌分公司", "华泰集团", "宜昌华泰有色金属"]
    assert [(m.merged, m.kept) for m in merges] == [("华铝宜昌分公司", "华夏铝业宜昌分公司")]


def test_not_enterprises():
    _, canon, _ = names_of("市人民政府与省发改委、有色金属工业协会、中南大学签约。该公司仅次于美国铝业公司。")
    assert [c for c in canon if c] == []


def test_english_label_is_the_pinyin_form():
    assert english_label("广元恒丰铝业") == "Guangyuan Hengfeng Aluminium"
    assert english_label("四川瑞达新材料集团") == "Sichuan Ruida New Materials Group"


def test_scorer_matching_of_chinese_names():
    assert same_zh_name("襄阳恒锐铝业有限公司", "襄阳恒锐铝业")
    assert same_zh_name("宜昌铝业", "宜昌鋁業")
    assert same_zh_name("广元", "广元市", place=True)
    assert not same_zh_name("襄阳恒锐铝业", "襄阳恒锐")


def test_coordinated_capacities_under_one_annual_output():
    facts = zh("襄阳恒锐铝业有限公司年产6.5万吨铝型材、2.4万吨铝合金棒项目签约。")
    caps = sorted((f.product, f.value, f.status) for f in kinds(facts, "capacity"))
    assert caps == [("aluminium-billets", 24000, "signed"), ("aluminium-profiles", 65000, "signed")]
    assert {f.subject.type for f in kinds(facts, "capacity")} == {"InvestmentProject"}
    (op,) = kinds(facts, "operator")
    assert op.object.label_zh == "襄阳恒锐铝业"


def test_phases_are_separate_projects_and_a_repeat_is_not_double_counted():
    text = ("年产20万只铝轮毂项目落户宜昌。宜昌年产20万只铝轮毂项目由武汉科达集团投资建设,计划总投资3亿元。"
            "项目分两期建设,一期建设年产10万只铝轮毂生产线,二期建设年产10万只铝轮毂生产线。")
    facts = zh(text)
    assert sorted(f.value for f in kinds(facts, "capacity")) == [100000, 100000, 200000]
    (inv,) = kinds(facts, "investment")
    assert inv.value == 300000000 and inv.subject.type == "InvestmentProject"


def test_plans_and_sums_to_date_are_not_investments():
    facts = zh("宜昌铝箔项目今年计划投资2亿元,截至10月已完成投资1.5亿元,项目总投资6亿元。")
    assert [f.value for f in kinds(facts, "investment")] == [600000000]


def test_output_value_projection_and_distractors_give_nothing():
    text = "宜昌恒锐铝业有限公司建成投产后,预计年产值52亿元,利税3.1亿元。项目用地3500亩,可提供1200个就业岗位,电解槽300台。"
    facts = zh(text)
    assert kinds(facts, "output_value") == [] and kinds(facts, "capacity") == [] and kinds(facts, "investment") == []


def test_output_and_output_value_with_period_and_pronoun():
    text = "宜昌恒锐铝业有限公司位于宜昌。上半年,公司累计生产铝锭3.2万吨,实现产值5.6亿元。"
    facts = zh(text, date="2023-08-01")
    (out,) = kinds(facts, "output")
    (val,) = kinds(facts, "output_value")
    assert (out.subject.label_zh, out.value, out.product, out.period) == ("宜昌恒锐铝业", 32000, "aluminium-ingots", "2023-H1")
    assert (val.value, val.period) == (560000000, "2023-H1")


def test_place_capacity_and_output_value_of_the_host():
    facts = zh("宜昌铝产业加快发展。2022年,该市电解铝产能为80万吨,全市铝产业完成工业总产值300亿元。")
    (cap,) = kinds(facts, "capacity")
    (val,) = kinds(facts, "output_value")
    assert cap.subject.id == val.subject.id == "place/cn-420500"
    assert (cap.product, val.period) == ("electrolytic-aluminium", "2022")


def test_origins_inferred_outside_the_host_location_inside_and_stated():
    text = "宜昌市引进武汉科达集团、宜昌恒锐铝业有限公司。由浙江企业投资5亿元的铝板带项目落户宜昌。"
    facts = zh(text, title="宜昌铝产业")
    origins = {(f.subject.label_zh, f.object.name if hasattr(f.object, "name") else f.object.label_zh, f.stated)
               for f in kinds(facts, "origin")}
    assert ("武汉科达集团", "武汉市", False) in origins
    assert any(stated and obj == "浙江省" for _, obj, stated in origins)
    assert [f.object.label_zh for f in kinds(facts, "location") if f.subject.label_zh == "宜昌恒锐铝业"] == ["宜昌市"]


def test_branch_is_located_not_an_origin_and_a_subsidiary():
    facts = zh("华夏铝业公司与宜昌市签约,华夏铝业襄阳分公司年产氧化铝50万吨。", title="宜昌")
    branch = "华夏铝业襄阳分公司"
    assert not [f for f in kinds(facts, "origin") if f.subject.label_zh == branch]
    assert [f.object.label_zh for f in kinds(facts, "location") if f.subject.label_zh == branch] == ["襄阳市"]
    assert [f.object.label_zh for f in kinds(facts, "subsidiary")] == ["华夏铝业"]


def test_traditional_characters_keep_the_text_as_written():
    a = Article.from_text("宜昌恆銳鋁業有限公司舉行了年產30萬噸電解鋁項目開工儀式。", date="2024", language="zh")
    facts = extract(a)
    (cap,) = kinds(facts, "capacity")
    assert (cap.value, cap.product, cap.status) == (300000, "electrolytic-aluminium", "under-construction")
    ent = kinds(facts, "enterprise")[0]
    assert ent.subject.label_zh == "宜昌恆銳鋁業"
    assert a.text[ent.evidence.start : ent.evidence.end] == ent.evidence.sentence


def test_evidence_offsets_point_into_the_article():
    text = "宜昌铝业发展。\n宜昌恒锐铝业有限公司年产5万吨铝箔。"
    a = Article.from_text(text, date="2024", language="zh")
    for f in extract(a):
        assert a.text[f.evidence.start : f.evidence.end] == f.evidence.sentence


def test_language_detected_without_metadata():
    a = Article.from_text("宜昌恒锐铝业有限公司年产5万吨铝箔。", date="2024")
    assert a.language == "en"  # nothing said: the text decides
    assert [f.product for f in extract(a) if f.kind == "capacity"] == ["aluminium-foil"]


def test_one_node_per_enterprise_across_languages():
    en = Article.from_text("Yichang Hengrui Aluminium Co., Ltd. has an annual capacity of 50,000 tons of aluminium foil.",
                           date="2024", title="Yichang aluminium")
    cn = Article.from_text("宜昌恒锐铝业有限公司年产5万吨铝箔。武汉科达集团在宜昌投资。", date="2024", title="宜昌铝产业",
                           language="zh")
    facts = extract(en) + extract(cn)
    graph = b.facts_to_graph(facts, [en, cn])
    from rdflib import RDF, RDFS

    from alucluster.ontology.vocab import ALU

    firms = [s for s in graph.subjects(RDF.type, ALU.Enterprise)
             if any(str(o) == "Yichang Hengrui Aluminium" for o in graph.objects(s, RDFS.label))]
    assert len(firms) == 1
    labels = {(o.language, str(o)) for o in graph.objects(firms[0], RDFS.label)}
    assert labels == {("en", "Yichang Hengrui Aluminium"), ("zh", "宜昌恒锐铝业")}


def test_extract_reports_the_cross_language_merge_reason():
    r = extract_article(Article.from_text("宜昌恒锐铝业有限公司年产5万吨铝箔。", date="2024", language="zh"))
    assert any(m.kept == "Yichang Hengrui Aluminium" and m.merged == "宜昌恒锐铝业" and "pinyin" in m.reason
               for m in r.merges)


def test_stated_origins_of_companies():
    facts = zh("来自浙江的宁波恒锐铝业有限公司落户宜昌。湖南籍企业长沙瑞达铝业有限公司在宜昌投资3亿元。", title="宜昌")
    stated = {(f.subject.label_zh, f.object.label_zh) for f in kinds(facts, "origin") if f.stated}
    assert stated == {("宁波恒锐铝业", "浙江省"), ("长沙瑞达铝业", "湖南省")}


def test_respectively_assigns_figures_in_order():
    facts = zh("宜昌恒锐铝业有限公司、襄阳瑞达铝业有限公司的年产能分别为5万吨和8万吨铝箔。")
    caps = sorted((f.subject.label_zh, f.value, f.product) for f in kinds(facts, "capacity"))
    assert caps == [("宜昌恒锐铝业", 50000, "aluminium-foil"), ("襄阳瑞达铝业", 80000, "aluminium-foil")]


def test_cli_evaluate_reports_chinese_gold(tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "a.zh.txt").write_text(
        "---\ntitle: 宜昌铝产业\ndate: 2024\nlanguage: zh\n---\n宜昌恒锐铝业有限公司年产5万吨铝箔。\n", encoding="utf-8")
    gold = [{"kind": "enterprise", "subject": "宜昌恒锐铝业"},
            {"kind": "capacity", "subject": "宜昌恒锐铝业", "product": "aluminium-foil", "value": 50000, "unit": "t/yr"},
            {"kind": "enterprise", "subject": "宜昌瑞达铝业"}]
    (tmp_path / "gold" / "a.zh.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold),
                                                  encoding="utf-8")
    exe = shutil.which("alucluster")
    cmd = [exe] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()"]
    proc = subprocess.run([*cmd, "evaluate", str(tmp_path), "--summary"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    rows = {line.split()[0]: line.split()[1:] for line in proc.stdout.splitlines()[2:]}
    assert rows["enterprise"] == ["1", "0", "1", "1.00", "0.50"]
    assert rows["capacity"] == ["1", "0", "0", "1.00", "1.00"]
    bad = subprocess.run([*cmd, "evaluate", str(tmp_path / "none")], capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "not a test set" in bad.stderr


def test_parks_locate_projects_and_companies():
    text = ("宜昌市白沙工业园区迎来新项目。年产8万吨铝箔项目落户宜昌市白沙工业园区。"
            "襄阳恒锐铝业有限公司位于襄阳经开区,年产铝型材3万吨。")
    facts = zh(text, title="宜昌")
    located = {(f.subject.type, f.object.label_zh) for f in kinds(facts, "location") if f.object.type == "IndustrialPark"}
    assert located == {("InvestmentProject", "白沙工业园区"), ("Enterprise", "襄阳经开区")}
    park = next(f.object for f in kinds(facts, "location") if f.object.label_zh == "白沙工业园区")
    assert (park.id, park.label) == ("park/baisha-industrial-park", "Baisha Industrial Park")


def test_place_indicators_and_growth():
    text = ("2023年,宜昌市地区生产总值达5200亿元,同比增长6.5%;全市固定资产投资增长8.1%。"
            "全市铝产业完成工业总产值300亿元,同比增长12%。")
    facts = zh(text, date="2024-02-01")
    got = sorted((f.indicator, f.value, f.unit, f.period) for f in kinds(facts, "indicator"))
    assert got == [("fixed-asset-investment-growth", 8.1, "%", "2023"), ("gdp", 5.2e11, "yuan", "2023"),
                   ("gdp-growth", 6.5, "%", "2023")]
    assert {f.subject.id for f in kinds(facts, "indicator")} == {"place/cn-420500"}
    (val,) = kinds(facts, "output_value")  # one industry's output value: not the city's indicator
    assert val.value == 3e10


def test_output_growth_of_a_company():
    facts = zh("宜昌恒锐铝业有限公司上半年生产铝箔2.1万吨,产量同比增长15%。", date="2024-08-01")
    (ind,) = kinds(facts, "indicator")
    assert (ind.indicator, ind.value, ind.product, ind.period) == ("output-growth", 15, "aluminium-foil", "2024-H1")


def test_subsidiary_and_later_operators_are_read_from_the_text():
    text = ("宜昌恒锐铝业有限公司是湖北科达集团投资建设的氧化铝企业。"
            "由浙江企业投资6亿元的铝箔项目落户宜昌。根据协议,该项目由宁波瑞达集团、杭州华泰集团合资建设。")
    facts = zh(text, title="宜昌")
    assert [(f.subject.label_zh, f.object.label_zh) for f in kinds(facts, "subsidiary")] == [("宜昌恒锐铝业", "湖北科达集团")]
    assert sorted(f.object.label_zh for f in kinds(facts, "operator")) == ["宁波瑞达集团", "杭州华泰集团"]


def test_a_headline_without_its_year_does_not_repeat_a_dated_figure():
    facts = zh("宜昌铝产值突破300亿元\n2023年,宜昌铝产业产值突破300亿元。", date="2024-01-20")
    assert [(f.value, f.period) for f in kinds(facts, "output_value")] == [(3e10, "2023")]


def test_gap_report_is_the_same_in_both_languages_apart_from_labels():
    import re

    from alucluster.graph.gaps import analyse_regions, render

    en = Article.from_text("Yichang Hengrui Aluminium Co., Ltd. has an annual capacity of 50,000 tons of aluminium foil.",
                           date="2024", title="Yichang aluminium")
    cn = Article.from_text("宜昌恒锐铝业有限公司年产5万吨铝箔。宜昌瑞达铝业有限公司年产电解铝20万吨。", date="2024",
                           title="宜昌铝产业", language="zh")
    graph = b.facts_to_graph(extract(en) + extract(cn), [en, cn])
    report = analyse_regions(graph)
    md_en, md_zh = render(report, "md", lang="en"), render(report, "md", lang="zh")
    assert "宜昌恒锐铝业" in md_zh and "Yichang Hengrui Aluminium" in md_en
    assert "Yichang Hengrui Aluminium" not in md_zh
    assert len(md_en.splitlines()) == len(md_zh.splitlines())
    numbers = re.findall(r"\d[\d,.]*", md_en)
    assert numbers and numbers == re.findall(r"\d[\d,.]*", md_zh)
