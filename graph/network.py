"""The cluster graph as networks: stage coverage, networkx projections, GraphML and GEXF exports.

Producers, what they make and their capacities come from the cluster model
(:mod:`alucluster.graph.model`, one cluster per host region: the functions take a ``cluster`` read
once, or read the whole graph as one cluster when given only a graph). A producer covers a stage when
one of its products is ``alu:atStage`` that stage. Reference stages, products and flows are read from
the graph and, where the graph lacks them (a graph built without reference data), from the shipped
``ontology/data/chain.ttl``.

How the RDF maps to the three networks (node ids are the IRIs; every node has ``label`` and
``kind``):

=====================  ==========================================  =================================================
network                nodes (``kind``)                            edges (``kind``; attributes)
=====================  ==========================================  =================================================
product-flow           ``product`` (alu:Product; ``stage``,        ``flow``: alu:MaterialFlow input -> output
(DiGraph)              ``local``), ``stage`` (alu:ValueChainStage;  (``iri``, ``coefficient``, ``coefficient_unit``,
                       ``order``, ``segment``, ``local``)          ``source``); ``at-stage``: product -> its stage
enterprise-product     ``producer`` (subject of alu:produces or    ``produces``: producer -> product (``capacity_t``
(DiGraph, bipartite)   alu:hasCapacity; ``type``), ``product``     summed t/yr; other units as ``capacity_<unit>``)
origin (DiGraph)       ``province`` (alu:originProvince object),   ``origin``: province -> producer (``capacity_t``);
                       ``producer``, ``place`` (alu:locatedIn      ``located-in``: producer -> place, or -> the node
                       object) or the node ``cluster``             ``cluster`` when no place is stated
=====================  ==========================================  =================================================

A project without its own origin inherits the origin of its ``alu:operatedBy`` enterprise. A
producer with no stated place is located in its cluster's host region (a place node of the
graph); only a graph without regions needs the ``cluster`` node, which is not in the graph and
carries ``artificial=True`` (every other node ``False``).

The GraphML and GEXF 1.3 exports (:func:`export_networks`, for Gephi or networkx) add to every edge
a ``weight`` and its ``weight_basis``: the capacity in t/yr (``produces``, ``origin``), the flow
coefficient (``flow``, e.g. 1.93 t of alumina per t of metal), else 1.0 for a plain link; and to
every node the colour of its kind in the views' legend (:data:`alucluster.graph.styles.STYLES`),
a size by capacity and a position: the chain view's stage columns (product-flow), the origins
view's three columns (origin), a seeded spring layout (enterprise-product). GEXF holds colour,
size and position in its ``viz`` namespace; GraphML as ``color``, ``r``, ``g``, ``b``, ``size``,
``x``, ``y`` attributes (what Gephi's GraphML import reads). Files are written with nodes and
edges in sorted order, atomically, with a fixed GEXF date and creator, so the same graph gives
byte-identical files.
"""

from __future__ import annotations

import math
from pathlib import Path

from alucluster.graph.model import (
    Capacity,
    Chain,
    Cluster,
    Producer,
    read_chain,
    read_cluster,
    reference_chain,
    slug,
)

__all__ = [
    "Chain",
    "Cluster",
    "Capacity",
    "Producer",
    "reference_chain",
    "read_chain",
    "read_cluster",
    "stage_coverage",
    "coverage",
    "product_flow_network",
    "enterprise_product_network",
    "origin_network",
    "export_networks",
    "column_positions",
    "spring_positions",
    "GEXF_VERSION",
    "CHAIN_SPACING",
    "ORIGIN_SPACING",
]

def _slug(iri: str) -> str:
    return slug(iri)


def stage_coverage(graph) -> dict[str, list[str]]:
    """Every reference stage IRI mapped to the sorted IRIs of the local producers at that stage.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> from alucluster.ontology.vocab import ALU, iri, ref
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), ALU.produces, ref("product/alumina")))
    >>> cov = stage_coverage(g)
    >>> cov[str(ref("stage/alumina-refining"))]
    ['https://w3id.org/alucluster/id/enterprise/acme']
    >>> cov[str(ref("stage/rolling"))]
    []
    """
    from alucluster.graph.store import load_graph

    graph = load_graph(graph)
    return coverage(read_chain(graph), read_cluster(graph))


def coverage(chain: Chain, cluster: Cluster) -> dict[str, list[str]]:
    """Every reference stage IRI -> the sorted IRIs of ``cluster``'s producers at that stage."""
    found: dict[str, set[str]] = {s: set() for s in chain.stages}
    for producer, products in cluster.produces.items():
        for product in products:
            prod = chain.products.get(product)
            if prod is not None and prod.stage is not None:
                found.setdefault(prod.stage, set()).add(producer)
    return {stage: sorted(found[stage]) for stage in sorted(found)}


def product_flow_network(graph, *, chain: Chain | None = None, cluster: Cluster | None = None):
    """The reference chain as a directed networkx graph of products and stages (see the module table).

    :param graph: an ``rdflib.Graph`` or a path; ignored for parts given as ``chain``/``cluster``.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> net = product_flow_network(rdflib.Graph())
    >>> a, e = "https://w3id.org/alucluster/ref/product/alumina", "https://w3id.org/alucluster/ref/product/electrolytic-aluminium"
    >>> net.edges[a, e]["coefficient"]
    1.93
    """
    import networkx as nx

    from alucluster.graph.store import load_graph

    if chain is None or cluster is None:
        graph = load_graph(graph)
        chain = chain or read_chain(graph)
        cluster = cluster or read_cluster(graph)
    local = cluster.local_products()
    covered = {s for s, ps in coverage(chain, cluster).items() if ps}
    net = nx.DiGraph(name="product-flow")
    for iri in sorted(chain.stages):
        st = chain.stages[iri]
        net.add_node(iri, kind="stage", label=st.label, order=st.order, segment=st.segment, local=iri in covered)
    for iri in sorted(chain.products):
        prod = chain.products[iri]
        net.add_node(iri, kind="product", label=prod.label, stage=prod.stage or "", local=iri in local)
    for f in chain.flows:
        attrs = {"kind": "flow", "iri": f.iri, "source": f.source}
        if f.coefficient is not None:
            attrs.update(coefficient=f.coefficient, coefficient_unit=f.unit or "")
        net.add_edge(f.input, f.output, **attrs)
    for iri in sorted(chain.products):
        if chain.products[iri].stage:
            net.add_edge(iri, chain.products[iri].stage, kind="at-stage")
    return net


def flow_subgraph(net):
    """The products-only part of a product-flow network (edges of kind ``flow``)."""
    import networkx as nx

    sub = nx.DiGraph()
    sub.add_nodes_from(sorted(n for n, d in net.nodes(data=True) if d.get("kind") == "product"))
    sub.add_edges_from(sorted((u, v) for u, v, d in net.edges(data=True) if d.get("kind") == "flow"))
    return sub


def _capacity_attrs(caps: list[Capacity]) -> dict[str, float]:
    out: dict[str, float] = {}
    for c in caps:
        key = "capacity_t" if c.is_mass else "capacity_" + c.unit.split("/")[0]
        out[key] = round(out.get(key, 0.0) + c.value, 6)
    return out


def enterprise_product_network(graph, *, chain: Chain | None = None, cluster: Cluster | None = None):
    """Producers and their products as a bipartite directed networkx graph (see the module table).

    :param graph: an ``rdflib.Graph`` or a path; ignored for parts given as ``chain``/``cluster``.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> from alucluster.ontology.vocab import ALU, iri, ref
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), ALU.produces, ref("product/alumina")))
    >>> list(enterprise_product_network(g).edges)
    [('https://w3id.org/alucluster/id/enterprise/acme', 'https://w3id.org/alucluster/ref/product/alumina')]
    """
    import networkx as nx

    from alucluster.graph.store import load_graph

    if chain is None or cluster is None:
        graph = load_graph(graph)
        chain = chain or read_chain(graph)
        cluster = cluster or read_cluster(graph)
    net = nx.DiGraph(name="enterprise-product")
    for iri in sorted(cluster.producers):
        p = cluster.producers[iri]
        net.add_node(iri, kind="producer", label=p.label, type=p.type)
    for product in sorted(cluster.local_products()):
        prod = chain.products.get(product)
        net.add_node(
            product,
            kind="product",
            label=prod.label if prod else _slug(product),
            stage=(prod.stage or "") if prod else "",
        )
    caps: dict[tuple[str, str], list[Capacity]] = {}
    for c in cluster.capacities:
        caps.setdefault((c.producer, c.product), []).append(c)
    for iri in sorted(cluster.produces):
        for product in sorted(cluster.produces[iri]):
            net.add_edge(iri, product, kind="produces", **_capacity_attrs(caps.get((iri, product), [])))
    return net


def origin_network(graph, *, cluster: Cluster | None = None):
    """Origin provinces -> producers -> their places in the cluster (see the module table).

    :param graph: an ``rdflib.Graph`` or a path; ignored when ``cluster`` is given.
    :raises GraphError: when a path cannot be loaded.

    >>> import rdflib
    >>> from alucluster.ontology.vocab import ALU, iri, ref
    >>> g = rdflib.Graph()
    >>> _ = g.add((iri("enterprise/acme"), ALU.produces, ref("product/alumina")))
    >>> _ = g.add((iri("enterprise/acme"), ALU.originProvince, iri("place/cn-410000")))
    >>> sorted(origin_network(g).edges)[0]
    ('https://w3id.org/alucluster/id/enterprise/acme', 'cluster')
    """
    import networkx as nx

    from alucluster.graph.store import load_graph

    if cluster is None:
        cluster = read_cluster(load_graph(graph))
    net = nx.DiGraph(name="origin")
    for iri in sorted(cluster.producers):
        p = cluster.producers[iri]
        net.add_node(iri, kind="producer", label=p.label, type=p.type)
    caps: dict[str, list[Capacity]] = {}
    for c in cluster.capacities:
        caps.setdefault(c.producer, []).append(c)
    for iri in sorted(cluster.producers):
        p = cluster.producers[iri]
        if p.origin:
            net.add_node(p.origin, kind="province", label=p.origin_label or _slug(p.origin))
            net.add_edge(p.origin, iri, kind="origin", **_capacity_attrs(caps.get(iri, [])))
        places = cluster.places.get(iri) or []
        if not places and cluster.region is not None:
            # no place stated: the producer is in the region whose articles name it, a real node
            places = [cluster.region.iri]
            net.add_node(cluster.region.iri, kind="place", label=cluster.region.label)
        if not places:
            net.add_node("cluster", kind="place", label="cluster", artificial=True)
            net.add_edge(iri, "cluster", kind="located-in")
        for place in places:
            net.add_node(place, kind="place", label=cluster.labels.get(place, _slug(place)))
            net.add_edge(iri, place, kind="located-in")
    return net


def column_positions(columns: list[list[str]], *, dx: float, dy: float) -> dict[str, tuple[float, float]]:
    """Node -> (x, y) for nodes drawn in columns, left to right, each column centred vertically.

    The layout of the chain and origins views and of the exports' product-flow and origin networks.

    >>> column_positions([["a"], ["b", "c"]], dx=100.0, dy=50.0)
    {'a': (0.0, 0.0), 'b': (100.0, -25.0), 'c': (100.0, 25.0)}
    """
    out: dict[str, tuple[float, float]] = {}
    for col, members in enumerate(columns):
        height = (len(members) - 1) * dy
        for i, node in enumerate(members):
            out.setdefault(node, (col * dx, i * dy - height / 2))
    return out


def spring_positions(nodes, edges) -> dict[str, tuple[float, float]]:
    """Node -> (x, y) from a seeded networkx spring layout, rounded: the layout of the views too big
    for in-browser physics, and of the exported enterprise-product network.

    >>> pos = spring_positions(["a", "b"], [("a", "b")])
    >>> sorted(pos) == ["a", "b"] and pos == spring_positions(["a", "b"], [("a", "b")])
    True
    """
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from(sorted(edges))
    if not len(g):
        return {}
    pos = nx.spring_layout(g, seed=7, iterations=40, scale=60.0 * math.sqrt(len(g)))
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}


#: Column and row spacing of the chain view and the exported product-flow network.
CHAIN_SPACING = (240.0, 80.0)
#: Column and row spacing of the origins view and the exported origin network.
ORIGIN_SPACING = (380.0, 70.0)


def _positions(name: str, net, chain: Chain) -> dict[str, tuple[float, float]]:
    """The exported network's layout: stage columns, origin columns, or a spring layout."""
    if name == "product-flow":
        orders = sorted({st.order for st in chain.stages.values()})
        columns: list[list[str]] = [[] for _ in orders] + [[]]
        for iri in sorted(chain.stages, key=lambda i: (chain.stages[i].label, i)):
            columns[orders.index(chain.stages[iri].order)].append(iri)
            columns[orders.index(chain.stages[iri].order)].extend(chain.products_at(iri))
        columns[-1] = sorted(n for n in net if n not in {m for c in columns for m in c})
        return column_positions(columns, dx=CHAIN_SPACING[0], dy=CHAIN_SPACING[1])
    if name == "origin":
        kinds = ("province", "producer", "place")
        columns = [sorted((n for n, d in net.nodes(data=True) if d.get("kind") == k),
                          key=lambda n: (net.nodes[n].get("label", ""), n)) for k in kinds]
        return column_positions(columns, dx=ORIGIN_SPACING[0], dy=ORIGIN_SPACING[1])
    return spring_positions(net.nodes, net.edges)


def _style_kind(data: dict) -> str:
    """The views' kind (:data:`alucluster.graph.styles.STYLES`) of an exported network node."""
    kind = data.get("kind")
    if kind == "producer":
        return {"InvestmentProject": "project", "EnterpriseGroup": "group"}.get(data.get("type"), "enterprise")
    if kind == "stage":
        return "stage" if data.get("local") else "gap"
    return {"product": "product", "province": "province", "place": "region"}.get(kind, "thing")


def _weight(data: dict) -> tuple[float, str]:
    """An edge's ``weight`` and what it measures: capacity in t/yr, a flow coefficient, or a plain link."""
    if data.get("kind") == "flow":
        if data.get("coefficient") is not None:
            return float(data["coefficient"]), f"coefficient ({data.get('coefficient_unit') or 'per t'})"
        return 1.0, "flow (coefficient not published)"
    if data.get("kind") in ("produces", "origin"):
        if data.get("capacity_t"):
            return float(data["capacity_t"]), "capacity t/yr"
        return 1.0, "link (no capacity in t/yr)"
    return 1.0, "link"


def _for_export(name: str, net, chain: Chain, cluster: Cluster, *, gexf: bool):
    """A sorted copy of ``net`` with ``weight``, colours, sizes and positions, for Gephi and networkx.

    GEXF carries colour, size and position in its ``viz`` namespace; GraphML, which has none, as
    plain ``color`` (``#rrggbb``), ``r``, ``g``, ``b``, ``size``, ``x`` and ``y`` attributes (the
    names Gephi's GraphML import reads). Every node says whether it is ``artificial`` (not in the
    graph: the origin network's ``cluster`` node for producers with no stated place).
    """
    import networkx as nx

    from alucluster.graph.styles import STYLES, node_size, rgb

    tonnes: dict[str, float] = {}
    for c in cluster.capacities:
        if c.is_mass:
            tonnes[c.producer] = tonnes.get(c.producer, 0.0) + c.value
            tonnes[c.product] = tonnes.get(c.product, 0.0) + c.value
    for u, v, d in net.edges(data=True):
        if d.get("kind") == "origin":
            tonnes[u] = tonnes.get(u, 0.0) + float(d.get("capacity_t", 0.0))
    largest = max(tonnes.values(), default=0.0)
    positions = _positions(name, net, chain)
    out = nx.DiGraph(name=net.graph.get("name", name))
    for n in sorted(net.nodes):
        attrs = dict(net.nodes[n])
        attrs["artificial"] = bool(attrs.get("artificial", False))
        fill = STYLES[_style_kind(attrs)][1]
        (r, g, b), (x, y), size = rgb(fill), positions.get(n, (0.0, 0.0)), float(node_size(tonnes.get(n, 0.0), largest))
        if gexf:
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": size,
                            "position": {"x": float(x), "y": float(y), "z": 0.0}}
        else:
            attrs.update(color=fill, r=r, g=g, b=b, size=size, x=float(x), y=float(y))
        out.add_node(n, **{k: attrs[k] for k in sorted(attrs)})
    for u, v in sorted(net.edges):
        attrs = dict(net.edges[u, v])
        attrs["weight"], attrs["weight_basis"] = _weight(attrs)
        attrs.setdefault("label", attrs.get("kind", ""))
        out.add_edge(u, v, **{k: attrs[k] for k in sorted(attrs)})
    return out


def _graphml_bytes(net) -> bytes:
    import networkx as nx

    return ("\n".join(nx.generate_graphml(net)) + "\n").encode("utf-8")


#: The XML Schema instance namespace: networkx 3.6 writes ``http://w3.org/...`` (no ``www``), a
#: different namespace, which would make ``xsi:schemaLocation`` an attribute the schema forbids.
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
GEXF_VERSION = "1.3"


def _gexf_bytes(net) -> bytes:
    import io

    import networkx as nx

    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version=GEXF_VERSION)
    writer.xml.set("xmlns:xsi", _XSI)
    # networkx stamps today's date and its own version into <meta>: fixed ones keep rebuilds byte-identical.
    writer.xml.find("meta").set("lastmodifieddate", "1970-01-01")
    writer.xml.find("meta/creator").text = "alucluster"
    writer.add_graph(net)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def export_networks(graph, out_dir: Path, *, chain=None, cluster=None) -> list[Path]:
    """Write the three networks as GraphML and GEXF into ``out_dir``; return the paths written.

    :param graph: an ``rdflib.Graph`` or a path to a graph file.
    :param out_dir: the folder (created if needed).
    :param chain: the reference chain already read from ``graph`` (read again when omitted).
    :param cluster: the cluster already read from ``graph`` (read again when omitted).
    :raises GraphError: when a path cannot be loaded.
    """
    from alucluster.graph._io import write_atomic
    from alucluster.graph.store import load_graph

    if chain is None or cluster is None:
        graph = load_graph(graph)
        chain = read_chain(graph) if chain is None else chain
        cluster = read_cluster(graph) if cluster is None else cluster
    nets = {
        "product-flow": product_flow_network(graph, chain=chain, cluster=cluster),
        "enterprise-product": enterprise_product_network(graph, chain=chain, cluster=cluster),
        "origin": origin_network(graph, cluster=cluster),
    }
    out_dir = Path(out_dir)
    written = []
    for name in sorted(nets):
        for suffix, encode in ((".graphml", _graphml_bytes), (".gexf", _gexf_bytes)):
            net = _for_export(name, nets[name], chain, cluster, gexf=suffix == ".gexf")
            path = out_dir / f"{name}{suffix}"
            write_atomic(path, encode(net))
            written.append(path)
    return written
