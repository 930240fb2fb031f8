"""The reference chain data (ontology/data/chain.ttl): flows, coefficients, sources, segments."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF
from rdflib.namespace import SKOS

from alucluster.graph.network import read_chain, reference_chain
from alucluster.ontology.vocab import ALU, ref


@pytest.fixture(scope="module")
def chain():
    return read_chain(rdflib.Graph())


# Read off ../shared/domain/aluminum-value-chain.md, section 1 (midpoints where it gives a range).
@pytest.mark.parametrize(
    "flow, coefficient, unit",
    [
        ("alumina-to-electrolytic-aluminium", 1.93, "t/t"),
        ("electricity-to-electrolytic-aluminium", 13_400, "kWh/t"),
        ("prebaked-anodes-to-electrolytic-aluminium", 0.5, "t/t"),
        ("aluminium-fluoride-to-electrolytic-aluminium", 0.020, "t/t"),  # 15-25 kg
        ("bauxite-to-alumina", 2.35, "t/t"),  # 2.3-2.4 t
        ("electrolytic-aluminium-to-aluminium-ingots", 1 / 0.995, "t/t"),  # yield 99.5 %
        ("aluminium-billets-to-aluminium-profiles", 1 / 0.85, "t/t"),  # yield 80-90 %
        ("aluminium-ingots-to-aluminium-sheet", 1 / 0.725, "t/t"),  # yield 65-80 %
        ("aluminium-scrap-to-recycled-aluminium", 1 / 0.925, "t/t"),  # yield 90-95 %
        ("electricity-to-recycled-aluminium", 0.05 * 13_400, "kWh/t"),  # ~5 % of primary energy
    ],
)
def test_coefficients_match_the_domain_notes(chain, flow, coefficient, unit):
    (f,) = [f for f in chain.flows if f.iri == str(ref(f"flow/{flow}"))]
    assert f.coefficient == pytest.approx(coefficient, rel=1e-3)
    assert f.unit == unit


def test_every_flow_cites_a_source_and_links_known_products(chain):
    for f in chain.flows:
        assert "domain notes" in f.source, f.iri
        assert f.input in chain.products and f.output in chain.products, f.iri
        assert (f.coefficient is None) == (f.unit is None), f.iri


def test_derived_coefficients_say_so(chain):
    for f in chain.flows:
        if "midpoint" in f.source or "1/0." in f.source:
            assert "derived" in f.source, f.iri


def test_every_stage_has_an_order_a_segment_and_a_product(chain):
    assert len(chain.stages) == 16
    for iri, stage in chain.stages.items():
        assert stage.order != 99, iri
        assert stage.segment in {"upstream-input", "auxiliary-supply", "core", "downstream-extension", "recycling"}
        assert chain.products_at(iri), iri


@pytest.mark.parametrize(
    "slug",
    [
        "aluminium",
        "electrolytic-aluminium",
        "alumina",
        "prebaked-anodes",
        "steel-claw-protection-rings",
        "aluminium-profiles",
        "aluminium-sheet",
        "aluminium-foil",
        "aluminium-die-castings",
        "recycled-aluminium",
    ],
)
def test_product_slugs_the_extractor_relies_on_are_kept(slug):
    assert (ref(f"product/{slug}"), RDF.type, ALU.Product) in reference_chain()


def test_generic_aluminium_has_no_stage(chain):
    # "aluminium products" is a broader concept: tonnes of it must not count for any stage
    assert chain.products[str(ref("product/aluminium"))].stage is None


def test_segments_are_skos_concepts():
    g = reference_chain()
    segments = set(g.objects(None, SKOS.broader)) & set(g.subjects(RDF.type, SKOS.Concept))
    assert {str(s).rsplit("/", 1)[-1] for s in segments} >= {"upstream-input", "core", "downstream-extension"}
