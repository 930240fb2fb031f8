"""Regions: every article's host, one cluster per region, external suppliers, the `seed` alias."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from alucluster.graph import build as b
from alucluster.graph.gaps import analyse, analyse_regions, region_section, render
from alucluster.graph.model import read_model
from alucluster.graph.regions import find_region, host_adcode, regions, within
from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import ArticleError, GraphError
from alucluster.ontology.vocab import ALU

# an invented article about another city (Baotou): a smelter, a rolling mill, and a second plant
# of a firm the seed also names
SECOND = Path(__file__).parent / "data" / "regions" / "baotou-aluminium-2022.txt"


@pytest.fixture(scope="module")
def two_city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("two-city")
    b.build([Path(b.SEED_ALIAS), SECOND], out=out, views=False)
    return out


@pytest.fixture(scope="module")
def second_only(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("second-only")
    b.build([SECOND], out=out, views=False)
    return out


def _sections(graph_path) -> dict[str, str]:
    return {r.region.label: region_section(r) for r in analyse_regions(graph_path).reports}


def test_each_article_records_its_host(two_city):
    found = {r.label: r for r in regions(two_city / "cluster.ttl")}
    assert sorted(found) == ["Baotou", "Guangyuan"]
    assert found["Guangyuan"].adcode == "510800" and found["Baotou"].adcode == "150200"
    assert found["Guangyuan"].articles == ("https://w3id.org/alucluster/id/article/guangyuan-aluminum-2021",)


def test_two_city_build_gives_each_city_its_one_city_figures(two_city, second_only, seed_graph_path):
    both = _sections(two_city / "cluster.ttl")
    assert both["Guangyuan"] == _sections(seed_graph_path)["Guangyuan"]
    assert both["Baotou"] == _sections(second_only / "cluster.ttl")["Baotou"]
    seed_json = json.loads((two_city / "gaps.json").read_text(encoding="utf-8"))["regions"]
    alone = json.loads(render(analyse(seed_graph_path), "json"))
    assert seed_json["guangyuan-510800"] == alone


def test_a_firm_in_two_cities_has_each_citys_figure(two_city):
    model = read_model(two_city / "cluster.ttl")
    shimei = "https://w3id.org/alucluster/id/enterprise/hubei-shimei"
    # the seed says 100,000 t/yr of profiles in Guangyuan; the second article 50,000 t/yr in Baotou
    for region, value in (("Guangyuan", 100_000), ("Baotou", 50_000)):
        caps = [c.value for c in model.cluster(region).capacities if c.producer == shimei]
        assert caps == [value], region
    # Baotou's smelter is not Guangyuan's, and Guangyuan's chain master is still its own firm
    guangyuan = analyse(two_city / "cluster.ttl", region="Guangyuan").before
    assert guangyuan["balance"]["primary"]["value"] == pytest.approx(500_000)
    assert guangyuan["dependence"]["chain_master"]["label"] == "Guangyuan Zhongfu"
    baotou = analyse(two_city / "cluster.ttl", region="baotou").before
    assert baotou["balance"]["primary"]["value"] == pytest.approx(400_000)


def test_the_all_regions_report_compares_them_side_by_side(two_city):
    md = (two_city / "gaps.md").read_text(encoding="utf-8")
    assert "## Regions side by side" in md
    assert md.index("## Baotou") < md.index("## Guangyuan")
    table = md.split("## Regions side by side", 1)[1].split("\n## ", 1)[0]
    assert "| Guangyuan | 1 | 4 of 16 |" in table and "| Baotou | 1 |" in table
    assert (two_city / "network" / "guangyuan-510800" / "origin.gexf").is_file()


def test_several_regions_need_a_choice(two_city):
    with pytest.raises(GraphError, match="2 regions"):
        analyse(two_city / "cluster.ttl")
    with pytest.raises(GraphError, match="no region 'Atlantis'"):
        analyse(two_city / "cluster.ttl", region="Atlantis")


def _fact(kind, subject, article, **kw):
    sentence = f"sentence of {article}"
    return Fact(kind, subject, Evidence(article, sentence, 0, len(sentence)), **kw)


def test_a_producer_located_in_another_region_is_an_external_supplier():
    firm = Entity("enterprise/far-anodes", "Enterprise", "Far Anodes")
    local = Entity("enterprise/near-sheet", "Enterprise", "Near Sheet")
    facts = [
        _fact("capacity", firm, "a", value=100_000.0, unit="t/yr", product="prebaked-anodes"),
        _fact("location", firm, "a", object=Entity("place/cn-410100", "PrefectureCity", "Zhengzhou")),
        _fact("capacity", local, "a", value=50_000.0, unit="t/yr", product="aluminium-sheet"),
        _fact("location", local, "a", object=Entity("place/cn-510802", "County", "Lizhou")),
    ]
    g = b.facts_to_graph(facts, [Article.from_text("x", id="a")], hosts={"a": "510800"})
    cl = read_model(g).cluster()
    assert sorted(cl.producers) == ["https://w3id.org/alucluster/id/enterprise/near-sheet"]
    assert sorted(cl.external) == ["https://w3id.org/alucluster/id/enterprise/far-anodes"]
    a = analyse(g).before
    assert "carbon materials" in {x["label"] for x in a["gaps"]}  # an external supplier closes no local gap
    (ext,) = a["dependence"]["external_suppliers"]
    assert ext["label"] == "Far Anodes" and ext["places"] == ["https://w3id.org/alucluster/id/place/cn-410100"]
    assert "external suppliers (located outside the region, not local): Far Anodes (Zhengzhou)" in render(analyse(g))


def test_host_comes_from_metadata_then_option_then_text():
    text_host = Entity("place/cn-510800", "PrefectureCity", "Guangyuan")
    plain = Article.from_text("x", id="a")
    tagged = Article("b", "x", region="Baotou")
    assert host_adcode(plain, text_host) == "510800"
    assert host_adcode(plain, text_host, override="Linyi") == "371300"
    assert host_adcode(tagged, text_host, override="Linyi") == "150200"
    with pytest.raises(ArticleError, match="unknown region 'Nowhere'"):
        host_adcode(plain, None, override="Nowhere")


def test_an_article_without_a_host_is_kept_and_reported(tmp_path):
    art = tmp_path / "vague.txt"
    art.write_text("Acme Aluminium Co., Ltd. has a capacity of 10,000 tonnes per year of aluminium sheet.\n")
    result = b.build([art], out=tmp_path / "out", views=False)
    assert any("name no host region (vague)" in n for n in result.notes)
    assert [r.label for r in regions(tmp_path / "out" / "cluster.ttl")] == ["region not stated"]


def test_region_names_and_containment():
    found = regions(rdflib.Graph())
    assert found == ()
    with pytest.raises(GraphError, match="no host regions"):
        find_region(found, "Guangyuan")
    assert within("510802", "510800") and not within("150200", "510800")


def test_cli_seed_alias_region_option_and_gaps_region(tmp_path):
    run = [sys.executable, "-m", "alucluster.graph.cli"]
    ok = subprocess.run([*run, "build", "seed", "--out", str(tmp_path), "--no-views", "--region", "Baotou"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    # --region names the host of articles whose metadata does not: here the seed's, over its text
    g = rdflib.Graph().parse(tmp_path / "cluster.ttl")
    assert [str(o).rsplit("-", 1)[-1] for o in g.objects(None, ALU.hostPlace)] == ["150200"]
    gaps = subprocess.run([*run, "gaps", "--graph", str(tmp_path / "cluster.ttl"), "--region", "包头"],
                          capture_output=True, text=True)
    assert gaps.returncode == 0, gaps.stderr
    assert gaps.stdout.startswith("# Chain-extension gaps: Baotou (包头市, 150200), 1 article")
    bad = subprocess.run([*run, "gaps", "--graph", str(tmp_path / "cluster.ttl"), "--region", "Atlantis"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: no region 'Atlantis'")
