"""The extraction engine: an article in, cited facts out.

The English extraction runs in steps, one module each: :mod:`~alucluster.loaders.pipeline`
(spaCy tokens, sentences, phrase matchers, cue words), :mod:`~alucluster.loaders.mentions`
(organizations, places, parks, products, indicators, quantities, pronouns as typed
:mod:`~alucluster.loaders.items`), :mod:`~alucluster.loaders.projects` (investment projects),
:mod:`~alucluster.loaders.relations` (origins, operators, subsidiaries, locations, memberships),
:mod:`~alucluster.loaders.figures` (quantities read as facts, with subjects from
:mod:`~alucluster.loaders.subjects` and products from :mod:`~alucluster.loaders.products`). This
module runs them in order over one article, carries the period across sentences ("in the same
period"), merges duplicates and offers the public API and the fact formats. A few fixed layouts
that span punctuation and numbers are regular expressions over the sentence text, whose offsets
line up with the tokens.

Ambiguity stays visible: a number split from its unit by a sentence break is joined with a lower
confidence and a note, an ambiguous place name is resolved by the provinces the article names and
noted, a combined figure for several projects is not copied onto each, a bound ("exceeding 50
billion") that restates an exact figure is dropped, and targets ("aims for ... by 2025") give no
observation. Operators, origins and subsidiaries are only taken when the text states them.

Nothing in this module knows a particular article: names come from the capitalisation and pinyin
shape of words, products and indicators from the ontology, places from the gazetteer.

>>> from alucluster.loaders.article import Article
>>> a = Article.from_text("In 2021, Hubei Xinda has an annual output of 5,000 tons of aluminum foil.", date="2021-07")
>>> [(f.kind, f.subject.label, f.value, f.unit, f.product) for f in extract(a) if f.kind == "capacity"]
[('capacity', 'Hubei Xinda', 5000.0, 't/yr', 'aluminium-foil')]
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from alucluster.loaders.article import Article, read_article
from alucluster.loaders.facts import Entity, Fact, slug
from alucluster.loaders.figures import sentence_quantities
from alucluster.loaders.items import Context
from alucluster.loaders.lexicon import lexicon
from alucluster.loaders.mentions import find_mentions
from alucluster.loaders.periods import clauses, period_and_deferral, period_of, period_status, status_of
from alucluster.loaders.pipeline import Cues, english_pipeline, split_sentences
from alucluster.loaders.projects import attach_items, find_projects
from alucluster.loaders.relations import carry_status, name_facts, one_location_each, sentence_relations, stated_places
from alucluster.loaders.resolve import Merge
from alucluster.loaders.subjects import is_object

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extractor_fingerprint", "source_digest", "extract", "extract_with_host", "extract_article", "extract_file", "format_facts", "period_of", "slug"]

#: Bump when extraction output changes. The on-disk facts cache is keyed by it *and* by a digest
#: of the extractor's sources (:func:`extractor_fingerprint`), so a bump lost in a merge, or an
#: edit made without one, can never serve facts of older code.
EXTRACTOR_VERSION = "1.16"


def source_digest(paths) -> str:
    """A digest of the bytes of ``paths`` (in the order given) and of their names.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "a.py").write_text("x = 1"); (d / "b.ttl").write_text("y")
    5
    1
    >>> one = source_digest(sorted(d.iterdir())); (d / "a.py").write_text("x = 2")
    5
    >>> one == source_digest(sorted(d.iterdir()))
    False
    """
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()[:16]


@functools.cache
def extractor_fingerprint() -> str:
    """:data:`EXTRACTOR_VERSION` with a digest of what extraction reads: the loaders' code and data
    and the ontology's reference data (product and indicator lexicons). Computed once per process.

    >>> extractor_fingerprint().startswith(EXTRACTOR_VERSION + "+")
    True
    """
    from importlib import resources

    roots = [resources.files("alucluster.loaders"), resources.files("alucluster.ontology") / "data"]
    files = sorted(
        (str(f) for root in roots for f in Path(str(root)).rglob("*") if f.is_file() and f.suffix in {".py", ".ttl", ".toml", ".json", ".txt", ".csv"}),
        key=lambda f: f.replace("\\", "/"),
    )
    return f"{EXTRACTOR_VERSION}+{source_digest(files)}"


@dataclass
class Extraction:
    """The result of extracting one article: its facts (sorted) and the entity merges made."""

    article: Article
    facts: list[Fact]
    merges: list[Merge]
    host: Entity | None = None


def extract_article(article: Article, *, curated: bool = False) -> Extraction:
    """Extract one article, keeping the entity merges that were made.

    :param article: the cleaned article.
    :param curated: also apply the reviewed curation overlay (off by default).
    """
    from alucluster.loaders.zh_text import is_chinese

    if article.language.startswith("zh") or is_chinese(article.text):
        from alucluster.loaders.zh import extract_zh

        return extract_zh(article, curated=curated)
    p = english_pipeline()
    text = article.text
    doc = p.nlp(text)
    ctx = Context(article, cues=Cues(doc, p.cues))
    sentences = split_sentences(doc, text)
    mentions = find_mentions(article, doc, sentences, ctx.cues)
    sentences = find_projects(ctx, attach_items(sentences, list(mentions.items)))
    first: dict[str, tuple] = {}
    for s in sentences:
        for it in s.items:
            if it.kind == "org" and it.value.id not in first:
                first[it.value.id] = (it.value, ctx.evidence(s))
    name_facts(ctx, sorted(first.values(), key=lambda x: x[1].start), mentions.org_place, mentions.host)
    stated_places(ctx, sentences, mentions.stated_places, mentions.host)
    _read_sentences(ctx, sentences, mentions)
    if mentions.ambiguous:
        amb = mentions.ambiguous
        ctx.facts = [
            replace(f, confidence=min(f.confidence, 0.5), stated=False, note="; ".join(x for x in (f.note, amb[id(f.subject)]) if x))
            if id(f.subject) in amb and f.kind != "enterprise" else f
            for f in ctx.facts
        ]
    facts = _finalise(_period_statuses(one_location_each(_project_status(ctx.facts))))
    if curated:
        from alucluster.loaders.curation import apply_curation

        facts = sorted(apply_curation(article, facts), key=_sort_key)
    return Extraction(article, facts, list(mentions.merges), mentions.host_entity)


def _read_sentences(ctx: Context, sentences, mentions) -> None:
    """Relations and figures, sentence by sentence, with the period carried over."""
    article, text, cues, lex = ctx.article, ctx.article.text, ctx.cues, lexicon()
    year = article.year
    host, host_entity = mentions.host, mentions.host_entity
    running_period = period_and_deferral(article.title or "", year)[0]
    # pronouns ("its", "the company") refer back to organizations: (position, entity, named as an
    # object), see subjects.nearest_subject
    orgs = [(it.start, it.value, is_object(it, text)) for it in mentions.items if it.kind == "org"]
    list_location: Entity | None = None
    located: set[tuple[str, str]] = set()
    prev_sentence_orgs: list[Entity] = []
    for s in sentences:
        period, _ = period_and_deferral(s.text, year)
        if period is None:
            period = running_period
        elif (not re.fullmatch(r"(19|20)\d\d", period) or re.search(r"\b(last|this) year\b", s.text, re.I)
              or not (cues.within("INTRODUCED", s.start, s.end) or re.search(r"\b(since|established|founded|by|until|before)\s+(in\s+)?(19|20)\d\d", s.text))):
            # a bare "in 2020" sets the period of what follows unless it dates an event ("landed in 2019");
            # a year that only modifies a noun ("the 1986 instruction") is its sentence's alone
            if not re.fullmatch(r"(19|20)\d\d", period) or period not in s.text or re.search(
                    rf"(?:\b(?:in|during|for|of|throughout)\s+|^\W*){period}\b", s.text, re.I):
                running_period = period
        status = status_of(s.text)
        orgs_here = [it.value for it in s.items if it.kind == "org"]
        # location of everything in a list introduced by "... settled in the X Park:"
        if list_location is not None:
            for e in orgs_here:
                if (e.id, list_location.id) not in located:
                    located.add((e.id, list_location.id))
                    ctx.add(kind="location", subject=e, object=list_location, evidence=ctx.evidence(s), confidence=0.7,
                            note="listed under a sentence naming the place")
        last_char = s.text.rstrip()[-1:]
        if last_char == ":":
            list_location = next((it.value for it in s.items if it.kind == "park"), None)
        elif last_char != ";":
            list_location = None  # the list has ended
        sentence_relations(ctx, s, host, located, prev_sentence_orgs)
        parts = clauses(s.text, s.start, year, period=period, status=status)
        sentence_quantities(ctx, s, sentences, host_entity, parts, orgs, lex)
        if status is not None:
            carry_status(ctx, s, s.items, status)
        prev_sentence_orgs = orgs_here


def _finalise(facts: list[Fact]) -> list[Fact]:
    """Drop exact duplicates and bounds restating an exact figure; sort deterministically."""
    exact = {}
    for f in facts:
        if f.note is None or "bound" not in f.note:
            exact[(f.kind, f.subject.id, f.indicator, f.product, f.period)] = f
    out = []
    seen = set()
    for f in facts:
        key = (f.kind, f.subject.id, f.indicator, f.product, f.period)
        if f.note and "bound" in f.note and key in exact:
            continue
        sig = (f.kind, f.subject.id, f.object.id if f.object else None, f.value, f.unit, f.product, f.indicator, f.period,
               f.evidence.start)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(f)
    return sorted(_restated(out), key=_sort_key)


def _period_statuses(facts: list[Fact]) -> list[Fact]:
    """A figure whose calendar period is not resolved says why (annual, planned, unknown)."""
    return [replace(f, period_status=period_status(f.evidence.sentence, unit=f.unit, status=f.status))
            if f.kind in _PERIOD_KINDS and f.period is None and f.period_status is None else f
            for f in facts]


_PERIOD_KINDS = ("output", "output_value", "indicator", "investment")
_STATUS_RANK = {"planned": 0, "signed": 1, "under-construction": 2, "operating": 3}


def _project_status(facts: list[Fact]) -> list[Fact]:
    """A project's capacities and investments take the most advanced status the text states for
    the project when their own clause only expects them ("will produce N once completed" of a
    project under construction is the capacity of a project under construction)."""
    best: dict[str, str] = {}
    for f in facts:
        if f.subject.type == "InvestmentProject" and f.status in _STATUS_RANK:
            if _STATUS_RANK[f.status] > _STATUS_RANK.get(best.get(f.subject.id), -1):
                best[f.subject.id] = f.status
    return [replace(f, status=best[f.subject.id])
            if f.kind in ("capacity", "investment") and f.subject.id in best and f.status in (None, "planned")
            and best[f.subject.id] != f.status else f
            for f in facts]


def _restated(facts: list[Fact]) -> list[Fact]:
    """One capacity fact per holder, figure and product: a later sentence restating a capacity
    ("the 300,000-ton project ... will produce 300,000 tons a year") adds no fact, only the status
    the first statement lacked."""
    first: dict[tuple, int] = {}
    out: list[Fact] = []
    for f in facts:
        if f.kind != "capacity":
            out.append(f)
            continue
        key = (f.subject.id, f.value, f.unit, f.product)
        if key not in first:
            first[key] = len(out)
            out.append(f)
        elif out[first[key]].status is None and f.status is not None:
            out[first[key]] = replace(out[first[key]], status=f.status)
    return out


def _sort_key(f: Fact):
    return (f.evidence.start, f.evidence.end, f.kind, f.subject.id, f.object.id if f.object else "", f.product or "",
            f.indicator or "", f.period or "", f.value if f.value is not None else float("-inf"), f.unit or "", f.curated)


# ------------------------------------------------------------------------------------ public API


def extract(article: Article, *, curated: bool = False, cache_dir: str | Path | None = None) -> list[Fact]:
    """Facts stated or implied by one article, each with its evidence, sorted by position.

    :param article: the cleaned article (its date resolves "this year").
    :param curated: also apply the reviewed curation overlay (``loaders/curation/*.toml``).
    :param cache_dir: folder for a JSON cache keyed by content hash and :func:`extractor_fingerprint`.
    """
    return extract_with_host(article, curated=curated, cache_dir=cache_dir)[0]


def extract_with_host(
    article: Article, *, curated: bool = False, cache_dir: str | Path | None = None
) -> tuple[list[Fact], Entity | None]:
    """The facts of :func:`extract` and the host place the text is about (None when it does not tell).

    The host is cached with the facts: a build needs both and must not extract twice.

    :param article: the cleaned article.
    :param curated: also apply the reviewed curation overlay.
    :param cache_dir: folder for the JSON cache (see :func:`extract`).

    >>> facts, host = extract_with_host(Article.from_text("BAOTOU, May 2 -- Acme Aluminum Co. makes billets.", id="x"))
    >>> host.id
    'place/cn-150200'
    """
    cache = None
    if cache_dir is not None:
        key = hashlib.sha256(
            json.dumps([article.content_hash, article.id, article.date, article.title, extractor_fingerprint(), curated]).encode()
        ).hexdigest()[:24]
        cache = Path(cache_dir) / f"facts-{key}.json"
        if cache.is_file():
            try:
                data = json.loads(cache.read_text(encoding="utf-8"))
                host = Entity(**data["host"]) if data["host"] else None
                return [Fact.from_dict(d) for d in data["facts"]], host
            except (ValueError, TypeError, KeyError):
                pass  # a damaged (or older-format) cache entry is rebuilt below
    result = extract_article(article, curated=curated)
    if cache is not None:
        from dataclasses import asdict

        from alucluster.ontology._io import write_atomic

        data = {"facts": [f.to_dict() for f in result.facts], "host": asdict(result.host) if result.host else None}
        write_atomic(cache, json.dumps(data, sort_keys=True, ensure_ascii=False))
    return result.facts, result.host


def extract_file(path: str | Path, *, curated: bool = False, cache_dir: str | Path | None = None) -> list[Fact]:
    """Read an article file and extract its facts.

    :param path: the article file (front matter or ``.meta.json`` sidecar for its date).
    :raises ArticleError: when the file cannot be read as an article.
    """
    return extract(read_article(path), curated=curated, cache_dir=cache_dir)


def format_facts(facts: list[Fact], fmt: str = "table", *, merges: list[Merge] | tuple = ()) -> str:
    """Facts as JSON lines (one ``Fact.to_dict()`` per line, sorted keys) or an aligned table.

    The entity merges made follow the facts so a reader can check them: in JSON lines one
    ``{"merge": {"kept", "merged", "reason"}}`` record each, in the table a trailing ``merged:`` section.

    :param facts: facts to print.
    :param fmt: ``"jsonl"`` or ``"table"``.
    :param merges: the merges of the extraction (:attr:`Extraction.merges`).
    :raises ValueError: for another format.

    >>> from alucluster.loaders.facts import Entity, Evidence, Fact
    >>> f = Fact("capacity", Entity("enterprise/acme", "Enterprise", "Acme"), Evidence("a", "Acme makes 5 t.", 0, 15),
    ...          value=5.0, unit="t/yr", product="aluminium-foil")
    >>> line = format_facts([f], "jsonl")
    >>> json.loads(line)["unit"], line.count(chr(10))
    ('t/yr', 1)
    """
    if fmt == "jsonl":
        lines = [json.dumps(f.to_dict(), sort_keys=True, ensure_ascii=False) for f in facts]
        lines += [json.dumps({"merge": {"kept": m.kept, "merged": m.merged, "reason": m.reason}}, sort_keys=True, ensure_ascii=False)
                  for m in merges]
        return "".join(line + "\n" for line in lines)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use jsonl or table")
    header = ("kind", "subject", "object/value", "indicator/product", "period", "stated", "conf", "evidence")
    rows = [header]
    for f in facts:
        if f.object is not None:
            obj = f.object.label
        elif f.value is not None:
            obj = f"{f.value:,.6g} {f.unit or ''}".strip() if abs(f.value) < 1e6 else f"{f.value:,.0f} {f.unit or ''}".strip()
        else:
            obj = f.period or ""
        excerpt = f.evidence.sentence.replace("\n", " ")
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "..."
        what = ":".join(x for x in (f.indicator, f.product) if x)
        rows.append((f.kind + (" (curated)" if f.curated else ""), f.subject.label, obj, what,
                     f.period or "", "yes" if f.stated else "no", f"{f.confidence:.2f}", excerpt))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1] for r in rows]
    if merges:
        lines += ["", "merged:"] + [f"  {m.merged!r} -> {m.kept!r}: {m.reason}" for m in merges]
    return "\n".join(line.rstrip() for line in lines) + "\n"
