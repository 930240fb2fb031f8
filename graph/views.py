"""Interactive offline views of the cluster graph: self-contained HTML pages drawn with pyvis (vis-network).

:func:`write_views` writes into ``OUT/views/`` a region index (``index.html``: one node per host
region, sized by its local capacity) and, per host region of the articles, a page set in
``<region-slug>/`` drawing what that region's articles state, with its cluster from the cluster
model (:func:`alucluster.graph.model.read_model`: local producers, external suppliers marked,
counted capacities) and titles naming the region; a graph without regions gets one set in
``OUT/views/`` itself. A page set is:

- ``cluster.html``: the whole cluster: enterprises, groups and projects with their places, origin
  provinces and products;
- ``chain.html``: the reference value chain from upstream (left) to downstream (right); stages with
  a local producer are filled and carry their capacity, missing stages are dashed gaps;
- ``origins.html``: where the capital comes from: origin province -> enterprise or project ->
  location, the network's origin projection (:func:`alucluster.graph.network.origin_network`):
  same origins (a project inherits its operator's) and the ``cluster`` node when no place is stated;
- ``enterprise/<slug>.html``: one page per enterprise or group: its neighbourhood, its quantities
  (``enterprises.html#<slug>``, one shared page, for large graphs: see below).

Every page colours nodes by class (with a legend), sizes them by capacity in t/yr (capacities in
pairs or sets are listed but do not size a node: they do not add up with tonnes; the figures are
those of the gap analysis, :func:`alucluster.graph.network.read_cluster`: one per plant and
product, the latest period first, and an enterprise's figure is not added to the project it
operates; all stated figures are listed in the tooltips), labels
edges with their relation, shows the facts and their source sentences on hover, and has a search
box that hides the nodes that do not match. Double-clicking an enterprise opens its page.

Built with pyvis: each page is a pyvis ``Network`` (:class:`alucluster.graph.pages.ViewNetwork`:
nodes, edges and vis-network options through ``add_node``, ``add_edge``, ``set_options``)
rendered by pyvis through the project's own offline template, with the vis-network 9.1.2 bundle
that pyvis ships inlined; :func:`view_network` returns one view's network for a notebook user to
restyle or ``show`` inline. What pyvis cannot do (offline pages, escaping, tooltips as text, page
furniture, a linear ``add_edge``) and how it is done instead is in the docstring of
:mod:`alucluster.graph.pages`. Texts reach the page as JSON in a non-executed
``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped) and the DOM through
``textContent`` only (never a ``title`` string, so pyvis never switches to raw-HTML popups); HTML
text is escaped by Jinja2 autoescaping; a Content-Security-Policy allows only the page's own
scripts (by SHA-256 hash) and no fetch of any kind, so even an injected ``<img onerror>`` could
neither load nor run.

Scale (measured by ``bench/bench_views.py`` on 2 cores, see ``bench/README.md``):

- up to :data:`PHYSICS_LIMIT` (400) nodes + edges, vis-network's physics lays the page out in the
  browser (seeded: the same layout on every open) and stops once settled (~1-2 s);
- above that, positions are precomputed in Python (networkx spring layout, seeded) and physics
  stays off: the page is still at once, the cost moves to writing (~4 s at 1,000 nodes);
- above :data:`AGGREGATE_LIMIT` (1,000) nodes in the cluster view, one node per enterprise is no
  longer readable nor cheap (a redraw takes ~140 ms at 3,000 nodes, and the layout ~30 s), so the
  overviews group enterprises and projects by the stage of their largest product (cluster), drop
  the producers from the chain (counted on the stages), and count origin -> location links;
- above :data:`ENTERPRISE_PAGE_LIMIT` (50) enterprises, their neighbourhoods share one page,
  ``enterprises.html#<slug>``, instead of one file each (each file inlines the 0.47 MB
  vis-network bundle: 5,000 enterprises would take 2.4 GB);
- above :data:`EDGE_LABEL_LIMIT` edges, the relation moves from the edge label to the edge tooltip.

Same graph, same bytes: nodes and edges are sorted, ids derive from IRIs, numbers are rounded.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from alucluster.graph._io import write_atomic
from alucluster.graph.network import CHAIN_SPACING, ORIGIN_SPACING, column_positions
from alucluster.graph.pages import SVG_NAMESPACE, Assets, ViewNetwork, load_assets
from alucluster.graph.styles import STYLES, node_size
from alucluster.ontology.errors import ViewError

__all__ = [
    "PHYSICS_LIMIT",
    "AGGREGATE_LIMIT",
    "EDGE_LABEL_LIMIT",
    "ENTERPRISE_PAGE_LIMIT",
    "CLUSTER_NODE",
    "CANDIDATE_OPERATOR",
    "SVG_NAMESPACE",
    "VIEWS",
    "ViewNetwork",
    "view_network",
    "write_views",
    "screenshot_views",
    "browser_args",
]

#: Most nodes + edges a page lets the browser lay out with physics; above, positions are precomputed.
PHYSICS_LIMIT = 400
#: Most enterprises given a page each; above it they share ``enterprises.html#<slug>``.
ENTERPRISE_PAGE_LIMIT = 50
#: Most nodes the cluster view draws one by one; above it the overviews group enterprises by stage.
AGGREGATE_LIMIT = 1000
#: Most edges drawn with a text label; above it the relation is only in the edge tooltip.
EDGE_LABEL_LIMIT = 1500
#: Edge label of a candidate operator (inferred at build time, never stated): drawn dashed.
CANDIDATE_OPERATOR = "candidate operator (inferred)"
#: Most facts listed in one tooltip; the rest are counted.
TIP_FACTS = 12

_ALU = "https://w3id.org/alucluster/ontology#"
_REF = "https://w3id.org/alucluster/ref/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"

# rdf:type local name -> kind, first match wins (an Enterprise that is also a Smelter is an enterprise)
_KIND_OF_CLASS = (
    ("EnterpriseGroup", "group"),
    ("Enterprise", "enterprise"),
    ("Smelter", "enterprise"),
    ("Fabricator", "enterprise"),
    ("AuxiliarySupplier", "enterprise"),
    ("GovernmentBody", "government"),
    ("Organization", "enterprise"),
    ("InvestmentProject", "project"),
    ("Province", "province"),
    ("Country", "province"),
    ("PrefectureCity", "region"),
    ("County", "region"),
    ("IndustrialPark", "region"),
    ("Place", "region"),
    ("Product", "product"),
    ("ValueChainStage", "stage"),
    ("Capacity", "quantity"),
    ("Output", "quantity"),
    ("OutputValue", "quantity"),
    ("InvestmentAmount", "quantity"),
    ("Quantity", "quantity"),
)
_QUANTITY_NAMES = {"Capacity": "capacity", "Output": "output", "OutputValue": "output value",
                   "InvestmentAmount": "investment"}
# link from an organization or project to its quantities -> edge label
_QUANTITY_LINKS = {"hasCapacity": "capacity", "hasOutput": "output", "hasOutputValue": "output value",
                   "hasInvestment": "investment"}
_ACTOR_KINDS = ("enterprise", "group", "project")
_PAGE_KINDS = ("enterprise", "group")


def browser_args() -> list[str]:
    """Chromium flags for headless, offline, reproducible runs (tests, screenshots, bench).

    >>> "--headless" in browser_args() and "--no-sandbox" in browser_args()
    True
    """
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]


# ----------------------------------------------------------------------------- reading the graph


def _a(name: str) -> str:
    return _ALU + name


def _num(value: float) -> str:
    """A number for people: thousands separated, no spurious decimals.

    >>> _num(250000.0), _num(11.6), _num(0.125), _num(float("nan"))
    ('250,000', '11.6', '0.125', 'nan')
    """
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


class _Facts:
    """The graph as plain dictionaries of strings: fast to walk, independent of rdflib terms."""

    def __init__(self, graph, lang: str = "en", *, cluster=None, chain=None, region=None,
                 members: set[str] | None = None) -> None:
        from rdflib import Literal, URIRef

        from alucluster.graph.labels import check_lang

        self.lang = check_lang(lang)
        self.region = region  # the host region drawn (graph.regions.Region), None for a graph without
        self.members = members  # the region's enterprises, groups and projects; None: all of the graph
        self._chain = chain
        self._labels: dict[str, dict[str, str]] = {}
        self.out: dict[str, dict[str, list]] = {}
        self.inc: dict[str, dict[str, list[str]]] = {}
        for s, p, o in graph:
            if not isinstance(s, URIRef):
                continue
            value = str(o) if isinstance(o, URIRef) else o
            self.out.setdefault(str(s), {}).setdefault(str(p), []).append(value)
            if isinstance(o, URIRef):
                self.inc.setdefault(str(o), {}).setdefault(str(p), []).append(str(s))
        for d in (self.out, self.inc):
            for props in d.values():
                for p, values in props.items():
                    props[p] = sorted(set(values), key=lambda v: (isinstance(v, Literal), str(v), _lang(v)))
        self._ref = None
        self._graph = graph
        self.graph = graph  # the (region's) graph the views are drawn from
        self._capacities: dict[str, dict[tuple[str, str], float]] | None = None
        self._cluster = cluster
        self.types: dict[str, set[str]] = {
            s: {t[len(_ALU):] for t in props.get(_RDF + "type", []) if isinstance(t, str) and t.startswith(_ALU)}
            for s, props in self.out.items()
        }

    # -- reference fallback for stages and products a built graph may lack
    @property
    def ref(self) -> "_Facts":
        if self._ref is None:
            from alucluster.graph.network import reference_chain

            self._ref = _Facts(reference_chain(), self.lang)
            self._ref._ref = self._ref  # the reference chain is its own fallback
        return self._ref

    def cluster(self):
        """The producers and capacities as the cluster model reads them (the region's, or read once)."""
        if self._cluster is None:
            from alucluster.graph.network import read_cluster

            self._cluster = read_cluster(self._graph)
        return self._cluster

    def chain(self):
        """The reference chain of the cluster model (read once)."""
        if self._chain is None:
            from alucluster.graph.network import read_chain

            self._chain = read_chain(self._graph)
        return self._chain

    @property
    def where(self) -> str | None:
        """The region's name in the page's language, or None for a graph without regions."""
        if self.region is None:
            return None
        return (self.region.label_zh if self.lang == "zh" else "") or self.region.label

    def in_view(self, s: str) -> bool:
        """True when the enterprise, group or project ``s`` belongs to the region drawn."""
        return self.members is None or s in self.members

    def capacities(self) -> dict[str, dict[tuple[str, str], float]]:
        """Producer IRI -> (product IRI, unit) -> capacity, from :meth:`cluster`; t/yr aliases merged."""
        if self._capacities is None:
            out: dict[str, dict[tuple[str, str], float]] = {}
            for c in self.cluster().capacities:
                v = _size_figure(c.value)
                if v is None:
                    continue
                key = (c.product, "t/yr" if c.is_mass else c.unit)
                units = out.setdefault(c.producer, {})
                units[key] = units.get(key, 0.0) + v
            self._capacities = out
        return self._capacities

    def objects(self, s: str, p: str) -> list:
        """Objects of ``s`` for ``p``: an alu: local name (``locatedIn``) or a full IRI."""
        return self.out.get(s, {}).get(_a(p) if ":" not in p else p, [])

    def iris(self, s: str, p: str) -> list[str]:
        return [o for o in self.objects(s, p) if isinstance(o, str) and not hasattr(o, "language")]

    def literal(self, s: str, p: str):
        for o in self.objects(s, p):
            if not isinstance(o, str) or hasattr(o, "language"):
                return o
        return None

    def subjects(self, p: str, o: str) -> list[str]:
        return self.inc.get(o, {}).get(_a(p), [])

    def kind(self, s: str) -> str:
        types = self.types.get(s) or (self.ref.types.get(s, set()) if s.startswith(_REF) else set())
        for cls, kind in _KIND_OF_CLASS:
            if cls in types:
                return kind
        return "thing"

    def label(self, s: str) -> str:
        """The label in the page's language (:func:`alucluster.graph.labels.pick_label`: English as
        fallback), from the graph, then the shipped reference chain, else the IRI's last segment."""
        return self.label_in(s, self.lang) or re.split(r"[/#]", s.rstrip("/"))[-1] or s

    def label_in(self, s: str, lang: str) -> str | None:
        from alucluster.graph.labels import pick_labels

        if lang not in self._labels:
            self._labels[lang] = pick_labels(self._graph, lang)
        found = self._labels[lang].get(s)
        if found is None and s.startswith(_REF) and self is not self.ref:
            return self.ref.label_in(s, lang)
        return found

    def other_label(self, s: str) -> str | None:
        """The label in the other language (Chinese on an English page, English on a Chinese one)."""
        return self.label_in(s, "en" if self.lang == "zh" else "zh")

    def sentence(self, evidence: str) -> str | None:
        text = self.literal(evidence, "sentence")
        return str(text) if text is not None else None

    def quantity_text(self, q: str) -> str:
        """'capacity: 250,000 t/yr of electrolytic aluminium (2021, operating)'."""
        types = self.types.get(q, set())
        name = next((v for k, v in _QUANTITY_NAMES.items() if k in types), "quantity")
        value = self.literal(q, "value")
        unit = self.literal(q, "unit")
        text = name + ":" + (" " + _value_text(value) if value is not None else "")
        if unit is not None:
            text += " " + str(unit)
        products = [self.label(p) for p in self.iris(q, "ofProduct")]
        if products:
            text += " of " + ", ".join(products)
        when = [self.label(p) for p in self.iris(q, "period")] + [self.label(s) for s in self.iris(q, "status")]
        if when:
            text += " (" + ", ".join(when) + ")"
        return text


def _value_text(value) -> str:
    """A literal number for people; a literal that is not a number as written."""
    try:
        return _num(float(value))
    except ValueError:
        return str(value)


def _lang(value) -> str:
    return getattr(value, "language", None) or ""


def _is_quantity(facts: _Facts, s: str) -> bool:
    return facts.kind(s) == "quantity"


def _capacities(facts: _Facts, actor: str) -> dict[tuple[str, str], float]:
    """(product IRI, unit) -> the actor's capacity as the analysis counts it.

    The figures come from :func:`alucluster.graph.network.read_cluster` (one source of truth with
    the gap analysis): one figure per plant and product (latest period, then largest), and none for
    an enterprise whose operated project already states the capacity.
    """
    return facts.capacities().get(actor, {})


def _size_figure(value) -> float | None:
    """A literal as a non-negative finite number, else None: a broken figure must not size (or break)
    the drawing."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v >= 0 else None


def _tonnes_per_year(facts: _Facts, actor: str) -> dict[str, float]:
    """Product IRI -> the actor's capacity in t/yr, as the analysis counts it (see :func:`_capacities`)."""
    return {product: v for (product, unit), v in _capacities(facts, actor).items() if unit == "t/yr"}


def _node_facts(facts: _Facts, s: str) -> list[tuple[str, str]]:
    """(fact text, source sentence) pairs about ``s``: its assertions, quantities, observations."""
    found: set[tuple[str, str]] = set()
    seen_quantities: set[str] = set()
    for assertion in facts.inc.get(s, {}).get(_RDF + "subject", []):
        kind = facts.literal(assertion, "factKind")
        objects = facts.objects(assertion, _RDF + "object")
        parts = []
        for o in objects:
            if isinstance(o, str) and not hasattr(o, "language") and _is_quantity(facts, o):
                parts.append(facts.quantity_text(o))
                seen_quantities.add(o)
            elif isinstance(o, str) and not hasattr(o, "language"):
                parts.append(facts.label(o))
            else:
                parts.append(str(o))
        if str(kind) == "enterprise":  # the "mention" fact: its object is the class, e.g. Enterprise
            text = "mentioned as " + ("; ".join(parts) or "an organization")
        else:
            text = (str(kind) if kind is not None else "fact") + (": " + "; ".join(parts) if parts else "")
        if parts and parts[0].startswith(str(kind) + ":"):
            text = "; ".join(parts)
        inferred = _inferred_note(facts, assertion)
        if inferred:
            text += " — " + inferred
        for ev in facts.iris(assertion, "evidence") or [""]:
            found.add((text, (facts.sentence(ev) or "") if ev else ""))
    for link in _QUANTITY_LINKS:
        for q in facts.iris(s, link):
            if q in seen_quantities:
                continue
            for ev in facts.iris(q, "evidence") or [""]:
                found.add((facts.quantity_text(q), (facts.sentence(ev) or "") if ev else ""))
    for obs in facts.subjects("observedEntity", s):
        indicator = ", ".join(facts.label(i) for i in facts.iris(obs, "indicator")) or "indicator"
        value = facts.literal(obs, "value")
        text = indicator + ":" + (" " + _value_text(value) if value is not None else "")
        unit = facts.literal(obs, "unit")
        if unit is not None:
            text += " " + str(unit)
        extra = [facts.label(p) for p in facts.iris(obs, "ofProduct")] + [facts.label(p) for p in facts.iris(obs, "period")]
        if extra:
            text += " (" + ", ".join(extra) + ")"
        for ev in facts.iris(obs, "evidence") or [""]:
            found.add((text, (facts.sentence(ev) or "") if ev else ""))
    if _is_quantity(facts, s):
        for ev in facts.iris(s, "evidence"):
            found.add((facts.quantity_text(s), facts.sentence(ev) or ""))
    return sorted(found)


def _inferred_note(facts: _Facts, assertion: str) -> str:
    """For an inferred assertion (``alu:stated false``): 'inferred, not stated (confidence 0.6): reason'."""
    stated = facts.literal(assertion, "stated")
    if stated is None or str(stated).lower() not in ("false", "0"):
        return ""
    confidence, note = facts.literal(assertion, "confidence"), facts.literal(assertion, "note")
    text = "inferred, not stated" + (f" (confidence {_value_text(confidence)})" if confidence is not None else "")
    return text + (f": {note}" if note is not None else "")


def _edge_notes(facts: _Facts, s: str, p: str, o: str) -> list[str]:
    """What the inferred assertions of the triple (s, p, o) say about themselves (see :func:`_inferred_note`)."""
    out = set()
    for assertion in facts.inc.get(s, {}).get(_RDF + "subject", []):
        if p in facts.iris(assertion, _RDF + "predicate") and o in facts.iris(assertion, _RDF + "object"):
            note = _inferred_note(facts, assertion)
            if note:
                out.add(note)
    return sorted(out)


def _edge_sentences(facts: _Facts, s: str, p: str, o: str) -> list[str]:
    """Source sentences of the assertions stating the triple (s, p, o)."""
    out = set()
    for assertion in facts.inc.get(s, {}).get(_RDF + "subject", []):
        if p in facts.iris(assertion, _RDF + "predicate") and o in facts.iris(assertion, _RDF + "object"):
            for ev in facts.iris(assertion, "evidence"):
                sentence = facts.sentence(ev)
                if sentence:
                    out.add(sentence)
    return sorted(out)


# ----------------------------------------------------------------------------- building a view


@dataclass
class _View:
    name: str
    title: str
    explanation: str
    facts: _Facts
    note: str = ""
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    physics: bool = True
    kinds: set[str] = field(default_factory=set)

    def node(self, iri: str, *, kind: str | None = None, label: str | None = None, capacity: float = 0.0,
             extra: list[tuple[str, str]] | None = None, heading: str | None = None) -> str:
        if iri in self.nodes:
            return iri
        facts = self.facts
        kind = kind or facts.kind(iri)
        self.kinds.add(kind)
        label = label if label is not None else facts.label(iri)
        legend, fill, border, shape = STYLES[kind]
        tip_facts = [{"t": t, "s": s} if s else {"t": t} for t, s in (extra or []) + _node_facts(facts, iri)]
        zh = facts.other_label(iri)
        kind_line = legend + (f" · {zh}" if zh and zh != label else "")
        if iri in facts.cluster().external:
            kind_line += f" · external supplier (outside {facts.where or 'the cluster'})"
        if capacity:
            kind_line += f" · {_num(capacity)} t/yr"
        heading = heading or facts.label(iri)
        tip = {"h": heading, "k": kind_line, "facts": tip_facts[:TIP_FACTS]}
        if len(tip_facts) > TIP_FACTS:
            tip["more"] = len(tip_facts) - TIP_FACTS
        find = " ".join([label, heading, zh or "", legend] + [f["t"] + " " + f.get("s", "") for f in tip_facts])
        self.nodes[iri] = {
            "id": iri, "label": label, "shape": shape, "kind": kind, "capacity": capacity,
            "color": {"background": fill, "border": border}, "tip": tip, "find": find.lower(),
        }
        if kind == "gap":
            self.nodes[iri]["shapeProperties"] = {"borderDashes": [6, 4]}
            self.nodes[iri]["font"] = {"color": "#777777", "size": 16}
        elif kind == "stage":
            self.nodes[iri]["font"] = {"size": 16, "bold": True}
        return iri

    def edge(self, a: str, relation: str, b: str, *, predicate: str | None = None, dashed: bool = False) -> None:
        key = (a, relation, b)
        if key in self.edges or a == b:
            return
        sentences = _edge_sentences(self.facts, a, predicate, b) if predicate else []
        notes = _edge_notes(self.facts, a, predicate, b) if predicate else []
        tip = {"h": f"{self.nodes[a]['label']} → {relation} → {self.nodes[b]['label']}",
               "facts": ([{"t": n} for n in notes] + [{"t": "source", "s": s} for s in sentences])[:TIP_FACTS]}
        item = {"from": a, "to": b, "label": relation, "tip": tip}
        if dashed:
            item["dashes"] = True
        self.edges[key] = item


def _sizes(view: _View) -> None:
    caps = [n["capacity"] for n in view.nodes.values() if n["capacity"]]
    top = max(caps) if caps else 0.0
    for n in view.nodes.values():
        n["size"] = node_size(n["capacity"], top)


def _title(facts: _Facts, plain: str, of_region: str) -> str:
    """A page title: ``of_region`` with the region's name when a region is drawn, else ``plain``."""
    return of_region.format(facts.where) if facts.where else plain


def _actors(facts: _Facts) -> list[str]:
    return sorted(s for s in facts.types if facts.kind(s) in _ACTOR_KINDS and facts.in_view(s))


def _actor_products(facts: _Facts, actor: str) -> list[str]:
    products = set(facts.iris(actor, "produces"))
    for q in facts.iris(actor, "hasCapacity"):
        products.update(facts.iris(q, "ofProduct"))
    return sorted(products)


def _product_capacity(facts: _Facts) -> dict[str, float]:
    out: dict[str, float] = {}
    for actor in sorted(facts.capacities()):
        for product, v in _tonnes_per_year(facts, actor).items():
            if product:
                out[product] = out.get(product, 0.0) + v
    return out


def _slugs(facts: _Facts) -> dict[str, str]:
    """Enterprise IRI -> a file-safe, unique page slug (IRIs from a graph cannot be trusted as paths)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for s in sorted(x for x in facts.types if facts.kind(x) in _PAGE_KINDS and facts.in_view(x)):
        tail = re.split(r"[/#]", s.rstrip("/"))[-1]
        slug = re.sub(r"[^a-z0-9-]+", "-", tail.lower()).strip("-")[:80] or "enterprise"
        if slug in used:
            slug = f"{slug}-{hashlib.sha256(s.encode()).hexdigest()[:8]}"
        used.add(slug)
        out[s] = slug
    return out


def _stage_of(facts: _Facts) -> dict[str, str]:
    """Product IRI -> its value-chain stage IRI (the graph's own statement wins over the shipped one)."""
    out: dict[str, str] = {}
    for source in (facts.ref, facts):
        for product, props in source.out.items():
            for stage in props.get(_a("atStage"), []):
                out[product] = str(stage)
    return out


def _names(facts: _Facts, iris: list[str], most: int = 10) -> str:
    names = ", ".join(facts.label(i) for i in iris[:most])
    return names + (f" and {len(iris) - most} more" if len(iris) > most else "")


def _grouped_cluster_view(facts: _Facts) -> _View:
    """The cluster with enterprises and projects grouped by the stage of their largest product."""
    stage_of = _stage_of(facts)
    buckets: dict[str, list[str]] = {}
    for actor in _actors(facts):
        tons = _tonnes_per_year(facts, actor)
        staged = [p for p in _actor_products(facts, actor) if p in stage_of]
        key = stage_of[max(staged, key=lambda p: (tons.get(p, 0.0), p))] if staged else ""
        buckets.setdefault(key, []).append(actor)
    total = sum(len(m) for m in buckets.values())
    view = _View("cluster", _title(facts, "The aluminium cluster (grouped by stage)", "The aluminium cluster of {} (grouped by stage)"),
                 "Enterprises, groups and projects grouped by the value-chain stage of their largest "
                 "product, with where they are, where their capital comes from and what they make; edge "
                 "labels count the members. Each enterprise has its own page (list on the left).", facts,
                 note=f"{total} enterprises and projects: too many to draw one by one, so they are grouped.")
    for key, members in sorted(buckets.items()):
        cap = {a: sum(_tonnes_per_year(facts, a).values()) for a in members}
        ranked = sorted(members, key=lambda a: (-cap[a], facts.label(a), a))
        where = facts.label(key) if key else "no stated product"
        label = f"{len(members)} at {where}" if key else f"{len(members)} with {where}"
        bucket = "group:" + (key or "none")
        view.node(bucket, kind="bucket", label=label, heading=label, capacity=sum(cap.values()),
                  extra=[(facts.label(a) + (f": {_num(cap[a])} t/yr" if cap[a] else ""), "") for a in ranked])
        counts: dict[tuple[str, str, str], int] = {}
        for actor in members:
            targets = [("located in", p, "locatedIn") for p in facts.iris(actor, "locatedIn")]
            targets += [("capital from", p, "origin") for p in facts.iris(actor, "originProvince") or facts.iris(actor, "originCity")]
            targets += [("produces", p, "produces") for p in _actor_products(facts, actor)]
            for target in set(targets):
                counts[target] = counts.get(target, 0) + 1
        for (relation, target, _), n in sorted(counts.items()):
            view.node(target)
            view.edge(bucket, f"{relation} ({n})", target)
    return view


def _cluster_view(facts: _Facts, caps: dict[str, float]) -> _View:
    view = _View("cluster", _title(facts, "The aluminium cluster", "The aluminium cluster of {}"),
                 "Every enterprise, group and investment project in the graph, with where it is, where "
                 "its capital comes from, what it makes and who operates it.", facts)
    for actor in _actors(facts):
        view.node(actor, capacity=sum(_tonnes_per_year(facts, actor).values()))
    for actor in _actors(facts):
        for place in facts.iris(actor, "locatedIn"):
            view.node(place)
            view.edge(actor, "located in", place, predicate=_a("locatedIn"))
        for p in ("originProvince", "originCity"):
            for place in facts.iris(actor, p):
                view.node(place)
                view.edge(actor, "capital from", place, predicate=_a(p))
        for product in _actor_products(facts, actor):
            view.node(product, capacity=caps.get(product, 0.0))
            view.edge(actor, "produces", product, predicate=_a("produces"))
        for other in facts.iris(actor, "operatedBy"):
            view.node(other)
            view.edge(actor, "operated by", other, predicate=_a("operatedBy"))
        for other in facts.iris(actor, "candidateOperator"):
            view.node(other)
            view.edge(actor, CANDIDATE_OPERATOR, other, predicate=_a("candidateOperator"), dashed=True)
        for other in facts.iris(actor, "subsidiaryOf"):
            view.node(other)
            view.edge(actor, "subsidiary of", other, predicate=_a("subsidiaryOf"))
    places = [n for n, d in view.nodes.items() if d["kind"] in ("region", "province")]
    for place in places:
        for p in ("inProvince", "locatedIn"):
            for up in facts.iris(place, p):
                if up in view.nodes:
                    view.edge(place, "located in", up, predicate=_a(p))
    return view


def _chain_view(facts: _Facts, graph, caps: dict[str, float], *, grouped: bool = False) -> _View:
    from alucluster.graph.network import coverage as stage_coverage

    coverage = stage_coverage(facts.chain(), facts.cluster())
    missing = sorted(s for s, producers in coverage.items() if not producers)
    view = _View("chain", _title(facts, "The aluminium value chain here", "The aluminium value chain in {}"),
                 "The reference value chain from upstream (left) to downstream (right). Filled stages "
                 "have at least one local producer and show its capacity; dashed stages are gaps: no "
                 "producer in the graph. Arrows between stages are material flows.", facts,
                 note=f"{len(missing)} of {len(coverage)} stages are gaps." if coverage else "")
    view.physics = False

    def lookup(s: str, p: str) -> list:
        return facts.objects(s, p) or facts.ref.objects(s, p)

    stage_of = _stage_of(facts)
    # stage -> unit -> total capacity of the producers in the graph
    stage_cap: dict[str, dict[str, float]] = {}
    for actor in sorted(facts.capacities()):
        for (product, unit), v in _capacities(facts, actor).items():
            if product in stage_of:
                units = stage_cap.setdefault(stage_of[product], {})
                units[unit] = units.get(unit, 0.0) + v

    def order(stage: str) -> int:
        values = lookup(stage, "stageOrder")
        try:
            return int(values[0]) if values else 99
        except ValueError:
            return 99

    columns: dict[int, list[str]] = {}
    for stage in coverage:
        columns.setdefault(order(stage), []).append(stage)
    placed: set[str] = set()
    positions: dict[str, tuple[float, float]] = {}
    for col, (o, stages) in enumerate(sorted(columns.items())):
        y = 0.0
        for stage in sorted(stages, key=lambda s: (facts.label(s), s)):
            producers = coverage[stage]
            label = facts.label(stage)
            if producers:
                units = stage_cap.get(stage, {})
                lines = [f"{_num(v)} {unit}" for unit, v in sorted(units.items(), key=lambda kv: (kv[0] != "t/yr", kv[0]))]
                text = "\n".join([label] + (lines or ["capacity not stated"]))
                if grouped:
                    text += f"\n{len(producers)} producers"
                view.node(stage, kind="stage", label=text, capacity=units.get("t/yr", 0.0),
                          extra=[(f"{len(producers)} local producer(s): " + _names(facts, producers), "")])
            else:
                view.node(stage, kind="gap", label=label + "\n(gap)",
                          extra=[("gap: no producer at this stage in the graph", "")])
            positions[stage] = (col * CHAIN_SPACING[0], y)
            y += CHAIN_SPACING[1]
            for producer in [] if grouped else producers:
                if producer not in placed:
                    view.node(producer, capacity=sum(_tonnes_per_year(facts, producer).values()))
                    positions[producer] = (col * CHAIN_SPACING[0] + 30.0, y)
                    placed.add(producer)
                    y += 75.0
                view.edge(producer, "at stage", stage)
            y += 40.0
    flows = set()
    for source in (facts, facts.ref):
        for flow in source.types:
            if "MaterialFlow" not in source.types[flow]:
                continue
            for a in source.iris(flow, "flowInput"):
                for b in source.iris(flow, "flowOutput"):
                    if a in stage_of and b in stage_of:
                        flows.add((stage_of[a], stage_of[b]))
    for a, b in sorted(flows):
        if a in view.nodes and b in view.nodes:
            view.edge(a, "feeds", b)
    for iri, (x, y) in positions.items():
        view.nodes[iri].update(x=x, y=y)
    return view


#: Node id of the cluster itself in the origin views: where producers with no stated place are.
CLUSTER_NODE = "cluster"


def _origin_links(facts: _Facts) -> list[tuple[str, str, list[str]]]:
    """(producer, origin province, places) of the producers with an origin, as the network projects them.

    Producers, origins (a project without one inherits its operator's) and places come from
    :func:`alucluster.graph.network.read_cluster`, so the page draws what ``origin.graphml`` holds;
    a producer with no stated place links to its host region, or to :data:`CLUSTER_NODE` in a
    graph without regions, as there.
    """
    cluster = facts.cluster()
    home = cluster.region.iri if cluster.region is not None else CLUSTER_NODE
    out = []
    for iri in sorted(cluster.producers):
        origin = cluster.producers[iri].origin
        if origin:
            out.append((iri, origin, list(cluster.places.get(iri) or [home])))
    return out


def _place_node(view: _View, place: str) -> str:
    if place == CLUSTER_NODE:
        return view.node(place, kind="region", label="the cluster", heading="the cluster (no place stated)")
    return view.node(place)


def _grouped_origins_view(facts: _Facts) -> _View:
    """Origin -> location, edges counting the enterprises and projects that link them."""
    links_of = _origin_links(facts)
    n_producers = len(facts.cluster().producers)
    view = _View("origins", _title(facts, "Where the capital comes from (grouped)", "Where the capital in {} comes from (grouped)"),
                 "Origin provinces on the left and where their enterprises and projects are located on "
                 "the right (the cluster itself when no place is stated); edge labels count them. Each "
                 "enterprise has its own page.", facts,
                 note=f"{n_producers} enterprises and projects: too many to draw one by one, so they are counted.")
    view.physics = False
    links: dict[tuple[str, str], list[str]] = {}
    cap: dict[str, float] = {}
    for actor, origin, places in links_of:
        cap[origin] = cap.get(origin, 0.0) + sum(_tonnes_per_year(facts, actor).values())
        for place in places:
            links.setdefault((origin, place), []).append(actor)
    columns: list[list[str]] = [[], []]
    for (origin, place), members in sorted(links.items()):
        if origin not in view.nodes:
            columns[0].append(origin)
            view.node(origin, capacity=cap[origin])
        if place not in view.nodes:
            columns[1].append(place)
            _place_node(view, place)
        view.edge(origin, f"capital of {len(members)}", place)
        view.edges[(origin, f"capital of {len(members)}", place)]["tip"]["facts"] = [
            {"t": _names(facts, sorted(members, key=lambda a: (facts.label(a), a)))}]
    for iri, (x, y) in column_positions(columns, dx=500.0, dy=70.0).items():
        view.nodes[iri].update(x=x, y=y)
    return view


def _origins_view(facts: _Facts) -> _View:
    links = _origin_links(facts)
    n_producers = len(facts.cluster().producers)
    view = _View("origins", _title(facts, "Where the capital comes from", "Where the capital in {} comes from"),
                 "Origin provinces on the left, the enterprises and projects whose capital comes from them "
                 "in the middle (a project without its own origin takes its operator's), and where those "
                 "are located on the right: the cluster itself when no place is stated.", facts,
                 note=f"{n_producers - len(links)} of {n_producers} enterprises and projects have no "
                      "stated origin and are not shown." if n_producers else "")
    view.physics = False
    columns: list[list[str]] = [[], [], []]
    for actor, origin, places in sorted(links, key=lambda t: (facts.label(t[1]), facts.label(t[0]), t[0])):
        view.node(actor, capacity=sum(_tonnes_per_year(facts, actor).values()))
        columns[1].append(actor)
        if origin not in view.nodes:
            columns[0].append(origin)
        view.node(origin)
        view.edge(origin, "capital of", actor, predicate=None)
        for place in places:
            if place not in view.nodes:
                columns[2].append(place)
            _place_node(view, place)
            view.edge(actor, "located in", place, predicate=_a("locatedIn"))
    # origin edges carry the sentence of the origin assertion, stated with the actor as subject
    for (a, rel, b), item in view.edges.items():
        if rel == "capital of":
            sentences = _edge_sentences(facts, b, _a("originProvince"), a)
            item["tip"]["facts"] = [{"t": "source", "s": s} for s in sorted(set(sentences))[:TIP_FACTS]]
    for iri, (x, y) in column_positions(columns, dx=ORIGIN_SPACING[0], dy=ORIGIN_SPACING[1]).items():
        view.nodes[iri].update(x=x, y=y)
    return view


def _enterprise_view(facts: _Facts, enterprise: str, caps: dict[str, float]) -> _View:
    label = facts.label(enterprise)
    view = _View(f"enterprise-{enterprise}", _title(facts, label, label + " ({})"),
                 f"{label} and its neighbourhood: places, origin, products, projects it operates, related "
                 "groups, and its stated capacities, outputs and values with their sources.", facts)
    view.node(enterprise, capacity=sum(_tonnes_per_year(facts, enterprise).values()))
    for place in facts.iris(enterprise, "locatedIn"):
        view.node(place)
        view.edge(enterprise, "located in", place, predicate=_a("locatedIn"))
    for p in ("originProvince", "originCity"):
        for place in facts.iris(enterprise, p):
            view.node(place)
            view.edge(enterprise, "capital from", place, predicate=_a(p))
    for product in facts.iris(enterprise, "produces"):
        view.node(product, capacity=caps.get(product, 0.0))
        view.edge(enterprise, "produces", product, predicate=_a("produces"))
    for other in facts.iris(enterprise, "subsidiaryOf"):
        view.node(other)
        view.edge(enterprise, "subsidiary of", other, predicate=_a("subsidiaryOf"))
    for other in facts.subjects("subsidiaryOf", enterprise):
        view.node(other)
        view.edge(other, "subsidiary of", enterprise, predicate=_a("subsidiaryOf"))
    for project in facts.subjects("operatedBy", enterprise):
        view.node(project, capacity=sum(_tonnes_per_year(facts, project).values()))
        view.edge(project, "operated by", enterprise, predicate=_a("operatedBy"))
    for project in facts.subjects("candidateOperator", enterprise):
        view.node(project, capacity=sum(_tonnes_per_year(facts, project).values()))
        view.edge(project, CANDIDATE_OPERATOR, enterprise, predicate=_a("candidateOperator"), dashed=True)
    for link, relation in _QUANTITY_LINKS.items():
        for q in facts.iris(enterprise, link):
            text = facts.quantity_text(q)
            cap = 0.0
            if link == "hasCapacity" and str(facts.literal(q, "unit")) == "t/yr":
                cap = _size_figure(facts.literal(q, "value")) or 0.0
            view.node(q, kind="quantity", label=text.split(" of ")[0].split(" (")[0], capacity=cap)
            view.edge(enterprise, relation, q, predicate=_a(link))
            for product in facts.iris(q, "ofProduct"):
                view.node(product, capacity=caps.get(product, 0.0))
                view.edge(q, "of product", product)
    return view


# ----------------------------------------------------------------------------- layout and rendering


def _precomputed_layout(view: _View) -> None:
    """Seeded spring layout in Python for views too big for in-browser physics."""
    from alucluster.graph.network import spring_positions

    for iri, (x, y) in spring_positions(view.nodes, [(a, b) for a, _, b in view.edges]).items():
        view.nodes[iri].update(x=x, y=y)


def _options(view: _View, physics: bool) -> dict:
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": len(view.nodes) <= 150},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(view.edges) > EDGE_LABEL_LIMIT,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 2},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "color": {"color": "#9a9a9a", "highlight": "#333333"},
                  "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
                  "smooth": {"enabled": len(view.edges) <= EDGE_LABEL_LIMIT, "type": "dynamic"}},
    }


def _legend(kinds: set[str]) -> list[dict]:
    return [{"text": text, "fill": fill, "border": border, "shape": shape, "dashed": kind == "gap"}
            for kind, (text, fill, border, shape) in STYLES.items() if kind in kinds]


def _network(view: _View, assets: Assets, pages: dict[str, str], *, legend_kinds: set[str] | None = None,
             **page) -> ViewNetwork:
    """The view as a pyvis network: nodes and edges in sorted order, layout decided, ids stable.

    ``pages`` maps node IRIs to the pages they open on double-click; ``page`` is passed on to
    :class:`ViewNetwork` (navigation, index, routes).
    """
    physics = view.physics and len(view.nodes) + len(view.edges) <= PHYSICS_LIMIT
    if view.physics and not physics:
        _precomputed_layout(view)
    _sizes(view)
    net = ViewNetwork(view.title, assets=assets, explanation=view.explanation, note=view.note,
                      legend=_legend(view.kinds if legend_kinds is None else legend_kinds),
                      has_pages=bool(pages), inferred=any(rel == CANDIDATE_OPERATOR for _, rel, _ in view.edges), **page)
    for iri in sorted(view.nodes):
        n = dict(view.nodes[iri])
        for key in ("id", "capacity"):
            n.pop(key)
        if iri in pages:
            n["page"] = pages[iri]
        if "x" in n:
            n["physics"] = False
        net.add_node(iri, label=n.pop("label"), shape=n.pop("shape"), color=n.pop("color"), **n)
    labels = len(view.edges) <= EDGE_LABEL_LIMIT
    for i, key in enumerate(sorted(view.edges)):
        e = dict(view.edges[key])
        source, target = e.pop("from"), e.pop("to")
        if not labels:
            e.pop("label")
        net.add_edge(source, target, id=f"e{i}", **e)
    # pyvis's set_options parses JSON after removing every space: no option value here holds one.
    net.set_options(json.dumps(_options(view, physics)))
    return net


def _load(graph):
    """The graph, loaded and checked to be an alucluster graph."""
    from rdflib import RDF

    from alucluster.graph.store import load_graph

    graph = load_graph(graph)
    if not any(str(t).startswith(_ALU) for t in graph.objects(None, RDF.type)):
        raise ViewError("the graph has nothing typed with the alucluster ontology: is it an alucluster graph?")
    return graph


def _region_graph(graph, region) -> tuple:
    """The part of ``graph`` stated in ``region``'s articles, and the enterprises, groups and projects in it.

    A node with evidence (an assertion, a quantity, an observation) none of which is in the
    region's articles is left out, with its links; so is a triple stated only by such assertions.
    What nobody states (reference data, places, articles) stays. Members are the subjects and
    objects of the region's assertions plus its cluster's producers and external suppliers.
    """
    from rdflib import RDF, Graph, URIRef

    articles = {URIRef(a) for a in region.articles}
    inside = {ev for ev, art in graph.subject_objects(URIRef(_a("inArticle"))) if art in articles}
    evidence: dict = {}
    for node, ev in graph.subject_objects(URIRef(_a("evidence"))):
        evidence.setdefault(node, set()).add(ev)
    outside = {node for node, evs in evidence.items() if not evs & inside}
    stated_inside, stated_outside, members = set(), set(), set()
    for a in graph.subjects(RDF.type, URIRef(_a("Assertion"))):
        triple = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
        if a in outside:
            stated_outside.add(triple)
        else:
            stated_inside.add(triple)
            members.update(str(t) for t in (triple[0], triple[2]) if t is not None)
    dropped = stated_outside - stated_inside
    sub = Graph()
    for triple in graph:
        if triple[0] not in outside and triple[2] not in outside and triple not in dropped:
            sub.add(triple)
    return sub, members


def _facts_for(graph, model, lang: str, region) -> _Facts:
    if region is None:
        return _Facts(graph, lang, cluster=model.cluster(), chain=model.chain)
    sub, members = _region_graph(graph, region)
    cluster = model.clusters[region.iri]
    members |= set(cluster.producers) | set(cluster.external)
    return _Facts(sub, lang, cluster=cluster, chain=model.chain, region=region, members=members)


def _overviews(facts: _Facts, graph, caps: dict[str, float]) -> tuple[_View, _View, _View]:
    """The cluster, chain and origins views; grouped by stage above :data:`AGGREGATE_LIMIT` nodes."""
    cluster = _cluster_view(facts, caps)
    if len(cluster.nodes) > AGGREGATE_LIMIT:
        return (_grouped_cluster_view(facts), _chain_view(facts, graph, caps, grouped=True),
                _grouped_origins_view(facts))
    return cluster, _chain_view(facts, graph, caps), _origins_view(facts)


#: The views :func:`view_network` draws.
VIEWS = ("cluster", "chain", "origins", "enterprise")


def _chosen_region(model, region: str | None):
    """The region to draw: the one named, the only one, or None for a graph without regions.

    :raises GraphError: for a name that is not a region of the graph, or no name when there are several.
    """
    from alucluster.ontology.errors import GraphError

    if region is not None:
        if not model.regions:
            raise GraphError(f"no region {region!r}: the graph records no host regions")
        return model.region(region)
    if len(model.regions) > 1:
        names = ", ".join(r.label for r in model.regions)
        raise GraphError(f"the graph holds {len(model.regions)} regions ({names}): choose one with region=")
    return model.regions[0] if model.regions else None


def view_network(graph, view: str = "cluster", *, enterprise: str | None = None, lang: str = "en",
                 region: str | None = None) -> ViewNetwork:
    """One view as a pyvis ``Network``, to restyle or show inline in a notebook.

    The network is the one :func:`write_views` draws (same nodes, edges, options and tooltips),
    without links to other pages. ``net.show("chain.html")`` writes it and shows it in Jupyter;
    ``net.generate_html()`` gives the page as a string; a cell ending with ``net`` shows it inline.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :param view: one of :data:`VIEWS`.
    :param enterprise: the IRI of the enterprise or group, for ``view="enterprise"``.
    :param lang: the language of the labels, ``en`` or ``zh`` (English when a node has no Chinese label).
    :param region: the host region (name, Chinese name or adcode); needed when the graph holds several.
    :raises GraphError: when a graph path cannot be loaded, or for a region the graph does not hold.
    :raises AluclusterError: for another language.
    :raises ViewError: for an unknown view, an enterprise that is not in the graph, or a graph with
        nothing typed with the alucluster ontology.

    >>> import rdflib
    >>> from pyvis.network import Network
    >>> from alucluster.ontology.vocab import ALU, iri, ref
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), rdflib.RDF.type, ALU.Enterprise))
    >>> _ = g.add((iri("enterprise/acme"), ALU.produces, ref("product/alumina")))
    >>> net = view_network(g, "cluster")
    >>> isinstance(net, Network), sorted(n["label"] for n in net.nodes)
    (True, ['acme', 'alumina'])
    """
    from alucluster.graph.model import read_model

    if view not in VIEWS:
        raise ViewError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    graph = _load(graph)
    model = read_model(graph)
    facts = _facts_for(graph, model, lang, _chosen_region(model, region))
    caps = _product_capacity(facts)
    if view == "enterprise":
        if enterprise is None or facts.kind(str(enterprise)) not in _PAGE_KINDS or not facts.in_view(str(enterprise)):
            raise ViewError(f"{enterprise} is not an enterprise or group of the graph")
        return _network(_enterprise_view(facts, str(enterprise), caps), load_assets(), {})
    chosen = next(v for v in _overviews(facts, facts.graph, caps) if v.name == view)
    return _network(chosen, load_assets(), {})


def write_views(graph, *, out: Path, lang: str = "en", region: str | None = None) -> list[Path]:
    """Write the interactive pages of ``graph`` into ``OUT/views/`` and return their paths, sorted.

    A graph whose articles have host regions gets one page set per region in
    ``views/<region-slug>/`` (titles name the region) and a region index, ``views/index.html``;
    a graph without regions (hand-made, older builds) one set in ``views/``. A page set is
    ``cluster.html``, ``chain.html``, ``origins.html`` and ``enterprise/<slug>.html`` for each
    enterprise or group. Pages left over from an earlier graph are removed.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :param out: the output folder; pages go to ``out/views``.
    :param lang: the language of the labels, ``en`` or ``zh`` (English when a node has no Chinese label).
    :param region: draw only this region (name, Chinese name or adcode); default: every region.
    :raises GraphError: when a graph path cannot be loaded, or for a region the graph does not hold.
    :raises AluclusterError: for another language.
    :raises ViewError: when nothing in the graph has an alucluster type (not a cluster graph).

    >>> import rdflib, tempfile
    >>> from alucluster.ontology.vocab import ALU, iri
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), rdflib.RDF.type, ALU.Enterprise))
    >>> out = Path(tempfile.mkdtemp())
    >>> [p.relative_to(out).as_posix() for p in write_views(g, out=out)]
    ['views/chain.html', 'views/cluster.html', 'views/enterprise/acme.html', 'views/origins.html']
    """
    from alucluster.graph.model import read_model

    graph = _load(graph)
    model = read_model(graph)
    assets = load_assets()
    root = Path(out) / "views"
    if not model.regions:
        _chosen_region(model, region)  # a region asked of a graph without regions is an error
        written = _write_set(_facts_for(graph, model, lang, None), assets, root)
        _remove_pages(root / "index.html", *_region_folders(root, keep=set()))
        return sorted(written)
    chosen = [model.region(region)] if region is not None else list(model.regions)
    written = []
    for r in chosen:
        written += _write_set(_facts_for(graph, model, lang, r), assets, root / r.slug, home="../index.html")
    written.append(_write_index(model, lang, assets, root))
    _remove_pages(root / "cluster.html", root / "chain.html", root / "origins.html", root / "enterprises.html",
                  root / "enterprise", *_region_folders(root, keep={r.slug for r in model.regions}))
    return sorted(written)


def _region_folders(root: Path, *, keep: set[str]) -> list[Path]:
    """Page-set folders under ``root`` (they hold a ``chain.html``) of regions not in ``keep``."""
    if not root.is_dir():
        return []
    return sorted(d for d in root.iterdir() if d.is_dir() and d.name not in keep and (d / "chain.html").is_file())


def _remove_pages(*paths: Path) -> None:
    """Remove pages and page folders of an earlier graph: only ``.html`` files, then empty folders."""
    for path in paths:
        if path.is_file() and path.suffix == ".html":
            path.unlink()
        elif path.is_dir():
            for page in sorted(path.rglob("*.html")):
                page.unlink()
            for folder in sorted((d for d in path.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)) + [path]:
                if not any(folder.iterdir()):
                    folder.rmdir()


def _write_index(model, lang: str, assets: Assets, root: Path) -> Path:
    """``views/index.html``: one node per region, sized by capacity, opening the region's cluster page."""
    from rdflib import Graph

    facts = _Facts(Graph(), lang)  # the regions' figures come from the model, not from a graph walk
    view = _View("index", "Aluminium clusters by region",
                 "One node per host region of the articles, sized by its local capacity in t/yr; "
                 "double-click a region (or pick it from the list) to open its cluster, value chain and "
                 "capital origins.", facts)
    view.physics = True
    pages, index = {}, []
    for r in model.regions:
        cluster = model.clusters[r.iri]
        name = (r.label_zh if lang == "zh" else "") or r.label
        tonnes = sum(c.value for c in cluster.capacities if c.is_mass)
        extra = [(f"{len(cluster.producers)} local producer(s), {len(cluster.external)} external supplier(s)", ""),
                 (f"local capacity: {_num(tonnes)} t/yr", ""), (f"{len(r.articles)} article(s)", "")]
        view.node(r.iri, kind="region", label=f"{name}\n{len(cluster.producers)} producers", heading=name,
                  capacity=tonnes, extra=extra)
        pages[r.iri] = f"{r.slug}/cluster.html"
        index += [{"href": f"{r.slug}/{page}.html", "text": f"{name}: {text}"}
                  for page, text in (("cluster", "cluster"), ("chain", "value chain"), ("origins", "capital origins"))]
    net = _network(view, assets, pages, index=index, index_title="Region pages")
    path = root / "index.html"
    write_atomic(path, net.generate_html())
    return path


def _nav(prefix: str, current: str, home: str | None) -> list[dict]:
    links = [{"href": prefix + name + ".html", "text": text, "current": name == current}
             for name, text in (("cluster", "Cluster"), ("chain", "Value chain"), ("origins", "Capital origins"))]
    if home:
        links.insert(0, {"href": prefix + home, "text": "All regions", "current": False})
    return links


def _write_set(facts: _Facts, assets: Assets, root: Path, *, home: str | None = None) -> list[Path]:
    """One page set (overviews and enterprise pages) into ``root``; stale enterprise pages removed."""
    caps = _product_capacity(facts)
    slugs = _slugs(facts)
    written: list[Path] = []
    combined = len(slugs) > ENTERPRISE_PAGE_LIMIT
    if combined:
        top_pages = {iri: f"enterprises.html#{slug}" for iri, slug in slugs.items()}
    else:
        top_pages = {iri: f"enterprise/{slug}.html" for iri, slug in slugs.items()}
    index = sorted(({"href": top_pages[i], "text": facts.label(i)} for i in slugs), key=lambda d: (d["text"], d["href"]))
    for view in _overviews(facts, facts.graph, caps):
        net = _network(view, assets, top_pages, nav=_nav("", view.name, home),
                       index=index if view.name == "cluster" else [])
        written.append(write_atomic(root / f"{view.name}.html", net.generate_html()))
    keep = set()
    by_slug = sorted(slugs.items(), key=lambda kv: kv[1])
    if combined:
        # one page per enterprise would cost ~0.5 MB each (the inlined vis-network bundle): above the
        # limit all neighbourhoods share one page and the URL fragment picks the enterprise.
        heading = _View("enterprises", _title(facts, "Enterprise neighbourhoods", "Enterprise neighbourhoods in {}"),
                        f"{len(slugs)} enterprises and groups: pick one from the list or double-click it "
                        "in another view to see its places, origin, products, projects and quantities.", facts)
        routes, kinds = {}, set()
        for iri, slug in by_slug:
            # each route links every enterprise but its own
            view = _enterprise_view(facts, iri, caps)
            kinds |= view.kinds
            routes[slug] = _network(view, assets, {k: p for k, p in top_pages.items() if k != iri})
        html = _network(heading, assets, top_pages, legend_kinds=kinds, nav=_nav("", "enterprises", home),
                        index=index, routes=routes).generate_html()
        written.append(write_atomic(root / "enterprises.html", html))
    else:
        (root / "enterprises.html").unlink(missing_ok=True)
        sub_pages = {iri: f"{slug}.html" for iri, slug in slugs.items()}
        for iri, slug in by_slug:
            view = _enterprise_view(facts, iri, caps)
            pages = {k: v for k, v in sub_pages.items() if k != iri}
            html = _network(view, assets, pages, nav=_nav("../", "", home)).generate_html()
            path = write_atomic(root / "enterprise" / f"{slug}.html", html)
            written.append(path)
            keep.add(path.name)
    folder = root / "enterprise"
    if folder.is_dir():
        for stale in folder.glob("*.html"):
            if stale.name not in keep:
                stale.unlink()
    return written


def screenshot_views(views_dir, *, out_dir, width: int = 1400, height: int = 900, browser=None) -> list[Path]:
    """PNG screenshots of every page under ``views_dir``, taken in headless Debian Chromium.

    Each page is opened from ``file://`` and captured once its layout has settled; the PNG keeps the
    page's relative path (``enterprise/acme.html`` -> ``out_dir/enterprise/acme.png``).

    :param views_dir: a folder written by :func:`write_views` (``OUT/views``).
    :param out_dir: where the PNG files go.
    :param browser: a Playwright ``Browser`` to reuse; by default Debian's ``chromium`` is launched.
    :raises ViewError: when there is no page in ``views_dir``, no ``chromium`` on the PATH or no
        playwright.
    """
    views_dir, out_dir = Path(views_dir), Path(out_dir)
    pages = sorted(views_dir.rglob("*.html")) if views_dir.is_dir() else []
    if not pages:
        raise ViewError(f"no HTML page under {views_dir}: run `alucluster view` first")
    if browser is not None:
        return _capture(browser, views_dir, pages, out_dir, width, height)
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        raise ViewError("chromium is not installed (Debian package `chromium`); screenshots need it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ViewError("screenshots need playwright: pip install 'alucluster[test]'") from None

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=browser_args())
        try:
            return _capture(launched, views_dir, pages, out_dir, width, height)
        finally:
            launched.close()


def _capture(browser, views_dir: Path, pages: list[Path], out_dir: Path, width: int, height: int) -> list[Path]:
    shots: list[Path] = []
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        for html in pages:
            page.goto(html.resolve().as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
            target = out_dir / html.relative_to(views_dir).with_suffix(".png")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".png", dir=target.parent)
            os.close(fd)
            try:
                page.screenshot(path=tmp)
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            finally:
                Path(tmp).unlink(missing_ok=True)
            shots.append(target)
    finally:
        page.close()
    return shots
