"""rdflib Memory vs Oxigraph: load time and every named query, on the seed graph and a synthetic one.

The synthetic graph is built with :func:`alucluster.graph.build.facts_to_graph` from generated facts
(enterprises with a capacity, an origin and a location; places with indicators), so its shape is the
real one: reified assertions, evidence, periods and the reference chain. ``--facts 3700`` (the default) gives about
200,000 triples.

Run: ``python bench/bench_query.py [--facts 3700] [--repeat 3] [--skip-memory-over 5]``
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "synthetic_facts"]

PROVINCES = ["110000", "130000", "140000", "150000", "320000", "330000", "370000", "410000", "420000",
             "450000", "500000", "510000", "520000", "530000", "610000", "620000", "640000", "650000"]
PRODUCTS = ["alumina", "electrolytic-aluminium", "prebaked-anodes", "aluminium-fluoride",
            "steel-claw-protection-rings", "aluminium-billets", "aluminium-profiles", "aluminium-sheet",
            "aluminium-foil", "aluminium-wire-and-cable", "aluminium-die-castings", "aluminium-wheels",
            "recycled-aluminium", "aluminium-alloy-ingots"]


def synthetic_facts(n: int, *, seed: int = 1):
    """``n`` enterprises (each: existence, origin, location, capacity) in articles of 50 enterprises."""
    from alucluster.loaders.article import Article
    from alucluster.loaders.facts import Entity, Evidence, Fact
    from alucluster.loaders.places import gazetteer

    rnd = random.Random(seed)
    facts, articles = [], []
    # one host city per article, cycling over 40 prefectures: a corpus about many clusters
    cities = sorted(d.adcode for ds in gazetteer().names(levels=("prefecture",)).values() for d in ds)
    cities = sorted(set(cities))[::max(1, len(set(cities)) // 40)][:40]
    for a in range(0, n, 50):
        code = cities[(a // 50) % len(cities)]
        host = Entity(f"place/cn-{code}", "PrefectureCity", code)
        lines = []
        for i in range(a, min(a + 50, n)):
            prod = rnd.choice(PRODUCTS)
            lines.append(f"Firm {i} has an annual output of {rnd.randint(1, 500) * 1000} tons of {prod}.")
        text = " ".join(lines)
        art = Article.from_text(text, id=f"synthetic-{a // 50:04d}", date="2022-06")
        articles.append(art)
        pos = 0
        for i, line in zip(range(a, a + 50), lines):
            start = text.index(line, pos)
            pos = start + len(line)
            ev = Evidence(art.id, line, start, pos)
            firm = Entity(f"enterprise/firm-{i}", "Enterprise", f"Firm {i}")
            prov = rnd.choice(PROVINCES)
            value = float(line.split("of ")[1].split(" tons")[0])
            prod = line.rsplit("of ", 1)[1].rstrip(".")
            facts += [
                Fact(kind="enterprise", subject=firm, evidence=ev),
                Fact(kind="origin", subject=firm, object=Entity(f"place/cn-{prov}", "Province", prov), evidence=ev),
                Fact(kind="location", subject=firm, object=host, evidence=ev),
                Fact(kind="capacity", subject=firm, value=value, unit="t/yr", product=prod, period="2022",
                     evidence=ev),
            ]
        facts.append(Fact(kind="indicator", subject=host, indicator="gdp", value=float(rnd.randint(1, 99)) * 1e9,
                          unit="yuan", period="2022-H1", evidence=ev))
    return facts, articles


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench(label: str, graph, repeat: int, skip_memory_over: float) -> list[tuple]:
    import pyoxigraph as ox
    from alucluster.graph import query as q
    from alucluster.graph.build import write_graph_files
    from alucluster.graph.store import GRAPH_IRI, _oxigraph_graph, load_graph

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        write_graph_files(graph, Path(tmp))
        ttl, nt = Path(tmp) / "cluster.ttl", Path(tmp) / "cluster.nt"
        mem_load = _best(lambda: load_graph(ttl, store="memory"), repeat)

        def ox_load():
            st = ox.Store()
            st.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH_IRI))
            return st

        oxl = _best(ox_load, repeat)
        rows.append((label, "load", len(graph), mem_load, oxl))
        mem = load_graph(ttl, store="memory")
        oxg = _oxigraph_graph(ox_load())
        for name in q.named_queries():
            t_ox = _best(lambda name=name: q.result_rows(q.run(name, graph=oxg)), repeat)
            t0 = time.perf_counter()
            q.result_rows(q.run(name, graph=mem))
            first = time.perf_counter() - t0
            if first > skip_memory_over:
                t_mem = first  # one run is enough to show the gap
            else:
                t_mem = min(first, _best(lambda name=name: q.result_rows(q.run(name, graph=mem)), max(repeat - 1, 1)))
            rows.append((label, name, len(graph), t_mem, t_ox))
            print(f"{label} {name}: rdflib {t_mem:.3f} s, Oxigraph {t_ox:.3f} s", file=sys.stderr, flush=True)
    return rows


def main(argv=None) -> int:
    """Print a Markdown table: graph, step, triples, rdflib s, Oxigraph s, ratio."""
    from alucluster.graph.build import facts_to_graph, read_facts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=3700, help="synthetic enterprises (3700 ~ 200k triples)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory-over", type=float, default=5.0,
                        help="seconds after which a slow rdflib query is timed once only")
    args = parser.parse_args(argv)

    from alucluster.loaders.article import seed_article

    here = Path(__file__).resolve().parents[1]
    seed = facts_to_graph(read_facts(here / "tests" / "data" / "graph" / "seed-facts.jsonl"), [seed_article()])
    facts, articles = synthetic_facts(args.facts)
    t = time.perf_counter()
    synthetic = facts_to_graph(facts, articles)
    print(f"synthetic graph: {len(synthetic)} triples built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    rows = bench("seed", seed, args.repeat, args.skip_memory_over)
    rows += bench("synthetic", synthetic, args.repeat, args.skip_memory_over)
    print("| graph | step | triples | rdflib Memory s | Oxigraph s | Memory/Oxigraph |")
    print("|---|---|---|---|---|---|")
    for label, step, n, tm, to in rows:
        print(f"| {label} | {step} | {n} | {tm:.3f} | {to:.3f} | {tm / to:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
