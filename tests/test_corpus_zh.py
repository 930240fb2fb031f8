"""The Chinese pipeline on the 20 real Chinese news excerpts of ``../shared/corpus/zh`` (overlay off).

The texts belong to their publishers and stay outside the repository: this module only reads them
when the shared folder is there. Floors sit just under what was measured (extractor 1.12,
2026-12-04, tp/fp/fn in the comments); the corpus is development data (read while writing the
rules), so these floors guard against regressions, not generality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alucluster.loaders.evaluate import format_scores, pooled, score_folder

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "zh"
pytestmark = pytest.mark.skipif(not (CORPUS / "gold").is_dir(), reason=f"no Chinese corpus at {CORPUS}")

FLOORS = {
    "enterprise": (0.95, 0.95),  # 44/0/1: 1.00 / 0.98
    "origin": (0.95, 0.95),  # 17/0/0: 1.00 / 1.00
    "capacity": (0.95, 0.93),  # 44/0/2: 1.00 / 0.96
    "output": (0.95, 0.95),  # 9/0/0: 1.00 / 1.00 (output_value scored with output)
    "investment": (0.95, 0.95),  # 13/0/0: 1.00 / 1.00
}


@pytest.fixture(scope="module")
def scores():
    return score_folder(CORPUS)


def test_every_article_has_gold(scores):
    assert len(scores) == len(list((CORPUS / "articles").glob("*.txt"))) >= 20


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_pooled_floors(scores, kind):
    s = pooled(scores, kind)
    p, r = FLOORS[kind]
    assert s.precision >= p and s.recall >= r, (kind, s, format_scores({a: {kind: v[kind]} for a, v in scores.items() if kind in v}))


def test_every_article_builds_a_conforming_graph():
    from alucluster.graph.build import facts_to_graph
    from alucluster.graph.validate import validate
    from alucluster.loaders.article import read_article
    from alucluster.loaders.extract import extract

    articles = [read_article(p) for p in sorted((CORPUS / "articles").glob("*.txt"))]
    facts = [f for a in articles for f in extract(a)]
    report = validate(facts_to_graph(facts, articles), reason=False)
    assert report.conforms, report.text
