"""The reviewed curation overlay: facts no general pattern should catch, each with source and reason.

Overlay files live in ``loaders/curation/*.toml`` (shipped with the package), one per article, keyed
by ``article = "<article id>"``. Two kinds of entries:

- ``[[add]]`` a new fact (``kind``, ``subject``/``object`` as ``{id, type, label}`` tables, optional
  ``value``, ``unit``, ``product``, ``indicator``, ``period``, ``status``, ``confidence``), cited by a
  ``quote`` that must occur in the article: the sentence containing it becomes the evidence;
- ``[[correct]]`` a correction of an extracted fact (selected by ``kind`` and ``subject`` id, and
  the ``quote`` its evidence contains): a curated copy with the ``set`` fields changed is added, and
  the extracted fact is kept, its note saying a curated correction exists.

Both need ``source`` and ``reason``. Curated facts carry ``curated=True`` and the reason in their
note. The overlay is off by default (``extract(..., curated=False)``), and precision and recall
are measured without it.

>>> from alucluster.loaders.article import seed_article
>>> [e["kind"] for e in overlay_entries(seed_article())]
['add', 'correct']
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from importlib import resources
from pathlib import Path

from alucluster.loaders.article import Article
from alucluster.loaders.facts import Entity, Evidence, Fact
from alucluster.ontology.errors import AluclusterError

__all__ = ["CurationError", "overlay_entries", "apply_curation", "load_overlay"]

_FACT_FIELDS = ("value", "unit", "product", "indicator", "period", "status", "confidence", "stated")


class CurationError(AluclusterError):
    """A curation overlay entry that is malformed or does not fit its article."""


def load_overlay(path: str | Path) -> dict:
    """One overlay file, checked for the required keys.

    :param path: a ``.toml`` overlay file.
    :raises CurationError: unreadable TOML, missing ``article``, an entry without source or reason.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CurationError(f"{p.name}: unreadable curation overlay ({exc})") from None
    if not isinstance(data.get("article"), str):
        raise CurationError(f"{p.name}: missing 'article = \"<article id>\"'")
    for section in ("add", "correct"):
        for i, entry in enumerate(data.get(section, [])):
            for key in ("kind", "subject", "source", "reason", "quote"):
                if not entry.get(key):
                    raise CurationError(f"{p.name}: [[{section}]] entry {i + 1} has no '{key}'")
    return data


@functools.cache
def _packaged() -> tuple[tuple[str, dict], ...]:
    folder = resources.files("alucluster.loaders") / "curation"
    out = []
    for item in sorted(folder.iterdir(), key=lambda x: x.name):
        if item.name.endswith(".toml"):
            out.append((item.name, load_overlay(Path(str(item)))))
    return tuple(out)


def overlay_entries(article: Article, *, overlays: list[dict] | None = None) -> list[dict]:
    """The overlay entries for one article, each with ``kind`` set to ``add`` or ``correct`` under ``"kind"``.

    :param article: the article (matched by id).
    :param overlays: overlay dicts to use instead of the packaged ones.
    """
    sources = overlays if overlays is not None else [d for _, d in _packaged()]
    out = []
    for data in sources:
        if data["article"] != article.id:
            continue
        for section in ("add", "correct"):
            for entry in data.get(section, []):
                out.append({"kind": section, "entry": entry})
    return out


def _sentence_with(article: Article, quote: str) -> Evidence:
    i = article.text.find(quote)
    if i < 0:
        raise CurationError(f"curation quote {quote!r} does not occur in article {article.id}")
    start = max(article.text.rfind(". ", 0, i) + 2 if article.text.rfind(". ", 0, i) >= 0 else 0, article.text.rfind("\n", 0, i) + 1)
    m = re.search(r"[.!?](\s|$)", article.text[i + len(quote) :])
    end = i + len(quote) + (m.start() + 1 if m else len(article.text) - i - len(quote))
    return Evidence(article.id, article.text[start:end], start, end)


def _entity(value) -> Entity:
    if isinstance(value, dict):
        return Entity(value["id"], value["type"], value["label"], value.get("label_zh"))
    raise CurationError(f"curation entity must be a table {{id, type, label}}, got {value!r}")


def apply_curation(article: Article, facts: list[Fact], *, overlays: list[dict] | None = None) -> list[Fact]:
    """``facts`` plus the curated facts of the overlay; corrected facts are kept and marked.

    :param article: the article the facts came from.
    :param facts: extracted facts.
    :param overlays: overlay dicts to use instead of the packaged ones.
    :raises CurationError: an entry whose quote is not in the article or whose target is missing.
    """
    out = list(facts)
    for item in overlay_entries(article, overlays=overlays):
        e = item["entry"]
        note = f"curated: {e['reason']} (source: {e['source']})"
        if item["kind"] == "add":
            fields = {k: e[k] for k in _FACT_FIELDS if k in e}
            fields.setdefault("confidence", 1.0)
            out.append(Fact(kind=e["kind"], subject=_entity(e["subject"]), object=_entity(e["object"]) if "object" in e else None,
                            evidence=_sentence_with(article, e["quote"]), curated=True, note=note, **fields))
            continue
        targets = [
            i for i, f in enumerate(out)
            if not f.curated and f.kind == e["kind"] and f.subject.id == e["subject"] and e["quote"] in f.evidence.sentence
        ]
        if not targets:
            raise CurationError(f"curation correction for {e['kind']} of {e['subject']} matches no extracted fact")
        changes = {k: v for k, v in e.get("set", {}).items() if k in _FACT_FIELDS}
        for i in targets:
            original = out[i]
            out.append(dataclasses.replace(original, curated=True, note=note, **changes))
            marker = "a curated correction of this fact exists"
            out[i] = dataclasses.replace(original, note=f"{original.note}; {marker}" if original.note else marker)
    return out
