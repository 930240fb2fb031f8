"""The ``alucluster`` command line: a thin layer over the library.

Every command catches :class:`~alucluster.ontology.errors.AluclusterError` once and prints
``error: <message>`` on stderr with exit code 2; ``--debug`` shows the traceback instead.
Heavy toolkits are imported inside the commands that need them, so ``query`` or ``view`` never
pay for the NLP pipeline.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from alucluster.ontology.errors import AluclusterError

__all__ = ["app", "main"]

DEFAULT_OUT = Path("out")
DEFAULT_GRAPH = DEFAULT_OUT / "cluster.ttl"

app = typer.Typer(
    name="alucluster",
    help="Knowledge graph of an aluminum industrial cluster, built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
ontology_app = typer.Typer(help="Ontology maintenance: export the committed artifacts.", no_args_is_help=True)
app.add_typer(ontology_app, name="ontology")

_state = {"debug": False}


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    sparql_json = "sparql-json"
    sparql_xml = "sparql-xml"
    json = "json"  # an alias of sparql-json


class GapsFormat(str, Enum):
    md = "md"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


class GapsLang(str, Enum):
    en = "en"
    zh = "zh"


class StoreKind(str, Enum):
    auto = "auto"
    memory = "memory"
    oxigraph = "oxigraph"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"alucluster {version('alucluster')}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    _state["debug"] = debug


DATE_HELP = "Article date YYYY[-MM[-DD]], setting or overriding the file's date (resolves \"this year\")."
GRAPH_OPTION = typer.Option(DEFAULT_GRAPH, "--graph", "-g", help="Graph file (Turtle, N-Triples, JSON-LD).")


@app.command()
def build(
    articles: Optional[list[Path]] = typer.Argument(
        None, help="Article files; 'seed' names the built-in seed article (the default when none is given)."
    ),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder."),
    reason: bool = typer.Option(False, "--reason", help="Also run the HermiT reasoner (needs Java)."),
    store: StoreKind = typer.Option(StoreKind.auto, "--store", help="In-memory rdflib or on-disk Oxigraph."),
    views: bool = typer.Option(True, "--views/--no-views", help="Write the interactive HTML views."),
    curated: bool = typer.Option(False, "--curated/--no-curated", help="Apply the reviewed curation overlay."),
    date: Optional[str] = typer.Option(None, "--date", help=DATE_HELP),
    region: Optional[str] = typer.Option(
        None, "--region", help="Host region of articles whose metadata names none (else read from the text)."
    ),
) -> None:
    """Build the cluster graph, validation report, gap report and views.

    Every article belongs to its host region (metadata 'region:', else --region, else its text);
    the gap report has one section per region.

    Example: alucluster build seed articles/*.txt --out out
    """
    from alucluster.graph.build import build as build_graph

    result = build_graph(
        articles or None, out=out, reason=reason, store=store.value, views=views, curated=curated, date=date,
        region=region,
    )
    typer.echo(result.summary())
    if not result.conforms:
        raise typer.Exit(1)


@app.command()
def extract(
    article: Path = typer.Argument(..., help="Article text file."),
    format: ExtractFormat = typer.Option(ExtractFormat.table, "--format", "-f", help="Output format."),
    curated: bool = typer.Option(False, "--curated/--no-curated", help="Apply the reviewed curation overlay."),
    date: Optional[str] = typer.Option(None, "--date", help=DATE_HELP),
) -> None:
    """Print the facts found in one article, each with its evidence.

    Example: alucluster extract article.txt --format jsonl
    """
    from alucluster.loaders.article import read_article
    from alucluster.loaders.extract import extract_article, format_facts

    result = extract_article(read_article(article, date=date), curated=curated)
    typer.echo(format_facts(result.facts, format.value, merges=result.merges), nl=False)


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def evaluate(
    folder: Path = typer.Argument(..., help="A folder holding articles/<stem>.txt and gold/<stem>.jsonl."),
    kind: Optional[list[str]] = typer.Option(None, "--kind", "-k", help="Only this fact kind (repeatable)."),
    details: bool = typer.Option(True, "--details/--summary", help="List every miss and false fact with its sentence."),
    per_article: bool = typer.Option(False, "--per-article", help="Also print each article's counts."),
    format: EvaluateFormat = typer.Option(EvaluateFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Score the extractor on your own hand-written gold: precision and recall per kind, every miss
    and every false fact with its sentence (curation overlay off).

    Example: alucluster evaluate ../shared/corpus/zh --kind capacity
    """
    from alucluster.loaders.evaluate import evaluate_folder, format_evaluation, format_scores

    ev = evaluate_folder(folder)
    if per_article and format is EvaluateFormat.table:
        typer.echo(format_scores(ev.scores()))
    if format is EvaluateFormat.json:
        typer.echo(_evaluation_json(ev, tuple(kind or ())))
    else:
        typer.echo(format_evaluation(ev, kinds=tuple(kind or ()) or None, details=details), nl=False)


def _evaluation_json(ev, kinds: tuple[str, ...]) -> str:
    import json

    def ratios(s):
        return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4), "recall": round(s.recall, 4)}

    found = sorted({k for _, ks in ev.articles for k, _ in ks if not kinds or k in kinds})
    doc = {
        "folder": ev.folder,
        "kinds": {k: ratios(ev.pooled(k)) for k in found},
        "articles": {a: {k: ratios(c.score) for k, c in ks if k in found} for a, ks in ev.articles},
        "misses": [dict(g, article=a) for a, ks in ev.articles for k, c in ks if k in found for g in c.misses],
        "false": [dict(f.to_dict(), article=a) for a, ks in ev.articles for k, c in ks if k in found for f in c.false],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)


@app.command()
def query(
    query: Optional[str] = typer.Argument(
        None, help="A named query, a .rq file, SPARQL text (the project's prefixes are predefined) or - for stdin."
    ),
    graph: Path = GRAPH_OPTION,
    format: QueryFormat = typer.Option(
        QueryFormat.table, "--format", "-f",
        help="table or csv (plain values), or a W3C SPARQL results format: tsv, sparql-json (alias json), sparql-xml.",
    ),
    store: StoreKind = typer.Option(StoreKind.auto, "--store", help="In-memory rdflib or on-disk Oxigraph."),
    list_: bool = typer.Option(False, "--list", help="List the named queries and their questions."),
    param: Optional[list[str]] = typer.Option(
        None, "--param", "-p", help="Bind a query variable: NAME=VALUE (<IRI>, id path like enterprise/x, number or text; repeatable)."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the names shown (columns stay the same)."),
) -> None:
    """Run a named query or any SPARQL over the graph (- reads the query from stdin).

    Example: alucluster query enterprises --lang zh --format csv
    """
    from alucluster.graph import query as q
    from alucluster.ontology.errors import QueryError

    if list_:
        typer.echo(q.describe_named_queries(), nl=False)
        return
    if not query:
        raise QueryError("give a named query, a .rq file or SPARQL text (see `alucluster query --list`)")
    if query == "-":
        query = sys.stdin.read()
        if not query.strip():
            raise QueryError("no query on stdin")
    bindings = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param needs NAME=VALUE, got {item!r}")
        bindings[name.strip()] = value
    if lang is Lang.en:
        result = q.run(query, graph=graph, store=store.value, bindings=bindings or None)
    else:
        from alucluster.graph.labels import relabel
        from alucluster.graph.store import load_graph

        g = load_graph(graph, store=store.value)
        result = relabel(q.run(query, graph=g, store=store.value, bindings=bindings or None), g, lang.value)
    typer.echo(q.format_result(result, format.value), nl=False)


@app.command()
def gaps(
    graph: Path = GRAPH_OPTION,
    format: GapsFormat = typer.Option(GapsFormat.md, "--format", "-f", help="Output format."),
    add: Optional[list[str]] = typer.Option(
        None, "--add", help='What-if project, e.g. "rolling: 200000 t/yr" (repeatable).'
    ),
    region: Optional[str] = typer.Option(
        None, "--region", help="Analyse this region only (name, Chinese name or adcode); default: each in turn."
    ),
    weights: Optional[Path] = typer.Option(
        None, "--weights", help="TOML file of ranking weights overriding ontology/data/ranking-weights.toml."
    ),
    lang: GapsLang = typer.Option(GapsLang.en, "--lang", help="Language of stage, product and firm names (md)."),
) -> None:
    """Chain-extension analysis per region: coverage, ranked gaps, balances, dependence, what to
    attract next; optional what-if. Every figure is followed by its sources.

    Without --region, every region of the graph in turn, then a table comparing them.

    Example: alucluster gaps --region Guangyuan --add "alumina: 400000 t/yr" --format md
    """
    from alucluster.graph.gaps import analyse, analyse_regions, render
    from alucluster.graph.model import read_model
    from alucluster.graph.ranking import load_weights

    w = load_weights(weights)
    model = read_model(graph)
    if region or len(model.regions) <= 1:
        report = analyse(None, add=add or [], region=region, model=model, weights=w)
    else:
        report = analyse_regions(None, add=add or [], model=model, weights=w)
    typer.echo(render(report, format.value, lang=lang.value), nl=False)


@app.command()
def view(
    graph: Path = GRAPH_OPTION,
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder; pages go to OUT/views/."),
    screenshots: bool = typer.Option(
        False, "--screenshots", help="Also save a PNG of each page under OUT/views/screenshots/ (needs chromium)."
    ),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the labels (English where no Chinese label)."),
    region: Optional[str] = typer.Option(
        None, "--region", help="Draw this region only (name, Chinese name or adcode); default: each region."
    ),
) -> None:
    """Write the interactive offline HTML views; with --screenshots, a PNG of each page too.

    One page set per host region (views/<region>/, titles naming it) and a region index,
    views/index.html; a graph without regions gets one set in views/.

    Screenshots open every page in headless Debian chromium (with playwright) from file://.

    Example: alucluster view --out out --lang zh --screenshots && xdg-open out/views/cluster.html
    """
    from alucluster.graph.views import screenshot_views, write_views

    paths = write_views(graph, out=out, lang=lang.value, region=region)
    if screenshots:
        views_dir = Path(out) / "views"
        paths += screenshot_views(views_dir, out_dir=views_dir / "screenshots")
    for path in paths:
        typer.echo(str(path))


@app.command()
def serve(
    graph: Path = GRAPH_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds a query may run."),
    max_rows: int = typer.Option(10000, "--max-rows", help="Most result rows returned; a larger result is cut, with a notice."),
    cors: Optional[list[str]] = typer.Option(
        None, "--cors", help="Let pages of this origin (http://host:port, or * for any) query the endpoint (repeatable)."
    ),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint with a YASGUI query page.

    The page and the endpoint work offline. CORS is off unless --cors names the origins of other
    pages (a YASGUI elsewhere, a notebook) allowed to query it; never with credentials.

    Example: alucluster serve --port 8000 --cors http://127.0.0.1:3000  (then open http://127.0.0.1:8000/)
    """
    from alucluster.graph.endpoint import serve as run_server

    run_server(graph, host=host, port=port, timeout=timeout, max_rows=max_rows, cors=cors)


class PushProtocol(str, Enum):
    auto = "auto"
    gsp = "gsp"
    update = "update"


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store Protocol or SPARQL Update URL."),
    graph: Path = GRAPH_OPTION,
    named_graph: Optional[str] = typer.Option(None, "--named-graph", help="Target graph IRI."),
    protocol: PushProtocol = typer.Option(
        PushProtocol.auto, "--protocol",
        help="gsp (Graph Store PUT) or update (SPARQL 1.1 Update); auto reads it from the URL (/sparql-auth: update, "
             "/sparql-graph-crud*: gsp).",
    ),
    user: Optional[str] = typer.Option(None, "--user", help="User for digest/basic auth; the password is asked for."),
    password: Optional[str] = typer.Option(
        None, "--password", envvar=["ALUCLUSTER_PUSH_PASSWORD", "ALUCLUSTER_PASSWORD"], show_envvar=False,
        help="Password (better: ALUCLUSTER_PUSH_PASSWORD, or answer the prompt).",
    ),
) -> None:
    """Load the graph into an external SPARQL 1.1 store (the named graph is replaced).

    With --user and no password (neither --password nor ALUCLUSTER_PUSH_PASSWORD), it asks for one.
    HTTP errors are explained in one line ("401: wrong user or password for URL").

    Example: alucluster push --endpoint http://127.0.0.1:8890/sparql-auth --user dba
    """
    from alucluster.graph.store import push as push_graph

    from alucluster.ontology.errors import StoreError

    if user is not None and password is None:
        try:
            password = typer.prompt(f"password for {user} at {endpoint}", hide_input=True, err=True)
        except (typer.Abort, EOFError):
            raise StoreError(f"--user {user} needs a password: answer the prompt or set ALUCLUSTER_PUSH_PASSWORD") from None
    n = push_graph(graph, endpoint=endpoint, named_graph=named_graph, user=user, password=password,
                   protocol=protocol.value)
    typer.echo(f"pushed {n} triples to {endpoint}")


@app.command()
def validate(
    graph: Path = GRAPH_OPTION,
    reason: bool = typer.Option(True, "--reason/--no-reason", help="Also check consistency with HermiT."),
) -> None:
    """Check the graph against the SHACL shapes and the reasoner; exit 1 on violations.

    Example: alucluster validate --graph out/cluster.ttl
    """
    from alucluster.graph.validate import validate as run_validation

    report = run_validation(graph, reason=reason)
    typer.echo(report.text, nl=False)
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def docs(
    out: Path = typer.Option(DEFAULT_OUT / "docs", "--out", "-o", help="Output folder."),
) -> None:
    """Write the ontology's HTML documentation (pyLODE), offline.

    Example: alucluster docs --out out/docs
    """
    from alucluster.ontology.docs import write_docs

    typer.echo(str(write_docs(out)))


@ontology_app.command("export")
def ontology_export(
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Folder for alucluster.ttl and .owl; default: the package's ontology/ folder."
    ),
) -> None:
    """Regenerate the committed ontology exports from the owlready2 model.

    Without --out they go into the installed package's own ontology/ folder (the source tree in a
    development install), never into the current folder.

    Example: alucluster ontology export --out /tmp/ontology
    """
    from alucluster.ontology.model import export, package_folder

    for path in export(out if out is not None else package_folder()):
        typer.echo(str(path))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning library errors into one-line messages (exit 2)."""
    try:
        # standalone mode lets click report usage errors (exit 2) and honour typer.Exit codes.
        app(args=argv, prog_name="alucluster")
    except AluclusterError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
