"""Entity resolution within one article: merges are explained, parents and subsidiaries stay apart."""

from __future__ import annotations

from alucluster.loaders.resolve import Mention, resolve


def M(label, place, core, group=False, start=0, full=True, standalone=False):
    return Mention(label, tuple(place), tuple(core), group, start, full, standalone)


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
