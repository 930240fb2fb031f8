"""Where graphs live: loading graph files, the in-memory and Oxigraph stores, pushing to a remote store.

Two local stores answer the same SPARQL: rdflib's in-memory store (fastest on small graphs) and an
on-disk Oxigraph store (pyoxigraph through oxrdflib) for corpora. The Oxigraph copy of a graph file
is kept under ``<folder>/.cache/`` keyed by the file's content, so it is built once and never stale;
its data sits in one named graph with the fixed identifier :data:`GRAPH_IRI`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from alucluster.graph._io import first_line
from alucluster.ontology.errors import GraphError, StoreError

__all__ = [
    "AUTO_OXIGRAPH_BYTES",
    "FORMATS",
    "GRAPH_IRI",
    "load_graph",
    "oxigraph_store_for",
    "PUSH_TIMEOUTS",
    "detect_protocol",
    "push",
    "resolve_store",
    "to_oxigraph",
]

#: rdflib parser names by file suffix.
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".owl": "xml", ".rdf": "xml"}

#: The fixed identifier of the graph inside an Oxigraph store (and the default push target).
GRAPH_IRI = "https://w3id.org/alucluster/graph"

#: ``store="auto"`` picks Oxigraph for graph files larger than this (about 150k triples of Turtle).
AUTO_OXIGRAPH_BYTES = 8_000_000

_OX_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".owl": "RDF_XML",
               ".rdf": "RDF_XML"}


def _check_file(path: Path) -> str:
    if not path.is_file():
        raise GraphError(f"no graph at {path}: run `alucluster build` first or pass --graph")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format {path.suffix!r} (use {', '.join(sorted(FORMATS))})")
    return fmt


def resolve_store(source, store: str = "auto") -> str:
    """``memory`` or ``oxigraph``: the store ``load_graph`` would use for ``source``.

    :param source: a graph file path or an ``rdflib.Graph``.
    :param store: ``auto``, ``memory`` or ``oxigraph``; ``auto`` picks Oxigraph for big files.
    :raises GraphError: for an unknown store name.

    >>> resolve_store("small.ttl", "memory"), resolve_store("x.ttl", "oxigraph")
    ('memory', 'oxigraph')
    """
    if store not in ("auto", "memory", "oxigraph"):
        raise GraphError(f"unknown store {store!r} (use auto, memory or oxigraph)")
    if store != "auto":
        return store
    try:
        big = Path(source).stat().st_size > AUTO_OXIGRAPH_BYTES
    except (TypeError, OSError):
        big = False
    return "oxigraph" if big else "memory"


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def oxigraph_store_for(path, *, create: bool = True) -> Path:
    """The folder of the on-disk Oxigraph copy of the graph file ``path``, built when missing.

    The folder is ``<folder>/.cache/oxigraph-<stem>-<content hash>``; it is loaded into a temporary
    folder and renamed into place, so a crash never leaves a half-loaded store behind.

    :param path: a ``.ttl``, ``.nt``, ``.jsonld`` or RDF/XML graph file.
    :param create: load the store when it does not exist yet.
    :raises GraphError: when the file is missing or cannot be parsed.
    """
    import pyoxigraph as ox

    path = Path(path)
    _check_file(path)
    cache = path.parent / ".cache"
    target = cache / f"oxigraph-{path.stem}-{_file_digest(path)}"
    if target.is_dir() or not create:
        return target
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".oxigraph-"))
    except OSError as exc:
        raise GraphError(f"cannot create the Oxigraph store in {cache}: {exc.strerror or exc}") from None
    try:
        st = ox.Store(str(tmp))
        try:
            st.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[path.suffix.lower()]),
                         to_graph=ox.NamedNode(GRAPH_IRI))
        except (SyntaxError, ValueError, OSError) as exc:
            raise GraphError(f"{path}: cannot parse: {first_line(exc)}") from None
        st.flush()
        del st
        try:
            os.replace(tmp, target)
        except OSError as exc:
            if not target.is_dir():  # else another process won the race: its copy is identical
                raise GraphError(f"cannot create the Oxigraph store {target}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _oxigraph_graph(ox_store):
    import rdflib
    from alucluster.graph.build import _bind
    from oxrdflib import OxigraphStore

    g = rdflib.Graph(store=OxigraphStore(store=ox_store), identifier=rdflib.URIRef(GRAPH_IRI))
    _bind(g)
    return g


def to_oxigraph(graph):
    """An in-memory Oxigraph copy of an rdflib graph (same triples, queried by Oxigraph).

    :param graph: an ``rdflib.Graph``.

    >>> import rdflib
    >>> g = rdflib.Graph(); _ = g.add((rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("a")))
    >>> len(to_oxigraph(g))
    1
    """
    import pyoxigraph as ox

    st = ox.Store()
    st.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                 to_graph=ox.NamedNode(GRAPH_IRI))
    return _oxigraph_graph(st)


def load_graph(source, *, store: str = "auto"):
    """The graph in ``source``: a path to a graph file, or an ``rdflib.Graph``.

    :param source: a ``Path``/``str`` to a ``.ttl``, ``.nt`` or ``.jsonld`` file, or a graph
        (returned as is with the memory store, copied into Oxigraph with ``store="oxigraph"``).
    :param store: ``memory`` (rdflib), ``oxigraph`` (on-disk copy beside the file, read-only) or
        ``auto`` (Oxigraph for big files, see :func:`resolve_store`).
    :raises GraphError: when the file is missing, of an unknown format, or cannot be parsed.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> load_graph(g) is g
    True
    >>> load_graph("no/such/graph.ttl")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.GraphError: no graph at no/such/graph.ttl: run `alucluster build` first or pass --graph
    """
    import rdflib

    kind = resolve_store(source, store)
    if isinstance(source, rdflib.Graph):
        if kind == "oxigraph" and not _is_oxigraph(source):
            return to_oxigraph(source)
        return source
    path = Path(source)
    fmt = _check_file(path)
    if kind == "oxigraph":
        import pyoxigraph as ox

        folder = oxigraph_store_for(path)
        return _oxigraph_graph(ox.Store.read_only(str(folder)))
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise GraphError(f"{path}: cannot parse as {fmt}: {first_line(exc)}") from None
    return graph


def _is_oxigraph(graph) -> bool:
    return type(graph.store).__name__ == "OxigraphStore"


#: Seconds to wait: to connect (a wrong host or port fails fast), then for each read while the
#: store answers (loading a big graph takes a while), for each write, and for a free connection.
PUSH_TIMEOUTS = {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 5.0}

#: Triples per INSERT DATA request: Virtuoso refuses an update whose SQL translation passes 10000
#: lines, which about 5000 triples of literals reach.
UPDATE_BATCH = 500

#: What an HTTP status from a store usually means, in words.
_STATUS_MEANING = {
    400: "the store could not parse the request",
    401: "wrong user or password",
    403: "the user may not write there",
    404: "no such service at this URL",
    405: "this URL does not take this protocol (try --protocol gsp or update)",
    413: "the graph is larger than the store accepts in one request",
    415: "the store does not accept this content type",
}


def detect_protocol(endpoint: str) -> str:
    """``gsp`` or ``update``: the protocol a store URL speaks, from its path, where that is unambiguous.

    Virtuoso's ``/sparql-graph-crud`` and ``/sparql-graph-crud-auth`` are its Graph Store Protocol
    services, ``/sparql-auth`` its authenticated SPARQL endpoint (updates); Fuseki-style
    ``.../update`` and ``.../data`` likewise.

    :param endpoint: the store URL.
    :raises StoreError: when the path says nothing (pass ``--protocol``).

    >>> detect_protocol("http://127.0.0.1:8890/sparql-auth"), detect_protocol("http://h/sparql-graph-crud-auth")
    ('update', 'gsp')
    >>> detect_protocol("http://h/ds/update"), detect_protocol("http://h/ds/data")
    ('update', 'gsp')
    """
    path = urlsplit(endpoint).path.rstrip("/")
    last = path.rsplit("/", 1)[-1].lower()
    if last.startswith("sparql-graph-crud") or last in ("data", "rdf-graphs", "statements"):
        return "gsp"
    if last in ("sparql-auth", "sparql", "update"):
        return "update"
    raise StoreError(f"cannot tell the protocol of {endpoint} from its path: pass --protocol gsp or --protocol update")


def _auth_request(client, method: str, url: str, *, user, password, **kwargs):
    import httpx

    if user is None:
        return client.request(method, url, **kwargs)
    resp = client.request(method, url, auth=httpx.DigestAuth(user, password or ""), **kwargs)
    if resp.status_code == 401 and resp.headers.get("www-authenticate", "").lower().startswith("basic"):
        resp = client.request(method, url, auth=httpx.BasicAuth(user, password or ""), **kwargs)
    return resp


def push(graph, *, endpoint: str, named_graph: str | None = None, user: str | None = None,
         password: str | None = None, protocol: str = "auto", timeouts: dict | None = None) -> int:
    """Load the graph into an external SPARQL 1.1 store; the number of triples sent.

    The target named graph is replaced, so pushing twice leaves the same data. With the Graph Store
    Protocol (``protocol="gsp"``) the graph is sent in one ``PUT`` of N-Triples; with
    ``protocol="update"`` (SPARQL 1.1 Update) as ``DROP SILENT GRAPH`` then ``INSERT DATA`` batches.
    ``auto`` reads the protocol from the URL (:func:`detect_protocol`). Digest authentication,
    falling back to basic when the server asks.

    :param graph: a graph file or an ``rdflib.Graph``.
    :param endpoint: the store's GSP or SPARQL Update URL (``http`` or ``https``).
    :param named_graph: the target graph IRI; default :data:`GRAPH_IRI`.
    :param user: user name for authentication, if any.
    :param password: its password.
    :param protocol: ``auto``, ``gsp`` or ``update``.
    :param timeouts: seconds for ``connect``, ``read``, ``write`` and ``pool``; default :data:`PUSH_TIMEOUTS`.
    :raises StoreError: when the store cannot be reached, refuses the data or the protocol is unclear,
        in one line that says what the HTTP status means.
    :raises GraphError: when the graph file is missing or unparsable.

    >>> push("no/such/graph.ttl", endpoint="ftp://x")
    Traceback (most recent call last):
    ...
    alucluster.ontology.errors.StoreError: endpoint must be an http(s) URL, got 'ftp://x'
    """
    import httpx

    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    if protocol not in ("auto", "gsp", "update"):
        raise StoreError(f"unknown protocol {protocol!r} (use auto, gsp or update)")
    if protocol == "auto":
        protocol = detect_protocol(endpoint)
    g = load_graph(graph, store="memory")
    target = named_graph or GRAPH_IRI
    body = g.serialize(format="nt", encoding="utf-8")
    lines = [ln for ln in body.decode("utf-8").splitlines() if ln.strip()]
    limits = {**PUSH_TIMEOUTS, **(timeouts or {})}
    try:
        with httpx.Client(timeout=httpx.Timeout(**limits), trust_env=False) as client:
            if protocol == "gsp":
                resp = _auth_request(client, "PUT", endpoint, user=user, password=password,
                                     params={"graph": target}, content="\n".join(lines).encode("utf-8"),
                                     headers={"Content-Type": "application/n-triples"})
                _check(resp, endpoint, user)
            else:
                resp = _auth_request(client, "POST", endpoint, user=user, password=password,
                                     data={"update": f"DROP SILENT GRAPH <{target}>"})
                _check(resp, endpoint, user)
                for i in range(0, len(lines), UPDATE_BATCH):
                    chunk = "\n".join(lines[i:i + UPDATE_BATCH])
                    resp = _auth_request(client, "POST", endpoint, user=user, password=password,
                                         data={"update": f"INSERT DATA {{ GRAPH <{target}> {{\n{chunk}\n}} }}"})
                    _check(resp, endpoint, user)
    except httpx.TimeoutException as exc:
        kind = {httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "read", httpx.WriteTimeout: "write",
                httpx.PoolTimeout: "pool"}.get(type(exc), "read")
        raise StoreError(f"{endpoint}: no answer within the {kind} timeout of {limits[kind]:g} s "
                         f"(is it the right URL and protocol? this push used {protocol})") from None
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach {endpoint}: {first_line(exc)}") from None
    return len(lines)


def _check(resp, endpoint: str, user: str | None = None) -> None:
    if resp.status_code < 400:
        return
    meaning = _STATUS_MEANING.get(resp.status_code)
    if resp.status_code == 401 and user is None:
        meaning = "the store needs a user and password (--user)"
    if meaning is None:
        meaning = "the store refused the data"
    detail = " ".join(resp.text.split())[:160]
    raise StoreError(f"{resp.status_code}: {meaning} for {endpoint}" + (f" ({detail})" if detail and resp.status_code not in (401,) else ""))
