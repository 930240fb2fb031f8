"""How big a graph the HTML views can take: write time, page size, time to a still page, frame time.

Builds synthetic clusters of N enterprises (places, origin provinces, products, capacities with
evidence, one project per five enterprises), writes the views, and opens ``cluster.html`` in
headless Debian Chromium in each mode: in-browser physics, precomputed (networkx) layout, grouped
by stage, and the default thresholds. "ready" is the time until the page is still; "frame" the
time of one full redraw (what panning and zooming cost); "write" and "pages MB" cover all pages,
enterprise pages included. Prints one row per size and mode; ``bench/README.md`` records the numbers and the thresholds chosen from them.

    python bench/bench_views.py            # sizes 100 250 500 1000 2500 5000
    python bench/bench_views.py 200 800    # chosen sizes
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Literal, XSD

from alucluster.graph import views
from alucluster.graph.network import reference_chain
from alucluster.ontology.vocab import ALU, iri

FRAME_JS = """() => {
  const r = aluView.network.renderer, t0 = performance.now();
  for (let i = 0; i < 5; i++) r._redraw();
  return (performance.now() - t0) / 5;
}"""


def synthetic_graph(n: int, seed: int = 1) -> rdflib.Graph:
    rnd = random.Random(seed)
    g = rdflib.Graph()
    products = sorted(reference_chain().subjects(RDF.type, ALU.Product))
    provinces = [iri(f"place/cn-{code}0000") for code in range(11, 66)][:31]
    parks = [iri(f"place/park-{i}") for i in range(10)]
    for i, p in enumerate(provinces):
        g.add((p, RDF.type, ALU.Province))
        g.add((p, RDFS.label, Literal(f"Province {i}", lang="en")))
    for i, p in enumerate(parks):
        g.add((p, RDF.type, ALU.IndustrialPark))
        g.add((p, RDFS.label, Literal(f"Park {i}", lang="en")))
    article = iri("article/bench")
    for i in range(n):
        e = iri(f"enterprise/firm-{i:05d}")
        g.add((e, RDF.type, ALU.Enterprise))
        g.add((e, RDFS.label, Literal(f"Firm {i} Aluminium Co.", lang="en")))
        g.add((e, ALU.locatedIn, rnd.choice(parks)))
        g.add((e, ALU.originProvince, rnd.choice(provinces)))
        ev = iri(f"evidence/bench-{i}")
        g.add((ev, RDF.type, ALU.Evidence))
        g.add((ev, ALU.inArticle, article))
        g.add((ev, ALU.sentence, Literal(f"Firm {i} has an annual capacity of {1000 * (i + 1):,} tons.")))
        for k, product in enumerate(rnd.sample(products, 2)):
            c = iri(f"capacity/bench-{i}-{k}")
            g.add((e, ALU.produces, product))
            g.add((e, ALU.hasCapacity, c))
            g.add((c, RDF.type, ALU.Capacity))
            g.add((c, ALU.ofProduct, product))
            g.add((c, ALU.value, Literal(str(rnd.randint(1, 500) * 1000.0), datatype=XSD.decimal)))
            g.add((c, ALU.unit, Literal("t/yr")))
            g.add((c, ALU.evidence, ev))
        if i % 5 == 0:
            p = iri(f"project/bench-{i}")
            g.add((p, RDF.type, ALU.InvestmentProject))
            g.add((p, RDFS.label, Literal(f"Project {i}", lang="en")))
            g.add((p, ALU.operatedBy, e))
            g.add((p, ALU.locatedIn, rnd.choice(parks)))
    return g


def open_cluster(browser, html: Path) -> tuple[float, float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t0 = time.perf_counter()
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=600_000)
    ready = time.perf_counter() - t0
    frame = page.evaluate(FRAME_JS)
    nodes = page.evaluate("aluView.network.body.nodeIndices.length")
    page.close()
    return ready, frame, nodes


def run(browser, g, *, physics: int, aggregate: int) -> tuple[float, float, float, float, int, int]:
    """Write the views with the given limits, open cluster.html: (write s, MB, ready s, frame ms, nodes, edges)."""
    views.PHYSICS_LIMIT, views.AGGREGATE_LIMIT = physics, aggregate
    out = Path(tempfile.mkdtemp(prefix="bench-views-"))
    try:
        t0 = time.perf_counter()
        paths = views.write_views(g, out=out)
        write = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths) / 1e6
        html = out / "views" / "cluster.html"
        edges = html.read_text("utf-8").count('"from":')
        ready, frame, nodes = open_cluster(browser, html)
    finally:
        shutil.rmtree(out)
    return write, size, ready, frame, nodes, edges


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    defaults = views.PHYSICS_LIMIT, views.AGGREGATE_LIMIT
    never = 10**9
    modes = [  # name, physics limit, aggregate limit, largest size worth the wait
        ("physics", never, never, 1000),
        ("precomputed", 0, never, 2500),
        ("grouped", 0, 0, never),
        ("default", *defaults, never),
    ]
    print(f"{'enterprises':>11} {'mode':>12} {'nodes':>6} {'edges':>6} {'write s':>8} {'pages MB':>9} "
          f"{'ready s':>8} {'frame ms':>9}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=views.browser_args())
        for n in sizes:
            g = synthetic_graph(n)
            for name, physics, aggregate, largest in modes:
                if n > largest:
                    continue
                w, s, r, f, nodes, edges = run(browser, g, physics=physics, aggregate=aggregate)
                print(f"{n:>11} {name:>12} {nodes:>6} {edges:>6} {w:>8.1f} {s:>9.1f} {r:>8.1f} {f:>9.1f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 250, 500, 1000, 2500, 5000])
