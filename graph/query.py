"""SPARQL over the cluster graph: named competency questions, safe execution, result formatting.

Named queries are the ``graph/queries/*.rq`` files; each starts with comment lines stating its
question (first line), its ``Columns:`` and, optionally, its ``Parameters:``. Parameters are bound
with ``initBindings`` (rdflib) or substitutions (Oxigraph), never pasted into the query text.

Only read queries run: UPDATE, ``SERVICE`` and ``FROM``/``FROM NAMED`` (which make rdflib fetch
remote data) are refused with :class:`~alucluster.ontology.errors.QueryError` before evaluation.
While a query runs, an audit hook also refuses outbound connections that *Python* code of the
querying thread opens (rdflib's fetches). pyoxigraph's own network calls are made in Rust and
bypass the audit hook: on an Oxigraph-backed graph only the pre-parse check protects that path.

:func:`run` accepts a query name, a ``.rq`` file or SPARQL text (for the CLI); :func:`run_sparql`
treats its text as SPARQL only (for untrusted callers such as the HTTP endpoint).

>>> sorted(named_queries())[:3]
['capacities', 'capacity-by-origin-province', 'capacity-by-stage']
>>> named_queries()["capacities"].columns
('enterprise', 'product', 'capacity', 'unit', 'operator')
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
import threading
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from alucluster.graph._io import first_line
from alucluster.ontology.errors import QueryError

__all__ = [
    "NamedQuery",
    "check_query",
    "describe_named_queries",
    "format_result",
    "named_queries",
    "no_network",
    "plain_value",
    "resolve_query",
    "result_rows",
    "run",
    "run_sparql",
    "sparql_tsv",
    "with_prefixes",
]

#: ``query --format`` names. ``sparql-json``, ``sparql-xml`` and ``tsv`` are the W3C SPARQL 1.1 result
#: formats as the W3C recommendations define them; ``json`` is an alias of ``sparql-json`` (it used to be
#: a list of objects); ``csv`` and ``table`` show plain values (see :func:`plain_value`).
FORMATS = ("table", "csv", "tsv", "sparql-json", "sparql-xml", "json")


@dataclass(frozen=True)
class NamedQuery:
    """A competency question shipped as a ``.rq`` file."""

    name: str
    question: str
    columns: tuple[str, ...]
    text: str
    parameters: tuple[str, ...] = ()


def _parse_header(name: str, text: str) -> NamedQuery:
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line[1:].strip())
    question = comments[0] if comments else name
    columns: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    for c in comments:
        if c.lower().startswith("columns:"):
            columns = tuple(x.strip() for x in c.split(":", 1)[1].split(",") if x.strip())
        elif c.lower().startswith("parameters:"):
            params = tuple(re.findall(r"(\w+)\s*(?:\([^)]*\))?", c.split(":", 1)[1]))
    return NamedQuery(name=name, question=question, columns=columns, text=text, parameters=params)


@lru_cache(maxsize=1)
def _load_named() -> tuple[NamedQuery, ...]:
    from importlib.resources import files

    folder = files("alucluster.graph") / "queries"
    items = sorted((p for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name)
    return tuple(_parse_header(p.name[:-3], p.read_text(encoding="utf-8")) for p in items)


def named_queries() -> dict[str, NamedQuery]:
    """The shipped competency questions by name (file stem), sorted by name."""
    return {q.name: q for q in _load_named()}


def describe_named_queries() -> str:
    """One block per named query: name, question, columns (and parameters), for ``query --list``.

    >>> print(describe_named_queries().splitlines()[0])
    capacities
    """
    blocks = []
    for q in named_queries().values():
        lines = [q.name, f"  {q.question}", f"  columns: {', '.join(q.columns)}"]
        if q.parameters:
            lines.append(f"  parameters: {', '.join(q.parameters)}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def resolve_query(query: str) -> tuple[str, NamedQuery | None]:
    """The SPARQL text of ``query`` (a named query, a ``.rq`` file or SPARQL text) and its NamedQuery.

    :param query: a name from :func:`named_queries`, a path ending in ``.rq``, or SPARQL text.
    :raises QueryError: for an unknown name or a missing file.

    >>> resolve_query("capacities")[1].name
    'capacities'
    >>> resolve_query("capacitys")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.QueryError: unknown named query 'capacitys' (see `alucluster query --list`)
    """
    named = named_queries()
    q = query.strip()
    if q in named:
        return named[q].text, named[q]
    if q.endswith(".rq") and "\n" not in q:
        path = Path(q)
        if not path.is_file():
            raise QueryError(f"no query file at {path}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read {path}: {exc}") from None
        return text, _parse_header(path.stem, text)
    if re.fullmatch(r"[\w.-]+", q):
        raise QueryError(f"unknown named query {q!r} (see `alucluster query --list`)")
    return query, None


def _walk(node, seen=None):
    """Every algebra/parse node below ``node`` (CompValue, lists, dicts)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if seen is None:
        seen = set()
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        yield node
        for v in node.values():
            yield from _walk(v, seen)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _walk(v, seen)
    elif isinstance(node, (list, tuple, ParseResults)):
        for v in node:
            yield from _walk(v, seen)


def check_query(text: str):
    """Parse ``text`` and refuse anything but a local read query; the parsed query.

    :param text: SPARQL query text.
    :raises QueryError: for malformed SPARQL, UPDATE (including LOAD), SERVICE, FROM or FROM NAMED.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").algebra.name
    'SelectQuery'
    >>> check_query("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.QueryError: UPDATE is refused: the graph is read-only here
    >>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.QueryError: SERVICE is refused: queries run over the local graph only
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import algebra, parser

    try:
        parsed = parser.parseQuery(text)
    except ParseException as exc:
        try:
            parser.parseUpdate(text)
        except ParseException:
            raise QueryError(f"malformed SPARQL: {first_line(exc)}") from None
        raise QueryError("UPDATE is refused: the graph is read-only here") from None
    except Exception as exc:  # the parser raises assorted types on odd input
        raise QueryError(f"malformed SPARQL: {first_line(exc)}") from None
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries run over the local graph only")
        if node.name == "DatasetClause" or "datasetClause" in node:
            raise QueryError("FROM and FROM NAMED are refused: queries run over the local graph only")
    try:
        return algebra.translateQuery(parsed)
    except Exception as exc:
        raise QueryError(f"malformed SPARQL: {first_line(exc)}") from None


_guard = threading.local()
_hook_installed = False
_hook_lock = threading.Lock()


def _audit(event: str, args) -> None:
    if getattr(_guard, "active", 0) and event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
        raise QueryError("outbound network access is refused while a query runs")


class no_network:
    """Context manager: the current thread may open no network connection (audit hook).

    The hook is installed once per process and only acts inside this context, so the rest of the
    program (an HTTP server, a push) is unaffected.

    >>> import socket
    >>> with no_network():
    ...     socket.create_connection(("127.0.0.1", 9))
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.QueryError: outbound network access is refused while a query runs
    """

    def __enter__(self):
        global _hook_installed
        with _hook_lock:
            if not _hook_installed:
                sys.addaudithook(_audit)
                _hook_installed = True
        _guard.active = getattr(_guard, "active", 0) + 1
        return self

    def __exit__(self, *exc):
        _guard.active -= 1
        return False


#: Folders of extracted things (``id:<folder>/<slug>``, see ontology/SCHEMA.md); a parameter value
#: starting with one of them is an id IRI, other text with a slash (``t/yr``) stays a literal.
ID_FOLDERS = ("article", "capacity", "enterprise", "evidence", "fact", "industry", "industry-system",
              "observation", "output", "output-value", "park", "period", "place", "project", "town")
#: Folders of reference data (``ref:<folder>/<slug>``).
REF_FOLDERS = ("flow", "indicator", "product", "segment", "stage", "status")


def _to_term(name: str, value):
    from alucluster.ontology.vocab import ID, REF
    from rdflib import Literal, URIRef
    from rdflib.term import Identifier

    if isinstance(value, Identifier):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, (int, float, Decimal)):
        return Literal(value)
    value = str(value)
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return URIRef(value[1:-1])
    if re.match(r"^(https?|urn):", value):
        return URIRef(value)
    folder, slash, rest = value.partition("/")
    if slash and re.fullmatch(r"[^\s/]+", rest):
        if folder in ID_FOLDERS:
            return ID[value]
        if folder in REF_FOLDERS:
            return REF[value]
    if re.fullmatch(r"[+-]?\d+", value):
        return Literal(int(value))
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", value):
        return Literal(Decimal(value))
    return Literal(value)


def run(query: str, *, graph, store: str = "auto", bindings: dict | None = None, max_rows: int | None = None):
    """Run a named query, a ``.rq`` file or SPARQL text over a graph; an ``rdflib`` Result.

    Only for trusted callers (the CLI, notebooks): the text may name a file to read. Untrusted text
    goes to :func:`run_sparql`.

    :param query: a named query (see :func:`named_queries`), a ``.rq`` path or SPARQL text.
    :param graph: a graph file or an ``rdflib.Graph`` (memory or Oxigraph-backed).
    :param store: ``auto``, ``memory`` or ``oxigraph`` when ``graph`` is a file.
    :param bindings: values for query variables (``{"subject": "enterprise/acme"}``): IRIs
        (``<...>``, ``http(s):``, ``urn:``), id paths starting with an id folder
        (``enterprise/acme``, see ``ID_FOLDERS``; ``product/alumina`` is reference data, see
        ``REF_FOLDERS``), integers and decimals as numbers, other text
        (``t/yr``) as plain literals; bound as parameters.
    :param max_rows: when set, a SELECT result with more rows is refused after reading at most
        ``max_rows + 1`` of them.
    :raises QueryError: for an unknown or malformed query, a forbidden one, an unknown parameter
        or too many rows.
    :raises GraphError: when the graph file is missing or unparsable.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:x"), rdflib.RDFS.label, rdflib.Literal("x")))
    >>> [str(r[0]) for r in run("SELECT ?l WHERE { ?s ?p ?l }", graph=g)]
    ['x']
    """
    text, named = resolve_query(query)
    return _execute(text, named, graph=graph, store=store, bindings=bindings, max_rows=max_rows)


def run_sparql(text: str, *, graph, store: str = "auto", bindings: dict | None = None,
               max_rows: int | None = None, cap: bool = False):
    """Run SPARQL text (never a name or a file path) over a graph; an ``rdflib`` Result.

    :param text: SPARQL query text.
    :param graph: a graph file or an ``rdflib.Graph``.
    :param store: ``auto``, ``memory`` or ``oxigraph`` when ``graph`` is a file.
    :param bindings: values for query variables, as in :func:`run`.
    :param max_rows: when set, a SELECT result with more rows is refused (see :func:`run`).
    :param cap: with ``max_rows``, keep the first ``max_rows`` rows instead of refusing; the result's
        ``capped`` attribute is then True (the endpoint tells its client so).
    :raises QueryError: for malformed or forbidden SPARQL, an unknown variable or too many rows.
    :raises GraphError: when the graph file is missing or unparsable.

    >>> import rdflib
    >>> try:
    ...     run_sparql("capacities", graph=rdflib.Graph())  # a name is not SPARQL here
    ... except QueryError as exc:
    ...     print(str(exc).split(":")[0])
    malformed SPARQL
    """
    return _execute(text, None, graph=graph, store=store, bindings=bindings, max_rows=max_rows, cap=cap)


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """``text`` with the project's prefixes (:data:`~alucluster.ontology.vocab.PREFIXES`) it does not declare.

    They go on one line in front, so an error's line number is off by one at most; a prefix the
    query declares itself is left alone (its own IRI wins).

    :param text: SPARQL query text.

    >>> with_prefixes("PREFIX alu: <urn:x#> SELECT * WHERE { ?s a alu:Enterprise }").count("PREFIX alu:")
    1
    >>> with_prefixes("SELECT * WHERE { ?s a alu:Enterprise }").startswith("PREFIX alu: <https://w3id.org/")
    True
    """
    from alucluster.ontology.vocab import PREFIXES

    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return " ".join(missing) + "\n" + text if missing else text


def _execute(text: str, named, *, graph, store, bindings, max_rows, cap=False):
    from alucluster.graph.store import load_graph

    text = with_prefixes(text)
    check_query(text)
    init = {}
    for name, value in (bindings or {}).items():
        allowed = named.parameters if named is not None else None
        if allowed is not None and name not in allowed:
            raise QueryError(
                f"query {named.name!r} has no parameter {name!r} (it has: {', '.join(allowed) or 'none'})"
            )
        if allowed is None and not re.search(rf"[?$]{re.escape(name)}\b", text):
            raise QueryError(f"the query has no variable ?{name} to bind")
        init[name] = _to_term(name, value)
    g = load_graph(graph, store=store)
    with no_network():
        try:
            # Oxigraph takes the text; rdflib re-parses it (cheap) so both paths see the same query.
            result = g.query(text, initBindings=init)
            if result.type == "SELECT":
                if max_rows is None:
                    _ = result.bindings  # evaluate now, inside the network guard
                else:
                    # read lazily so a huge result is refused without being built in memory
                    rows, names = [], list(result.vars)
                    result.capped = False
                    for row in result:
                        rows.append({v: t for v, t in zip(names, row) if t is not None})
                        if len(rows) > max_rows:
                            if not cap:
                                raise QueryError(f"the result has more than {max_rows} rows: add a LIMIT")
                            rows.pop()
                            result.capped = True
                            break
                    # an islice replaces rdflib's half-read row generator (a plain list would be
                    # topped up with the rest of it on the next read of .bindings)
                    result.bindings = itertools.islice(rows, None)
        except QueryError:
            raise
        except MemoryError:
            raise QueryError("the query needs too much memory: narrow it or add a LIMIT") from None
        except Exception as exc:  # evaluation errors of either engine, reported in one line
            raise QueryError(f"query failed: {first_line(exc)}") from None
    return result


def plain_value(term):
    """A Python value for a result cell: numbers as int/float, text as str, unbound as None.

    Numbers are normalised so every store prints them alike: ``100000.0`` -> ``100000``.

    >>> from rdflib import Literal, XSD
    >>> plain_value(Literal("100000.0", datatype=XSD.decimal)), plain_value(Literal("11.60", datatype=XSD.decimal))
    (100000, 11.6)
    >>> plain_value(Literal("Guangyuan", lang="en")), plain_value(None)
    ('Guangyuan', None)
    """
    from rdflib import Literal
    from rdflib.namespace import XSD

    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype
        if dt in (XSD.decimal, XSD.double, XSD.float, XSD.integer, XSD.int, XSD.long,
                  XSD.nonNegativeInteger, XSD.positiveInteger, XSD.short):
            try:
                d = Decimal(str(term))
            except InvalidOperation:
                return str(term)
            if d == d.to_integral_value():
                return int(d)
            return float(d)
        if dt == XSD.boolean:
            return str(term).lower() in ("true", "1")
    return str(term)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def result_rows(result) -> tuple[list[str], list[list]]:
    """The columns and rows of a SELECT result as plain Python values (see :func:`plain_value`).

    :param result: an ``rdflib`` SELECT Result.
    :raises QueryError: when the result is not a SELECT result.
    """
    if result.type != "SELECT":
        raise QueryError(f"a {result.type} result has no rows")
    cols = [str(v) for v in result.vars]
    rows = [[plain_value(row.get(v) if hasattr(row, "get") else row[i]) for i, v in enumerate(result.vars)]
            for row in result.bindings]
    return cols, rows


#: Datatype -> lexical forms Turtle writes without quotes (INTEGER, DECIMAL, DOUBLE, BooleanLiteral).
_TURTLE_SHORTHAND = {
    "http://www.w3.org/2001/XMLSchema#integer": r"[+-]?\d+",
    "http://www.w3.org/2001/XMLSchema#decimal": r"[+-]?\d*\.\d+",
    "http://www.w3.org/2001/XMLSchema#double": r"[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+",
    "http://www.w3.org/2001/XMLSchema#boolean": r"true|false",
}


def _tsv_term(term) -> str:
    r"""One TSV cell: the term in Turtle syntax, a literal's text escaped onto one line.

    >>> from rdflib import Literal, URIRef
    >>> _tsv_term(Literal("a\tb\nc", lang="en")), _tsv_term(URIRef("urn:x"))
    ('"a\\tb\\nc"@en', '<urn:x>')
    """
    from rdflib import Literal
    from rdflib.namespace import XSD

    if not isinstance(term, Literal):
        return term.n3()
    text = str(term)
    shorthand = _TURTLE_SHORTHAND.get(str(term.datatype))
    if shorthand is not None and re.fullmatch(shorthand, text):
        return text  # Turtle's bare form of a number or boolean, as the TSV recommendation writes 123
    if not any(c in text for c in "\n\r\t") and term.datatype in (None, XSD.string):
        return term.n3()
    # rdflib would write a multi-line """...""" string, which breaks the row: escape as SPARQL TSV says
    quoted = '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\t", "\\t")) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def sparql_tsv(result) -> str:
    """A SELECT or ASK result in the SPARQL 1.1 TSV format (rdflib has no serializer for it).

    Header ``?var`` names, one line per solution, every term in Turtle syntax, an unbound cell empty.

    :param result: an ``rdflib`` SELECT or ASK Result.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:x"), rdflib.RDFS.label, rdflib.Literal("x", lang="en")))
    >>> print(sparql_tsv(run("SELECT ?s ?l WHERE { ?s ?p ?l }", graph=g)), end="")
    ?s	?l
    <urn:x>	"x"@en
    """
    if result.type == "ASK":
        return "?_askResult\n" + ("true\n" if result.askAnswer else "false\n")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.bindings:
        lines.append("\t".join("" if row.get(v) is None else _tsv_term(row.get(v)) for v in result.vars))
    return "\n".join(lines) + "\n"


def _graph_text(graph, fmt: str) -> str:
    from alucluster.graph.build import _bind

    _bind(graph)
    rdf = {"json": "json-ld", "sparql-json": "json-ld", "sparql-xml": "xml"}.get(fmt, "turtle")
    return graph.serialize(format=rdf)


def format_result(result, fmt: str = "table") -> str:
    """Render a result: ``table`` (aligned text), ``csv``, ``tsv``, ``sparql-json`` (alias ``json``), ``sparql-xml``.

    ``sparql-json``, ``sparql-xml`` and ``tsv`` follow the W3C SPARQL 1.1 result formats exactly
    (every term with its type, language and datatype). ``csv`` has exactly the SELECT variables as
    columns and plain values (numbers in their shortest form, ``100000`` for ``100000.0``), as the named
    queries' column contract says. ASK gives ``true``/``false`` in ``table`` and ``csv``; CONSTRUCT and
    DESCRIBE give Turtle, JSON-LD with ``sparql-json``/``json`` and RDF/XML with ``sparql-xml``.

    :param result: an ``rdflib`` Result from :func:`run`.
    :param fmt: one of :data:`FORMATS`.
    :raises QueryError: for an unknown format.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:x"), rdflib.RDFS.label, rdflib.Literal(2.5)))
    >>> print(format_result(run("SELECT ?s ?v WHERE { ?s ?p ?v }", graph=g), "csv"), end="")
    s,v
    urn:x,2.5
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _graph_text(result.graph, fmt)
    if fmt in ("json", "sparql-json", "sparql-xml"):
        text = result.serialize(format="xml" if fmt == "sparql-xml" else "json")
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        return text if text.endswith("\n") else text + "\n"
    if fmt == "tsv":
        return sparql_tsv(result)
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    cols, rows = result_rows(result)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(v) for v in r])
        return buf.getvalue()
    cells = [[_cell(v).replace("\n", " ") for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    widths = [min(w, 80) for w in widths]

    def line(values):
        return "  ".join(v[:80].ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
