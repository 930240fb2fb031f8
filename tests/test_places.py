"""The gazetteer: every province-level division and prefecture-level city, English and Chinese."""

from __future__ import annotations

import pytest

from alucluster.loaders.places import by_adcode, gazetteer, lookup, place_id, resolve_place


def test_counts_by_level():
    g = gazetteer()
    levels = [d.level for d in g.divisions]
    # 34 province-level divisions (incl. Taiwan, Hong Kong, Macao); >330 prefecture-level units
    assert levels.count("province") == 34
    assert levels.count("prefecture") > 330
    assert levels.count("county") > 2800


@pytest.mark.parametrize(
    "name, adcode",
    [
        ("Zhengzhou", "410100"),
        ("郑州市", "410100"),
        ("Guangyuan City", "510800"),
        ("Sichuan", "510000"),
        ("Shaanxi", "610000"),
        ("Shanxi", "140000"),
        ("Inner Mongolia", "150000"),
        ("Tibet", "540000"),
        ("Xizang", "540000"),
        ("Hong Kong", "810000"),
        ("Macao", "820000"),
        ("Guangxi", "450000"),
        ("Ningxia", "640000"),
        ("Xinjiang", "650000"),
        ("Baotou", "150200"),
        ("Hohhot", "150100"),
        ("Harbin", "230100"),
        ("Changzhi", "140400"),
        ("Xi'an", "610100"),
        ("Wenshan", "532600"),
    ],
)
def test_lookup_most_general_first(name, adcode):
    assert lookup(name)[0].adcode == adcode


def test_division_fields_and_province():
    d = by_adcode("410100000000")
    assert (d.name_en, d.name_zh, d.level, d.province.name_en, d.id, d.type) == (
        "Zhengzhou", "郑州市", "prefecture", "Henan", "place/cn-410100", "PrefectureCity")
    assert by_adcode("371626").prefecture_adcode == "371600"
    assert place_id("510800") == "place/cn-510800"


@pytest.mark.parametrize(
    "name, provinces",
    [("Taizhou", {"Jiangsu", "Zhejiang"}), ("Suzhou", {"Jiangsu", "Anhui"}), ("Fuzhou", {"Fujian", "Jiangxi"}),
     ("Yichun", {"Heilongjiang", "Jiangxi"})],
)
def test_ambiguous_names_keep_all_candidates(name, provinces):
    best, candidates = resolve_place(name, levels=("prefecture",))
    assert {c.province.name_en for c in candidates} == provinces
    for province in provinces:
        chosen, _ = resolve_place(name, context=(province,), levels=("prefecture",))
        assert chosen.province.name_en == province


def test_unknown_place():
    assert lookup("Atlantis") == []
    assert resolve_place("Atlantis") == (None, [])
    with pytest.raises(KeyError):
        by_adcode("999999")


@pytest.mark.parametrize("zh, name", [("库尔勒市", "Ku'erle"), ("弥勒市", "Mile"), ("策勒县", "Cele")])
def test_le_in_place_names_reads_le_not_lei(zh, name):
    # 勒 is "le" in place names (郭勒 "gol", 库尔勒 Korla); pypinyin's default reading is "lei"
    (d,) = lookup(zh)
    assert d.name_en == name
    assert lookup(name) == [d]
