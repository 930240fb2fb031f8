"""A read-only SPARQL 1.1 Protocol endpoint over the cluster graph, with an offline query page.

``GET``/``POST /sparql`` answer queries (``query=`` parameter, ``application/sparql-query`` body or
a form; ``name=`` runs a packaged named query instead; client text is only ever taken as SPARQL) as
SPARQL JSON, XML, CSV or TSV, and CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML, chosen
by a ``format=`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``nt``, ``json-ld`` or a
media type) or else the ``Accept`` header. The project's prefixes are predefined. Updates,
``SERVICE``, ``LOAD`` and ``FROM`` are refused (see :func:`alucluster.graph.query.check_query`), so
the server never makes an outbound request.

``/`` is YASGUI (vendored in ``static/yasgui/``, see its ``VERSION`` and ``LICENSE``) on this
endpoint, with the prefixes and the named queries; it loads nothing from any other host. Results
show as a table (sortable, filterable, downloadable as CSV) or as the raw response; YASGUI 4.6
ships no chart plugin, so there are no charts.

Each query runs in a forked worker process that holds a copy-on-write view of the graph: a query
over the time limit is killed and answered with an error while the server keeps serving others;
its address space is capped (``WORKER_MEMORY`` above what it inherits). A result above ``max_rows``
rows (or triples) is cut to ``max_rows`` after reading at most ``max_rows + 1`` rows, never silently:
the response carries the :data:`NOTICE_HEADER` saying so, which the query page shows. Error responses
are one line of text, never a traceback. CORS is off unless ``cors`` origins are given (``*`` for
any): then the read-only endpoint answers those origins, preflight included, never with credentials.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading

from alucluster.ontology.errors import AluclusterError, QueryError

__all__ = ["FORMAT_NAMES", "GRAPH_TYPES", "NOTICE_HEADER", "SELECT_TYPES", "create_app", "negotiate", "serve"]

#: Media types for SELECT/ASK results, by rdflib result serializer name.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: Media types for CONSTRUCT/DESCRIBE results, by rdflib graph serializer name.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",  # what SPARQLWrapper asks for by default
}

#: ``format=`` short names (as many SPARQL clients send them) -> media type, for each kind of result.
FORMAT_NAMES = {
    "select": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"},
    "graph": {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
              "ntriples": "application/n-triples", "json-ld": "application/ld+json", "jsonld": "application/ld+json",
              "json": "application/ld+json", "xml": "application/rdf+xml", "rdfxml": "application/rdf+xml"},
}
#: The response header saying a result was cut at the row limit (exposed to CORS clients too).
NOTICE_HEADER = "X-Alucluster-Notice"

MAX_BODY = 1 << 20  # a query text larger than 1 MiB is not a query an analyst writes
#: Address space a query worker may add to what it inherits from the server (RLIMIT_AS).
WORKER_MEMORY = 1 << 30

def _page() -> tuple[str, str]:
    """The query page (YASGUI, with the prefixes and named queries as JSON data) and its CSP."""
    from importlib.resources import files

    from alucluster.graph.query import named_queries
    from alucluster.ontology.vocab import PREFIXES

    named = [{"name": q.name, "question": q.question, "text": q.text} for q in named_queries().values()]
    # "</" would end the script element early; JSON allows the escaped form
    data = json.dumps({"prefixes": PREFIXES, "named": named}, ensure_ascii=False).replace("</", "<\\/")
    template = (files("alucluster.graph") / "templates" / "endpoint-query.html").read_text(encoding="utf-8")
    page = template.replace("__CONFIG__", data).replace("__PREFIX_NAMES__", " ".join(f"{p}:" for p in PREFIXES))
    # YASGUI and CodeMirror set inline styles and draw icons as data: images; every script and
    # connection stays on this server
    csp = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return page, csp


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The offered media type that best fits an ``Accept`` header; the first offered for ``*/*``.

    :param accept: the header value (``None`` or empty means anything).
    :param offered: media types in order of preference.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_TYPES), negotiate("image/png", GRAPH_TYPES)
    ('text/turtle', None)
    """
    types = list(offered)
    if not accept or not accept.strip():
        return types[0]
    best, best_q = None, 0.0
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mime, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if mime in ("*/*", "application/*", "text/*"):
            cands = [t for t in types if mime == "*/*" or t.startswith(mime[:-1])]
            cand = cands[0] if cands else None
        else:
            cand = mime if mime in offered else None
        if cand and q > best_q:
            best, best_q = cand, q
    return best


def _choose(kind: str, fmt: str | None, accept: str | None):
    """The media type for a result kind (``select`` or ``graph``): from ``format=`` if given, else Accept.

    :returns: (media type or None, error message when ``fmt`` does not fit).
    """
    offered = SELECT_TYPES if kind == "select" else GRAPH_TYPES
    if fmt:
        mime = FORMAT_NAMES[kind].get(fmt.lower()) or (fmt.lower() if fmt.lower() in offered else None)
        if mime is None:
            names = ", ".join(sorted(set(FORMAT_NAMES[kind])))
            what = "a SELECT or ASK" if kind == "select" else "a CONSTRUCT or DESCRIBE"
            return None, f"format={fmt} does not apply to {what} result (use {names} or a media type)"
        return mime, ""
    mime = negotiate(accept, offered)
    if mime is None:
        formats = "SPARQL JSON, XML, CSV or TSV" if kind == "select" else "Turtle, N-Triples, JSON-LD or RDF/XML"
        return None, f"no acceptable result format: use {formats}"
    return mime, ""


def _serialise(result, kind: str, mime: str, max_rows: int):
    """The body of a result in ``mime`` and the notice when it was cut at ``max_rows``."""
    notice = ""
    if kind == "select":
        if getattr(result, "capped", False):
            notice = f"the result has more than {max_rows} rows: showing the first {max_rows} (add LIMIT/OFFSET to page)"
        fmt = SELECT_TYPES[mime]
        if fmt == "tsv":
            from alucluster.graph.query import sparql_tsv

            return sparql_tsv(result).encode("utf-8"), notice
        if fmt == "csv" and result.type == "ASK":  # rdflib's CSV writer has no boolean form
            return f"_askResult\r\n{'true' if result.askAnswer else 'false'}\r\n", notice
        return result.serialize(format=fmt), notice
    graph = result.graph
    if len(graph) > max_rows:
        import rdflib

        # the first max_rows triples in a fixed order, so the same query gives the same cut
        cut = rdflib.Graph()
        for prefix, ns in graph.namespaces():
            cut.bind(prefix, ns)
        for triple in sorted(graph)[:max_rows]:
            cut.add(triple)
        graph = cut
        notice = f"the result has more than {max_rows} triples: showing {max_rows} (add a LIMIT)"
    return graph.serialize(format=GRAPH_TYPES[mime], encoding="utf-8"), notice


def _evaluate(graph, text: str, accept: str | None, max_rows: int, fmt: str | None = None):
    """Run one query and serialise it: (status, media type, body, notice). Runs in the worker process."""
    from alucluster.graph.query import run_sparql

    try:
        # SPARQL only: client text is never taken as a query name or a file path
        result = run_sparql(text, graph=graph, max_rows=max_rows, cap=True)
        kind = "select" if result.type in ("SELECT", "ASK") else "graph"
        mime, problem = _choose(kind, fmt, accept)
        if mime is None:
            return (400 if fmt else 406), "text/plain", problem, ""
        body, notice = _serialise(result, kind, mime, max_rows)
        if mime.startswith("text/"):
            mime += "; charset=utf-8"
        return 200, mime, body, notice
    except QueryError as exc:
        status = 403 if "refused" in str(exc) else 400
        return status, "text/plain", str(exc), ""
    except AluclusterError as exc:
        return 400, "text/plain", str(exc), ""
    except MemoryError:
        return 503, "text/plain", "the query needs too much memory: narrow it or add a LIMIT", ""
    except Exception as exc:  # never leak a traceback to the client
        return 500, "text/plain", f"internal error ({type(exc).__name__})", ""


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus ``extra`` bytes (Linux)."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + extra, resource.RLIM_INFINITY))
    except (OSError, ValueError):  # no /proc or a hard limit below ours: run with what there is
        pass


def _worker(conn, graph, text, accept, max_rows, fmt):  # pragma: no cover - runs in the child process
    try:
        _limit_memory(WORKER_MEMORY)
        status, mime, body, notice = _evaluate(graph, text, accept, max_rows, fmt)
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.send((status, mime, body, notice))
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and inherited server state of the parent


class _Runner:
    """Runs queries in forked workers with a time limit."""

    def __init__(self, graph, *, timeout: float, max_rows: int, workers: int = 4):
        self.graph = graph
        self.timeout = timeout
        self.max_rows = max_rows
        self.ctx = multiprocessing.get_context("fork")
        # a flood of slow queries must not fork without bound
        self.slots = threading.BoundedSemaphore(workers)

    def __call__(self, text: str, accept: str | None, fmt: str | None = None):
        if not self.slots.acquire(timeout=self.timeout):
            return 503, "text/plain", "the server is busy with other queries: try again later", ""
        try:
            return self._run(text, accept, fmt)
        finally:
            self.slots.release()

    def _run(self, text: str, accept: str | None, fmt: str | None):
        parent, child = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker, args=(child, self.graph, text, accept, self.max_rows, fmt),
                                daemon=True)
        proc.start()
        child.close()
        try:
            if parent.poll(self.timeout):
                try:
                    return parent.recv()
                except EOFError:
                    return 500, "text/plain", "internal error (the query worker stopped)", ""
            return 503, "text/plain", f"the query took longer than {self.timeout:g} s and was stopped", ""
        finally:
            parent.close()
            if proc.is_alive():
                proc.kill()
            proc.join()


class _Refusal(Exception):
    """A request answered with a one-line error (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def _read_query(request) -> tuple[str | None, str | None, str | None]:
    """(query text, named query, format) of a SPARQL Protocol request; raises :class:`_Refusal`."""
    from urllib.parse import parse_qs

    params = request.query_params
    if "update" in params:
        raise _Refusal(403, "UPDATE is refused: the graph is read-only here")
    text, name, fmt = params.get("query"), params.get("name"), params.get("format")
    if request.method != "POST":
        return text, name, fmt
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise _Refusal(400, "the Content-Length header is not a number") from None
    if length > MAX_BODY:
        raise _Refusal(413, f"the request body is larger than {MAX_BODY} bytes")
    # read chunk by chunk: a chunked upload has no Content-Length to check first
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _Refusal(413, f"the request body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if ctype == "application/sparql-update":
        raise _Refusal(403, "UPDATE is refused: the graph is read-only here")
    if ctype == "application/sparql-query":
        try:
            return body.decode("utf-8"), name, fmt
        except UnicodeDecodeError:
            raise _Refusal(400, "the query is not UTF-8") from None
    if ctype == "application/x-www-form-urlencoded":
        # urlencoded only, so the standard library parser does (no python-multipart needed)
        try:
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            raise _Refusal(400, "the form is not UTF-8") from None
        if "update" in form:
            raise _Refusal(403, "UPDATE is refused: the graph is read-only here")
        return form.get("query", text), form.get("name", name), form.get("format", fmt)
    raise _Refusal(415, "send the query as application/sparql-query or a form with query=")


def create_app(graph, *, timeout: float = 10.0, max_rows: int = 10000, cors: list[str] | None = None):
    """The Starlette application serving ``graph``: ``/`` (YASGUI query page), ``/static/``, ``/sparql``.

    :param graph: a graph file or an ``rdflib.Graph``; a file is loaded once, here.
    :param timeout: seconds a query may run before it is stopped.
    :param max_rows: most result rows (or triples) returned; larger results are cut, with a notice.
    :param cors: origins (``http://host:port``) whose pages may query the endpoint, ``["*"]`` for
        any; none by default (no CORS headers at all). Never with credentials.
    :raises GraphError: when the graph file is missing or unparsable.
    :raises QueryError: for a non-positive limit or a malformed origin.
    """
    import anyio
    from alucluster.graph.query import named_queries
    from alucluster.graph.store import load_graph
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route

    if timeout <= 0 or max_rows <= 0:
        raise QueryError("timeout and max_rows must be positive")
    middleware = _cors_middleware(cors)
    g = load_graph(graph)
    runner = _Runner(g, timeout=timeout, max_rows=max_rows)
    page, csp = _page()
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={**headers, "Content-Security-Policy": csp})

    async def options(request: Request) -> Response:
        # reached only when CORS is off (the middleware answers preflights itself): say what is allowed
        return Response(status_code=204, headers={**headers, "Allow": "GET, POST, OPTIONS"})

    async def sparql(request: Request) -> Response:
        try:
            text, name, fmt = await _read_query(request)
        except _Refusal as exc:
            return error(exc.status, str(exc))
        if name is not None and not text:
            # packaged names only, looked up in a dict: never a path
            named = named_queries().get(name)
            if named is None:
                return error(404, f"unknown named query {name!r}")
            text = named.text
        if not text or not str(text).strip():
            return error(400, "no query: pass query=... (GET or form POST) or a application/sparql-query body")
        status, mime, body, notice = await anyio.to_thread.run_sync(
            runner, str(text), request.headers.get("accept"), fmt)
        if status != 200:
            return error(status, body.decode("utf-8") if isinstance(body, bytes) else body)
        extra = {NOTICE_HEADER: notice} if notice else {}
        return Response(body, status_code=200, media_type=mime, headers={**headers, **extra})

    async def not_found(request: Request, exc) -> Response:
        if getattr(exc, "status_code", 404) == 405:
            return error(405, "method not allowed: use GET or POST")
        return error(404, "not found: use / for the query page or /sparql")

    async def server_error(request: Request, exc) -> Response:
        return error(500, "internal error")

    return Starlette(
        debug=False,
        routes=[Route("/", index, methods=["GET"]), Route("/sparql", sparql, methods=["GET", "POST"]),
                Route("/sparql", options, methods=["OPTIONS"]), Mount("/static", app=_static_files(), name="static")],
        exception_handlers={404: not_found, 405: not_found, 500: server_error},
        middleware=middleware,
    )


def _static_files():
    from importlib.resources import files

    from starlette.staticfiles import StaticFiles

    return StaticFiles(directory=str(files("alucluster.graph") / "static"))


def _cors_middleware(cors: list[str] | None) -> list:
    """Starlette's CORS middleware for ``cors`` origins (read-only methods, no credentials), or none."""
    from urllib.parse import urlsplit

    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware

    origins = [o.strip().rstrip("/") for o in cors or [] if o.strip()]
    if not origins:
        return []
    for origin in origins:
        parts = urlsplit(origin)
        if origin != "*" and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path):
            raise QueryError(f"--cors takes an origin such as http://127.0.0.1:3000 or *, got {origin!r}")
    return [Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"], allow_credentials=False,
                       expose_headers=[NOTICE_HEADER], max_age=600)]


def serve(graph, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0, max_rows: int = 10000,
          cors: list[str] | None = None) -> None:
    """Serve ``graph`` over HTTP until interrupted (uvicorn).

    :param graph: a graph file or an ``rdflib.Graph``.
    :param host: interface to bind; loopback by default so nothing is exposed by accident.
    :param port: TCP port.
    :param timeout: seconds a query may run.
    :param max_rows: most result rows returned.
    :param cors: origins allowed to query from their pages (see :func:`create_app`).
    :raises GraphError: when the graph file is missing or unparsable.
    :raises QueryError: for a malformed ``cors`` origin.
    :raises StoreError: when the address cannot be bound (port in use, no such interface).
    """
    import socket

    import uvicorn

    from alucluster.ontology.errors import StoreError

    app = create_app(graph, timeout=timeout, max_rows=max_rows, cors=cors)
    # bind here, before uvicorn, so a busy port is one clear error rather than a log line and exit 1
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, _, _, addr = infos[0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(addr)
            sock.listen(128)
        except OSError:
            sock.close()
            raise
    except (OSError, OverflowError) as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    # the one line a user needs: where to point the browser (uvicorn itself logs warnings only)
    print(f"serving SPARQL on http://{host}:{port}/sparql and the query page on http://{host}:{port}/",
          file=sys.stderr, flush=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
