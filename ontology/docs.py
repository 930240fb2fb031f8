"""HTML documentation of the ontology, made with pyLODE 3.3.4, readable offline.

The page is generated from the same model as the committed exports. pyLODE joins all
``rdfs:label`` values of a term into one heading ("smelter电解铝冶炼企业"), so the page is made from a
copy in which the Chinese label is shown as a ``skos:note`` ("Chinese label: ..."). pyLODE 3.3.4 inlines its CSS; any
script or stylesheet that would still load from the network is stripped, so the page works offline.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from alucluster.ontology.errors import OntologyError
from alucluster.ontology.model import _write_atomic

__all__ = ["write_docs", "docs_html", "remote_resources"]

# <script src="http..."> and <link ... href="http..."> (stylesheets, fonts, preloads), not <a href>.
_REMOTE = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)
_REMOTE_CSS = re.compile(r"@import\s+url\(\s*[\"']?(?:https?:)?//[^)]*\)\s*;?", re.IGNORECASE)


def remote_resources(html: str) -> list[str]:
    """The tags and CSS imports in ``html`` that would load something from the network.

    >>> remote_resources('<link rel="stylesheet" href="https://cdn.example/x.css"><a href="https://x">x</a>')
    ['<link rel="stylesheet" href="https://cdn.example/x.css">']
    """
    return [m.group(0) for m in _REMOTE.finditer(html)] + [m.group(0) for m in _REMOTE_CSS.finditer(html)]


def _docs_graph():
    import rdflib
    from rdflib.namespace import RDFS, SKOS

    from alucluster.ontology.model import ontology_graph

    graph = ontology_graph()
    graph.bind("skos", str(SKOS))
    for s, o in list(graph.subject_objects(RDFS.label)):
        if isinstance(o, rdflib.Literal) and o.language == "zh":
            graph.remove((s, RDFS.label, o))
            graph.add((s, SKOS.note, rdflib.Literal(f"Chinese label: {o}")))
    return graph


def docs_html() -> str:
    """The ontology's documentation page as one self-contained HTML string.

    :raises OntologyError: when pyLODE cannot render the ontology.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def restore_logging():
        root.handlers[:] = handlers
        root.setLevel(level)

    # pyLODE calls logging.basicConfig(level=DEBUG) on import and logging.info() (which adds a
    # root handler) while rendering: keep the caller's logging as it was.
    try:
        from pylode.profiles.ontpub import OntPub
    finally:
        restore_logging()
    try:
        html = OntPub(ontology=_docs_graph()).make_html()
    except Exception as exc:  # pyLODE raises bare exceptions for unsupported input
        raise OntologyError(f"pyLODE cannot document the ontology: {exc}") from None
    finally:
        restore_logging()
    html = _REMOTE.sub("", html)
    return _REMOTE_CSS.sub("", html)


def write_docs(out_dir) -> Path:
    """Write the ontology documentation to ``out_dir/index.html`` (atomically) and return its path.

    :param out_dir: the output folder; created when missing.
    :raises OntologyError: when ``out_dir`` is a file, cannot be written, or pyLODE fails.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OntologyError(f"{out}: not a folder")
    html = docs_html()
    target = out / "index.html"
    try:
        _write_atomic(target, html.encode("utf-8"))
    except OSError as exc:
        raise OntologyError(f"cannot write the documentation to {out}: {exc.strerror or exc}") from None
    return target
