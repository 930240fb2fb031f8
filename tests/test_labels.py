"""Labels by language: one node, two names; query results shown in Chinese keep their columns."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest
import rdflib
from alucluster.graph import build as b
from alucluster.graph import query as q
from alucluster.graph.labels import label_map, pick_label, relabel
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.loaders.places import by_adcode
from alucluster.ontology.errors import AluclusterError

# Invented enterprises; the place is a real division used as a placeholder.
FIRM = Entity("enterprise/guangyuan-hengfeng-lvye", "Enterprise", "Guangyuan Hengfeng Lvye", "广元恒丰铝业")
ENGLISH_ONLY = Entity("enterprise/delta-foil", "Enterprise", "Delta Foil")


def _place(code):
    d = by_adcode(code)
    return Entity(d.id, d.type, d.name_en, d.name_zh)


@pytest.fixture(scope="module")
def graph():
    ev = Evidence("a1", "广元恒丰铝业年产5万吨铝型材。", 0, 15)
    facts = [
        Fact("enterprise", FIRM, ev),
        Fact("enterprise", ENGLISH_ONLY, ev),
        Fact("location", FIRM, ev, object=_place("510800")),
        Fact("capacity", FIRM, ev, value=50000.0, unit="t/yr", product="aluminium-profiles"),
    ]
    return b.facts_to_graph(facts)


def test_pick_label_prefers_the_language_and_falls_back_to_english(graph):
    node = next(s for s, o in graph.subject_objects(rdflib.RDFS.label) if str(o) == "Delta Foil")
    firm = next(s for s, o in graph.subject_objects(rdflib.RDFS.label) if str(o) == "广元恒丰铝业")
    assert pick_label(graph, firm, "zh") == "广元恒丰铝业"
    assert pick_label(graph, firm, "en") == "Guangyuan Hengfeng Lvye"
    assert pick_label(graph, node, "zh") == "Delta Foil"


def test_unknown_language_is_refused(graph):
    with pytest.raises(AluclusterError, match="unknown language 'fr'"):
        label_map(graph, "fr")


def test_enterprises_query_in_chinese_keeps_columns_and_rows(graph):
    en_cols, en_rows = q.result_rows(q.run("enterprises", graph=graph))
    zh_cols, zh_rows = q.result_rows(relabel(q.run("enterprises", graph=graph), graph, "zh"))
    assert zh_cols == en_cols == ["enterprise", "origin_province", "located_in"]
    assert len(zh_rows) == len(en_rows) == 2
    by_name = {r[0]: r for r in zh_rows}
    assert by_name["广元恒丰铝业"][2] == "广元市"
    assert "Delta Foil" in by_name  # no Chinese name: the English one is shown


def test_capacity_numbers_stay_and_product_names_translate(graph):
    zh = q.result_rows(relabel(q.run("capacities", graph=graph), graph, "zh"))[1]
    assert zh == [["广元恒丰铝业", "铝型材", 50000, "t/yr", None]]  # no operator


def test_cli_query_lang_zh(graph, tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    exe = shutil.which("alucluster")
    cmd = [exe] if exe else [sys.executable, "-c", "from alucluster.graph.cli import main; main()"]
    proc = subprocess.run([*cmd, "query", "enterprises", "--graph", str(path), "--lang", "zh", "--format", "csv"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["enterprise", "origin_province", "located_in"]
    assert ["广元恒丰铝业", "", "广元市"] in rows
