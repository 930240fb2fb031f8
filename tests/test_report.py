"""The gap report an analyst can act on: sources for every figure, tunable ranking, what to attract."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import rdflib

from alucluster.graph.gaps import analyse, render
from alucluster.graph.model import read_chain, read_model, slug
from alucluster.graph.ranking import load_weights, siting_needs
from alucluster.graph.sources import coefficient_citations
from alucluster.ontology.errors import SpecError


@pytest.fixture(scope="module")
def model(seed_graph_path):
    return read_model(seed_graph_path)


@pytest.fixture(scope="module")
def report(model):
    return analyse(None, model=model)


@pytest.fixture(scope="module")
def md(report):
    return render(report, "md")


def _walk(x):
    if isinstance(x, dict):
        yield x
        for v in x.values():
            yield from _walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from _walk(v)


def test_every_fact_backed_figure_in_the_json_has_its_sentence(seed_build):
    data = json.loads((seed_build / "gaps.json").read_text(encoding="utf-8"))
    backed = [d for d in _walk(data) if d.get("facts")]
    assert len(backed) > 20
    for d in backed:
        assert d["sentences"], d
        for s in d["sentences"]:
            assert s["text"] and s["article"] == "guangyuan-aluminum-2021" and s["date"] == "2021-07"


def test_every_coefficient_has_a_citation_with_a_url_or_the_reason_it_has_none(seed_build):
    data = json.loads((seed_build / "gaps.json").read_text(encoding="utf-8"))
    cited = [d for d in _walk(data) if d.get("coefficients")]
    assert cited
    for d in cited:
        assert len(d["citations"]) == len(d["coefficients"])
        for c in d["citations"]:
            assert c["title"] and c["publisher"] and c["year"] and c["definition"]
            # the project's only source names no web address: the citation says so instead
            assert c["url"] or "no URL" in c["url_note"]


def test_every_coefficient_of_the_chain_is_cited():
    chain = read_chain(rdflib.Graph())
    with_coefficient = {slug(f.iri) for f in chain.flows if f.coefficient is not None}
    assert with_coefficient and with_coefficient <= set(coefficient_citations())
    # the electricity figure says which energy it is (AC at the smelter, not DC at the cells)
    assert "AC" in coefficient_citations()["electricity-to-electrolytic-aluminium"].definition


def test_numbers_in_the_markdown_are_followed_by_their_sources(md):
    balance = md.split("### Capacity balance", 1)[1].split("###", 1)[0]
    for line in balance.splitlines():
        if line.startswith("- primary capacity") or line.startswith("- downstream capacity"):
            assert re.search(r"t/yr \[s\d+\]", line), line
    sources = md.split("### Sources", 1)[1]
    # "Hubei Shimei has an annual output of 100,000 tons of aluminum profiles" (the seed, 2021-07)
    assert re.search(r"- \[s\d+\] \u201c[^\u201d]*100,000 tons of aluminum profiles", sources)
    assert "2021-07" in sources and "[c1]" in sources and "no URL in the project" in sources


def test_labels_are_readable_not_slugs(model, md):
    chain = model.chain
    slugs = {slug(i) for i in (*chain.stages, *chain.products) if "-" in slug(i)}
    assert not [s for s in slugs if re.search(rf"(?<![\w/-]){re.escape(s)}(?![\w-])", md)]


def test_alumina_refining_is_ranked_down_for_want_of_bauxite(report):
    gaps = {g["label"]: g for g in report.before["gaps"]}
    alumina = gaps["alumina refining"]
    assert alumina["factors"]["siting"] == 1 and "which the region is not shown to have" in alumina["reason"]
    assert alumina["rank"] > gaps["carbon materials"]["rank"]
    # power: the smelters' 500,000 t/yr x 13,400 kWh/t is all unmet: a full demand pull, not "size 0"
    power = gaps["power"]
    assert power["factors"]["demand_pull"] == 1
    assert power["demand_other_units"][0]["value"] == pytest.approx(500_000 * 13_400)
    assert power["score"] > alumina["score"]


def test_what_to_attract_next_sizes_the_plant_and_shows_its_what_if(report, md):
    targets = report.before["attract"]["targets"]
    anodes = next(t for t in targets if t["label"] == "carbon materials")
    # 2 x 250,000 t/yr of smelters x 0.5 t of anode per t of aluminium
    assert anodes["capacity"] == pytest.approx(250_000) and anodes["product_label"] == "prebaked anodes"
    assert "would cover the local electrolytic aluminium plants' need" in anodes["reason"]
    assert anodes["facts"] and anodes["coefficients"]
    supply = next(d for d in anodes["what_if"]["input_demand"] if d["input"].endswith("/prebaked-anodes"))
    assert (supply["local_supply"]["before"], supply["local_supply"]["after"]) == (0, pytest.approx(250_000))
    assert anodes["what_if"]["gaps_closed"] == [anodes["stage"]]
    section = md.split("### What to attract next", 1)[1].split("\n### ", 1)[0]
    assert "carbon materials plant (prebaked anodes) of about 250,000 t/yr**" in section
    assert "What-if (`prebaked anodes: 250000 t/yr`)" in section


def test_weights_come_from_a_file_and_can_be_overridden(tmp_path, model):
    default = [g["label"] for g in analyse(None, model=model).before["gaps"]]
    heavy = tmp_path / "w.toml"
    heavy.write_text("siting = 0\n", encoding="utf-8")
    changed = analyse(None, model=model, weights=heavy).before
    assert changed["weights"]["siting"] == 0 and str(heavy) in changed["weights"]["source"]
    assert [g["label"] for g in changed["gaps"]].index("alumina refining") < default.index("alumina refining")
    bad = tmp_path / "bad.toml"
    bad.write_text("sitting = 1\n", encoding="utf-8")
    with pytest.raises(SpecError, match="unknown weight 'sitting'"):
        load_weights(bad)


def test_siting_needs_are_cited_data():
    need = siting_needs()["alumina-refining"]
    assert need.shown_by == ("bauxite",) and "domain notes" in need.source


def test_chinese_labels(report):
    zh = render(report, "md", lang="zh")
    assert "电解铝冶炼" in zh and "氧化铝" in zh
    with pytest.raises(SpecError):
        render(report, "md", lang="fr")


def test_cli_weights_and_lang(seed_graph_path, tmp_path):
    run = [sys.executable, "-m", "alucluster.graph.cli", "gaps", "--graph", str(seed_graph_path)]
    ok = subprocess.run([*run, "--lang", "zh"], capture_output=True, text=True)
    assert ok.returncode == 0 and "预焙阳极" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("adjacency = 'high'\n", encoding="utf-8")
    proc = subprocess.run([*run, "--weights", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "must be a number" in proc.stderr
