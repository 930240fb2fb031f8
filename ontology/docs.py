"""HTML documentation of the ontology, made with pyLODE 3.3.4, readable offline.

The page is generated from the same model as the committed exports, and is byte-identical from run
to run: class expressions (union domains, the definitions of ``Smelter`` and the like) are written out
in words before pyLODE sees them (see :func:`class_expression_text`). pyLODE joins all
``rdfs:label`` values of a term into one heading ("smelter电解铝冶炼企业"), so the page is made from a
copy in which the Chinese label is shown as a ``skos:note`` ("Chinese label: ..."). pyLODE 3.3.4 inlines its CSS; any
script or stylesheet that would still load from the network is stripped, so the page works offline.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from alucluster.ontology.errors import OntologyError
from alucluster.ontology._io import write_atomic
from alucluster.ontology.model import ONTOLOGY_VERSION, VERSION_IRI

__all__ = ["write_docs", "docs_html", "remote_resources", "class_expression_text"]

# <script src="http..."> and <link ... href="http..."> (stylesheets, fonts, preloads), not <a href>.
_REMOTE = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)
_REMOTE_CSS = re.compile(r"@import\s+url\(\s*[\"']?(?:https?:)?//[^)]*\)\s*;?", re.IGNORECASE)


def remote_resources(html: str) -> list[str]:
    """The tags and CSS imports in ``html`` that would load something from the network.

    >>> remote_resources('<link rel="stylesheet" href="https://example.org/x.css"><a href="https://x">x</a>')
    ['<link rel="stylesheet" href="https://example.org/x.css">']
    """
    return [m.group(0) for m in _REMOTE.finditer(html)] + [m.group(0) for m in _REMOTE_CSS.finditer(html)]


def class_expression_text(graph, node) -> str:
    """An OWL class expression of ``graph`` in words (Manchester syntax with English labels).

    :param graph: an ``rdflib.Graph`` holding the expression and the labels of its terms.
    :param node: a class IRI or the blank node of a union, intersection, ``oneOf`` or restriction.

    >>> from rdflib import RDFS
    >>> from alucluster.ontology.model import ontology_graph
    >>> from alucluster.ontology.vocab import ALU
    >>> g = ontology_graph()
    >>> class_expression_text(g, g.value(ALU.status, RDFS.domain))
    'capacity or investment amount or investment project'
    """
    from rdflib import OWL, RDFS, BNode
    from rdflib.collection import Collection

    def name(term):
        label = next((str(x) for x in graph.objects(term, RDFS.label) if getattr(x, "language", None) == "en"), None)
        return label or str(term).rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def text(term, nested=False):
        if not isinstance(term, BNode):
            return name(term)
        for prop, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = graph.value(term, prop)
            if members is not None:
                # sorted: the RDF list order of a union or intersection carries no meaning
                # named classes first ("enterprise and (produces some ...)")
                parts = sorted((isinstance(m, BNode), text(m, True)) for m in Collection(graph, members))
                joined = word.join(part for _, part in parts)
                return f"({joined})" if nested else joined
        members = graph.value(term, OWL.oneOf)
        if members is not None:
            return "{" + ", ".join(sorted(name(m) for m in Collection(graph, members))) + "}"
        on = graph.value(term, OWL.onProperty)
        for prop, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
            value = graph.value(term, prop)
            if on is not None and value is not None:
                inner = text(value, True) if prop != OWL.hasValue else name(value)
                restriction = f"{name(on)} {word} {inner}"
                return f"({restriction})" if nested else restriction
        return "an anonymous class"

    return text(node)


def _docs_graph():
    import rdflib
    from rdflib.compare import to_canonical_graph
    from rdflib.namespace import OWL, RDFS, SKOS

    from alucluster.ontology.model import ontology_graph

    tbox = ontology_graph()
    # pyLODE 3.3.4 renders a nested class expression as a link to its blank node ("produces some
    # N40a5..."), and joins the members of a union or intersection through a Python set, so their
    # order changes from run to run. Class expressions are therefore given to it as text; blank-node
    # labels are made canonical for what remains (lists, disjointness axioms).
    expressions = {}
    for prop in (RDFS.domain, RDFS.range, OWL.equivalentClass, RDFS.subClassOf):
        for s, o in tbox.subject_objects(prop):
            if isinstance(o, rdflib.BNode) and isinstance(s, rdflib.URIRef):
                expressions[(s, prop, o)] = class_expression_text(tbox, o)
    graph = rdflib.Graph()
    for prefix, ns in tbox.namespaces():
        graph.bind(prefix, ns)
    graph.bind("skos", str(SKOS))
    # pyLODE breaks ties (two classes labelled "organization") in the order triples were added
    for triple in sorted(to_canonical_graph(tbox), key=lambda t: tuple(x.n3() for x in t)):
        graph.add(triple)
    for (s, prop, o), text in expressions.items():
        # the canonical copy renamed the blank node: drop whatever s --prop--> blank node there is
        for old in [x for x in graph.objects(s, prop) if isinstance(x, rdflib.BNode)]:
            graph.remove((s, prop, old))
        graph.add((s, prop, rdflib.Literal(text)))
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
    # pyLODE links the version IRI as a fragment of the page ("#0.1.0"), which is no anchor
    html = html.replace(f'href="#{ONTOLOGY_VERSION}"', f'href="{VERSION_IRI}"')
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
        write_atomic(target, html)
    except OSError as exc:
        raise OntologyError(f"cannot write the documentation to {out}: {exc.strerror or exc}") from None
    return target
