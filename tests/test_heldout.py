"""Precision and recall of extraction on the held-out article sets (``tests/data/heldout*``).

Both sets were written, with their gold, without looking at the extractor's source.

- ``heldout``: measured blind first (see its README); its misses then became the extractor's to-do
  list and the general fixes lifted every kind to 1.0, so it is now development data like
  ``tests/data/articles``; its floors guard against regressions.
- ``heldout2``: never tuned on, the honest measure of generality. Its floors sit just under what
  was measured (extractor 1.2, 2026-11-28; table and misses in its README). Never tune the extractor
  on its text: once a fix is made from its misses, it stops being blind and a fresh set is needed.

Run with ``-s`` to see the per-article tables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alucluster.loaders.evaluate import TARGET_KINDS, format_scores, pooled, read_gold, score_folder
from alucluster.loaders.facts import FACT_KINDS

DATA = Path(__file__).parent / "data"

# Pooled (micro-averaged) (precision, recall) floors; the measurement is in the comments.
FLOORS = {
    "heldout": {  # blind P/R -> after the general fixes
        "enterprise": (1.0, 1.0),  # 1.00 / 1.00 -> 1.00 / 1.00 (14/0/0)
        "origin": (1.0, 1.0),  # 1.00 / 1.00 -> 1.00 / 1.00 (10/0/0)
        "capacity": (1.0, 1.0),  # 0.90 / 0.60 -> 1.00 / 1.00 (15/0/0)
        "output": (1.0, 1.0),  # 0.67 / 0.43 -> 1.00 / 1.00 (14/0/0)
        "indicator": (1.0, 1.0),  # 0.43 / 0.43 -> 1.00 / 1.00 (21/0/0)
    },
    "heldout2": {  # blind, tp/fp/fn
        "enterprise": (0.85, 0.90),  # 14/2/1: 0.88 / 0.93
        "origin": (0.85, 0.85),  # 9/1/1: 0.90 / 0.90
        "capacity": (0.70, 0.50),  # 9/3/8: 0.75 / 0.53
        "output": (0.60, 0.60),  # 10/5/6: 0.67 / 0.62
        "indicator": (0.50, 0.50),  # 14/12/11: 0.54 / 0.56
    },
}
# Names and origins, per article. On heldout2 two articles miss one name each (a name written with
# "ü", and "a Zhejiang company" read as a firm): see its README.
PER_ARTICLE_FLOOR = {"heldout": 1.0, "heldout2": 0.6}
SETS = sorted(FLOORS)
ARTICLES = [(name, p.stem) for name in SETS for p in sorted((DATA / name / "gold").glob("*.jsonl"))]


@pytest.fixture(scope="module")
def scores():
    return {name: score_folder(DATA / name) for name in SETS}


@pytest.mark.parametrize("name", SETS)
def test_each_set_has_four_articles_each_with_gold(name):
    articles = sorted(p.stem for p in (DATA / name / "articles").glob("*.txt"))
    assert len(articles) >= 4
    assert articles == sorted(p.stem for p in (DATA / name / "gold").glob("*.jsonl"))


@pytest.mark.parametrize("name, stem", ARTICLES)
def test_gold_is_well_formed_and_its_names_are_in_the_article(name, stem):
    """A typo in a gold name would count as a miss of the extractor, so check the gold itself."""
    raw = (DATA / name / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
    assert raw.startswith("---\n") and "source: written for alucluster held-out tests" in raw
    lines = read_gold(DATA / name / "gold" / f"{stem}.jsonl")
    assert {line["kind"] for line in lines} <= set(FACT_KINDS)
    for line in lines:
        for key in ("subject", "object"):
            value = line.get(key)
            if value and value != "@project":
                assert re.search(rf"(?<!\w){re.escape(value)}(?!\w)", raw, re.I), json.dumps(line)


@pytest.mark.parametrize("name, stem", ARTICLES)
def test_names_and_origins_per_article(name, stem, scores):
    article = scores[name][stem]
    print("\n" + format_scores({stem: article}))
    floor = PER_ARTICLE_FLOOR[name]
    for kind in ("enterprise", "origin"):
        s = article[kind]
        assert s.precision >= floor and s.recall >= floor, f"{stem} {kind}: {s}"


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("kind", TARGET_KINDS)
def test_pooled_precision_recall(name, kind, scores):
    s = pooled(scores[name], kind)
    print(f"\n{name} {kind}: tp={s.tp} fp={s.fp} fn={s.fn} P={s.precision:.2f} R={s.recall:.2f}")
    p_floor, r_floor = FLOORS[name][kind]
    assert s.precision >= p_floor and s.recall >= r_floor, f"{name} {kind}: {s}"
