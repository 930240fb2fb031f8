"""Chain-extension analysis: coverage, ranked gaps, capacity balance, dependence, what-if.

The analysis compares the cluster's local producers (see :mod:`alucluster.graph.network`) with the
reference chain (``ontology/data/chain.ttl``). Definitions, all in tonnes per year unless stated:

- *coverage*: a stage is covered when a local producer makes one of its products; completeness =
  covered stages / reference stages. A flow is ``local`` when both its input and output products
  are made locally, ``input-missing``/``output-missing`` when one side is, ``absent`` otherwise.
- *primary capacity*: capacity for products of the core (primary-smelting) stage. *Casting*:
  capacity at stages fed directly by a core product (the casthouse). *Downstream*: capacity at the
  other downstream-extension stages. *Local conversion rate* = downstream / primary. Capacities in
  counts (pair/yr, set/yr, piece/yr) are listed per unit and never added to tonnes.
- *primary metal not converted locally* = max(primary - max(casting, first-tier downstream), 0),
  where first-tier downstream stages are those fed by cast products (extrusion, rolling, ...):
  metal leaves the smelter once, so billets cast and then extruded locally count once, and later
  tiers (foil from sheet) re-use metal already counted.
- *implied demand*: for every flow with a coefficient, coefficient x local capacity of its output,
  set against the local capacity of its input (the supply).
- *gaps*: uncovered stages. Kind = the stage's segment (upstream input, auxiliary supply, core
  smelting, downstream extension, recycling). Ranked by distance (hops in the undirected flow
  network from the stage's products to a locally made product: adjacent gaps first), then by
  size in tonnes (larger first), then by segment and chain order. Size is the larger of: the
  tonnes of its products that local producers need (implied demand), and, for downstream and
  recycling stages, the largest tonnage of local material it could process directly (the local
  primary metal not converted locally, when the stage is cast
  from primary metal or from cast products nobody makes locally; else a local input's capacity).
  Demands in other units (kWh) are reported but not compared with tonnes.
- *dependence*: capacity share by origin province (per unit); per stage the number of producers
  and the Herfindahl-Hirschman index (sum of squared capacity shares x 10,000; 10,000 = one
  producer); stages with a single producer; the *chain master* candidate: the organisation (not
  an unattributed project) with the most tonnes per year (its capacity, including projects it
  operates, or, when it has no capacity, its stated output put on a yearly basis by its period:
  a half-year's output counts twice; at equal tonnes capacity first), then at the most central stage (betweenness on the
  flow network), then linked by flows to the most other local producers.

What-if specs add hypothetical projects to an in-memory copy of the cluster; the stored graph is
never changed. Grammar (case-insensitive, spaces optional around ``:``)::

    SPEC   := TARGET ":" AMOUNT UNIT [ "from" PROVINCE ] [ "as" NAME ]
    TARGET := a stage or product: slug ("rolling", "aluminium-foil") or English label/altLabel
    AMOUNT := digits with optional "," or "_" separators and decimals, optional k | thousand | m | million
    UNIT   := t/yr | t/a | tpa | t | tonnes/yr | tons/yr | pair(s)/yr | set(s)/yr | piece(s)/yr

Count units (pair, set, piece) are refused for products measured in tonnes: those of upstream,
core, casting and recycling stages and any product a tonne-per-tonne coefficient links (an
electrolytic-aluminium smelter in pairs makes no sense). A unit is read as written: "kg/yr" is an
unknown unit, not k x "g/yr".

Hypothetical projects are named ``what-if:project/<n>-<product slug>``. A stage stands for its
main product: the one in most flows with a coefficient, then most flows, then by slug. PROVINCE is
matched against the labels of provinces in the graph.

>>> report = analyse(_empty_graph(), add=["primary smelting: 500,000 t/yr"])
>>> [d["demand"] for d in report.after["balance"]["input_demand"] if d["input_slug"] == "alumina"]
[965000.0]
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from alucluster.graph._io import write_atomic
from alucluster.graph.model import (
    Capacity,
    Chain,
    Cluster,
    ClusterModel,
    Producer,
    per_year,
    read_chain,
    read_model,
    slug,
)
from alucluster.graph.network import coverage as stage_producers
from alucluster.graph.network import export_networks, flow_subgraph, product_flow_network
from alucluster.ontology.errors import SpecError

__all__ = ["GapReport", "WhatIf", "parse_spec", "analyse", "render", "write_gap_report", "FORMATS"]

#: Output formats of :func:`render`.
FORMATS = ("md", "csv", "json")

_SEGMENT_KIND = {
    "upstream-input": "missing upstream input",
    "auxiliary-supply": "missing auxiliary supply",
    "core": "missing core smelting",
    "downstream-extension": "missing downstream extension",
    "recycling": "missing recycling",
}
_SEGMENT_ORDER = {s: i for i, s in enumerate(_SEGMENT_KIND)}
_UNITS = {
    "t/yr": "t/yr",
    "t/a": "t/yr",
    "tpa": "t/yr",
    "t": "t/yr",
    "tonnes/yr": "t/yr",
    "tons/yr": "t/yr",
    "tonne/yr": "t/yr",
    "ton/yr": "t/yr",
    "pair/yr": "pair/yr",
    "pairs/yr": "pair/yr",
    "set/yr": "set/yr",
    "sets/yr": "set/yr",
    "piece/yr": "piece/yr",
    "pieces/yr": "piece/yr",
}
_MULT = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}
_SPEC = re.compile(
    r"^\s*(?P<target>[^:]+?)\s*:\s*(?P<num>\d[\d,_]*(?:\.\d+)?)\s*(?P<mult>k|thousand|m|million)?\s*"
    r"(?P<unit>[a-z/]+)(?:\s+from\s+(?P<origin>.+?))?(?:\s+as\s+(?P<name>.+?))?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WhatIf:
    """A parsed what-if spec: a hypothetical capacity of ``product`` (IRI) in ``unit``."""

    spec: str
    product: str
    value: float
    unit: str
    origin: str | None = None
    name: str | None = None


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def _tonne_products(chain: Chain) -> set[str]:
    """Products only measured by mass: bulk materials (upstream, core, casting, recycling stages) and
    every product a published tonne-per-tonne coefficient links."""
    stage_of = {p: prod.stage for p, prod in chain.products.items()}
    core = {s for s, st in chain.stages.items() if st.segment == "core"}
    core_products = {p for p, s in stage_of.items() if s in core}
    casting = {stage_of.get(f.output) for f in chain.flows if f.input in core_products} - core
    bulk = {s for s, st in chain.stages.items() if st.segment in ("upstream-input", "core", "recycling")} | casting
    out = {p for p, s in stage_of.items() if s in bulk}
    for f in chain.flows:
        if f.unit == "t/t":
            out |= {f.input, f.output}
    return out


def parse_spec(spec: str, *, chain: Chain, provinces: dict[str, str] | None = None) -> WhatIf:
    """Parse one what-if spec (grammar in the module docstring) against the reference chain.

    :param spec: e.g. ``"rolling: 200000 t/yr"`` or ``"alumina: 400k t/yr from Henan as Refinery"``.
    :param chain: the reference chain (:func:`alucluster.graph.network.read_chain`).
    :param provinces: province IRI -> label, to resolve ``from PROVINCE``.
    :raises SpecError: when the spec is malformed or names an unknown target, unit or province.

    >>> import rdflib
    >>> chain = read_chain(rdflib.Graph())
    >>> w = parse_spec("Rolling: 200,000 t/yr", chain=chain)
    >>> (w.product.rsplit("/", 1)[-1], w.value, w.unit)
    ('aluminium-sheet', 200000.0, 't/yr')
    >>> parse_spec("rolling 200000", chain=chain)
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.SpecError: bad what-if spec 'rolling 200000': expected 'TARGET: AMOUNT UNIT', e.g. 'rolling: 200000 t/yr'
    """
    m = _SPEC.match(spec or "")
    if not m:
        raise SpecError(f"bad what-if spec {spec!r}: expected 'TARGET: AMOUNT UNIT', e.g. 'rolling: 200000 t/yr'")
    unit = _UNITS.get(m["unit"].lower())
    if unit is None:
        # "kg/yr" matches as multiplier k + unit "g/yr": name the unit as written, not a fragment of it
        written = m["unit"]
        if m["mult"] and spec[m.end("mult") : m.start("unit")] == "":
            written = m["mult"] + m["unit"]
        raise SpecError(
            f"bad what-if spec {spec!r}: unknown unit {written!r} (use t/yr, pair/yr, set/yr or piece/yr)"
        )
    value = float(m["num"].replace(",", "").replace("_", "")) * _MULT[(m["mult"] or "").lower()]
    if value <= 0:
        raise SpecError(f"bad what-if spec {spec!r}: the amount must be positive")
    target = _norm(m["target"])
    product = None
    for iri in sorted(chain.stages):
        if target in (_norm(slug(iri)), _norm(chain.stages[iri].label)):
            product = chain.main_product(iri)
            break
    if product is None:
        for iri in sorted(chain.products):
            prod = chain.products[iri]
            if target in {_norm(slug(iri)), _norm(prod.label), *(_norm(x) for x in prod.labels)}:
                product = iri
                break
    if product is None:
        raise SpecError(
            f"bad what-if spec {spec!r}: {m['target'].strip()!r} is no stage or product of the reference chain"
        )
    if unit != "t/yr" and product in _tonne_products(chain):
        raise SpecError(
            f"bad what-if spec {spec!r}: {chain.products[product].label} is measured in tonnes, not {unit} (use t/yr)"
        )
    origin = None
    if m["origin"]:
        wanted = _norm(m["origin"])
        matches = sorted(i for i, lab in (provinces or {}).items() if wanted in (_norm(lab), _norm(slug(i))))
        if not matches:
            known = ", ".join(sorted(set((provinces or {}).values()))) or "none in the graph"
            raise SpecError(f"bad what-if spec {spec!r}: unknown province {m['origin'].strip()!r} (known: {known})")
        origin = matches[0]
    return WhatIf(spec.strip(), product, value, unit, origin, m["name"].strip() if m["name"] else None)


def _with_projects(cluster: Cluster, whatifs: list[WhatIf]) -> Cluster:
    producers = dict(cluster.producers)
    produces = dict(cluster.produces)
    capacities = list(cluster.capacities)
    evidence = dict(cluster.evidence)
    for i, w in enumerate(whatifs, 1):
        iri = f"what-if:project/{i}-{slug(w.product)}"
        producers[iri] = Producer(
            iri,
            w.name or f"what-if: {w.spec}",
            "InvestmentProject",
            w.origin,
            cluster.provinces.get(w.origin) if w.origin else None,
            None,
            True,
        )
        produces[iri] = frozenset({w.product})
        capacities.append(Capacity(iri + "/capacity", iri, w.product, w.value, w.unit, "", (f"what-if:{w.spec}",)))
        evidence[(iri, w.product)] = (iri + "/capacity", f"what-if:{w.spec}")
    return replace(cluster, producers=producers, produces=produces, capacities=tuple(capacities), evidence=evidence)


def _r(x: float) -> float:
    """Round away binary noise (1.93 * 500000 = 964999.9999999999) so JSON output is stable."""
    return round(float(x), 6) + 0.0


@dataclass
class GapReport:
    """The analysis of one region's cluster; ``after`` and ``changes`` are set when what-if specs
    were given; ``region`` is None for a graph that records no regions."""

    before: dict
    after: dict | None = None
    changes: dict | None = None
    specs: list[dict] = field(default_factory=list)
    region: object = None

    def to_dict(self) -> dict:
        """A JSON-ready dict with every figure and the facts and coefficients it used."""
        out = {"analysis": self.before, "region": _region_dict(self.region)}
        if self.after is not None:
            out.update(what_if=self.specs, after=self.after, changes=self.changes)
        return out


def _analysis(chain: Chain, cluster: Cluster) -> dict:
    import networkx as nx

    coverage = stage_producers(chain, cluster)
    local = {p for p in cluster.local_products() if p in chain.products}
    caps_by_product: dict[str, list[Capacity]] = {}
    for c in cluster.capacities:
        caps_by_product.setdefault(c.product, []).append(c)

    def mass(product: str) -> tuple[float, list[str]]:
        caps = [c for c in caps_by_product.get(product, ()) if c.is_mass]
        return sum(c.value for c in caps), sorted({f for c in caps for f in (c.iri, *c.facts)})

    stage_of = {p: prod.stage for p, prod in chain.products.items()}
    stages = sorted(chain.stages.values(), key=lambda s: (s.order, s.iri))
    core = {s.iri for s in stages if s.segment == "core"}
    core_products = {p for p, s in stage_of.items() if s in core}
    casting = {stage_of[f.output] for f in chain.flows if f.input in core_products and stage_of.get(f.output)} - core
    downstream = {s.iri for s in stages if s.segment == "downstream-extension"} - casting

    # ---------------------------------------------------------------- coverage
    cov_rows = [
        {
            "stage": s.iri,
            "label": s.label,
            "order": s.order,
            "segment": s.segment,
            "covered": bool(coverage.get(s.iri)),
            "producers": coverage.get(s.iri, []),
            "producer_labels": [cluster.producers[p].label for p in coverage.get(s.iri, [])],
            "facts": sorted(
                {
                    f
                    for p in coverage.get(s.iri, [])
                    for x in chain.products_at(s.iri)
                    for f in cluster.evidence.get((p, x), ())
                }
            ),
        }
        for s in stages
    ]
    n_cov = sum(r["covered"] for r in cov_rows)
    flow_rows = []
    for f in chain.flows:
        i, o = f.input in local, f.output in local
        status = "local" if i and o else "input-missing" if o else "output-missing" if i else "absent"
        flow_rows.append({"flow": f.iri, "input": f.input, "output": f.output, "status": status})
    n_flow = sum(r["status"] == "local" for r in flow_rows)

    # ---------------------------------------------------------------- balance
    def total(stage_set: set[str]) -> dict:
        caps = [c for c in cluster.capacities if c.is_mass and stage_of.get(c.product) in stage_set]
        return {
            "value": _r(sum(c.value for c in caps)),
            "unit": "t/yr",
            "facts": sorted({f for c in caps for f in (c.iri, *c.facts)}),
        }

    primary, cast, down = total(core), total(casting), total(downstream)
    unassigned = [c for c in cluster.capacities if c.is_mass and not stage_of.get(c.product)]
    counts: dict[tuple[str, str], list[Capacity]] = {}
    for c in cluster.capacities:
        if not c.is_mass:
            counts.setdefault((c.product, c.unit), []).append(c)
    demands = []
    for f in chain.flows:
        out_t, out_facts = mass(f.output)
        if f.coefficient is None or out_t <= 0:
            continue
        supply_unit = "t/yr" if f.unit == "t/t" else (f.unit or "").split("/")[0] + "/yr"
        sup_caps = [
            c
            for c in caps_by_product.get(f.input, ())
            if (c.is_mass if supply_unit == "t/yr" else c.unit == supply_unit)
        ]
        supply = sum(c.value for c in sup_caps)
        demand = f.coefficient * out_t
        demands.append(
            {
                "flow": f.iri,
                "input": f.input,
                "input_slug": slug(f.input),
                "output": f.output,
                "smelter_input": f.output in core_products,
                "coefficient": f.coefficient,
                "coefficient_unit": f.unit,
                "output_capacity": _r(out_t),
                "demand": _r(demand),
                "unit": supply_unit,
                "local_supply": _r(supply),
                "balance": _r(supply - demand),
                "self_sufficiency": _r(supply / demand) if demand else None,
                "facts": sorted(set(out_facts) | {x for c in sup_caps for x in (c.iri, *c.facts)}),
                "coefficients": [f.iri],
            }
        )
    demands.sort(key=lambda d: (not d["smelter_input"], d["unit"] != "t/yr", -d["demand"], d["flow"]))
    p_val = primary["value"]
    # Metal leaves the smelter once: billets cast here and then extruded here are one stream, so
    # the metal committed locally is the larger of the casting and the first-tier downstream
    # capacity (stages fed by cast products), not their sum; later tiers (foil from sheet, parts
    # from profiles) re-use metal already counted.
    first_tier = {stage_of[f.output] for f in chain.flows if stage_of.get(f.input) in casting and stage_of.get(f.output)}
    first = total(downstream & first_tier)
    uncommitted = max(p_val - max(cast["value"], first["value"]), 0.0)
    balance = {
        "primary": primary,
        "casting": cast,
        "downstream": down,
        "local_conversion_rate": _r(down["value"] / p_val) if p_val else None,
        "uncommitted_primary": {
            "value": _r(uncommitted),
            "unit": "t/yr",
            "facts": sorted(set(primary["facts"]) | set(cast["facts"]) | set(first["facts"])),
        },
        "unassigned_mass": [
            {
                "producer": c.producer,
                "product": c.product,
                "value": _r(c.value),
                "unit": c.unit,
                "facts": sorted({c.iri, *c.facts}),
            }
            for c in unassigned
        ],
        "non_mass": [
            {
                "product": p,
                "stage": stage_of.get(p),
                "value": _r(sum(c.value for c in cs)),
                "unit": u,
                "producers": sorted({c.producer for c in cs}),
                "producer_labels": sorted({cluster.producers[c.producer].label for c in cs}),
                "facts": sorted({x for c in cs for x in (c.iri, *c.facts)}),
            }
            for (p, u), cs in sorted(counts.items())
        ],
        "input_demand": demands,
    }

    # ---------------------------------------------------------------- centrality
    net = product_flow_network(None, chain=chain, cluster=cluster)
    flows_net = flow_subgraph(net)
    betw = nx.betweenness_centrality(flows_net, normalized=True)
    stage_betw = {s.iri: max((betw.get(p, 0.0) for p in chain.products_at(s.iri)), default=0.0) for s in stages}
    centrality = {
        "measure": "betweenness (normalised, directed flow network of products)",
        "products": [
            {"product": p, "betweenness": _r(b), "local": p in local}
            for p, b in sorted(betw.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "stages": [
            {"stage": s, "betweenness": _r(b), "covered": bool(coverage.get(s))}
            for s, b in sorted(stage_betw.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }

    # ---------------------------------------------------------------- gaps
    undirected = flows_net.to_undirected()
    local_staged = sorted(p for p in local if stage_of.get(p))
    dist = nx.multi_source_dijkstra_path_length(undirected, local_staged) if local_staged else {}
    casting_products = {p for p, s in stage_of.items() if s in casting}
    fed_stages = downstream | casting | {s.iri for s in stages if s.segment == "recycling"}

    def _feed(stage: str, products: list[str]) -> tuple[float, list[str], str]:
        # Local material the stage could process directly: primary metal not yet converted
        # (when cast from it, or from cast products nobody makes locally), or a local input.
        if stage not in fed_stages:
            return 0.0, [], ""
        best, facts, what = 0.0, [], ""
        for f in chain.flows:
            if f.output not in products:
                continue
            if f.input in core_products or (f.input in casting_products and f.input not in local):
                amount, used = uncommitted, balance["uncommitted_primary"]["facts"]
                source = "local primary metal not converted locally"
            elif f.input in local:
                amount, used = mass(f.input)
                source = f"local {chain.products[f.input].label}"
            else:
                continue
            if amount > best:
                best, facts, what = amount, used, source
        return best, facts, what

    gaps = []
    for s in stages:
        if coverage.get(s.iri):
            continue
        products = chain.products_at(s.iri)
        d = min((dist[p] for p in products if p in dist), default=None)
        need = [x for x in demands if stage_of.get(x["input"]) == s.iri]
        need_t = sum(x["demand"] for x in need if x["unit"] == "t/yr")
        feed_t, feed_facts, feed_what = _feed(s.iri, products)
        size = max(need_t, feed_t)
        adjacent = sorted({n for p in products if p in undirected for n in undirected[p] if n in local})
        reasons = [f"no local producer of {', '.join(chain.products[p].label for p in products) or s.label}"]
        for x in need:
            reasons.append(
                f"local {chain.products[x['output']].label} capacity of {x['output_capacity']:,.0f} t/yr implies "
                f"{x['demand']:,.0f} {x['unit'].split('/')[0]}/yr of {chain.products[x['input']].label} "
                f"({x['coefficient']:g} {x['coefficient_unit']}; local supply {x['local_supply']:,.0f})"
            )
        if feed_t:
            reasons.append(f"{feed_t:,.0f} t/yr of {feed_what} could feed it")
        if adjacent:
            reasons.append("adjacent to local " + ", ".join(chain.products[p].label for p in adjacent))
        elif d is None:
            reasons.append("not linked by any flow to a local product")
        gaps.append(
            {
                "stage": s.iri,
                "label": s.label,
                "kind": _SEGMENT_KIND.get(s.segment, "missing " + s.segment),
                "distance": d,
                "size_t": _r(size),
                "implied_demand": need,
                "local_feed_t": _r(feed_t),
                "adjacent_local_products": adjacent,
                "reason": "; ".join(reasons),
                "facts": sorted({f for x in need for f in x["facts"]} | set(feed_facts)),
                "coefficients": sorted({c for x in need for c in x["coefficients"]}),
            }
        )
    gaps.sort(
        key=lambda g: (
            g["distance"] if g["distance"] is not None else 10**9,
            -g["size_t"],
            _SEGMENT_ORDER.get(chain.stages[g["stage"]].segment, 99),
            chain.stages[g["stage"]].order,
            g["stage"],
        )
    )
    for i, g in enumerate(gaps, 1):
        g["rank"] = i

    # ---------------------------------------------------------------- dependence
    by_unit: dict[str, dict[str, list[Capacity]]] = {}
    for c in cluster.capacities:
        prod = cluster.producers.get(c.producer)
        origin = (prod.origin if prod else None) or "unknown"
        by_unit.setdefault("t/yr" if c.is_mass else c.unit, {}).setdefault(origin, []).append(c)
    origin_share = {}
    for unit, groups in sorted(by_unit.items()):
        tot = sum(c.value for cs in groups.values() for c in cs)
        rows = [
            {
                "province": o,
                "label": cluster.provinces.get(o, o),
                "value": _r(sum(c.value for c in cs)),
                "share": _r(sum(c.value for c in cs) / tot) if tot else None,
                "producers": sorted({c.producer for c in cs}),
                "facts": sorted({x for c in cs for x in (c.iri, *c.facts)}),
            }
            for o, cs in groups.items()
        ]
        origin_share[unit] = sorted(rows, key=lambda r: (-r["value"], r["province"]))
    # a project counts for its operator: the stated one, else the candidate (marked inferred)
    firm_of = {iri: (p.operator or p.candidate_operator or iri) for iri, p in cluster.producers.items()}
    concentration = []
    for s in stages:
        producers = coverage.get(s.iri) or []
        if not producers:
            continue
        firms = sorted({firm_of.get(p, p) for p in producers})
        caps = [c for c in cluster.capacities if stage_of.get(c.product) == s.iri]
        units = sorted({("t/yr" if c.is_mass else c.unit) for c in caps}, key=lambda u: (u != "t/yr", u))
        hhi, unit, shares = None, None, {}
        if units:
            unit = units[0]
            per: dict[str, float] = {}
            for c in caps:
                if ("t/yr" if c.is_mass else c.unit) == unit:
                    k = firm_of.get(c.producer, c.producer)
                    per[k] = per.get(k, 0.0) + c.value
            tot = sum(per.values())
            shares = {k: _r(v / tot) for k, v in sorted(per.items())}
            hhi = _r(sum((v / tot) ** 2 for v in per.values()) * 10_000)
        concentration.append(
            {
                "stage": s.iri,
                "label": s.label,
                "producers": len(firms),
                "firms": firms,
                "inferred": any(cluster.producers[p].candidate_operator for p in producers if p in cluster.producers)
                or any((p, x) in cluster.inferred for p in producers for x in chain.products_at(s.iri)),
                "hhi": hhi,
                "hhi_unit": unit,
                "shares": shares,
                "single_producer": len(firms) == 1,
                "facts": sorted({x for c in caps for x in (c.iri, *c.facts)}),
            }
        )

    # chain master: organisations only; a project's capacity counts for its stated operator.
    owner = firm_of
    org_stages: dict[str, set[str]] = {}
    org_tonnes: dict[str, float] = {}
    org_facts: dict[str, set[str]] = {}
    for iri, products in cluster.produces.items():
        for p in products:
            if stage_of.get(p):
                org_stages.setdefault(owner[iri], set()).add(stage_of[p])
    for c in cluster.capacities:
        if c.is_mass:
            org_tonnes[owner[c.producer]] = org_tonnes.get(owner[c.producer], 0.0) + c.value
            org_facts.setdefault(owner[c.producer], set()).update((c.iri, *c.facts))
    # A firm with no stated capacity is measured by its stated output, put on the same yearly basis
    # as capacities: 100,000 t in a half-year is 200,000 t/yr, not 100,000.
    tonnes_basis: dict[str, float] = {}
    output_stated: dict[str, list[tuple[float, str]]] = {}
    for o in cluster.outputs:
        if o.is_mass and owner.get(o.producer, o.producer) not in org_tonnes:
            k = owner.get(o.producer, o.producer)
            label, factor = per_year(o.period)
            tonnes_basis[k] = tonnes_basis.get(k, 0.0) + o.value * factor
            output_stated.setdefault(k, []).append((o.value, label))
            org_facts.setdefault(k, set()).update((o.iri, *o.facts))
    org_products = {}
    for iri, products in cluster.produces.items():
        org_products.setdefault(owner[iri], set()).update(products)
    makers: dict[str, set[str]] = {}
    for o, ps in org_products.items():
        for x in ps:
            makers.setdefault(x, set()).add(o)

    def partners_of(org: str) -> list[str]:
        neigh = {n for x in org_products.get(org, ()) if x in undirected for n in undirected[x]}
        return sorted({o for x in neigh for o in makers.get(x, ())} - {org})

    candidates = []
    for org in sorted(set(org_stages) | set(tonnes_basis)):
        p = cluster.producers.get(org)
        if p is not None and p.type == "InvestmentProject":
            continue  # a project is not a firm; unattributed projects cannot lead a chain
        best_stage = max(org_stages.get(org, ()), key=lambda s: (stage_betw.get(s, 0.0), s), default=None)
        tonnes = _r(org_tonnes.get(org, tonnes_basis.get(org, 0.0)))
        # at equal tonnes a stated capacity beats an output (a capacity is the yearly figure itself)
        candidates.append(
            (org, best_stage, tonnes, org not in org_tonnes, -(stage_betw.get(best_stage, 0.0) if best_stage else -1.0))
        )
    candidates.sort(key=lambda c: (-c[2], c[3], c[4], c[0]))
    # partners only break ties at the top: listing them for every firm is quadratic
    top = [c for c in candidates if candidates and c[2:] == candidates[0][2:]]
    partners = {c[0]: partners_of(c[0]) for c in top}
    candidates = sorted(top, key=lambda c: (-len(partners[c[0]]), c[0])) + candidates[len(top) :]
    master = None
    if candidates:
        org, st, tonnes, _, _ = candidates[0]
        partners = partners[org]
        basis = "capacity" if org in org_tonnes else "stated output"
        reasons = []
        inferred_projects = sorted(
            i for i, p in cluster.producers.items() if p.candidate_operator == org and not p.operator
        )
        if tonnes and basis == "capacity" and inferred_projects:
            basis = "capacity (inferred)"
            reasons.append(f"largest tonnage of any local firm: {tonnes:,.0f} t/yr of capacity, counting the projects "
                           "it is the candidate operator of")
        elif tonnes and basis == "capacity":
            reasons.append(f"largest tonnage of any local firm: {tonnes:,.0f} t/yr of capacity")
        elif tonnes:
            stated = "; ".join(f"{v:,.0f} t in {when}" for v, when in sorted(output_stated.get(org, [])))
            reasons.append(
                f"largest tonnage of any local firm: about {tonnes:,.0f} t/yr from its stated output ({stated}), "
                "no capacity stated"
            )
        if st:
            reasons.append(f"at {chain.stages[st].label}, betweenness {stage_betw[st]:.3f} on the flow network")
        else:
            reasons.append("its products are not tied to a reference stage")
        if inferred_projects:
            reasons.append(
                "candidate operator (inferred, not stated) of "
                + ", ".join(cluster.producers[i].label for i in inferred_projects)
            )
        if partners:
            reasons.append(f"linked by material flows to {len(partners)} other local producer(s)")
        master = {
            "producer": org,
            "label": cluster.producers[org].label if org in cluster.producers else org,
            "stage": st,
            "tonnes": _r(tonnes),
            "tonnes_basis": basis,
            "candidate_of": inferred_projects,
            "stated_output": [{"value": _r(v), "period": when} for v, when in sorted(output_stated.get(org, []))],
            "partners": partners,
            "reasons": reasons,
            "facts": sorted(org_facts.get(org, ())),
            "runners_up": [c[0] for c in candidates[1:3]],
        }

    return {
        "coverage": {
            "stages": cov_rows,
            "covered": n_cov,
            "total": len(cov_rows),
            "completeness": _r(n_cov / len(cov_rows)) if cov_rows else None,
            "flows": flow_rows,
            "flows_local": n_flow,
            "flows_total": len(flow_rows),
            "flow_completeness": _r(n_flow / len(flow_rows)) if flow_rows else None,
        },
        "gaps": gaps,
        "balance": balance,
        "dependence": {
            "origin_share": origin_share,
            "concentration": concentration,
            "single_producer_stages": [c["stage"] for c in concentration if c["single_producer"]],
            "chain_master": master,
        },
        "centrality": centrality,
    }


def _changes(before: dict, after: dict) -> dict:
    cov_b = {r["stage"] for r in before["coverage"]["stages"] if r["covered"]}
    cov_a = {r["stage"] for r in after["coverage"]["stages"] if r["covered"]}
    rank_b = {g["stage"]: g["rank"] for g in before["gaps"]}
    rank_a = {g["stage"]: g["rank"] for g in after["gaps"]}
    bal_b, bal_a = before["balance"], after["balance"]
    figures = {}
    for key in ("primary", "casting", "downstream", "uncommitted_primary"):
        figures[key] = {"before": bal_b[key]["value"], "after": bal_a[key]["value"]}
    figures["local_conversion_rate"] = {
        "before": bal_b["local_conversion_rate"],
        "after": bal_a["local_conversion_rate"],
    }
    figures["completeness"] = {"before": before["coverage"]["completeness"], "after": after["coverage"]["completeness"]}
    dem_b = {d["flow"]: d for d in bal_b["input_demand"]}
    dem_a = {d["flow"]: d for d in bal_a["input_demand"]}
    demand = []
    for flow in sorted(set(dem_b) | set(dem_a)):
        b, a = dem_b.get(flow, {}), dem_a.get(flow, {})
        if (b.get("demand"), b.get("local_supply")) != (a.get("demand"), a.get("local_supply")):
            demand.append(
                {
                    "flow": flow,
                    "unit": (a or b)["unit"],
                    "demand": {"before": b.get("demand", 0.0), "after": a.get("demand", 0.0)},
                    "local_supply": {"before": b.get("local_supply", 0.0), "after": a.get("local_supply", 0.0)},
                }
            )
    ranking = [
        {"stage": s, "before": rank_b.get(s), "after": rank_a.get(s)}
        for s in sorted(set(rank_b) | set(rank_a))
        if rank_b.get(s) != rank_a.get(s)
    ]
    return {
        "stages_newly_covered": sorted(cov_a - cov_b),
        "gaps_closed": sorted(set(rank_b) - set(rank_a)),
        "figures": {k: v for k, v in figures.items() if v["before"] != v["after"]},
        "input_demand": demand,
        "ranking": ranking,
    }


def _model(graph, model: ClusterModel | None) -> ClusterModel:
    if model is not None:
        return model
    from alucluster.graph.store import load_graph

    return read_model(load_graph(graph))


def analyse(graph, *, add=(), region=None, model: ClusterModel | None = None) -> GapReport:
    """Analyse one region's cluster against the reference chain; with ``add``, also the what-if.

    :param graph: an ``rdflib.Graph`` or a path to a graph file (ignored when ``model`` is given).
    :param add: what-if specs (strings, grammar in the module docstring); the graph is not changed.
    :param region: the region (a :class:`~alucluster.graph.regions.Region` or its name); may be
        omitted when the graph has one region or none.
    :param model: the graph already read by :func:`alucluster.graph.model.read_model`.
    :raises GraphError: when a path cannot be loaded, or the region is unknown or not chosen.
    :raises SpecError: when a spec is malformed.

    >>> r = analyse(_empty_graph())
    >>> r.before["coverage"]["covered"], r.after is None
    (0, True)
    """
    model = _model(graph, model)
    cluster = model.cluster(region)
    chain = model.chain
    whatifs = [parse_spec(s, chain=chain, provinces=cluster.provinces) for s in add]
    before = _analysis(chain, cluster)
    if not whatifs:
        return GapReport(before, region=cluster.region)
    after = _analysis(chain, _with_projects(cluster, whatifs))
    specs = [
        {"spec": w.spec, "product": w.product, "value": _r(w.value), "unit": w.unit, "origin": w.origin, "name": w.name}
        for w in whatifs
    ]
    return GapReport(before, after, _changes(before, after), specs, region=cluster.region)


@dataclass(frozen=True)
class RegionReports:
    """One :class:`GapReport` per region of a graph, in region order, and their comparison."""

    reports: tuple[GapReport, ...]

    def comparison(self) -> list[dict]:
        """One row per region: the headline figures side by side."""
        rows = []
        for r in self.reports:
            a = r.before
            master = a["dependence"]["chain_master"]
            rows.append(
                {
                    "region": _region_key(r.region),
                    "label": r.region.label if r.region else "all articles",
                    "articles": len(r.region.articles) if r.region else None,
                    "covered": a["coverage"]["covered"],
                    "stages": a["coverage"]["total"],
                    "completeness": a["coverage"]["completeness"],
                    "primary_t": a["balance"]["primary"]["value"],
                    "downstream_t": a["balance"]["downstream"]["value"],
                    "local_conversion_rate": a["balance"]["local_conversion_rate"],
                    "uncommitted_primary_t": a["balance"]["uncommitted_primary"]["value"],
                    "first_gap": a["gaps"][0]["label"] if a["gaps"] else None,
                    "chain_master": master["label"] if master else None,
                }
            )
        return rows

    def to_dict(self) -> dict:
        """A JSON-ready dict: ``regions`` (slug -> report) and ``comparison``."""
        return {
            "regions": {_region_key(r.region): r.to_dict() for r in self.reports},
            "comparison": self.comparison(),
        }


def _region_dict(region) -> dict | None:
    if region is None:
        return None
    return {"iri": region.iri, "label": region.label, "label_zh": region.label_zh, "adcode": region.adcode,
            "articles": list(region.articles)}


def _region_key(region) -> str:
    return region.slug if region is not None else "all"


def analyse_regions(graph, *, add=(), model: ClusterModel | None = None) -> RegionReports:
    """:func:`analyse` for each region of the graph in turn (the whole graph when it has none).

    :param graph: an ``rdflib.Graph`` or a path (ignored when ``model`` is given).
    :param add: what-if specs applied to every region.
    :param model: the graph already read.
    :raises GraphError: when a path cannot be loaded.
    :raises SpecError: when a spec is malformed.

    >>> [r.region for r in analyse_regions(_empty_graph()).reports]
    [None]
    """
    model = _model(graph, model)
    targets = list(model.regions) or [None]
    return RegionReports(tuple(analyse(None, add=add, region=r, model=model) for r in targets))


def _empty_graph():
    import rdflib

    return rdflib.Graph()


# ---------------------------------------------------------------- rendering
def _fmt(x, unit: str = "") -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float) and unit == "%":
        return f"{x * 100:.1f} %"
    text = (
        f"{x:,.0f}"
        if isinstance(x, (int, float)) and abs(x) >= 100
        else f"{x:g}"
        if isinstance(x, (int, float))
        else str(x)
    )
    return f"{text} {unit}".strip()


def _cell(text) -> str:
    r"""Text safe inside a Markdown table cell: a ``|`` from an article name would split the row.

    >>> _cell("A|B Co.\nLtd")
    'A\\|B Co. Ltd'
    """
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).replace("|", "\\|")


def _tail(iri: str | None) -> str:
    return slug(iri) if iri else "n/a"


def _md_analysis(a: dict, title: str, h: int = 2) -> list[str]:
    cov, bal, dep = a["coverage"], a["balance"], a["dependence"]
    lines = [
        f"{'#' * h} {title}",
        "",
        f"Chain completeness: {cov['covered']} of {cov['total']} stages "
        f"({_fmt(cov['completeness'], '%')}); flows with both ends local: {cov['flows_local']} of {cov['flows_total']}.",
        "",
        "| stage | segment | covered | producers |",
        "|---|---|---|---|",
    ]
    for r in cov["stages"]:
        lines.append(
            f"| {_cell(r['label'])} | {r['segment']} | {'yes' if r['covered'] else 'no'} "
            f"| {_cell(', '.join(r['producer_labels']))} |"
        )
    lines += [
        "",
        f"{'#' * (h + 1)} Gaps, ranked",
        "",
        "| rank | stage | kind | distance | size (t/yr) | reason |",
        "|---|---|---|---|---|---|",
    ]
    for g in a["gaps"]:
        lines.append(
            f"| {g['rank']} | {_cell(g['label'])} | {g['kind']} | {_fmt(g['distance'])} | {_fmt(g['size_t'])} "
            f"| {_cell(g['reason'])} |"
        )
    lines += [
        "",
        f"{'#' * (h + 1)} Capacity balance",
        "",
        f"- primary capacity: {_fmt(bal['primary']['value'], 't/yr')}",
        f"- casting capacity: {_fmt(bal['casting']['value'], 't/yr')}",
        f"- downstream capacity: {_fmt(bal['downstream']['value'], 't/yr')}",
        f"- local conversion rate (downstream / primary): {_fmt(bal['local_conversion_rate'], '%')}",
        f"- primary metal not converted locally: {_fmt(bal['uncommitted_primary']['value'], 't/yr')}",
    ]
    for u in bal["unassigned_mass"]:
        lines.append(
            f"- not assigned to a stage (generic product, not added): {_tail(u['producer'])} {_fmt(u['value'], u['unit'])} of {_tail(u['product'])}"
        )
    for n in bal["non_mass"]:
        lines.append(
            f"- in counts, not added to tonnes: {_fmt(n['value'], n['unit'])} of {_tail(n['product'])}"
            f" ({', '.join(n['producer_labels'])})"
        )
    lines += [
        "",
        "| input | for | coefficient | demand | local supply | self-sufficiency |",
        "|---|---|---|---|---|---|",
    ]
    for d in bal["input_demand"]:
        lines.append(
            f"| {_tail(d['input'])} | {_tail(d['output'])} {_fmt(d['output_capacity'], 't/yr')} | {d['coefficient']:g} {d['coefficient_unit']} "
            f"| {_fmt(d['demand'], d['unit'])} | {_fmt(d['local_supply'], d['unit'])} | {_fmt(d['self_sufficiency'], '%')} |"
        )
    lines += ["", f"{'#' * (h + 1)} Dependence", ""]
    for unit, rows in dep["origin_share"].items():
        lines.append(
            f"- capacity by origin ({unit}): "
            + "; ".join(f"{r['label']} {_fmt(r['value'])} ({_fmt(r['share'], '%')})" for r in rows)
        )
    lines += ["", "| stage | producers | HHI | basis |", "|---|---|---|---|"]
    for c in dep["concentration"]:
        lines.append(f"| {_cell(c['label'])} | {c['producers']} | {_fmt(c['hhi'])} | {c['hhi_unit'] or 'no capacity'} |")
    lines.append("")
    lines.append("- single-producer stages: " + (", ".join(_tail(s) for s in dep["single_producer_stages"]) or "none"))
    m = dep["chain_master"]
    lines.append(
        f"- chain master candidate: {m['label']} ({'; '.join(m['reasons'])})" if m else "- chain master candidate: none"
    )
    lines += ["", f"{'#' * (h + 1)} Centrality (betweenness on the product-flow network)", ""]
    for s in a["centrality"]["stages"][:6]:
        lines.append(f"- {_tail(s['stage'])}: {s['betweenness']:.3f}{'' if s['covered'] else ' (missing locally)'}")
    return lines + [""]


def _md_body(report: GapReport, h: int) -> list[str]:
    """The Markdown of one region's report, its headings at level ``h``."""
    hx = "#" * h
    if report.after is None:
        return _md_analysis(report.before, "Analysis", h)
    lines = ["What-if: " + "; ".join(s["spec"] for s in report.specs), ""]
    ch = report.changes
    lines += [f"{hx} Changes", "", "| figure | before | after |", "|---|---|---|"]
    for k, v in ch["figures"].items():
        unit = "%" if k in ("local_conversion_rate", "completeness") else "t/yr"
        lines.append(f"| {k} | {_fmt(v['before'], unit)} | {_fmt(v['after'], unit)} |")
    for d in ch["input_demand"]:
        lines.append(
            f"| demand via {_tail(d['flow'])} | {_fmt(d['demand']['before'], d['unit'])} | {_fmt(d['demand']['after'], d['unit'])} |"
        )
        lines.append(
            f"| local supply via {_tail(d['flow'])} | {_fmt(d['local_supply']['before'], d['unit'])} | {_fmt(d['local_supply']['after'], d['unit'])} |"
        )
    for r in ch["ranking"]:
        lines.append(
            f"| gap rank of {_tail(r['stage'])} | {_fmt(r['before'])} | {_fmt(r['after']) if r['after'] else 'closed'} |"
        )
    lines.append("")
    lines += _md_analysis(report.before, "Before", h)
    lines += _md_analysis(report.after, "After", h)
    return lines


def _region_title(region) -> str:
    if region is None:
        return "all articles (the graph records no host regions)"
    extra = ", ".join(x for x in (region.label_zh, region.adcode) if x)
    n = len(region.articles)
    return f"{region.label}" + (f" ({extra})" if extra else "") + f", {n} article{'s' if n != 1 else ''}"


_NOTE = "Every figure's facts and coefficients are listed in gaps.json."


def _md(report: GapReport) -> str:
    lines = [f"# Chain-extension gaps: {_region_title(report.region)}", "", _NOTE, ""]
    lines += _md_body(report, 2)
    return "\n".join(lines).rstrip() + "\n"


def region_section(report: GapReport) -> str:
    """The Markdown section of one region as it appears in the all-regions report.

    A region's section depends only on that region's articles: the same with or without others.

    >>> region_section(analyse(_empty_graph())).splitlines()[0]
    '## all articles (the graph records no host regions)'
    """
    lines = [f"## {_region_title(report.region)}", ""] + _md_body(report, 3)
    return "\n".join(lines).rstrip() + "\n"


def _md_regions(rr: RegionReports) -> str:
    lines = ["# Chain-extension gaps", "", _NOTE, "", "## Regions side by side", ""]
    lines += [
        "| region | articles | stages covered | primary (t/yr) | downstream (t/yr) | local conversion | "
        "primary not converted (t/yr) | first gap | chain master |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rr.comparison():
        lines.append(
            f"| {_cell(r['label'])} | {_fmt(r['articles'])} | {r['covered']} of {r['stages']} | {_fmt(r['primary_t'])} "
            f"| {_fmt(r['downstream_t'])} | {_fmt(r['local_conversion_rate'], '%')} | {_fmt(r['uncommitted_primary_t'])} "
            f"| {_cell(r['first_gap'] or 'none')} | {_cell(r['chain_master'] or 'none')} |"
        )
    text = "\n".join(lines) + "\n\n"
    return text + "\n".join(region_section(r) for r in rr.reports)


class _Rows:
    """A csv writer that puts the region first on every row when there is one."""

    def __init__(self, out, region: str | None):
        self.w, self.region = csv.writer(out, lineterminator="\n"), region

    def writerow(self, row) -> None:
        self.w.writerow(([self.region] if self.region is not None else []) + list(row))


def _csv(report: GapReport, *, region: str | None = None, header: bool = True) -> str:
    buf = io.StringIO()
    w = _Rows(buf, region)
    if header:
        columns = ["scenario", "section", "item", "metric", "value", "unit"]
        w.w.writerow(columns if region is None else ["region", *columns])
    scenarios = [("before", report.before)] + ([("after", report.after)] if report.after is not None else [])
    for name, a in scenarios:
        cov, bal, dep = a["coverage"], a["balance"], a["dependence"]
        w.writerow([name, "coverage", "chain", "completeness", cov["completeness"], "ratio"])
        for r in cov["stages"]:
            w.writerow([name, "coverage", r["stage"], "producers", len(r["producers"]), "count"])
        for g in a["gaps"]:
            w.writerow([name, "gap", g["stage"], "rank", g["rank"], ""])
            w.writerow([name, "gap", g["stage"], "kind", g["kind"], ""])
            w.writerow([name, "gap", g["stage"], "distance", g["distance"], "hops"])
            w.writerow([name, "gap", g["stage"], "size", g["size_t"], "t/yr"])
        for key in ("primary", "casting", "downstream", "uncommitted_primary"):
            w.writerow([name, "balance", key, "capacity", bal[key]["value"], "t/yr"])
        w.writerow([name, "balance", "local_conversion_rate", "ratio", bal["local_conversion_rate"], "ratio"])
        for n in bal["non_mass"]:
            w.writerow([name, "balance", n["product"], "capacity", n["value"], n["unit"]])
        for d in bal["input_demand"]:
            w.writerow([name, "demand", d["flow"], "demand", d["demand"], d["unit"]])
            w.writerow([name, "demand", d["flow"], "local_supply", d["local_supply"], d["unit"]])
        for unit, rows in dep["origin_share"].items():
            for r in rows:
                w.writerow([name, "origin_share", r["province"], "share", r["share"], unit])
        for c in dep["concentration"]:
            w.writerow([name, "concentration", c["stage"], "producers", c["producers"], "count"])
            w.writerow([name, "concentration", c["stage"], "hhi", c["hhi"], c["hhi_unit"] or ""])
        if dep["chain_master"]:
            w.writerow(
                [name, "chain_master", dep["chain_master"]["producer"], "tonnes", dep["chain_master"]["tonnes"], "t"]
            )
        for s in a["centrality"]["stages"]:
            w.writerow([name, "centrality", s["stage"], "betweenness", s["betweenness"], ""])
    return buf.getvalue()


def render(report, fmt: str = "md") -> str:
    """The report as Markdown (``md``), tidy CSV rows (``csv``) or JSON (``json``, sorted keys).

    :param report: a :class:`GapReport` (:func:`analyse`) or :class:`RegionReports` (:func:`analyse_regions`).
    :param fmt: one of :data:`FORMATS`.
    :raises SpecError: when ``fmt`` is not a known format.

    >>> render(analyse(_empty_graph()), "csv").splitlines()[0]
    'scenario,section,item,metric,value,unit'
    """
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "csv":
        if isinstance(report, RegionReports):
            return "".join(_csv(r, region=_region_key(r.region), header=i == 0) for i, r in enumerate(report.reports))
        return _csv(report)
    if fmt == "md":
        return _md_regions(report) if isinstance(report, RegionReports) else _md(report)
    raise SpecError(f"unknown gap report format {fmt!r} (use {', '.join(FORMATS)})")


def write_gap_report(graph, out: Path, *, model: ClusterModel | None = None) -> list[Path]:
    """Write OUT/gaps.md and OUT/gaps.json (every region) and the network exports under
    OUT/network/ (OUT/network/<region slug>/ for each region when the graph has several).

    :param graph: an ``rdflib.Graph`` or a path to a graph file (ignored when ``model`` is given).
    :param out: the output folder.
    :param model: the graph already read.
    :raises GraphError: when a path cannot be loaded.
    """
    out = Path(out)
    # the graph is read once for the report and the network exports
    model = _model(graph, model)
    reports = analyse_regions(None, model=model)
    written = []
    for name, fmt in (("gaps.md", "md"), ("gaps.json", "json")):
        path = out / name
        write_atomic(path, render(reports, fmt))
        written.append(path)
    several = len(model.regions) > 1
    for r in reports.reports:
        folder = out / "network" / (r.region.slug if several else "")
        written += export_networks(None, folder, chain=model.chain, cluster=model.cluster(r.region))
    return written
