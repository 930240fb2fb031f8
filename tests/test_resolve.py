"""Entity resolution within one article: merges are explained, parents and subsidiaries stay apart."""

from __future__ import annotations

from alucluster.loaders.resolve import Mention, resolve


def M(label, place, core, group=False, start=0, full=True, standalone=False, aliases=(), title=False):
    return Mention(label, tuple(place), tuple(core), group, start, full, standalone, tuple(aliases), title)


def test_short_name_merges_into_the_only_full_name():
    full = M("Guangyuan Zhongfu", ["Guangyuan"], ["Zhongfu"])
    short = M("Zhongfu", [], ["Zhongfu"], start=50, full=False)
    canon, merges = resolve([full, short])
    assert canon == [full, full]
    assert [(m.kept, m.merged) for m in merges] == [("Guangyuan Zhongfu", "Zhongfu")]
    assert "brand" in merges[0].reason


def test_same_name_with_other_legal_form_merges_with_reason():
    a = M("Binzhou Hongxing Aluminium Group", ["Binzhou"], ["Hongxing", "Aluminium", "Group"], group=True)
    b = M("Binzhou Hongxing Aluminium Group", ["Binzhou"], ["Hongxing", "Aluminium", "Group"], group=True, start=90)
    canon, merges = resolve([a, b])
    assert canon == [a, a] and merges == []


def test_subsidiary_and_parent_group_stay_apart_and_ambiguous_short_name_is_not_guessed():
    sub = M("Guangyuan Zhongfu", ["Guangyuan"], ["Zhongfu"])
    parent = M("Henan Zhongfu Group", ["Henan"], ["Zhongfu", "Group"], group=True, start=30)
    short = M("Zhongfu", [], ["Zhongfu"], start=60, full=False)
    canon, merges = resolve([sub, parent, short])
    assert canon[0] is sub and canon[1] is parent
    assert canon[2] is None
    assert merges == []


def test_group_short_name_goes_to_the_group():
    sub = M("Wenshan Lingyun Aluminium", ["Wenshan"], ["Lingyun", "Aluminium"])
    other = M("Guangdong Haixin Group", ["Guangdong"], ["Haixin", "Group"], group=True, start=40)
    canon, _ = resolve([sub, other, M("Lingyun", [], ["Lingyun"], start=80, full=False),
                        M("Haixin Group", [], ["Haixin", "Group"], group=True, start=90, full=False)])
    assert canon[2] is sub and canon[3] is other


def test_unmatched_short_names():
    lone = M("Xu Guobin", [], ["Xu", "Guobin"], full=False)
    named = M("Hongtu Aluminum", [], ["Hongtu", "Aluminum"], full=False, standalone=True, start=10)
    canon, merges = resolve([lone, named])
    assert canon == [None, named] and merges == []


def test_a_name_cut_short_merges_into_the_longer_one_whichever_comes_first():
    short = M("Hunan Ruilong", ["Hunan"], ["Ruilong"], start=0)
    longer = M("Hunan Ruilong Technology", ["Hunan"], ["Ruilong", "Technology"], start=40)
    canon, merges = resolve([short, longer])
    assert canon == [longer, longer]
    assert [(m.kept, m.merged) for m in merges] == [("Hunan Ruilong Technology", "Hunan Ruilong")]


def test_a_group_name_without_its_place_prefix_is_the_placed_group():
    full = M("Gansu Tianrui Group", ["Gansu"], ["Tianrui", "Group"], group=True)
    bare = M("Tianrui Group", [], ["Tianrui", "Group"], group=True, start=70)
    canon, merges = resolve([full, bare])
    assert canon == [full, full] and "without its place prefix" in merges[0].reason


def test_a_name_written_with_other_spacing_is_one_company():
    spaced = M("HUA Metal New Materials", [], ["HUA", "Metal", "New", "Materials"], start=0)
    joined = M("Hebei Huametal New Materials", ["Hebei"], ["Huametal", "New", "Materials"], start=90)
    canon, _ = resolve([spaced, joined])
    assert canon == [joined, joined]


def test_the_headline_name_yields_to_the_body_name():
    head = M("Fujian Kaida Mining Group", ["Fujian"], ["Kaida", "Mining", "Group"], group=True, start=0, title=True)
    body = M("Kaida Group", [], ["Kaida", "Group"], group=True, start=60)
    canon, merges = resolve([head, body])
    assert canon == [body, body]
    assert merges[0].kept == "Kaida Group" and "headline" in merges[0].reason


def test_a_parenthesised_short_form_names_its_company_when_used_alone():
    full = M("Light Alloys Corp of Ningxia", [], ["Light", "Alloys", "Corp", "of", "Ningxia"], aliases=("Nxal",))
    alone = M("Nxal", [], ["Nxal"], start=80, full=False)
    canon, merges = resolve([full, alone])
    assert canon == [full, full] and "short form the text gives" in merges[0].reason


def test_two_companies_of_one_place_with_different_brands_stay_apart():
    a = M("Hunan Ruilong Foil", ["Hunan"], ["Ruilong", "Foil"])
    b = M("Hunan Ruilong Cable", ["Hunan"], ["Ruilong", "Cable"], start=50)
    c = M("Hunan Ruilong", ["Hunan"], ["Ruilong"], start=90)
    canon, merges = resolve([a, b, c])
    assert canon == [a, b, c] and merges == []
