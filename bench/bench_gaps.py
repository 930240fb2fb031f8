"""Time the gap analysis on the seed cluster and on synthetic clusters of thousands of firms.

Usage: python bench/bench_gaps.py [--sizes 1000 3000] [--repeat 3]

The synthetic clusters spread enterprises over the main products of every reference stage with
round capacities, in the shape of ontology/SCHEMA.md (each capacity with its reified assertion),
so reading and analysis do the same work as on a built graph. Prints seconds and per-enterprise
cost side by side.
"""

from __future__ import annotations

import argparse
import time

import rdflib
from rdflib import RDF, RDFS, Literal

from alucluster.graph.gaps import analyse
from alucluster.graph.network import read_chain, read_cluster
from alucluster.ontology.vocab import ALU, iri


def synthetic(n: int) -> rdflib.Graph:
    """A cluster graph of ``n`` enterprises over the reference chain's main products."""
    chain = read_chain(rdflib.Graph())
    products = [chain.main_product(s) for s in sorted(chain.stages)]
    provinces = [iri(f"place/cn-{code}0000") for code in (11, 32, 41, 42, 51, 52)]
    g = rdflib.Graph()
    for p in provinces:
        g.add((p, RDF.type, ALU.Province))
    for i in range(n):
        e = iri(f"enterprise/firm-{i:05d}")
        cap = iri(f"capacity/c{i:05d}")
        fact = iri(f"fact/f{i:05d}")
        g.add((e, RDF.type, ALU.Enterprise))
        g.add((e, RDFS.label, Literal(f"Firm {i}", lang="en")))
        g.add((e, ALU.originProvince, provinces[i % len(provinces)]))
        g.add((e, ALU.hasCapacity, cap))
        g.add((cap, ALU.ofProduct, rdflib.URIRef(products[i % len(products)])))
        g.add((cap, ALU.value, Literal(1000.0 * (1 + i % 50))))
        g.add((cap, ALU.unit, Literal("t/yr")))
        g.add((fact, RDF.type, ALU.Assertion))
        g.add((fact, RDF.subject, e))
        g.add((fact, RDF.predicate, ALU.hasCapacity))
        g.add((fact, RDF.object, cap))
    return g


def small() -> rdflib.Graph:
    """A six-firm cluster: two smelters, two extruders, two makers counted in units."""
    g = rdflib.Graph()
    for i, (product, value, unit) in enumerate(
        [
            ("electrolytic-aluminium", 200000.0, "t/yr"),
            ("electrolytic-aluminium", 300000.0, "t/yr"),
            ("aluminium-profiles", 80000.0, "t/yr"),
            ("aluminium-profiles", 20000.0, "t/yr"),
            ("steel-claw-protection-rings", 1e6, "pair/yr"),
            ("aluminium-die-castings", 2e6, "set/yr"),
        ]
    ):
        e, cap = iri(f"enterprise/small-{i}"), iri(f"capacity/s{i}")
        g.add((e, RDF.type, ALU.Enterprise))
        g.add((e, ALU.hasCapacity, cap))
        g.add((cap, ALU.ofProduct, rdflib.URIRef(f"https://w3id.org/alucluster/ref/product/{product}")))
        g.add((cap, ALU.value, Literal(value)))
        g.add((cap, ALU.unit, Literal(unit)))
    return g


def seed() -> tuple[str, int, rdflib.Graph]:
    """The built seed graph when the extractor is installed, else the small cluster."""
    import tempfile

    try:
        from alucluster.graph.build import build

        with tempfile.TemporaryDirectory() as tmp:
            build(None, out=tmp, views=False)
            g = rdflib.Graph().parse(f"{tmp}/cluster.ttl")
        return "seed (built)", len(read_cluster(g).producers), g
    except ImportError:
        return "small (no seed)", 6, small()


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 3000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    analyse(small())  # warm the reference-chain cache and imports
    rows = [seed()] + [(f"synthetic {n}", n, synthetic(n)) for n in args.sizes]
    base = None
    print(f"{'cluster':<18}{'firms':>7}{'triples':>9}{'analyse s':>11}{'what-if s':>11}{'ms/firm':>9}{'x seed':>8}")
    for name, n, g in rows:
        t = best_of(lambda g=g: analyse(g), args.repeat)
        tw = best_of(lambda g=g: analyse(g, add=["rolling: 200000 t/yr"]), args.repeat)
        base = base or t
        print(f"{name:<18}{n:>7}{len(g):>9}{t:>11.3f}{tw:>11.3f}{1000 * t / n:>9.3f}{t / base:>8.1f}")


if __name__ == "__main__":
    main()
