"""The reviewed overlay: off by default, adds marked facts, never replaces an extracted one."""

from __future__ import annotations

import pytest

from alucluster.loaders.article import seed_article
from alucluster.loaders.curation import CurationError, apply_curation, load_overlay
from alucluster.loaders.extract import extract


@pytest.fixture(scope="module")
def plain_and_curated():
    a = seed_article()
    return a, extract(a), extract(a, curated=True)


def test_off_by_default(plain_and_curated):
    _, plain, _ = plain_and_curated
    assert not any(f.curated for f in plain)


def test_overlay_adds_and_corrects_without_replacing(plain_and_curated):
    a, plain, curated = plain_and_curated
    added = [f for f in curated if f.curated]
    assert sorted(f.kind for f in added) == ["capacity", "operator"]
    for f in added:
        assert "source:" in f.note
    # the overlay cites the whole sentence its quote stands in, read from the seed by hand
    (operator,) = [f for f in added if f.kind == "operator"]
    assert operator.evidence.sentence == (
        "In the first half of this year, Guangyuan Zhongfu has produced 218,000 tons of aluminum products, "
        "with an output value exceeding 4 billion yuan."
    )
    # every extracted fact is still there (same kind, subject, value), the corrected one marked
    key = lambda f: (f.kind, f.subject.id, f.value, f.product, f.evidence.start)  # noqa: E731
    assert sorted(map(key, plain)) == sorted(key(f) for f in curated if not f.curated)
    marked = [f for f in curated if not f.curated and f.note and "curated correction" in f.note]
    assert [f.kind for f in marked] == ["capacity"]
    (fixed,) = [f for f in added if f.kind == "capacity"]
    assert fixed.confidence == pytest.approx(0.8) and fixed.value == marked[0].value


def test_bad_overlay_entries(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text('article = "a"\n[[add]]\nkind = "operator"\nsubject = "x"\nquote = "q"\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(CurationError, match="no 'reason'"):
        load_overlay(p)
    p.write_text("article = [", encoding="utf-8")
    with pytest.raises(CurationError, match="unreadable"):
        load_overlay(p)


def test_quote_must_occur_in_the_article():
    a = seed_article()
    overlay = {"article": a.id, "add": [{"kind": "enterprise", "subject": {"id": "enterprise/x", "type": "Enterprise",
                                                                            "label": "X"},
                                          "quote": "a sentence that is not there", "source": "s", "reason": "r"}]}
    with pytest.raises(CurationError, match="does not occur"):
        apply_curation(a, [], overlays=[overlay])


def test_build_curated_conforms_with_one_assertion_node_per_fact(tmp_path):
    import subprocess
    import sys

    import rdflib
    from alucluster.ontology.vocab import ALU
    from rdflib.namespace import RDF

    proc = subprocess.run([sys.executable, "-c", "from alucluster.graph.cli import main; main()", "build", "--curated",
                           "--no-views", "--out", str(tmp_path)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms to the shapes" in proc.stdout
    g = rdflib.Graph().parse(tmp_path / "cluster.ttl")
    assertions = set(g.subjects(RDF.type, ALU.Assertion))
    for node in assertions:
        assert len(set(g.objects(node, ALU.confidence))) == 1, node
        assert len(set(g.objects(node, ALU.curated))) == 1, node
    curated = {n for n in assertions if g.value(n, ALU.curated).toPython() is True}
    # the overlay of the seed adds one fact and corrects one: two curated assertions
    assert len(curated) == 2
    # the corrected copy states the same triple as the extracted fact it corrects, on its own node
    (copy,) = [n for n in curated if str(g.value(n, ALU.factKind)) == "capacity"]
    triple = tuple(g.value(copy, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    same = {n for n in assertions if tuple(g.value(n, p) for p in (RDF.subject, RDF.predicate, RDF.object)) == triple}
    assert len(same) == 2 and copy in same
