"""A read-only SPARQL 1.1 Protocol endpoint over the cluster graph, with an offline query page.

``GET``/``POST /sparql`` answer queries (``query=`` parameter, ``application/sparql-query`` body or
a form; ``name=`` runs a packaged named query instead; client text is only ever taken as SPARQL) as SPARQL JSON, XML, CSV or TSV, and CONSTRUCT/DESCRIBE as Turtle, N-Triples or JSON-LD,
chosen by the ``Accept`` header. Updates, ``SERVICE``, ``LOAD`` and ``FROM`` are refused (see
:func:`alucluster.graph.query.check_query`), so the server never makes an outbound request.

Each query runs in a forked worker process that holds a copy-on-write view of the graph: a query
over the time limit is killed and answered with an error while the server keeps serving others;
its address space is capped (``WORKER_MEMORY`` above what it inherits). Results above ``max_rows``
rows (or triples) are refused rather than silently cut, after reading at most ``max_rows + 1`` rows. Error responses
are one line of text, never a traceback. No CORS headers are sent, so other web sites cannot read
the endpoint from a user's browser.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
from urllib.parse import parse_qs

from alucluster.graph._io import csp_source
from alucluster.ontology.errors import AluclusterError, QueryError

__all__ = ["GRAPH_TYPES", "SELECT_TYPES", "create_app", "negotiate", "serve"]

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

MAX_BODY = 1 << 20  # a query text larger than 1 MiB is not a query an analyst writes
#: Address space a query worker may add to what it inherits from the server (RLIMIT_AS).
WORKER_MEMORY = 1 << 30

_SCRIPT = r"""
const named = JSON.parse(document.getElementById('named').textContent);
const list = document.getElementById('queries');
const box = document.getElementById('query');
const statusEl = document.getElementById('status');
const out = document.getElementById('result');
for (const q of named) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button'; b.textContent = q.name; b.title = q.question;
  b.addEventListener('click', () => { box.value = q.text; });
  li.appendChild(b);
  li.appendChild(document.createTextNode(' \u2014 ' + q.question));
  list.appendChild(li);
}
if (named.length) box.value = named[0].text;
document.getElementById('form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  statusEl.className = ''; statusEl.textContent = 'running\u2026'; out.replaceChildren();
  const body = new URLSearchParams({query: box.value});
  try {
    const r = await fetch('sparql', {method: 'POST', body: body,
      headers: {'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
    const text = await r.text();
    if (!r.ok) { statusEl.className = 'error'; statusEl.textContent = text; return; }
    if ((r.headers.get('content-type') || '').includes('json')) {
      const data = JSON.parse(text);
      if ('boolean' in data) { statusEl.textContent = String(data.boolean); return; }
      const table = document.createElement('table');
      const head = table.insertRow();
      for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
      for (const row of data.results.bindings) {
        const tr = table.insertRow();
        for (const v of data.head.vars) { tr.insertCell().textContent = row[v] ? row[v].value : ''; }
      }
      out.appendChild(table);
      statusEl.textContent = data.results.bindings.length + ' rows';
    } else {
      const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
      statusEl.textContent = 'done';
    }
  } catch (e) { statusEl.className = 'error'; statusEl.textContent = String(e); }
});
"""


def _page() -> tuple[str, str]:
    """The query page and its Content-Security-Policy (the inline script allowed by hash only)."""
    from importlib.resources import files

    from alucluster.graph.query import named_queries

    named = [{"name": q.name, "question": q.question, "text": q.text} for q in named_queries().values()]
    # "</" would end the script element early; JSON allows the escaped form
    data = json.dumps(named, ensure_ascii=False).replace("</", "<\\/")
    template = (files("alucluster.graph") / "templates" / "endpoint-query.html").read_text(encoding="utf-8")
    page = template.replace("__NAMED__", data).replace("__SCRIPT__", _SCRIPT)
    style = template.split("<style>", 1)[1].split("</style>", 1)[0]
    csp = (f"default-src 'none'; script-src {csp_source(_SCRIPT)}; style-src {csp_source(style)}; "
           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
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
    if not any(c in text for c in "\n\r\t") and term.datatype in (None, XSD.string, XSD.integer, XSD.decimal):
        return term.n3()
    # rdflib would write a multi-line """...""" string, which breaks the row: escape as SPARQL TSV says
    quoted = '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\t", "\\t")) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _tsv(result) -> bytes:
    """SPARQL 1.1 TSV (rdflib has no serializer for it): terms in Turtle syntax, ``?var`` header."""
    if result.type == "ASK":
        return b"?_askResult\n" + (b"true\n" if result.askAnswer else b"false\n")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.bindings:
        lines.append("\t".join("" if row.get(v) is None else _tsv_term(row.get(v)) for v in result.vars))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _evaluate(graph, text: str, accept: str | None, max_rows: int):
    """Run one query and serialise it: (status, media type, body). Runs in the worker process."""
    from alucluster.graph.query import run_sparql

    try:
        # SPARQL only: client text is never taken as a query name or a file path
        result = run_sparql(text, graph=graph, max_rows=max_rows)
        if result.type in ("SELECT", "ASK"):
            mime = negotiate(accept, SELECT_TYPES)
            if mime is None:
                return 406, "text/plain", "no acceptable result format: use SPARQL JSON, XML, CSV or TSV"
            fmt = SELECT_TYPES[mime]
            if fmt == "tsv":
                body = _tsv(result)
            elif fmt == "csv" and result.type == "ASK":  # rdflib's CSV writer has no boolean form
                body = f"_askResult\r\n{'true' if result.askAnswer else 'false'}\r\n"
            else:
                body = result.serialize(format=fmt)
        else:
            mime = negotiate(accept, GRAPH_TYPES)
            if mime is None:
                return 406, "text/plain", "no acceptable result format: use Turtle, N-Triples or JSON-LD"
            if len(result.graph) > max_rows:
                return 400, "text/plain", f"the result has more than {max_rows} triples: add a LIMIT"
            body = result.graph.serialize(format=GRAPH_TYPES[mime], encoding="utf-8")
        if mime == "text/csv" or mime.startswith("text/"):
            mime += "; charset=utf-8"
        return 200, mime, body
    except QueryError as exc:
        status = 403 if "refused" in str(exc) else 400
        return status, "text/plain", str(exc)
    except AluclusterError as exc:
        return 400, "text/plain", str(exc)
    except MemoryError:
        return 503, "text/plain", "the query needs too much memory: narrow it or add a LIMIT"
    except Exception as exc:  # never leak a traceback to the client
        return 500, "text/plain", f"internal error ({type(exc).__name__})"


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus ``extra`` bytes (Linux)."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + extra, resource.RLIM_INFINITY))
    except (OSError, ValueError):  # no /proc or a hard limit below ours: run with what there is
        pass


def _worker(conn, graph, text, accept, max_rows):  # pragma: no cover - runs in the child process
    try:
        _limit_memory(WORKER_MEMORY)
        status, mime, body = _evaluate(graph, text, accept, max_rows)
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.send((status, mime, body))
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

    def __call__(self, text: str, accept: str | None):
        if not self.slots.acquire(timeout=self.timeout):
            return 503, "text/plain", "the server is busy with other queries: try again later"
        try:
            return self._run(text, accept)
        finally:
            self.slots.release()

    def _run(self, text: str, accept: str | None):
        parent, child = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker, args=(child, self.graph, text, accept, self.max_rows), daemon=True)
        proc.start()
        child.close()
        try:
            if parent.poll(self.timeout):
                try:
                    return parent.recv()
                except EOFError:
                    return 500, "text/plain", "internal error (the query worker stopped)"
            return 503, "text/plain", f"the query took longer than {self.timeout:g} s and was stopped"
        finally:
            parent.close()
            if proc.is_alive():
                proc.kill()
            proc.join()


def create_app(graph, *, timeout: float = 10.0, max_rows: int = 10000):
    """The Starlette application serving ``graph``: ``/`` (query page) and ``/sparql``.

    :param graph: a graph file or an ``rdflib.Graph``; a file is loaded once, here.
    :param timeout: seconds a query may run before it is stopped.
    :param max_rows: most result rows (or triples) returned; larger results are refused.
    :raises GraphError: when the graph file is missing or unparsable.
    :raises QueryError: for a non-positive limit.
    """
    import anyio
    from alucluster.graph.query import named_queries
    from alucluster.graph.store import load_graph
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    if timeout <= 0 or max_rows <= 0:
        raise QueryError("timeout and max_rows must be positive")
    g = load_graph(graph)
    runner = _Runner(g, timeout=timeout, max_rows=max_rows)
    page, csp = _page()
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={**headers, "Content-Security-Policy": csp})

    async def sparql(request: Request) -> Response:
        params = request.query_params
        if "update" in params:
            return error(403, "UPDATE is refused: the graph is read-only here")
        text = params.get("query")
        name = params.get("name")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                return error(400, "the Content-Length header is not a number")
            if length > MAX_BODY:
                return error(413, f"the request body is larger than {MAX_BODY} bytes")
            # read chunk by chunk: a chunked upload has no Content-Length to check first
            chunks, size = [], 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BODY:
                    return error(413, f"the request body is larger than {MAX_BODY} bytes")
                chunks.append(chunk)
            body = b"".join(chunks)
            if ctype == "application/sparql-update":
                return error(403, "UPDATE is refused: the graph is read-only here")
            if ctype == "application/sparql-query":
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    return error(400, "the query is not UTF-8")
            elif ctype == "application/x-www-form-urlencoded":
                # urlencoded only, so the standard library parser does (no python-multipart needed)
                try:
                    form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
                except UnicodeDecodeError:
                    return error(400, "the form is not UTF-8")
                if "update" in form:
                    return error(403, "UPDATE is refused: the graph is read-only here")
                text = form.get("query", text)
                name = form.get("name", name)
            else:
                return error(415, "send the query as application/sparql-query or a form with query=")
        if name is not None and not text:
            # packaged names only, looked up in a dict: never a path
            named = named_queries().get(name)
            if named is None:
                return error(404, f"unknown named query {name!r}")
            text = named.text
        if not text or not str(text).strip():
            return error(400, "no query: pass query=... (GET or form POST) or a application/sparql-query body")
        status, mime, body = await anyio.to_thread.run_sync(runner, str(text), request.headers.get("accept"))
        if status != 200:
            return error(status, body.decode("utf-8") if isinstance(body, bytes) else body)
        return Response(body, status_code=200, media_type=mime, headers=headers)

    async def not_found(request: Request, exc) -> Response:
        if getattr(exc, "status_code", 404) == 405:
            return error(405, "method not allowed: use GET or POST")
        return error(404, "not found: use / for the query page or /sparql")

    async def server_error(request: Request, exc) -> Response:
        return error(500, "internal error")

    return Starlette(
        debug=False,
        routes=[Route("/", index, methods=["GET"]), Route("/sparql", sparql, methods=["GET", "POST"])],
        exception_handlers={404: not_found, 405: not_found, 500: server_error},
    )


def serve(graph, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0, max_rows: int = 10000) -> None:
    """Serve ``graph`` over HTTP until interrupted (uvicorn).

    :param graph: a graph file or an ``rdflib.Graph``.
    :param host: interface to bind; loopback by default so nothing is exposed by accident.
    :param port: TCP port.
    :param timeout: seconds a query may run.
    :param max_rows: most result rows returned.
    :raises GraphError: when the graph file is missing or unparsable.
    :raises StoreError: when the address cannot be bound (port in use, no such interface).
    """
    import socket

    import uvicorn

    from alucluster.ontology.errors import StoreError

    app = create_app(graph, timeout=timeout, max_rows=max_rows)
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
