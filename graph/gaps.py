"""Chain-extension analysis of one region's cluster: coverage, balance, dependence, centrality,
ranking and recommendation (what to attract next), and what-if.

The analysis compares a region's cluster (:mod:`alucluster.graph.model`: the graph read once, one
cluster per host region) with the reference chain (``ontology/data/chain.ttl``). Each part is one
function returning a frozen dataclass: :func:`coverage_section`, :func:`balance_section`,
:func:`centrality_section`, :func:`ranking_section`, :func:`dependence_section`,
:func:`recommendation_section`, gathered in an :class:`Analysis`. Definitions, all in tonnes per
year unless stated:

- *coverage*: a stage is covered when a local producer makes one of its products (a candidate
  attribution counts, marked inferred); completeness = covered stages / reference stages. A flow is
  ``local`` when both its input and output products are made locally, ``input-missing``/
  ``output-missing`` when one side is, ``absent`` otherwise.
- *primary capacity*: capacity for products of the core (primary-smelting) stage. *Casting*:
  capacity at stages fed directly by a core product (the casthouse). *Downstream*: capacity at the
  other downstream-extension stages. *Local conversion rate* = downstream / primary. Capacities in
  counts (pair/yr, set/yr, piece/yr) are listed per unit and never added to tonnes. Which figure of
  a plant counts is the capacity rule of :mod:`alucluster.graph.model`.
- *primary metal not converted locally* = max(primary - max(casting, first-tier downstream), 0),
  where first-tier downstream stages are those fed by cast products (extrusion, rolling, ...):
  metal leaves the smelter once, so billets cast and then extruded locally count once, and later
  tiers (foil from sheet) re-use metal already counted.
- *implied demand*: for every flow with a coefficient, coefficient x local capacity of its output,
  set against the local capacity of its input (the supply), in the input's unit (t/yr, kWh/yr).
- *gaps*: uncovered stages. Kind = the stage's segment (upstream input, auxiliary supply, core
  smelting, downstream extension, recycling). Ranked by score (:mod:`alucluster.graph.ranking`:
  demand pull, unconverted metal, adjacency, siting needs not shown; weights in
  ``ontology/data/ranking-weights.toml``), then by distance (hops in the undirected flow network
  from the stage's products to a locally made product), size, segment and chain order. Size is the
  larger of: the tonnes of its products that local producers need (implied demand), and, for
  downstream and recycling stages, the largest tonnage of local material it could process directly
  (the local primary metal not converted locally, when the stage is cast from primary metal or from
  cast products nobody makes locally; else a local input's capacity). Demands in other units (kWh)
  are reported in their unit and weigh in the demand pull as much as tonnes.
- *what to attract next*: the first :data:`ATTRACT_TOP` gaps with a positive score whose size the
  facts tell: the capacity that covers the local plants' unmet need of the stage's input (tonnes
  first, else its own unit), else the local metal it could take in, to two significant figures,
  with the reason, the facts and coefficients behind it and the what-if of that plant landing.
- *dependence*: capacity share by origin province (per unit); per stage the number of firms (a
  project counts for its operator, stated or candidate) and the Herfindahl-Hirschman index (sum of
  squared capacity shares x 10,000; 10,000 = one firm); stages with a single firm; external
  suppliers (producers located outside the region); the *chain master* candidate: the organisation
  (not an unattributed project) with the most tonnes per year (its capacity, including projects it
  operates or is the candidate operator of, marked inferred, or, when it has no capacity, its stated
  output put on a yearly basis by its period: a half-year's output counts twice; at equal tonnes
  capacity first), then at the most central stage (betweenness on the flow network), then linked by
  flows to the most other local producers.

Every figure of the report cites its sources: the facts it used (``facts``, with their evidence
``sentences`` in JSON) and the coefficients (``coefficients`` with ``citations``, from
``ontology/data/coefficients.toml``); see :mod:`alucluster.graph.sources`.

What-if specs add hypothetical projects to an in-memory copy of the cluster; the stored graph is
never changed. Grammar (case-insensitive, spaces optional around ``:``)::

    SPEC   := TARGET ":" AMOUNT UNIT [ "from" PROVINCE ] [ "as" NAME ]
    TARGET := a stage or product: slug ("rolling", "aluminium-foil") or English label/altLabel
    AMOUNT := digits with optional "," or "_" separators and decimals, optional k | thousand | m | million
    UNIT   := t/yr | t/a | tpa | t | tonnes/yr | tons/yr | kWh/yr | pair(s)/yr | set(s)/yr | piece(s)/yr

Electricity is measured in kWh/yr and only electricity is. Count units (pair, set, piece) are refused for products measured in tonnes: those of upstream,
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
from dataclasses import dataclass, field, fields, replace
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
from alucluster.graph.ranking import FACTORS, Weights, load_weights, score, siting_needs
from alucluster.graph.sources import SourceBook, coefficient_citations
from alucluster.ontology.errors import SpecError

__all__ = ["GapReport", "WhatIf", "parse_spec", "analyse", "render", "write_gap_report", "FORMATS"]

#: Output formats of :func:`render`.
FORMATS = ("md", "csv", "json")
#: Languages of the names in :func:`render`'s Markdown.
LANGS = ("en", "zh")

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
    "kwh/yr": "kWh/yr",
    "kwh/a": "kWh/yr",
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
    mult = m["mult"] or ""
    unit = _UNITS.get(m["unit"].lower())
    if mult and spec[m.end("mult") : m.start("unit")] == "" and (mult + m["unit"]).lower() in _UNITS:
        # "kWh/yr": the k belongs to the unit, it is no multiplier
        unit, mult = _UNITS[(mult + m["unit"]).lower()], ""
    if unit is None:
        # "kg/yr" matches as multiplier k + unit "g/yr": name the unit as written, not a fragment of it
        written = m["unit"]
        if m["mult"] and spec[m.end("mult") : m.start("unit")] == "":
            written = m["mult"] + m["unit"]
        raise SpecError(
            f"bad what-if spec {spec!r}: unknown unit {written!r} (use t/yr, kWh/yr, pair/yr, set/yr or piece/yr)"
        )
    value = float(m["num"].replace(",", "").replace("_", "")) * _MULT[mult.lower()]
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
    energy = {f.input for f in chain.flows if f.unit == "kWh/t"}
    if (unit == "kWh/yr") != (product in energy):
        measured = "kWh/yr" if product in energy else "t/yr or a count"
        raise SpecError(
            f"bad what-if spec {spec!r}: {chain.products[product].label} is measured in {measured}, not {unit}"
        )
    if unit not in ("t/yr", "kWh/yr") and product in _tonne_products(chain):
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

    before: "Analysis"
    after: "Analysis | None" = None
    changes: dict | None = None
    specs: list[dict] = field(default_factory=list)
    region: object = None
    model: ClusterModel | None = field(default=None, repr=False, compare=False)
    cluster: Cluster | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        """A JSON-ready dict with every figure, the facts it used with their sentences (quoted,
        with article and date) and the coefficients with their citations."""
        out = {"analysis": _cite(self.before.to_dict(), self.model), "region": _region_dict(self.region)}
        if self.after is not None:
            out.update(what_if=self.specs, after=_cite(self.after.to_dict(), self.model), changes=self.changes)
        return out


def _cite(x, model: ClusterModel | None):
    """Beside every ``facts`` list, its ``sentences``; beside every ``coefficients`` list, ``citations``."""
    if isinstance(x, list):
        return [_cite(v, model) for v in x]
    if not isinstance(x, dict):
        return x
    out = {k: _cite(v, model) for k, v in x.items()}
    if isinstance(x.get("facts"), list):
        out["sentences"] = [
            {"text": s.text, "article": s.article, "title": s.title, "date": s.date}
            for s in (model.sources(x["facts"]) if model is not None else [])
        ]
    if isinstance(x.get("coefficients"), list):
        cites = coefficient_citations()
        out["citations"] = [cites[slug(c)].to_dict() for c in x["coefficients"] if slug(c) in cites]
    return out


class _Section:
    """Item access by field name (``a["balance"]["primary"]``) and a JSON-ready dict."""

    def __getitem__(self, key: str):
        return getattr(self, key)

    def to_dict(self) -> dict:
        """Every field, nested sections and tuples as plain dicts and lists."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(x):
    if isinstance(x, _Section):
        return x.to_dict()
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


@dataclass(frozen=True)
class Coverage(_Section):
    """Which reference stages and flows local producers cover."""

    stages: list
    covered: int
    total: int
    completeness: float | None
    flows: list
    flows_local: int
    flows_total: int
    flow_completeness: float | None


@dataclass(frozen=True)
class Balance(_Section):
    """Capacity by part of the chain (t/yr), local conversion, and input demand against local supply."""

    primary: dict
    casting: dict
    downstream: dict
    local_conversion_rate: float | None
    uncommitted_primary: dict
    unassigned_mass: list
    non_mass: list
    input_demand: list


@dataclass(frozen=True)
class Centrality(_Section):
    """Betweenness of products and stages on the product-flow network."""

    measure: str
    products: list
    stages: list


@dataclass(frozen=True)
class Ranking(_Section):
    """The gaps (uncovered stages) ranked by score, with their factors and the weights used."""

    gaps: list
    weights: dict


@dataclass(frozen=True)
class Dependence(_Section):
    """Origin shares, concentration per stage, single-producer stages, the chain master, external suppliers."""

    origin_share: dict
    concentration: list
    single_producer_stages: list
    chain_master: dict | None
    external_suppliers: list


@dataclass(frozen=True)
class Recommendation(_Section):
    """What to attract next: the top gaps with the capacity that would balance the chain and its what-if."""

    targets: list


@dataclass(frozen=True)
class Analysis(_Section):
    """One region's analysis: every section, and the candidate attributions it relied on."""

    coverage: Coverage
    gaps: list
    balance: Balance
    dependence: Dependence
    centrality: Centrality
    weights: dict
    attract: Recommendation | None
    candidates: list


@dataclass(frozen=True)
class _Ctx:
    """What every section needs, computed once per cluster."""

    chain: Chain
    cluster: Cluster
    stage_of: dict
    stages: list
    core: frozenset
    core_products: frozenset
    casting: frozenset
    downstream: frozenset
    local: frozenset
    caps_by_product: dict
    coverage: dict
    flows_net: object
    undirected: object

    def mass(self, product: str) -> tuple[float, list[str]]:
        caps = [c for c in self.caps_by_product.get(product, ()) if c.is_mass]
        return sum(c.value for c in caps), sorted({f for c in caps for f in (c.iri, *c.facts)})

    def total(self, stage_set) -> dict:
        caps = [c for c in self.cluster.capacities if c.is_mass and self.stage_of.get(c.product) in stage_set]
        return {"value": _r(sum(c.value for c in caps)), "unit": "t/yr", "facts": sorted({f for c in caps for f in (c.iri, *c.facts)})}

    def label(self, iri: str | None) -> str:
        if iri is None:
            return "n/a"
        for table in (self.chain.stages, self.chain.products):
            if iri in table:
                return table[iri].label
        p = self.cluster.producers.get(iri) or self.cluster.external.get(iri)
        if p is not None:
            return p.label
        return self.cluster.provinces.get(iri) or self.cluster.labels.get(iri) or slug(iri)


def _context(chain: Chain, cluster: Cluster) -> _Ctx:
    stage_of = {p: prod.stage for p, prod in chain.products.items()}
    stages = tuple(sorted(chain.stages.values(), key=lambda s: (s.order, s.iri)))
    core = frozenset(s.iri for s in stages if s.segment == "core")
    core_products = frozenset(p for p, s in stage_of.items() if s in core)
    casting = frozenset({stage_of[f.output] for f in chain.flows if f.input in core_products and stage_of.get(f.output)} - core)
    downstream = frozenset({s.iri for s in stages if s.segment == "downstream-extension"} - casting)
    caps_by_product: dict[str, list[Capacity]] = {}
    for c in cluster.capacities:
        caps_by_product.setdefault(c.product, []).append(c)
    net = product_flow_network(None, chain=chain, cluster=cluster)
    flows_net = flow_subgraph(net)
    return _Ctx(
        chain, cluster, stage_of, stages, core, core_products, casting, downstream,
        frozenset(p for p in cluster.local_products() if p in chain.products), caps_by_product,
        stage_producers(chain, cluster), flows_net, flows_net.to_undirected(),
    )


def coverage_section(ctx: _Ctx) -> Coverage:
    """Stage and flow coverage of the cluster (module docstring: *coverage*).

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> coverage_section(ctx).covered
    0
    """
    cl, chain = ctx.cluster, ctx.chain
    rows = list(
        {
            "stage": s.iri,
            "label": s.label,
            "order": s.order,
            "segment": s.segment,
            "covered": bool(ctx.coverage.get(s.iri)),
            "producers": ctx.coverage.get(s.iri, []),
            "producer_labels": [cl.producers[p].label for p in ctx.coverage.get(s.iri, [])],
            "inferred_producers": sorted(
                p for p in ctx.coverage.get(s.iri, []) if any((p, x) in cl.inferred for x in chain.products_at(s.iri))
            ),
            "facts": sorted(
                {f for p in ctx.coverage.get(s.iri, []) for x in chain.products_at(s.iri) for f in cl.evidence.get((p, x), ())}
            ),
        }
        for s in ctx.stages
    )
    n_cov = sum(r["covered"] for r in rows)
    flow_rows = []
    for f in chain.flows:
        i, o = f.input in ctx.local, f.output in ctx.local
        status = "local" if i and o else "input-missing" if o else "output-missing" if i else "absent"
        flow_rows.append({"flow": f.iri, "input": f.input, "output": f.output, "status": status})
    n_flow = sum(r["status"] == "local" for r in flow_rows)
    return Coverage(
        rows, n_cov, len(rows), _r(n_cov / len(rows)) if rows else None, flow_rows, n_flow, len(flow_rows),
        _r(n_flow / len(flow_rows)) if flow_rows else None,
    )


def _input_demand(ctx: _Ctx) -> list[dict]:
    """Per flow with a coefficient: the input local capacity implies, against local supply, in the
    input's unit; smelter inputs first, then tonnes, then the largest demand."""
    chain = ctx.chain
    demands = []
    for f in chain.flows:
        out_t, out_facts = ctx.mass(f.output)
        if f.coefficient is None or out_t <= 0:
            continue
        supply_unit = "t/yr" if f.unit == "t/t" else (f.unit or "").split("/")[0] + "/yr"
        sup_caps = [
            c for c in ctx.caps_by_product.get(f.input, ()) if (c.is_mass if supply_unit == "t/yr" else c.unit == supply_unit)
        ]
        supply = sum(c.value for c in sup_caps)
        demand = f.coefficient * out_t
        demands.append(
            {
                "flow": f.iri,
                "input": f.input,
                "input_slug": slug(f.input),
                "input_label": chain.products[f.input].label,
                "output": f.output,
                "output_label": chain.products[f.output].label,
                "smelter_input": f.output in ctx.core_products,
                "coefficient": f.coefficient,
                "coefficient_unit": f.unit,
                "output_capacity": _r(out_t),
                "output_facts": out_facts,
                "demand": _r(demand),
                "unit": supply_unit,
                "local_supply": _r(supply),
                "supply_facts": sorted({x for c in sup_caps for x in (c.iri, *c.facts)}),
                "balance": _r(supply - demand),
                "self_sufficiency": _r(supply / demand) if demand else None,
                "facts": sorted(set(out_facts) | {x for c in sup_caps for x in (c.iri, *c.facts)}),
                "coefficients": [f.iri],
            }
        )
    demands.sort(key=lambda d: (not d["smelter_input"], d["unit"] != "t/yr", -d["demand"], d["flow"]))
    return demands


def balance_section(ctx: _Ctx) -> Balance:
    """Capacity balance and implied input demand (module docstring: *primary capacity* ... *implied demand*).

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> balance_section(ctx).primary["value"]
    0.0
    """
    chain, cl, stage_of = ctx.chain, ctx.cluster, ctx.stage_of
    primary, cast, down = ctx.total(ctx.core), ctx.total(ctx.casting), ctx.total(ctx.downstream)
    counts: dict[tuple[str, str], list[Capacity]] = {}
    for c in cl.capacities:
        if not c.is_mass:
            counts.setdefault((c.product, c.unit), []).append(c)
    demands = _input_demand(ctx)
    p_val = primary["value"]
    # Metal leaves the smelter once: billets cast here and then extruded here are one stream, so
    # the metal committed locally is the larger of the casting and the first-tier downstream
    # capacity (stages fed by cast products), not their sum; later tiers (foil from sheet, parts
    # from profiles) re-use metal already counted.
    first_tier = {stage_of[f.output] for f in chain.flows if stage_of.get(f.input) in ctx.casting and stage_of.get(f.output)}
    first = ctx.total(ctx.downstream & first_tier)
    uncommitted = max(p_val - max(cast["value"], first["value"]), 0.0)
    unassigned = [c for c in cl.capacities if c.is_mass and not stage_of.get(c.product)]
    return Balance(
        primary,
        cast,
        down,
        _r(down["value"] / p_val) if p_val else None,
        {
            "value": _r(uncommitted),
            "unit": "t/yr",
            "facts": sorted(set(primary["facts"]) | set(cast["facts"]) | set(first["facts"])),
        },
        list(
            {
                "producer": c.producer,
                "producer_label": ctx.label(c.producer),
                "product": c.product,
                "product_label": ctx.label(c.product),
                "value": _r(c.value),
                "unit": c.unit,
                "facts": sorted({c.iri, *c.facts}),
            }
            for c in unassigned
        ),
        list(
            {
                "product": p,
                "product_label": ctx.label(p),
                "stage": stage_of.get(p),
                "value": _r(sum(c.value for c in cs)),
                "unit": u,
                "producers": sorted({c.producer for c in cs}),
                "producer_labels": sorted({cl.producers[c.producer].label for c in cs}),
                "facts": sorted({x for c in cs for x in (c.iri, *c.facts)}),
            }
            for (p, u), cs in sorted(counts.items())
        ),
        demands,
    )


def centrality_section(ctx: _Ctx) -> Centrality:
    """Betweenness centrality of products and (best product of) stages on the flow network.

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> centrality_section(ctx).stages[0]["label"]
    'primary smelting'
    """
    import networkx as nx

    betw = nx.betweenness_centrality(ctx.flows_net, normalized=True)
    stage_betw = {s.iri: max((betw.get(p, 0.0) for p in ctx.chain.products_at(s.iri)), default=0.0) for s in ctx.stages}
    return Centrality(
        "betweenness (normalised, directed flow network of products)",
        list(
            {"product": p, "label": ctx.label(p), "betweenness": _r(b), "local": p in ctx.local}
            for p, b in sorted(betw.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
        list(
            {"stage": s, "label": ctx.label(s), "betweenness": _r(b), "covered": bool(ctx.coverage.get(s))}
            for s, b in sorted(stage_betw.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )


def _feed(ctx: _Ctx, stage: str, products: list[str], uncommitted: dict) -> tuple[float, list[str], str]:
    """Local material the stage could process directly: primary metal not yet converted (when cast
    from it, or from cast products nobody makes locally), or a local input's capacity."""
    fed_stages = ctx.downstream | ctx.casting | {s.iri for s in ctx.stages if s.segment == "recycling"}
    if stage not in fed_stages:
        return 0.0, [], ""
    casting_products = {p for p, s in ctx.stage_of.items() if s in ctx.casting}
    best, facts, what = 0.0, [], ""
    for f in ctx.chain.flows:
        if f.output not in products:
            continue
        if f.input in ctx.core_products or (f.input in casting_products and f.input not in ctx.local):
            amount, used = uncommitted["value"], uncommitted["facts"]
            source = "local primary metal not converted locally"
        elif f.input in ctx.local:
            amount, used = ctx.mass(f.input)
            source = f"local {ctx.chain.products[f.input].label}"
        else:
            continue
        if amount > best:
            best, facts, what = amount, used, source
    return best, facts, what


def _siting(ctx: _Ctx, stage: str) -> list[dict]:
    need = siting_needs().get(slug(stage))
    if need is None:
        return []
    shown = sorted(p for p in ctx.local if slug(p) in need.shown_by)
    return [{"needs": need.needs, "shown": bool(shown), "shown_by": shown, "definition": need.definition,
             "source": need.source}]


def ranking_section(ctx: _Ctx, balance: Balance, weights: Weights) -> Ranking:
    """The gaps with their factors (:mod:`alucluster.graph.ranking`), ranked by score.

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> len(ranking_section(ctx, balance_section(ctx), load_weights()).gaps) == len(ctx.chain.stages)
    True
    """
    import networkx as nx

    chain, stage_of = ctx.chain, ctx.stage_of
    local_staged = sorted(p for p in ctx.local if stage_of.get(p))
    dist = nx.multi_source_dijkstra_path_length(ctx.undirected, local_staged) if local_staged else {}
    primary_t = balance.primary["value"]
    gaps = []
    for s in ctx.stages:
        if ctx.coverage.get(s.iri):
            continue
        products = chain.products_at(s.iri)
        d = min((dist[p] for p in products if p in dist), default=None)
        need = [x for x in balance.input_demand if stage_of.get(x["input"]) == s.iri]
        need_t = sum(x["demand"] for x in need if x["unit"] == "t/yr")
        feed_t, feed_facts, feed_what = _feed(ctx, s.iri, products, balance.uncommitted_primary)
        size = max(need_t, feed_t)
        adjacent = sorted({n for p in products if p in ctx.undirected for n in ctx.undirected[p] if n in ctx.local})
        siting = _siting(ctx, s.iri)
        factors = {
            "demand_pull": _r(max((1 - (x["self_sufficiency"] or 0.0) for x in need if x["demand"]), default=0.0)),
            "unconverted": _r(min(feed_t / primary_t, 1.0)) if primary_t and feed_t else 0.0,
            "adjacency": _r(1 / d) if d else 0.0,
            "siting": float(sum(not x["shown"] for x in siting)),
        }
        reasons = [f"no local producer of {', '.join(chain.products[p].label for p in products) or s.label}"]
        for x in need:
            reasons.append(
                f"local {x['output_label']} capacity of {x['output_capacity']:,.0f} t/yr implies "
                f"{x['demand']:,.0f} {x['unit'].split('/')[0]}/yr of {x['input_label']} "
                f"({x['coefficient']:g} {x['coefficient_unit']}; local supply {x['local_supply']:,.0f})"
            )
        if feed_t:
            reasons.append(f"{feed_t:,.0f} t/yr of {feed_what} could feed it")
        if adjacent:
            reasons.append("adjacent to local " + ", ".join(chain.products[p].label for p in adjacent))
        elif d is None:
            reasons.append("not linked by any flow to a local product")
        for x in siting:
            if not x["shown"]:
                reasons.append(f"ranked down: needs {x['needs']}, which the region is not shown to have")
        gaps.append(
            {
                "stage": s.iri,
                "label": s.label,
                "kind": _SEGMENT_KIND.get(s.segment, "missing " + s.segment),
                "distance": d,
                "size_t": _r(size),
                "demand_other_units": [
                    {"value": x["demand"], "unit": x["unit"], "input": x["input"], "input_label": x["input_label"]}
                    for x in need
                    if x["unit"] != "t/yr"
                ],
                "implied_demand": need,
                "local_feed_t": _r(feed_t),
                "feed_facts": sorted(feed_facts),
                "adjacent_local_products": adjacent,
                "siting": siting,
                "factors": factors,
                "score": score(factors, weights),
                "reason": "; ".join(reasons),
                "facts": sorted({f for x in need for f in x["facts"]} | set(feed_facts)),
                "coefficients": sorted({c for x in need for c in x["coefficients"]}),
            }
        )
    gaps.sort(
        key=lambda g: (
            -g["score"],
            g["distance"] if g["distance"] is not None else 10**9,
            -g["size_t"],
            _SEGMENT_ORDER.get(chain.stages[g["stage"]].segment, 99),
            chain.stages[g["stage"]].order,
            g["stage"],
        )
    )
    for i, g in enumerate(gaps, 1):
        g["rank"] = i
    return Ranking(gaps, weights.to_dict())


def _origin_shares(ctx: _Ctx) -> dict:
    """Capacity share by origin province, per unit."""
    cluster = ctx.cluster
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
    return origin_share


def _firm_of(cluster: Cluster) -> dict[str, str]:
    """Producer -> the firm it counts for: a project's stated operator, else its candidate (inferred)."""
    return {iri: (p.operator or p.candidate_operator or iri) for iri, p in cluster.producers.items()}


def _concentration(ctx: _Ctx) -> list[dict]:
    """Per covered stage: firms, HHI on the first unit (t/yr first), shares."""
    chain, cluster, stage_of, stages, coverage = ctx.chain, ctx.cluster, ctx.stage_of, ctx.stages, ctx.coverage
    firm_of = _firm_of(cluster)
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

    return concentration


def _chain_master(ctx: _Ctx, stage_betw: dict[str, float]) -> dict | None:
    """The chain-master candidate with its reasons (module docstring: *dependence*)."""
    chain, cluster, stage_of, undirected = ctx.chain, ctx.cluster, ctx.stage_of, ctx.undirected
    firm_of = _firm_of(cluster)
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
    if not candidates:
        return None
    org, st, tonnes, _, _ = candidates[0]
    return _master_entry(ctx, org, st, tonnes, org in org_tonnes, {
        "partners": partners[org], "stage_betw": stage_betw, "output_stated": output_stated,
        "facts": sorted(org_facts.get(org, ())), "runners_up": [c[0] for c in candidates[1:3]],
    })

def _master_entry(ctx: _Ctx, org: str, st: str | None, tonnes: float, has_capacity: bool, found: dict) -> dict:
    """The chain master's entry: its tonnage basis, stage, inferred projects, partners and reasons."""
    chain, cluster = ctx.chain, ctx.cluster
    partners = found["partners"]
    basis = "capacity" if has_capacity else "stated output"
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
        stated = "; ".join(f"{v:,.0f} t in {when}" for v, when in sorted(found['output_stated'].get(org, [])))
        reasons.append(
            f"largest tonnage of any local firm: about {tonnes:,.0f} t/yr from its stated output ({stated}), "
            "no capacity stated"
        )
    if st:
        reasons.append(f"at {chain.stages[st].label}, betweenness {found['stage_betw'][st]:.3f} on the flow network")
    else:
        reasons.append("its products are not tied to a reference stage")
    if inferred_projects:
        reasons.append(
            "candidate operator (inferred, not stated) of "
            + ", ".join(cluster.producers[i].label for i in inferred_projects)
        )
    if partners:
        reasons.append(f"linked by material flows to {len(partners)} other local producer(s)")
    return {
        "producer": org,
        "label": cluster.producers[org].label if org in cluster.producers else cluster.labels.get(org, slug(org)),
        "stage": st,
        "tonnes": _r(tonnes),
        "tonnes_basis": basis,
        "candidate_of": inferred_projects,
        "stated_output": [{"value": _r(v), "period": when} for v, when in sorted(found["output_stated"].get(org, []))],
        "partners": partners,
        "reasons": reasons,
        "facts": found["facts"],
        "runners_up": found["runners_up"],
    }



def dependence_section(ctx: _Ctx, centrality: Centrality) -> Dependence:
    """Origin shares, concentration, single-producer stages and the chain master (module docstring).

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> dependence_section(ctx, centrality_section(ctx)).chain_master is None
    True
    """
    cluster = ctx.cluster
    stage_betw = {r["stage"]: r["betweenness"] for r in centrality.stages}
    origin_share = _origin_shares(ctx)
    concentration = _concentration(ctx)
    master = _chain_master(ctx, stage_betw)
    external = list(
        {"producer": i, "label": p.label, "origin": p.origin, "places": list(cluster.places.get(i, ()))}
        for i, p in sorted(cluster.external.items())
    )
    return Dependence(
        origin_share, concentration, [c["stage"] for c in concentration if c["single_producer"]], master,
        external,
    )


def _about(x: float) -> float:
    """Two significant figures: the size of a plant to attract, not an engineering figure.

    >>> _about(152_880), _about(6_700_000_000), _about(9_650)
    (150000.0, 6700000000.0, 9600.0)
    """
    if x <= 0:
        return 0.0
    digits = len(str(int(x))) - 2
    return float(round(x, -digits)) if digits > 0 else float(round(x))


def _target(ctx: _Ctx, gap: dict) -> dict | None:
    """The capacity that would balance the chain at a gap's stage, why, and the facts behind it."""
    chain = ctx.chain
    product = chain.main_product(gap["stage"])
    if product is None:
        return None
    need = [x for x in gap["implied_demand"] if x["input"] == product] or gap["implied_demand"]
    mass_need = [x for x in need if x["unit"] == "t/yr"]
    other = [x for x in need if x["unit"] != "t/yr"]
    unmet = max((x["demand"] - x["local_supply"] for x in mass_need), default=0.0)
    if gap["local_feed_t"] > unmet:
        unit, amount = "t/yr", gap["local_feed_t"]
        why = f"would take in the {gap['local_feed_t']:,.0f} t/yr of local metal that now leaves the region unprocessed"
        facts, flows = list(gap["feed_facts"]), []
        for x in mass_need:
            why += (f", and cover the local {x['output_label']} plants' need of {x['demand']:,.0f} t/yr "
                    f"({x['output_capacity']:,.0f} t/yr x {x['coefficient']:g} {x['coefficient_unit']})")
            facts += x["facts"]
            flows.append(x["flow"])
    elif mass_need:
        x = max(mass_need, key=lambda x: x["demand"] - x["local_supply"])
        product, unit = x["input"], "t/yr"
        amount = max(x["demand"] - x["local_supply"], 0.0)
        why = f"would cover the local {x['output_label']} plants' need ({x['output_capacity']:,.0f} t/yr x {x['coefficient']:g} {x['coefficient_unit']})"
        facts, flows = x["facts"], [x["flow"]]
    elif other and not gap["local_feed_t"]:
        x = max(other, key=lambda x: x["demand"] - x["local_supply"])
        product, unit = x["input"], x["unit"]
        amount = max(x["demand"] - x["local_supply"], 0.0)
        why = f"would cover the local {x['output_label']} plants' need ({x['output_capacity']:,.0f} t/yr x {x['coefficient']:g} {x['coefficient_unit']})"
        facts, flows = x["facts"], [x["flow"]]
    else:
        return None
    if amount <= 0:
        return None
    return {
        "stage": gap["stage"],
        "label": gap["label"],
        "product": product,
        "product_label": chain.products[product].label,
        "capacity": _about(amount),
        "exact": _r(amount),
        "unit": unit,
        "reason": why,
        "gap_reason": gap["reason"],
        "facts": sorted(facts),
        "coefficients": sorted(flows),
    }


#: How many gaps the section "What to attract next" proposes.
ATTRACT_TOP = 3


def recommendation_section(ctx: _Ctx, ranking: Ranking, weights: Weights, before: dict) -> Recommendation:
    """The top gaps sized to balance the chain, each with the what-if of that plant landing.

    >>> ctx = _context(read_chain(_empty_graph()), read_model(_empty_graph()).cluster())
    >>> w = load_weights()
    >>> recommendation_section(ctx, ranking_section(ctx, balance_section(ctx), w), w, None).targets
    []
    """
    targets = []
    for gap in ranking.gaps:
        if len(targets) >= ATTRACT_TOP:
            break
        if gap["score"] <= 0:
            continue
        t = _target(ctx, gap)
        if t is None:
            continue
        unit = t["unit"]
        spec = WhatIf(f"{t['product_label']}: {t['capacity']:.0f} {unit}", t["product"], t["capacity"], unit, None,
                      f"what-if: {t['product_label']} plant")
        after = _analysis(ctx.chain, _with_projects(ctx.cluster, [spec]), weights, recommend=False)
        t["what_if"] = {"spec": spec.spec, **_changes(before, after)}
        targets.append(t)
    return Recommendation(targets)


def _analysis(chain: Chain, cluster: Cluster, weights: Weights | None = None, *, recommend: bool = True) -> Analysis:
    weights = weights or load_weights()
    ctx = _context(chain, cluster)
    cov = coverage_section(ctx)
    bal = balance_section(ctx)
    cen = centrality_section(ctx)
    ranking = ranking_section(ctx, bal, weights)
    dep = dependence_section(ctx, cen)
    figures = {q.iri: q for q in (*cluster.capacities, *cluster.outputs)}
    candidates = list(
        {"kind": c.kind, "subject": c.subject, "subject_label": ctx.label(c.subject), "object": c.object,
         "object_label": ctx.label(c.object), "reason": c.reason, "confidence": c.confidence,
         "facts": [c.assertion], "inferred": True,
         "figure": ({"holder": figures[c.subject].producer, "value": figures[c.subject].value,
                     "unit": figures[c.subject].unit, "stated_product": figures[c.subject].stated_product}
                    if c.subject in figures else None)}
        for c in cluster.candidates
    )
    base = Analysis(cov, ranking.gaps, bal, dep, cen, ranking.weights, None, candidates)
    if not recommend:
        return base
    return replace(base, attract=recommendation_section(ctx, ranking, weights, base))


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
                    "input": (a or b)["input"],
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


def analyse(graph, *, add=(), region=None, model: ClusterModel | None = None, weights=None) -> GapReport:
    """Analyse one region's cluster against the reference chain; with ``add``, also the what-if.

    :param graph: an ``rdflib.Graph`` or a path to a graph file (ignored when ``model`` is given).
    :param add: what-if specs (strings, grammar in the module docstring); the graph is not changed.
    :param region: the region (a :class:`~alucluster.graph.regions.Region` or its name); may be
        omitted when the graph has one region or none.
    :param model: the graph already read by :func:`alucluster.graph.model.read_model`.
    :param weights: the ranking weights (:class:`~alucluster.graph.ranking.Weights`) or a TOML file
        overriding the shipped ones (:func:`~alucluster.graph.ranking.load_weights`).
    :raises GraphError: when a path cannot be loaded, or the region is unknown or not chosen.
    :raises SpecError: when a spec or the weights file is malformed.

    >>> r = analyse(_empty_graph())
    >>> r.before["coverage"]["covered"], r.after is None
    (0, True)
    """
    model = _model(graph, model)
    cluster = model.cluster(region)
    chain = model.chain
    weights = weights if isinstance(weights, Weights) else load_weights(weights)
    whatifs = [parse_spec(s, chain=chain, provinces=cluster.provinces) for s in add]
    before = _analysis(chain, cluster, weights)
    if not whatifs:
        return GapReport(before, region=cluster.region, model=model, cluster=cluster)
    after = _analysis(chain, _with_projects(cluster, whatifs), weights)
    specs = [
        {"spec": w.spec, "product": w.product, "value": _r(w.value), "unit": w.unit, "origin": w.origin, "name": w.name}
        for w in whatifs
    ]
    return GapReport(before, after, _changes(before, after), specs, region=cluster.region, model=model, cluster=cluster)


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


def analyse_regions(graph, *, add=(), model: ClusterModel | None = None, weights=None) -> RegionReports:
    """:func:`analyse` for each region of the graph in turn (the whole graph when it has none).

    :param graph: an ``rdflib.Graph`` or a path (ignored when ``model`` is given).
    :param add: what-if specs applied to every region.
    :param model: the graph already read.
    :param weights: as for :func:`analyse`.
    :raises GraphError: when a path cannot be loaded.
    :raises SpecError: when a spec or the weights file is malformed.

    >>> [r.region for r in analyse_regions(_empty_graph()).reports]
    [None]
    """
    model = _model(graph, model)
    targets = list(model.regions) or [None]
    weights = weights if isinstance(weights, Weights) else load_weights(weights)
    return RegionReports(tuple(analyse(None, add=add, region=r, model=model, weights=weights) for r in targets))


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


#: Names of the headline figures, as the report prints them.
_FIGURE_NAMES = {
    "primary": "primary capacity",
    "casting": "casting capacity",
    "downstream": "downstream capacity",
    "uncommitted_primary": "primary metal not converted locally",
    "local_conversion_rate": "local conversion rate",
    "completeness": "chain completeness",
}
_REFERENCE = " [r]"  # figures computed on the reference chain itself (ontology/data/chain.ttl)


class _Names:
    """Readable names of IRIs in the report's language (``--lang``): Chinese labels when asked
    and known, else English; never a slug unless nothing else is known.

    Reads the cluster model already in memory rather than the graph (``graph.labels`` works on an
    rdflib graph, which the report no longer holds), with the same rule: Chinese when asked and
    known, else English.
    """

    def __init__(self, model: ClusterModel | None, cluster: Cluster | None, lang: str):
        self.lang, self.model, self.cluster = lang, model, cluster

    def __call__(self, iri: str | None, fallback: str | None = None) -> str:
        if iri is None:
            return "n/a"
        chain = self.model.chain if self.model is not None else read_chain(_empty_graph())
        for table in (chain.stages, chain.products):
            if iri in table:
                item = table[iri]
                return (item.label_zh if self.lang == "zh" and item.label_zh else item.label)
        cl = self.cluster
        if cl is not None:
            p = cl.producers.get(iri) or cl.external.get(iri)
            if p is not None:
                return p.label_zh if self.lang == "zh" and p.label_zh else p.label
            if iri in cl.provinces:
                return cl.provinces[iri]
            if iri in cl.labels:
                return cl.labels[iri]
        return fallback or slug(iri)


def _refs(book: SourceBook, item: dict) -> str:
    return book.facts(item.get("facts", ())) + "".join(book.coefficient(c) for c in item.get("coefficients", ()))


def _md_coverage(a, h: int, book: SourceBook, name) -> list[str]:
    cov = a["coverage"]
    cited = book.facts([f for r in cov["stages"] for f in r["facts"]])
    lines = [
        f"Chain completeness: {cov['covered']} of {cov['total']} stages ({_fmt(cov['completeness'], '%')}){cited}{_REFERENCE}; "
        f"flows with both ends local: {cov['flows_local']} of {cov['flows_total']}{_REFERENCE}.",
        "",
        "| stage | segment | covered | producers | sources |",
        "|---|---|---|---|---|",
    ]
    for r in cov["stages"]:
        producers = ", ".join(
            name(p) + (" (inferred)" if p in r.get("inferred_producers", ()) else "") for p in r["producers"]
        )
        lines.append(
            f"| {_cell(name(r['stage']))} | {r['segment'].replace('-', ' ')} | {'yes' if r['covered'] else 'no'} "
            f"| {_cell(producers)} | {book.facts(r['facts']).strip() or '-'} |"
        )
    return lines + [""]


def _md_attract(a, h: int, book: SourceBook, name) -> list[str]:
    rec = a["attract"]
    lines = [f"{'#' * h} What to attract next", ""]
    if rec is None or not rec["targets"]:
        return lines + ["No gap with a positive score has a size the facts can tell.", ""]
    for i, t in enumerate(rec["targets"], 1):
        what = f"a {name(t['stage'])} plant ({name(t['product'])})"
        lines.append(
            f"{i}. **{what[0].upper() + what[1:]} of about {_fmt(t['capacity'], t['unit'])}**{_refs(book, t)} "
            f"{t['reason']}."
        )
        lines.append(f"   Why: {t['gap_reason']}.")
        ch = t["what_if"]
        changes = [
            f"{_FIGURE_NAMES.get(k, k)} {_fmt(v['before'], _unit_of(k))} -> {_fmt(v['after'], _unit_of(k))}"
            for k, v in ch["figures"].items()
        ]
        changes += [
            f"local supply of {name(d['input'])} "
            f"{_fmt(d['local_supply']['before'], d['unit'])} -> {_fmt(d['local_supply']['after'], d['unit'])}"
            for d in ch["input_demand"] if d["input"] == t["product"]
        ]
        if ch["gaps_closed"]:
            changes.append("gaps closed: " + ", ".join(name(s) for s in ch["gaps_closed"]))
        lines.append(f"   What-if (`{t['what_if']['spec']}`): " + ("; ".join(changes) or "no figure changes") + ".")
    return lines + [""]


def _unit_of(key: str) -> str:
    return "%" if key in ("local_conversion_rate", "completeness") else "t/yr"


def _md_gaps(a, h: int, book: SourceBook, name) -> list[str]:
    lines = [
        f"{'#' * h} Gaps, ranked",
        "",
        "Score = " + " + ".join(f"{a['weights'][k]:g} x {k.replace('_', ' ')}" for k in FACTORS if k != "siting")
        + f" - {a['weights']['siting']:g} x siting needs not shown (weights: {a['weights']['source']}).",
        "",
        "| rank | stage | kind | score | demand pull | unconverted | adjacency | siting | size | reason |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for g in a["gaps"]:
        f = g["factors"]
        sizes = [_fmt(g["size_t"], "t/yr")] if g["size_t"] else []
        sizes += [f"{_fmt(x['value'], x['unit'])} of {name(x['input'], x['input_label'])}" for x in g["demand_other_units"]]
        lines.append(
            f"| {g['rank']} | {_cell(name(g['stage']))} | {g['kind']} | {g['score']:g} | {f['demand_pull']:g} "
            f"| {f['unconverted']:g} | {f['adjacency']:g} | {f['siting']:g} | {'; '.join(sizes) or '0'}{_refs(book, g)} "
            f"| {_cell(g['reason'])} |"
        )
    return lines + [""]


def _md_balance(a, h: int, book: SourceBook, name) -> list[str]:
    bal = a["balance"]
    lines = [f"{'#' * h} Capacity balance", ""]
    for key in ("primary", "casting", "downstream"):
        lines.append(f"- {_FIGURE_NAMES[key]}: {_fmt(bal[key]['value'], 't/yr')}{_refs(book, bal[key])}")
    lines.append(
        f"- local conversion rate (downstream / primary): {_fmt(bal['local_conversion_rate'], '%')}"
        f"{book.facts(bal['primary']['facts'] + bal['downstream']['facts'])}"
    )
    lines.append(f"- {_FIGURE_NAMES['uncommitted_primary']}: {_fmt(bal['uncommitted_primary']['value'], 't/yr')}"
                 f"{_refs(book, bal['uncommitted_primary'])}")
    for u in bal["unassigned_mass"]:
        lines.append(
            f"- not assigned to a stage (generic product, not added): {name(u['producer'])} "
            f"{_fmt(u['value'], u['unit'])} of {name(u['product'])}{_refs(book, u)}"
        )
    for n in bal["non_mass"]:
        lines.append(
            f"- in counts, not added to tonnes: {_fmt(n['value'], n['unit'])} of {name(n['product'])}"
            f" ({', '.join(name(p) for p in n['producers'])}){_refs(book, n)}"
        )
    lines += ["", "| input | for | coefficient | demand | local supply | self-sufficiency |", "|---|---|---|---|---|---|"]
    for d in bal["input_demand"]:
        coef = book.coefficient(d["flow"])
        out_refs = book.facts(d["output_facts"])
        sup_refs = book.facts(d["supply_facts"])
        lines.append(
            f"| {_cell(name(d['input']))} | {_cell(name(d['output']))} {_fmt(d['output_capacity'], 't/yr')}{out_refs} "
            f"| {d['coefficient']:g} {d['coefficient_unit']}{coef} | {_fmt(d['demand'], d['unit'])}{out_refs}{coef} "
            f"| {_fmt(d['local_supply'], d['unit'])}{sup_refs or _REFERENCE} | {_fmt(d['self_sufficiency'], '%')}{out_refs}{coef} |"
        )
    return lines + [""]


def _md_candidates(a, h: int, book: SourceBook, name) -> list[str]:
    if not a["candidates"]:
        return []
    lines = [f"{'#' * h} Candidate attributions (inferred, not stated)", ""]
    for c in a["candidates"]:
        role = "candidate operator of" if c["kind"] == "operator" else "read as"
        if c["kind"] == "operator":
            text = f"{name(c['object'])} as {role} {name(c['subject'])}"
        elif c.get("figure"):
            f = c["figure"]
            text = (f"{name(f['holder'])}'s {_fmt(f['value'], f['unit'])} of {name(f['stated_product'])} "
                    f"{role} {name(c['object'])}")
        else:
            text = f"a figure written generically {role} {name(c['object'])}"
        lines.append(f"- {text} (confidence {c['confidence']:g}): {c['reason']}{book.facts(c['facts'])}")
    return lines + [""]


def _md_dependence(a, h: int, book: SourceBook, name) -> list[str]:
    dep = a["dependence"]
    lines = [f"{'#' * h} Dependence", ""]
    for unit, rows in dep["origin_share"].items():
        lines.append(
            f"- capacity by origin ({unit}): "
            + "; ".join(
                f"{name(r['province'], r['label'])} {_fmt(r['value'])} ({_fmt(r['share'], '%')}){_refs(book, r)}"
                for r in rows
            )
        )
    lines += ["", "| stage | firms | HHI | basis |", "|---|---|---|---|"]
    for c in dep["concentration"]:
        firms = f"{c['producers']}" + (" (inferred)" if c.get("inferred") else "")
        lines.append(
            f"| {_cell(name(c['stage']))} | {firms} | {_fmt(c['hhi'])}{_refs(book, c)} | {c['hhi_unit'] or 'no capacity'} |"
        )
    lines.append("")
    lines.append("- single-producer stages: " + (", ".join(name(s) for s in dep["single_producer_stages"]) or "none"))
    m = dep["chain_master"]
    lines.append(
        f"- chain master candidate: {name(m['producer'], m['label'])} ({'; '.join(m['reasons'])}){_refs(book, m)}"
        if m else "- chain master candidate: none"
    )
    if dep["external_suppliers"]:
        lines.append(
            "- external suppliers (located outside the region, not local): "
            + ", ".join(
                name(x["producer"], x["label"]) + (f" ({', '.join(name(p) for p in x['places'])})" if x["places"] else "")
                for x in dep["external_suppliers"]
            )
        )
    return lines + [""]


def _md_centrality(a, h: int, name) -> list[str]:
    lines = [f"{'#' * h} Centrality (betweenness on the product-flow network)", ""]
    for s in a["centrality"]["stages"][:6]:
        lines.append(f"- {name(s['stage'])}: {s['betweenness']:.3f}{_REFERENCE}{'' if s['covered'] else ' (missing locally)'}")
    return lines + [""]


def _md_analysis(a, title: str, h: int, book: SourceBook, name) -> list[str]:
    sub = h + 1
    lines = [f"{'#' * h} {title}", ""]
    lines += _md_coverage(a, sub, book, name)
    if a["attract"] is not None:
        lines += _md_attract(a, sub, book, name)
    lines += _md_gaps(a, sub, book, name)
    lines += _md_balance(a, sub, book, name)
    lines += _md_candidates(a, sub, book, name)
    lines += _md_dependence(a, sub, book, name)
    lines += _md_centrality(a, sub, name)
    return lines


def _md_sources(book: SourceBook, h: int) -> list[str]:
    return [f"{'#' * h} Sources", "", "- [r] the reference chain, ontology/data/chain.ttl (stages, products, flows)"] + book.lines() + [""]


def _md_body(report: GapReport, h: int, lang: str = "en") -> list[str]:
    """The Markdown of one region's report, its headings at level ``h``, with its source list."""
    hx = "#" * h
    book = SourceBook(report.model)
    name = _Names(report.model, report.cluster, lang)
    if report.after is None:
        return _md_analysis(report.before, "Analysis", h, book, name) + _md_sources(book, h + 1)
    lines = ["What-if: " + "; ".join(s["spec"] for s in report.specs), ""]
    ch = report.changes
    lines += [f"{hx} Changes", "", "| figure | before | after |", "|---|---|---|"]
    for k, v in ch["figures"].items():
        unit = _unit_of(k)
        lines.append(f"| {_FIGURE_NAMES.get(k, k)} | {_fmt(v['before'], unit)} | {_fmt(v['after'], unit)} |")
    for d in ch["input_demand"]:
        lines.append(
            f"| demand for {name(d['input'])} | {_fmt(d['demand']['before'], d['unit'])} | {_fmt(d['demand']['after'], d['unit'])} |"
        )
        lines.append(
            f"| local supply of {name(d['input'])} | {_fmt(d['local_supply']['before'], d['unit'])} | {_fmt(d['local_supply']['after'], d['unit'])} |"
        )
    for r in ch["ranking"]:
        lines.append(
            f"| gap rank of {name(r['stage'])} | {_fmt(r['before'])} | {_fmt(r['after']) if r['after'] else 'closed'} |"
        )
    lines.append("")
    lines += _md_analysis(report.before, "Before", h, book, name)
    lines += _md_analysis(report.after, "After", h, book, name)
    return lines + _md_sources(book, h + 1)


def _region_title(region) -> str:
    if region is None:
        return "all articles (the graph records no host regions)"
    extra = ", ".join(x for x in (region.label_zh, region.adcode) if x)
    n = len(region.articles)
    return f"{region.label}" + (f" ({extra})" if extra else "") + f", {n} article{'s' if n != 1 else ''}"


_NOTE = (
    "Every figure is followed by its sources: [s..] a sentence of an article, [c..] a coefficient's citation, "
    "[r] the reference chain; the list closes each region's section. gaps.json holds the same with the IRIs."
)


def _md(report: GapReport, lang: str = "en") -> str:
    lines = [f"# Chain-extension gaps: {_region_title(report.region)}", "", _NOTE, ""]
    lines += _md_body(report, 2, lang)
    return "\n".join(lines).rstrip() + "\n"


def region_section(report: GapReport, lang: str = "en") -> str:
    """The Markdown section of one region as it appears in the all-regions report.

    A region's section depends only on that region's articles: the same with or without others.

    >>> region_section(analyse(_empty_graph())).splitlines()[0]
    '## all articles (the graph records no host regions)'
    """
    lines = [f"## {_region_title(report.region)}", ""] + _md_body(report, 3, lang)
    return "\n".join(lines).rstrip() + "\n"


def _md_regions(rr: RegionReports, lang: str = "en") -> str:
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
    return text + "\n".join(region_section(r, lang) for r in rr.reports)


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


def render(report, fmt: str = "md", *, lang: str = "en") -> str:
    """The report as Markdown (``md``), tidy CSV rows (``csv``) or JSON (``json``, sorted keys).

    :param report: a :class:`GapReport` (:func:`analyse`) or :class:`RegionReports` (:func:`analyse_regions`).
    :param fmt: one of :data:`FORMATS`.
    :param lang: ``en`` or ``zh``: the language of stage, product and firm names in Markdown.
    :raises SpecError: when ``fmt`` or ``lang`` is not known.

    >>> render(analyse(_empty_graph()), "csv").splitlines()[0]
    'scenario,section,item,metric,value,unit'
    """
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "csv":
        if isinstance(report, RegionReports):
            return "".join(_csv(r, region=_region_key(r.region), header=i == 0) for i, r in enumerate(report.reports))
        return _csv(report)
    if lang not in LANGS:
        raise SpecError(f"unknown language {lang!r} (use {', '.join(LANGS)})")
    if fmt == "md":
        return _md_regions(report, lang) if isinstance(report, RegionReports) else _md(report, lang)
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
