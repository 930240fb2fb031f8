"""Open product vocabulary: a product noun phrase mapped to a reference product by head noun and modifiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF
from rdflib.namespace import SKOS

from alucluster.loaders.lexicon import lexicon, product_of_phrase
from alucluster.graph.network import reference_chain
from alucluster.ontology.vocab import ALU, ref

CORPUS = Path("../shared/corpus")


@pytest.mark.parametrize(
    "phrase, slug",
    [
        # bars, rods, billets
        ("aluminium bars", "aluminium-billets"),
        ("6063 aluminium billets", "aluminium-billets"),
        ("aluminum alloy round ingots", "aluminium-billets"),
        ("aluminium wire rod", "aluminium-wire-rod"),
        # tubes and pipes
        ("seamless aluminium pipes", "aluminium-tubes"),
        ("extruded tubes", "aluminium-tubes"),
        # plate, sheet, strip, coil
        ("medium and thick plates", "aluminium-sheet"),
        ("high-precision aluminum strip", "aluminium-sheet"),
        ("plates and strips", "aluminium-sheet"),
        ("can body coil", "aluminium-sheet"),
        # castings, wheels, radiators, forgings
        ("lightweight foundry goods of aluminium magnesium alloy", "aluminium-die-castings"),
        ("automotive castings", "aluminium-die-castings"),
        ("forged aluminium wheels", "aluminium-wheels"),
        ("wheel hubs", "aluminium-wheels"),
        ("aluminium radiators", "aluminium-radiators"),
        ("forgings", "aluminium-forgings"),
        # wire and cable
        ("steel-core aluminium stranded wire production project", "aluminium-wire-and-cable"),
        ("overhead conductors", "aluminium-wire-and-cable"),
        # metal, ingots and alloys
        ("molten aluminium", "electrolytic-aluminium"),
        ("liquid aluminum", "electrolytic-aluminium"),
        ("cast aluminum alloy ingots", "aluminium-alloy-ingots"),
        ("remelt ingots", "aluminium-ingots"),
        ("wrought alloys", "aluminium-alloy-ingots"),
        ("special alloys", "aluminium-alloy-ingots"),
        ("aluminium-silicon master alloy", "aluminium-alloy-ingots"),
        # foil, profiles
        ("battery foil", "aluminium-foil"),
        ("double-zero foil", "aluminium-foil"),
        ("industrial aluminium profiles", "aluminium-profiles"),
        ("aluminium extrusions", "aluminium-profiles"),
        # upstream
        ("aluminium oxide", "alumina"),
        ("metallurgical-grade alumina sand", "alumina"),
        ("aluminium hydroxide", "aluminium-hydroxide"),
        ("pre-baked anodes", "prebaked-anodes"),
        # recycling: the modifier decides over the head
        ("recycled aluminium alloys", "recycled-aluminium"),
        ("secondary aluminum", "recycled-aluminium"),
        ("regenerated aluminium", "recycled-aluminium"),
        # Chinese, by the longest label the phrase ends with
        ("高精度铝板带", "aluminium-sheet"),
        ("铝合金圆铸锭", "aluminium-billets"),
        ("轻量化铝挤压型材", "aluminium-profiles"),
        ("动力电池箔", "aluminium-foil"),
        ("合金铝液", "aluminium-alloy-ingots"),
        ("电解铝液", "electrolytic-aluminium"),
        ("铝镁合金", "aluminium-alloy-ingots"),
        ("轻量化铝轮毂", "aluminium-wheels"),
        ("铝合金管", "aluminium-tubes"),
        ("铝散热器项目", "aluminium-radiators"),
    ],
)
def test_phrases_map_by_head_noun(phrase, slug):
    assert product_of_phrase(phrase) == slug


@pytest.mark.parametrize(
    "phrase",
    ["steel pipes", "copper wire", "magnesium alloy", "calcium fluoride", "polyaluminium chloride",
     "industrial silicon", "aerospace materials", "capacity", "project", "", "钢管", "聚合氯化铝", "煤矿", "钢型材"],
)
def test_phrases_that_name_no_aluminium_product(phrase):
    assert product_of_phrase(phrase) is None


def test_head_rules_come_from_the_ontology():
    chain = reference_chain()
    for rules in lexicon().product_heads.values():
        for _, slug in rules:
            assert (ref(f"product/{slug}"), RDF.type, ALU.Product) in chain
    # hidden head-noun forms map phrases but are not phrases the extractor matches in running text
    assert product_of_phrase("tubes") == "aluminium-tubes" and "tube" not in lexicon().products


def test_hidden_labels_are_no_preferred_or_alternative_labels():
    # SKOS: prefLabel, altLabel and hiddenLabel are pairwise disjoint for one concept
    chain = reference_chain()
    clashes = [(s, o) for s, o in chain.subject_objects(SKOS.hiddenLabel)
               if (s, SKOS.altLabel, o) in chain or (s, SKOS.prefLabel, o) in chain]
    assert not clashes


def _gold_products(folder: Path) -> set[str]:
    return {
        json.loads(line)["product"]
        for f in sorted((folder / "gold").glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip() and "product" in json.loads(line)
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_corpus_gold_product_is_in_the_chain(lang):
    folder = CORPUS / lang
    if not (folder / "gold").is_dir():
        pytest.skip(f"{folder}/gold is not here (the shared corpus is laid beside the repository by .ci/run)")
    chain = reference_chain()
    missing = sorted(p for p in _gold_products(folder) if (ref(f"product/{p}"), RDF.type, ALU.Product) not in chain)
    assert not missing
