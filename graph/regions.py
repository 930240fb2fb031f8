"""Regions: the place each article is about, and the graph split into one cluster per region.

Every article has a host region, recorded as ``id:article/<id> alu:hostPlace <place>``. It comes,
strongest first, from the article's metadata (``region:`` in its front matter or sidecar), from the
build's ``--region`` option, or from its text (:func:`alucluster.loaders.host.choose_host`: dateline,
title, appositions, mentions). An article none of them places is put in the region
:data:`UNKNOWN_REGION` ("region not stated") and the build says so: it is never dropped.

A *region's cluster* is what the articles hosted there state: a figure, a product, an origin, an
operator or a location counts for the region when its evidence sentence is in one of the region's
articles. So adding an article about another city never changes a region's figures, and a firm
named in two cities' articles has each city's figures in each city. A producer whose stated
location (in the region's own articles) is outside the region is an *external supplier* of the
region, never a local producer.

>>> from alucluster.loaders.article import Article
>>> host_adcode(Article.from_text("Text.", id="a"), None, override="Guangyuan")
'510800'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alucluster.ontology.errors import ArticleError, GraphError

__all__ = ["UNKNOWN_REGION", "Region", "host_adcode", "region_node", "regions", "find_region", "within"]

#: The region of articles whose host nobody could tell (slug of ``id:region/unknown``).
UNKNOWN_REGION = "region/unknown"


@dataclass(frozen=True)
class Region:
    """A host region: its place IRI, English and Chinese labels, adcode ('' when none) and articles."""

    iri: str
    label: str
    label_zh: str
    adcode: str
    articles: tuple[str, ...]

    @property
    def slug(self) -> str:
        """A file-name-safe name: ``guangyuan-510800``, or ``unknown``.

        >>> Region("x", "Guangyuan", "广元市", "510800", ()).slug
        'guangyuan-510800'
        """
        name = re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")
        return f"{name}-{self.adcode}" if self.adcode else (name or "unknown")


def _resolve_name(name: str):
    """The gazetteer division a region name (English, Chinese or adcode) means, or None."""
    from alucluster.loaders.places import by_adcode, lookup

    text = name.strip()
    if re.fullmatch(r"\d{6}", text):
        try:
            return by_adcode(text)
        except (KeyError, LookupError, ValueError):
            return None
    hits = lookup(text)
    return hits[0] if hits else None


def host_adcode(article, text_host, *, override: str | None = None) -> str | None:
    """The adcode of the region ``article`` is about, or None when nothing tells.

    :param article: a :class:`~alucluster.loaders.article.Article` (its ``region`` metadata wins).
    :param text_host: the host entity the extractor read from the text (``place/cn-<adcode>``), or None.
    :param override: the build's ``--region`` name, used before the text.
    :raises ArticleError: when the metadata or ``override`` names a place the gazetteer does not know.

    >>> from alucluster.loaders.article import Article
    >>> host_adcode(Article.from_text("Text.", id="a"), None) is None
    True
    """
    for name, where in ((getattr(article, "region", None), f"the metadata of {article.id}"), (override, "--region")):
        if name:
            div = _resolve_name(name)
            if div is None:
                raise ArticleError(f"{where}: unknown region {name!r} (give a Chinese place name, its pinyin or adcode)")
            return str(div.adcode)
    if text_host is not None:
        m = re.fullmatch(r"place/cn-(\d{6})", text_host.id)
        if m:
            return m.group(1)
    return None


def region_node(adcode: str | None) -> str:
    """The id path of a region's place node (``place/cn-<adcode>``, or :data:`UNKNOWN_REGION`).

    >>> region_node("510800"), region_node(None)
    ('place/cn-510800', 'region/unknown')
    """
    return f"place/cn-{adcode}" if adcode else UNKNOWN_REGION


def _labels(graph, node) -> tuple[str, str]:
    from rdflib import RDFS

    en = sorted(str(x) for x in graph.objects(node, RDFS.label) if getattr(x, "language", None) in (None, "en"))
    zh = sorted(str(x) for x in graph.objects(node, RDFS.label) if getattr(x, "language", None) == "zh")
    return (en[0] if en else str(node).rsplit("/", 1)[-1]), (zh[0] if zh else "")


def regions(graph) -> tuple[Region, ...]:
    """The host regions of a graph's articles, sorted by label (empty for a graph with no hosts).

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> regions(rdflib.Graph())
    ()
    """
    from rdflib import URIRef

    from alucluster.graph.store import load_graph
    from alucluster.ontology.vocab import ALU

    graph = load_graph(graph)
    hosted: dict[str, list[str]] = {}
    for art, place in graph.subject_objects(ALU.hostPlace):
        hosted.setdefault(str(place), []).append(str(art))
    out = []
    for place, arts in hosted.items():
        en, zh = _labels(graph, URIRef(place))
        code = graph.value(URIRef(place), ALU.adcode)
        out.append(Region(place, en, zh, str(code or ""), tuple(sorted(arts))))
    return tuple(sorted(out, key=lambda r: (r.adcode == "", r.label, r.iri)))


def find_region(all_regions, name: str) -> Region:
    """The region ``name`` means: its English or Chinese label, adcode, slug or IRI (case-insensitive).

    :param all_regions: from :func:`regions`.
    :param name: what the user typed.
    :raises GraphError: when no region of the graph matches.

    >>> r = Region("https://w3id.org/alucluster/id/place/cn-510800", "Guangyuan", "广元市", "510800", ())
    >>> find_region([r], "guangyuan").adcode, find_region([r], "广元").adcode
    ('510800', '510800')
    """
    wanted = name.strip().lower()
    for r in all_regions:
        keys = {r.label.lower(), r.label_zh, r.label_zh.rstrip("市省县区"), r.adcode, r.slug, r.iri.lower()}
        if wanted in keys - {""}:
            return r
    known = ", ".join(r.label for r in all_regions) or "none: the graph records no host regions"
    raise GraphError(f"no region {name!r} in the graph (regions: {known})")


def _prefix(adcode: str) -> str:
    """The adcode digits that every place inside the division shares: 510800 -> 5108."""
    code = adcode
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def within(adcode: str, region_adcode: str) -> bool:
    """True when the place ``adcode`` is the region or inside it.

    >>> within("510802", "510800"), within("410100", "510800"), within("510800", "510000")
    (True, False, True)
    """
    return bool(region_adcode) and adcode.startswith(_prefix(region_adcode))
