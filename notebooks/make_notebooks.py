"""Write the analyst notebooks of ``notebooks/`` from the cell sources kept in this file.

The notebooks are committed without outputs; this script is their source of truth, so a review
sees plain Python and Markdown, and a test fails when the committed ``.ipynb`` files drift from
what this script writes. Edit the cells here, then regenerate::

    python notebooks/make_notebooks.py            # rewrite both notebooks
    python notebooks/make_notebooks.py --check    # exit 1 if a committed notebook differs

Opened and saved in Jupyter, a notebook gains outputs and the check fails: rerun the first
command to strip them again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from textwrap import dedent

__all__ = ["NOTEBOOKS", "render", "write", "check", "main"]

HERE = Path(__file__).resolve().parent

# Shared by both notebooks: where the graph comes from. A reader who already ran `alucluster build`
# points ALUCLUSTER_OUT at that folder; on a fresh clone the cell builds the seed graph itself.
LOAD_OR_BUILD = '''
import os
from pathlib import Path

from alucluster.graph.build import build
from alucluster.graph.store import load_graph

OUT = Path(os.environ.get("ALUCLUSTER_OUT", "out"))
GRAPH_PATH = OUT / "cluster.ttl"
if not GRAPH_PATH.exists():
    build(None, out=OUT, views=False)  # the packaged seed article; views are written when shown
graph = load_graph(GRAPH_PATH)
print(f"{len(graph):,} triples loaded from {GRAPH_PATH}")
'''

TO_FRAME = '''
import pandas as pd

from alucluster.graph.query import named_queries, result_rows, run

pd.set_option("display.max_colwidth", None)
pd.set_option("display.float_format", lambda x: f"{x:,.10g}")  # 50,501,000,000 rather than 5.0501e+10


def table(query, **bindings):
    """Run a named query (or SPARQL text) over the graph; its rows as a DataFrame."""
    columns, rows = result_rows(run(query, graph=graph, bindings=bindings or None))
    return pd.DataFrame(rows, columns=columns)
'''

CHOOSE_REGION = '''
from alucluster.graph.model import read_model

model = read_model(graph)  # the graph read once: the reference chain, the regions, one cluster each
print("regions in the graph:", ", ".join(r.label for r in model.regions) or "none recorded")
# Set ALUCLUSTER_REGION (a name, Chinese name or adcode) to analyse another region of your build.
REGION = os.environ.get("ALUCLUSTER_REGION") or (model.regions[0].label if model.regions else None)
cluster = model.cluster(REGION)
print(f"analysing {REGION or 'the whole graph'}: {len(cluster.producers)} local producers, "
      f"{len(cluster.external)} external suppliers, {len(cluster.candidates)} candidate attributions")
'''

STAGE_PLOT = '''
import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter

stage_rows = []
for r in cov["stages"]:
    products = set(model.chain.products_at(r["stage"]))
    tonnes = sum(c.value for c in cluster.capacities if c.is_mass and c.product in products)
    stage_rows.append((r["label"], tonnes, r["covered"]))
fig, ax = plt.subplots(figsize=(7, 4.6))
labels = [f"{name}{'' if covered else '  (missing)'}" for name, _, covered in stage_rows][::-1]
values = [t for _, t, _ in stage_rows][::-1]
colours = ["#3182bd" if covered else "#d9d9d9" for _, _, covered in stage_rows][::-1]
bars = ax.barh(labels, values, color=colours)
ax.bar_label(bars, labels=[f"{v:,.0f}" if v else "" for v in values], padding=3)
ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
ax.margins(x=0.2)
ax.set_xlabel("local capacity, t/yr (stages in chain order; grey: no local producer)")
ax.set_title(f"{REGION or 'Cluster'}: capacity by stage of the reference chain")
plt.show()
'''

ORIGIN_PLOT = '''
shares = dependence["origin_share"].get("t/yr", [])
if shares:
    fig, ax = plt.subplots(figsize=(7, 2.6))
    names = ["not stated" if r["province"] == "unknown" else r["label"] for r in shares][::-1]
    bars = ax.barh(names, [r["share"] * 100 for r in shares][::-1], color="#756bb1")
    ax.bar_label(bars, fmt="{:.0f} %", padding=3)
    ax.set_xlim(0, 115)
    ax.set_xlabel("share of local capacity in tonnes, %")
    ax.set_title("Where the capacity comes from (origin province)")
    plt.show()
'''

ATTRACT = '''
targets = today["attract"]["targets"] if today["attract"] else []
for i, t in enumerate(targets, 1):
    print(f"{i}. a {t['label']} plant ({t['product_label']}) of about {t['capacity']:,.0f} {t['unit']} {t['reason']}")
if targets:
    first_target = targets[0]
    ch = first_target["what_if"]
    rows = {f"local supply of {d['input'].rsplit('/', 1)[-1].replace('-', ' ')} ({d['unit']})":
            (d["local_supply"]["before"], d["local_supply"]["after"]) for d in ch["input_demand"]}
    rows |= {k.replace("_", " ") + (" (%)" if k in ("completeness", "local_conversion_rate") else " (t/yr)"):
             (v["before"] * (100 if k in ("completeness", "local_conversion_rate") else 1),
              v["after"] * (100 if k in ("completeness", "local_conversion_rate") else 1))
             for k, v in ch["figures"].items() if v["before"] is not None and v["after"] is not None}
    fig, axes = plt.subplots(1, len(rows), figsize=(3 * len(rows), 2.8), squeeze=False)
    for ax, (name, (before, after)) in zip(axes[0], rows.items()):
        bars = ax.bar(["before", "after"], [before, after], color=["#bdbdbd", "#31a354"])
        ax.bar_label(bars, fmt="{:,.0f}", padding=2)
        ax.set_title(name, fontsize=9)
        ax.margins(y=0.2)
    fig.suptitle(f"What-if: {ch['spec']}")
    plt.tight_layout()
    plt.show()
'''

GAPS_CELLS: list[tuple[str, str]] = [
    ("markdown", """
# Chain-extension gaps of the aluminium cluster

This notebook walks through the questions an investment-promotion office asks about a regional
aluminium cluster: *which links of the value chain are here, which are missing, how large is each
gap, where does the capital come from, and what changes if a new project lands?*

Every figure comes from the cluster's knowledge graph, built from news articles. By default the
graph is the one of the built-in seed article (Guangyuan, Sichuan, first half of 2021); set the
environment variable `ALUCLUSTER_OUT` to the output folder of your own `alucluster build` to
analyse another cluster. Every number can be traced back to the sentence it came from (see the
companion notebook `querying.ipynb`).
"""),
    ("markdown", """
## 1. The graph

The first cell loads the graph, or builds it from the seed article when no build exists yet
(a few seconds: the article is read, its facts extracted and checked against the shapes).
"""),
    ("code", LOAD_OR_BUILD),
    ("markdown", """
**Choose a region.** Every article has a host region, and the analysis looks at one region's
cluster at a time: what that region's articles state. A firm located elsewhere is an external
supplier, not a local producer. The cell below lists the regions of the graph and takes the first
unless `ALUCLUSTER_REGION` names another.
"""),
    ("code", CHOOSE_REGION),
    ("markdown", """
## 2. Who is in the cluster, and what can they make?

Three of the graph's *named queries* answer the basic questions as tables: the enterprises with
the province their capital comes from, the annual capacities by product, and the regional
indicators the article reports. Capacities are in base units per year (`t/yr` for tonnes);
capacities counted in pairs or sets keep their own unit and are never added to tonnes.
Projects the article does not attribute to a named firm appear as numbered projects.
"""),
    ("code", TO_FRAME),
    ("code", 'table("enterprises")'),
    ("code", 'table("capacities")'),
    ("code", 'table("indicators")'),
    ("markdown", """
## 3. Chain coverage

The reference aluminium value chain runs from power, bauxite and alumina through carbon anodes,
fluorides and anode-assembly consumables to primary smelting, the casthouse, semi-fabrication
(extrusion, rolling, foil, wire and cable, die casting, forging), end uses and recycling. A stage
is *covered* when at least one local enterprise or project makes one of its products. The chain
completeness (产业链完整度) is the share of reference stages that are covered.
"""),
    ("code", '''
from alucluster.graph.gaps import analyse

today = analyse(None, model=model, region=REGION).before
cov = today["coverage"]
print(f"{cov['covered']} of {cov['total']} stages covered (completeness {cov['completeness']:.0%}); "
      f"{cov['flows_local']} of {cov['flows_total']} material flows have both ends local")
pd.DataFrame(
    {"stage": r["label"], "segment": r["segment"], "covered": "yes" if r["covered"] else "",
     "local producers": ", ".join(r["producer_labels"])}
    for r in cov["stages"]
)
'''),
    ("markdown", """
The same coverage as a picture: the region's capacity at each stage of the reference chain, in
chain order, the missing stages in grey.
"""),
    ("code", STAGE_PLOT),
    ("markdown", """
## 4. Ranked gaps

Each missing stage is a candidate for investment promotion (补链 fill the chain, 延链 extend it).
The score adds documented factors with the weights of `ontology/data/ranking-weights.toml`:
*demand pull* (the share of what local plants need from the stage that nobody local supplies, in
its own unit, so kWh count as much as tonnes), *unconverted* (local metal the stage could take in),
*adjacency* (1 / hops to a locally made product), minus *siting* needs the region is not shown to
have (alumina refining needs bauxite or a port). *Size* is the tonnage behind the gap.
"""),
    ("code", '''
pd.DataFrame(
    {"rank": g["rank"], "stage": g["label"], "score": g["score"], **g["factors"], "hops": g["distance"],
     "size, t/yr": g["size_t"], "reason": g["reason"]}
    for g in today["gaps"]
).set_index("rank")
'''),
    ("markdown", """
## 5. Capacity balance and implied upstream demand

**Balance.** Local primary (electrolytic) capacity against what the casthouse and the downstream
plants can take, in tonnes. Downstream over primary is the *local conversion rate* (就地转化率)
the city reaches when every downstream plant runs full on local metal; the rest of the metal
leaves the region as ingot or liquid aluminium. Capacities counted in sets or pairs are listed
below the chart, not added.

**Implied demand.** Local capacity needs inputs in fixed proportions (alumina, carbon anodes and
fluorides per tonne of aluminium; billets per tonne of profiles). The second chart sets that
demand against what local producers can supply; electricity, in kWh, is in the table below it.
"""),
    ("code", '''
import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter

balance = today["balance"]
parts = {
    "primary smelting": balance["primary"]["value"],
    "casthouse": balance["casting"]["value"],
    "downstream": balance["downstream"]["value"],
    "not converted locally": balance["uncommitted_primary"]["value"],
}
fig, ax = plt.subplots(figsize=(7, 2.8))
bars = ax.barh(list(parts)[::-1], list(parts.values())[::-1], color=["#bdbdbd", "#9ecae1", "#3182bd", "#8c6d31"])
ax.bar_label(bars, fmt="{:,.0f}", padding=3)
ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
ax.margins(x=0.15)
ax.set_xlabel("capacity, t/yr")
ax.set_title(f"Local conversion rate: {balance['local_conversion_rate']:.0%}")
plt.show()
for row in balance["non_mass"]:
    print(f"also, in its own unit: {row['value']:,.0f} {row['unit']} of {row['product'].rsplit('/', 1)[-1]}")
'''),
    ("code", '''
demand = pd.DataFrame(
    {"input": d["input_slug"].replace("-", " "), "for": d["output"].rsplit("/", 1)[-1].replace("-", " "), "coefficient": d["coefficient"],
     "per": d["coefficient_unit"], "implied demand": d["demand"], "local supply": d["local_supply"],
     "unit": d["unit"]}
    for d in balance["input_demand"]
)
tonnes = demand[demand["unit"] == "t/yr"].set_index("input")
ax = tonnes[["implied demand", "local supply"]].iloc[::-1].plot.barh(figsize=(7, 3.2), color=["#e6550d", "#31a354"])
ax.bar_label(ax.containers[0], fmt="{:,.0f}", padding=3)
ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
ax.margins(x=0.15)
ax.set_xlabel("t/yr")
ax.set_ylabel("")
ax.set_title("Inputs implied by local capacity vs local supply")
plt.show()
demand
'''),
    ("markdown", """
## 6. Origin dependence

Where the capacity comes from: each origin province's share of the cluster's capacity in tonnes,
then, for every covered stage, how many producers share it and how concentrated it is (the
Herfindahl-Hirschman index, 10,000 for a single producer). The *chain master* (链主) candidate is
the firm investment promotion would build the chain around.
"""),
    ("code", '''
dependence = today["dependence"]
origins = pd.DataFrame(
    {"origin province": "not stated" if r["province"] == "unknown" else r["label"],
     "capacity, t/yr": r["value"], "share": f"{r['share']:.0%}"}
    for r in dependence["origin_share"].get("t/yr", [])
)
origins
'''),
    ("code", ORIGIN_PLOT),
    ("code", '''
master = dependence["chain_master"]
if master:
    print(f"chain-master candidate: {master['label']} ({'; '.join(master['reasons'])})")
pd.DataFrame(
    {"stage": c["label"], "producers": c["producers"], "HHI": c["hhi"], "basis": c["hhi_unit"],
     "single producer": "yes" if c["single_producer"] else ""}
    for c in dependence["concentration"]
)
'''),
    ("markdown", """
## 7. The chain at a glance

The interactive chain view: stages with a local producer are filled, missing ones dashed. Hover
over a node for its producers and the sentences they come from. The page is self-contained (no
network access); it is also saved under `out/views/` with the cluster and origin views.
"""),
    ("code", '''
from html import escape

from IPython.display import HTML

from alucluster.graph.views import write_views

pages = write_views(graph, out=OUT)
chain_page = next(p for p in pages if p.name == "chain.html")
# srcdoc keeps the page inline: no server path or network needed to display it
HTML(f'<div><iframe srcdoc="{escape(chain_page.read_text(encoding="utf-8"))}" '
     'style="width:100%;height:560px;border:1px solid #ccc"></iframe></div>')
'''),
    ("markdown", """
## 8. What to attract next

The top gaps, each sized to balance the chain (the capacity that would cover the local plants'
need, or take in the metal that now leaves the region), with the reason and the what-if of that
plant landing. The chart shows the first target's before and after.
"""),
    ("code", ATTRACT),
    ("markdown", """
## 9. What if another project landed?

Two hypothetical projects, each analysed against the same graph (the stored graph is not
changed): a 200,000 t/yr rolling mill, a downstream extension that would take local metal, and a
400,000 t/yr alumina refinery, an upstream input that local smelters need (the coverage table above
says whether any is made locally today). The table sets the headline figures side by side.
"""),
    ("code", '''
SCENARIOS = {"rolling mill": "rolling: 200000 t/yr", "alumina refinery": "alumina: 400000 t/yr"}
whatif = {name: analyse(None, model=model, region=REGION, add=[spec]) for name, spec in SCENARIOS.items()}
after = {name: r.after for name, r in whatif.items()}


def alumina_self_sufficiency(analysis):
    """Share of the smelters' alumina demand that local refineries could supply (None: no smelter)."""
    row = next((d for d in analysis["balance"]["input_demand"] if d["input_slug"] == "alumina"), None)
    return row["self_sufficiency"] if row else None


def percent(x):
    return "n/a" if x is None else f"{x:.0%}"


def headline(analysis):
    bal, c = analysis["balance"], analysis["coverage"]
    return {
        "stages covered": f"{c['covered']} of {c['total']}",
        "completeness": percent(c["completeness"]),
        "primary capacity, t/yr": f"{bal['primary']['value']:,.0f}",
        "downstream capacity, t/yr": f"{bal['downstream']['value']:,.0f}",
        "local conversion rate": percent(bal["local_conversion_rate"]),
        "metal not converted locally, t/yr": f"{bal['uncommitted_primary']['value']:,.0f}",
        "alumina self-sufficiency": percent(alumina_self_sufficiency(analysis)),
        "first-ranked gap": analysis["gaps"][0]["label"] if analysis["gaps"] else "none",
    }


comparison = pd.DataFrame({"today": headline(today)} | {name: headline(a) for name, a in after.items()})
comparison
'''),
    ("markdown", """
## 10. Conclusion

The paragraph below is written from the figures above, so it stays true when the graph changes.
"""),
    ("code", '''
from IPython.display import Markdown

first = ", ".join(g["label"] for g in today["gaps"][:3]) or "none"
size = {name: f"{r.specs[0]['value']:,.0f} {r.specs[0]['unit']}" for name, r in whatif.items()}
text = (
    f"The cluster covers **{cov['covered']} of {cov['total']} reference stages** "
    f"(completeness {percent(cov['completeness'])}). The gaps ranked first are: {first}. "
)
if balance["primary"]["value"]:
    text += (
        f"Local primary capacity of {balance['primary']['value']:,.0f} t/yr meets "
        f"{balance['downstream']['value']:,.0f} t/yr of downstream capacity, a local conversion rate of "
        f"{percent(balance['local_conversion_rate'])}, so {balance['uncommitted_primary']['value']:,.0f} t/yr "
        "of metal leaves the cluster unprocessed. "
    )
else:
    text += "The cluster has no local primary smelting capacity, so no local conversion rate. "
known = origins[origins["origin province"] != "not stated"] if len(origins) else origins
if len(known):
    text += (f"The largest stated origin is {known.iloc[0]['origin province']}, with {known.iloc[0]['share']} "
             "of the capacity in tonnes. ")
if master:
    text += f"The chain-master candidate is {master['label']}. "
rolling_rate = after["rolling mill"]["balance"]["local_conversion_rate"]
refinery_share = alumina_self_sufficiency(after["alumina refinery"])
if rolling_rate is not None:
    text += f"A {size['rolling mill']} rolling mill would lift the conversion rate to {percent(rolling_rate)}"
    text += "; " if refinery_share is not None else ". "
if refinery_share is not None:
    text += (f"{'a' if rolling_rate is not None else 'A'} {size['alumina refinery']} alumina refinery would supply "
             f"{percent(refinery_share)} "
             "of the smelters' alumina.")
Markdown(text)
'''),
]

QUERYING_CELLS: list[tuple[str, str]] = [
    ("markdown", """
# Querying the cluster graph with SPARQL

The cluster graph is RDF: every enterprise, project, capacity and indicator is a node, and every
figure points to the sentence of the article it came from. SPARQL is the query language for such
graphs. This notebook teaches it with the package's *named queries* (the questions the command
`alucluster query NAME` answers) and then varies them: filtering, aggregation, a parameter, and
following a number back to its source.
"""),
    ("code", LOAD_OR_BUILD),
    ("code", TO_FRAME),
    ("markdown", """
## 1. The named queries

Each named query is a `.rq` file that starts with the question it answers and the columns it
returns.
"""),
    ("code", '''
queries = named_queries()
pd.DataFrame([{"name": name, "question": q.question, "columns": ", ".join(q.columns)}
              for name, q in sorted(queries.items())])
'''),
    ("markdown", """
## 2. Reading one query

`capacities`: which enterprise can make how much of what, per year. The `PREFIX` lines abbreviate
the vocabulary's long IRIs, `SELECT` names the columns, and the `WHERE` block is a pattern of
triples (subject, property, object) the graph must match; `?names` are the unknowns. An
`OPTIONAL { ... }` block keeps the row when its part of the pattern finds nothing (a capacity
whose unit is missing still shows, with an empty cell), and `ORDER BY` makes the order stable.
"""),
    ("code", 'print(queries["capacities"].text)'),
    ("code", 'table("capacities")'),
    ("markdown", """
## 3. Filtering

The same pattern with a `FILTER`: only capacities measured in tonnes per year and of at least
50,000 t. Numbers are plain decimals in base units, so the comparison is numeric.
"""),
    ("code", '''
PREFIXES = """
PREFIX alu: <https://w3id.org/alucluster/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
big = table(PREFIXES + """
SELECT ?producer ?product ?capacity WHERE {
  ?p alu:hasCapacity ?c ; rdfs:label ?producer . FILTER(lang(?producer) = "en")
  ?c alu:ofProduct ?prod ; alu:value ?capacity ; alu:unit "t/yr" .
  ?prod skos:prefLabel ?product . FILTER(lang(?product) = "en")
  FILTER(?capacity >= 50000)
} ORDER BY DESC(?capacity) ?producer
""")
big
'''),
    ("markdown", """
## 4. Aggregation

`GROUP BY` with `SUM` and `COUNT`: capacity in tonnes per value-chain stage, and how many
producers share it.
"""),
    ("code", '''
table(PREFIXES + """
SELECT ?stage (SUM(?v) AS ?capacity_t) (COUNT(DISTINCT ?p) AS ?producers) WHERE {
  ?p alu:hasCapacity ?c .
  ?c alu:ofProduct ?prod ; alu:value ?v ; alu:unit "t/yr" .
  ?prod alu:atStage ?s . ?s rdfs:label ?stage . FILTER(lang(?stage) = "en")
} GROUP BY ?stage ORDER BY DESC(?capacity_t)
""")
'''),
    ("markdown", """
## 5. A parameter

Values reach a query as *bindings*, never pasted into its text, so a name with quotes or odd
characters cannot change what the query does. The named query `facts` lists every fact with its
source sentence and takes an optional `subject`: bound to one enterprise (by its full IRI or its
id path, such as `enterprise/hubei-shimei`), it shows only that enterprise's facts. Here the
subject is the first enterprise of the graph, so the cell works on any cluster.
"""),
    ("code", '''
first_enterprise = table(PREFIXES + "SELECT ?e WHERE { ?e a alu:Enterprise } ORDER BY ?e LIMIT 1")["e"][0]
print(first_enterprise)
table("facts", subject=first_enterprise)
'''),
    ("markdown", """
Your own queries take bindings the same way. A plain string that looks like an id path is read as
an IRI, so a literal value is passed as an rdflib `Literal`: here `?unit` is bound to `set/yr`, the
capacities counted in sets per year.
"""),
    ("code", '''
from rdflib import Literal

table(PREFIXES + """
SELECT ?producer ?capacity WHERE {
  ?p alu:hasCapacity ?c ; rdfs:label ?producer . FILTER(lang(?producer) = "en")
  ?c alu:value ?capacity ; alu:unit ?unit .
} ORDER BY ?producer
""", unit=Literal("set/yr"))
'''),
    ("markdown", """
## 6. From a number to its sentence

Every capacity carries `alu:evidence`: the sentence of the article, its character offsets and
the article it belongs to. This is how an analyst checks a figure before quoting it.
"""),
    ("code", '''
evidence = table(PREFIXES + """
SELECT ?producer ?capacity ?unit ?sentence ?start ?end ?article WHERE {
  ?p alu:hasCapacity ?c ; rdfs:label ?producer . FILTER(lang(?producer) = "en")
  ?c alu:value ?capacity ; alu:unit ?unit ; alu:evidence ?e .
  ?e alu:sentence ?sentence ; alu:startOffset ?start ; alu:endOffset ?end ; alu:inArticle ?a .
  ?a alu:title ?article .
} ORDER BY ?producer ?capacity
""")
evidence
'''),
    ("markdown", """
## 7. Going further

Run any of these from a shell with `alucluster query 'SELECT ...'`, list the named queries with
`alucluster query --list`, or serve the graph to other tools with `alucluster serve`.
"""),
]

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "chain_extension_gaps.ipynb": GAPS_CELLS,
    "querying.ipynb": QUERYING_CELLS,
}


def render(name: str) -> str:
    """The JSON text of notebook ``name`` (a key of :data:`NOTEBOOKS`), without outputs.

    Cell ids are derived from the notebook name and position, so the text is the same on every run.

    :param name: file name of the notebook, e.g. ``"querying.ipynb"``.
    :raises KeyError: when ``name`` is not one of :data:`NOTEBOOKS`.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    stem = Path(name).stem.replace("_", "-")
    cells = []
    for i, (kind, source) in enumerate(NOTEBOOKS[name]):
        make = new_code_cell if kind == "code" else new_markdown_cell
        cell = make(dedent(source).strip())
        cell["id"] = f"{stem}-{i:02d}"
        cells.append(cell)
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def write(folder: Path = HERE) -> list[Path]:
    """Write every notebook into ``folder`` atomically; return their paths.

    :param folder: target folder, the ``notebooks/`` folder of the repository by default.
    """
    paths = []
    for name in NOTEBOOKS:
        path = folder / name
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(render(name))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a committed file must be readable by all
        os.replace(tmp, path)
        paths.append(path)
    return paths


def check(folder: Path = HERE) -> list[str]:
    """The names of the notebooks in ``folder`` that differ from what :func:`render` writes.

    :param folder: folder holding the committed notebooks.
    """
    stale = []
    for name in NOTEBOOKS:
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(name):
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command line: write the notebooks, or with ``--check`` report stale ones (exit 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a notebook is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = check()
        for name in stale:
            print(f"notebooks/{name} differs from make_notebooks.py: run python notebooks/make_notebooks.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in write():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
