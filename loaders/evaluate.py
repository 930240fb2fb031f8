"""Precision and recall of extracted facts against a hand-written gold file.

Matching follows the project's conventions: subject and object compare by the slug of the English
name (or the id's last part), a Chinese gold name with the entity's Chinese label (simplified, no
legal form); ``"@project"`` matches any ``InvestmentProject``; numbers match with relative tolerance 1e-6; ``unit``, ``product``, ``indicator``, ``period``, ``status`` and ``stated``
are compared only when the gold line has them; repeated gold lines need as many predicted facts
(a maximum bipartite matching, so the order of lines does not matter). ``output_value`` facts are
scored under ``output``.

>>> from alucluster.loaders.facts import Entity, Evidence, Fact
>>> ev = Evidence("a", "s", 0, 1)
>>> pred = [Fact("enterprise", Entity("enterprise/hubei-acme", "Enterprise", "Hubei Acme"), ev)]
>>> gold = [{"kind": "enterprise", "subject": "Hubei Acme"}, {"kind": "enterprise", "subject": "Other"}]
>>> s = score(pred, gold)["enterprise"]
>>> (s.tp, s.fp, s.fn, s.precision, s.recall)
(1, 0, 1, 1.0, 0.5)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from alucluster.loaders.facts import Fact

__all__ = ["Score", "score", "score_folder", "pooled", "read_gold", "TARGET_KINDS", "format_scores", "format_pooled"]

#: The kinds with precision/recall targets.
TARGET_KINDS = ("enterprise", "origin", "capacity", "output", "indicator")
_GROUP = {"output_value": "output"}
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Score:
    """Counts and ratios for one kind; precision/recall are 1.0 when there is nothing to find."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _same_entity(gold: str, ent) -> bool:
    if gold == "@project":
        return ent.type == "InvestmentProject"
    if _CJK.search(gold):
        # a Chinese gold name is compared with the entity's Chinese label (legal forms, simplified)
        from alucluster.loaders.zh_names import same_zh_name

        return same_zh_name(gold, ent.label_zh, place=ent.id.startswith("place/"))
    from alucluster.loaders.extract import slug

    g = slug(gold)
    return g in (slug(ent.label), ent.id.rsplit("/", 1)[-1])


def _matches(g: dict, f: Fact) -> bool:
    if _GROUP.get(g["kind"], g["kind"]) != _GROUP.get(f.kind, f.kind) or (g["kind"] == "output_value") != (f.kind == "output_value"):
        return False
    if not _same_entity(g["subject"], f.subject):
        return False
    if "object" in g and (f.object is None or not _same_entity(g["object"], f.object)):
        return False
    if "value" in g:
        if f.value is None or not math.isclose(float(g["value"]), f.value, rel_tol=1e-6, abs_tol=1e-12):
            return False
    for key in ("unit", "product", "indicator", "period", "status", "stated"):
        if key in g and g[key] != getattr(f, key):
            return False
    return True


def read_gold(path: str | Path) -> list[dict]:
    """The gold facts of one article (JSON lines; blank lines and ``#`` comments skipped).

    :param path: ``tests/data/gold/<article-stem>.jsonl``.
    """
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(json.loads(line))
    return out


def score(predicted: list[Fact], gold: list[dict]) -> dict[str, Score]:
    """Per-kind true/false positives and false negatives of ``predicted`` against ``gold``.

    :param predicted: extracted facts (curated ones are ignored: they are not extraction).
    :param gold: gold lines as dicts.
    """
    import networkx as nx

    # "project" facts only introduce projects; gold files score them through "@project" subjects.
    predicted = [f for f in predicted if not f.curated and f.kind != "project"]
    kinds = sorted({_GROUP.get(g["kind"], g["kind"]) for g in gold} | {_GROUP.get(f.kind, f.kind) for f in predicted})
    out = {}
    for kind in kinds:
        gs = [g for g in gold if _GROUP.get(g["kind"], g["kind"]) == kind]
        ps = [f for f in predicted if _GROUP.get(f.kind, f.kind) == kind]
        graph = nx.Graph()
        graph.add_nodes_from((("g", i) for i in range(len(gs))), bipartite=0)
        graph.add_nodes_from((("p", j) for j in range(len(ps))), bipartite=1)
        for i, g in enumerate(gs):
            for j, f in enumerate(ps):
                if _matches(g, f):
                    graph.add_edge(("g", i), ("p", j))
        matching = nx.bipartite.maximum_matching(graph, top_nodes=[("g", i) for i in range(len(gs))])
        tp = sum(1 for i in range(len(gs)) if ("g", i) in matching)
        out[kind] = Score(tp, len(ps) - tp, len(gs) - tp)
    return out


def format_scores(scores: dict[str, dict[str, Score]]) -> str:
    """A table of P/R per article and kind: ``{article: {kind: Score}}``."""
    rows = [("article", "kind", "tp", "fp", "fn", "precision", "recall")]
    for article in sorted(scores):
        for kind, s in sorted(scores[article].items()):
            rows.append((article, kind, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.2f}", f"{s.recall:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows) + "\n"


def score_folder(folder: str | Path) -> dict[str, dict[str, Score]]:
    """Score every ``FOLDER/articles/<stem>.txt`` against ``FOLDER/gold/<stem>.jsonl`` (overlay off).

    :param folder: a test set laid out as ``articles/`` and ``gold/``.
    :raises ArticleError: when an article cannot be read.
    """
    from alucluster.loaders.article import read_article
    from alucluster.loaders.extract import extract
    from alucluster.ontology.errors import ArticleError

    folder = Path(folder)
    if not (folder / "gold").is_dir() or not (folder / "articles").is_dir():
        raise ArticleError(f"{folder}: not a test set (needs articles/ and gold/ folders)")
    return {
        gold.stem: score(extract(read_article(folder / "articles" / f"{gold.stem}.txt")), read_gold(gold))
        for gold in sorted((folder / "gold").glob("*.jsonl"))
    }


def pooled(scores: dict[str, dict[str, Score]], kind: str) -> Score:
    """One kind's counts summed over articles (micro-average).

    >>> pooled({"a": {"capacity": Score(2, 1, 0)}, "b": {"capacity": Score(1, 0, 1)}}, "capacity")
    Score(tp=3, fp=1, fn=1)
    """
    per = [s[kind] for s in scores.values() if kind in s]
    return Score(sum(s.tp for s in per), sum(s.fp for s in per), sum(s.fn for s in per))


def format_pooled(scores: dict[str, dict[str, Score]]) -> str:
    """One line per kind with its counts and ratios summed over the articles.

    >>> print(format_pooled({"a": {"capacity": Score(2, 1, 0)}, "b": {"capacity": Score(1, 0, 1)}}), end="")
    kind      tp  fp  fn  precision  recall
    capacity  3   1   1   0.75       0.75
    """
    kinds = sorted({k for s in scores.values() for k in s})
    rows = [("kind", "tp", "fp", "fn", "precision", "recall")]
    for kind in kinds:
        s = pooled(scores, kind)
        rows.append((kind, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.2f}", f"{s.recall:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows) + "\n"
