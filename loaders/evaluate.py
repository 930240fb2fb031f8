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

__all__ = [
    "Comparison",
    "Evaluation",
    "Score",
    "TARGET_KINDS",
    "compare",
    "evaluate_folder",
    "format_evaluation",
    "format_pooled",
    "format_scores",
    "pooled",
    "read_gold",
    "score",
    "score_folder",
]

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
    if g in (slug(ent.label), ent.id.rsplit("/", 1)[-1]):
        return True
    if ent.id.startswith("place/cn-"):
        # a division as the text writes it: "Baode County", "Muye District", "Lüliang" (pinyin "Lvliang")
        bare = re.sub(r"\s+(county|district|city|prefecture|province)$", "", gold.strip(), flags=re.I).replace("ü", "v")
        return slug(bare) == slug(ent.label)
    return False


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


@dataclass(frozen=True)
class Comparison:
    """One kind in one article: its counts, the gold lines no fact matched and the facts no gold
    line matched (what a researcher reads to see why a figure is what it is)."""

    score: Score
    misses: tuple[dict, ...] = ()
    false: tuple[Fact, ...] = ()


def compare(predicted: list[Fact], gold: list[dict]) -> dict[str, Comparison]:
    """Per-kind matching of ``predicted`` against ``gold``, with the unmatched lines on both sides.

    :param predicted: extracted facts (curated ones are ignored: they are not extraction).
    :param gold: gold lines as dicts.

    >>> from alucluster.loaders.facts import Entity, Evidence
    >>> f = Fact("enterprise", Entity("enterprise/acme", "Enterprise", "Acme"), Evidence("a", "Acme.", 0, 5))
    >>> c = compare([f], [{"kind": "enterprise", "subject": "Other"}])["enterprise"]
    >>> (c.score, c.misses, [x.subject.label for x in c.false])
    (Score(tp=0, fp=1, fn=1), ({'kind': 'enterprise', 'subject': 'Other'},), ['Acme'])
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
        out[kind] = Comparison(
            Score(tp, len(ps) - tp, len(gs) - tp),
            tuple(g for i, g in enumerate(gs) if ("g", i) not in matching),
            tuple(f for j, f in enumerate(ps) if ("p", j) not in matching),
        )
    return out


def score(predicted: list[Fact], gold: list[dict]) -> dict[str, Score]:
    """Per-kind true/false positives and false negatives of ``predicted`` against ``gold``.

    :param predicted: extracted facts (curated ones are ignored: they are not extraction).
    :param gold: gold lines as dicts.
    """
    return {kind: c.score for kind, c in compare(predicted, gold).items()}


def format_scores(scores: dict[str, dict[str, Score]]) -> str:
    """A table of P/R per article and kind: ``{article: {kind: Score}}``."""
    rows = [("article", "kind", "tp", "fp", "fn", "precision", "recall")]
    for article in sorted(scores):
        for kind, s in sorted(scores[article].items()):
            rows.append((article, kind, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.2f}", f"{s.recall:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows) + "\n"


def _check_layout(folder: Path) -> None:
    from alucluster.ontology.errors import ArticleError

    missing = [sub for sub in ("articles", "gold") if not (folder / sub).is_dir()]
    if missing:
        raise ArticleError(f"{folder}: not a test set (no {' or '.join(m + '/' for m in missing)} folder; "
                           f"expected {folder}/articles/*.txt and {folder}/gold/*.jsonl)")


def score_folder(folder: str | Path) -> dict[str, dict[str, Score]]:
    """Score every ``FOLDER/articles/<stem>.txt`` against ``FOLDER/gold/<stem>.jsonl`` (overlay off).

    :param folder: a test set laid out as ``articles/`` and ``gold/``.
    :raises ArticleError: when an article cannot be read.
    """
    from alucluster.loaders.article import read_article
    from alucluster.loaders.extract import extract

    folder = Path(folder)
    _check_layout(folder)
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


@dataclass(frozen=True)
class Evaluation:
    """A folder scored: per article and kind, the :class:`Comparison`; ``texts`` keeps each
    article's text so a miss can be shown with the sentence it is written in."""

    folder: str
    articles: tuple[tuple[str, tuple[tuple[str, Comparison], ...]], ...]
    texts: tuple[tuple[str, str], ...] = ()

    def scores(self) -> dict[str, dict[str, Score]]:
        """``{article: {kind: Score}}``, as :func:`score_folder` gives."""
        return {a: {k: c.score for k, c in kinds} for a, kinds in self.articles}

    def pooled(self, kind: str) -> Score:
        """One kind's counts summed over the articles."""
        return pooled(self.scores(), kind)


def evaluate_folder(folder: str | Path) -> Evaluation:
    """Score every article of ``FOLDER/articles`` that has a gold file in ``FOLDER/gold``.

    Articles are ``<stem>.txt`` (front matter, a ``.meta.json`` sidecar or plain header lines);
    gold files are ``<stem>.jsonl`` in the project's gold format.

    :param folder: a test set laid out as ``articles/`` and ``gold/``.
    :raises ArticleError: when the folder is not laid out so, a gold file has no article, a gold
        line is not JSON, or an article cannot be read.
    """
    from alucluster.loaders.article import read_article
    from alucluster.loaders.extract import extract
    from alucluster.ontology.errors import ArticleError

    folder = Path(folder)
    _check_layout(folder)
    golds = sorted((folder / "gold").glob("*.jsonl"))
    if not golds:
        raise ArticleError(f"{folder}/gold: no *.jsonl gold file")
    articles, texts = [], []
    for gold in golds:
        path = folder / "articles" / f"{gold.stem}.txt"
        if not path.is_file():
            raise ArticleError(f"{gold}: no article {path}")
        try:
            lines = read_gold(gold)
        except json.JSONDecodeError as e:
            raise ArticleError(f"{gold}: line {e.lineno} is not JSON ({e.msg})") from None
        article = read_article(path)
        articles.append((gold.stem, tuple(sorted(compare(extract(article), lines).items()))))
        texts.append((gold.stem, article.text))
    return Evaluation(str(folder), tuple(articles), tuple(texts))


def _gold_text(g: dict) -> str:
    keys = ("subject", "object", "value", "unit", "product", "indicator", "period", "status", "stated")
    return ", ".join(f"{k}={g[k]}" for k in keys if k in g)


def _fact_text(f: Fact) -> str:
    parts = [f"subject={f.subject.label}"]
    if f.object is not None:
        parts.append(f"object={f.object.label}")
    for key in ("value", "unit", "product", "indicator", "period", "status"):
        v = getattr(f, key)
        if v is not None:
            parts.append(f"{key}={v:g}" if isinstance(v, float) else f"{key}={v}")
    if not f.stated:
        parts.append("stated=False")
    return ", ".join(parts)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")


def _where(g: dict, text: str) -> str | None:
    """The sentence of ``text`` where a reader would look for a missed gold line: one naming its
    subject (or object) and, when the line has a value, writing its leading digits. Display only,
    so a split at sentence punctuation is enough (the extractor's own splitter needs its pipeline).

    >>> _where({"subject": "Acme", "value": 58000.0}, "Acme is big. Acme made 58,000 t. Other.")
    'Acme made 58,000 t.'
    """
    sentences = [" ".join(x.split()) for x in _SENTENCE_BREAK.split(text) if x.strip()]
    names = [g[k].lower() for k in ("subject", "object") if isinstance(g.get(k), str) and not g[k].startswith("@")]
    digits = None
    if isinstance(g.get("value"), (int, float)):
        digits = re.sub(r"0+$", "", re.sub(r"\D", "", f"{float(g['value']):.6f}".rstrip("0").rstrip(".")))
    named = [x for x in sentences if any(n in x.lower() for n in names)] or sentences
    if digits:
        written = [x for x in named if digits in re.sub(r"\D", "", x)]
        if written:
            return written[0]
    return named[0] if named and names and named is not sentences else None


def format_evaluation(ev: Evaluation, *, kinds: tuple[str, ...] | None = None, details: bool = True) -> str:
    """Precision and recall per kind over the folder, then (``details``) every miss and every false
    fact with its article and sentence.

    :param ev: what :func:`evaluate_folder` returned.
    :param kinds: the kinds to show (all kinds found in gold or facts by default).
    """
    found = sorted({k for _, ks in ev.articles for k, _ in ks})
    kinds = tuple(k for k in kinds if k in found) if kinds else tuple(found)
    scores = {a: {k: s for k, s in per.items() if k in kinds} for a, per in ev.scores().items()}
    lines = [f"{ev.folder}: {len(ev.articles)} articles, curation overlay off", format_pooled(scores).rstrip("\n")]
    if details:
        texts = dict(ev.texts)
        for title, pick in (("misses (gold lines no fact matched)", "misses"), ("false facts (facts no gold line matched)", "false")):
            lines += ["", f"{title}:"]
            for article, ks in ev.articles:
                for k, c in ks:
                    if k not in kinds:
                        continue
                    for item in getattr(c, pick):
                        if pick == "misses":
                            lines.append(f"  {article} [{k}] {_gold_text(item)}")
                            where = _where(item, texts.get(article, ""))
                        else:
                            lines.append(f"  {article} [{k}] {_fact_text(item)}")
                            where = " ".join(item.evidence.sentence.split())
                        if where:
                            lines.append(f"      \u201c{where}\u201d")
    return "\n".join(lines) + "\n"
