"""Validation of a cluster graph: SHACL shapes, quality-check queries and (optionally) HermiT.

- the shapes (``ontology/shapes/*.ttl``, run with pySHACL) check the shape of ``ontology/SCHEMA.md``:
  numbers, units, products, periods, provenance, adcodes;
- the quality checks (``ontology/checks/*-violation.rq``, ODK style) are SPARQL queries that return
  no rows on a good graph; each row is a defect;
- the reasoner (``reason=True``) checks that the graph does not contradict the ontology.

The graph is checked together with the reference data and the ontology (so ``sh:class alu:Place``
accepts a prefecture city). SHACL warnings are reported but do not make a graph fail.

>>> import rdflib
>>> from alucluster.ontology.vocab import ALU, ID
>>> graph = rdflib.Graph()
>>> _ = graph.add((ID["article/a1"], rdflib.RDF.type, ALU.Article))
>>> report = validate(graph, reason=False)
>>> report.conforms, [v.focus for v in report.violations]
(False, ['https://w3id.org/alucluster/id/article/a1'])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["Violation", "ValidationReport", "validate", "run_shapes", "run_checks", "check_names", "shapes_graph"]

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Violation:
    """One finding: where it came from (``shacl``, ``check:<name>``, ``reasoner``), how bad, about what."""

    source: str
    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str

    def line(self) -> str:
        """The finding on one line, as printed in the report.

        >>> Violation("reasoner", "Violation", "", "", "a contradiction").line()
        '[Violation] a contradiction (reasoner)'
        """
        where = " ".join(x for x in (self.focus, self.path) if x)
        return f"[{self.severity}] {where + ': ' if where else ''}{self.message} ({self.source})"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is False when any finding is a Violation."""

    conforms: bool
    text: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        """Findings of severity Violation (the ones that make the graph fail)."""
        return [v for v in self.violations if v.severity == "Violation"]


def _package_files(folder: str, suffix: str):
    root = resources.files("alucluster.ontology") / folder
    return sorted((p for p in root.iterdir() if p.name.endswith(suffix)), key=lambda p: p.name)


@functools.lru_cache(maxsize=1)
def _shapes_turtle() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in _package_files("shapes", ".ttl"))


def shapes_graph():
    """The SHACL shapes shipped in ``ontology/shapes/`` as one ``rdflib.Graph``.

    >>> from rdflib import URIRef
    >>> (URIRef("https://w3id.org/alucluster/shapes#CapacityShape"), None, None) in shapes_graph()
    True
    """
    import rdflib

    graph = rdflib.Graph()
    for data in _shapes_turtle():
        graph.parse(data=data, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def _checks() -> tuple[tuple[str, str], ...]:
    return tuple((p.name[: -len("-violation.rq")], p.read_text(encoding="utf-8")) for p in _package_files("checks", "-violation.rq"))


@functools.lru_cache(maxsize=None)
def _prepared(name: str):
    from rdflib.plugins.sparql import prepareQuery

    # Parsing and algebra translation cost more than running a check on a small graph: do it once.
    return prepareQuery(dict(_checks())[name])


def check_names() -> list[str]:
    """The names of the quality checks, e.g. ``fact-without-assertion``.

    >>> "fact-without-assertion" in check_names()
    True
    """
    return [name for name, _ in _checks()]


def _context_graph(data):
    """``data`` plus the reference data and the ontology, in a new graph (the input is not changed)."""
    import rdflib

    from alucluster.ontology.model import ontology_graph
    from alucluster.ontology.reasoning import reference_graph

    union = rdflib.Graph()
    for source in (data, reference_graph(), ontology_graph()):
        for triple in source:
            union.add(triple)
    return union


def run_shapes(data, *, with_context: bool = True) -> list[Violation]:
    """The SHACL findings on ``data``, sorted.

    :param data: an ``rdflib.Graph``.
    :param with_context: add the reference data and ontology first (as :func:`validate` does).
    """
    import pyshacl
    import rdflib

    graph = _context_graph(data) if with_context else data
    _, results, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        advanced=False,
        meta_shacl=False,
    )
    sh = rdflib.Namespace(_SH)
    found = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results.value(result, sh.resultSeverity)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage)
        found.append(
            Violation(
                source="shacl",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(results.value(result, sh.focusNode)),
                path=str(path) if isinstance(path, rdflib.URIRef) else "",
                message=str(message) if message else "constraint not met",
            )
        )
    return sorted(set(found))


def run_checks(data, *, with_context: bool = True, names: list[str] | None = None) -> list[Violation]:
    """The rows the quality checks return on ``data``, one :class:`Violation` per row, sorted.

    :param data: an ``rdflib.Graph``.
    :param with_context: add the reference data and ontology first (as :func:`validate` does).
    :param names: run only these checks (default: all of :func:`check_names`).
    """
    graph = _context_graph(data) if with_context else data
    found = []
    for name, text in _checks():
        if names is not None and name not in names:
            continue
        question = text.splitlines()[0].lstrip("# ").strip()
        for row in graph.query(_prepared(name)):
            values = [str(v) for v in row if v is not None]
            found.append(
                Violation(
                    source=f"check:{name}",
                    severity="Violation",
                    focus=values[0] if values else "",
                    path="",
                    message=question + (f" [{', '.join(values[1:])}]" if len(values) > 1 else ""),
                )
            )
    return sorted(found)


def validate(graph, *, reason: bool = True) -> ValidationReport:
    """Check a cluster graph with the shapes, the quality checks and (``reason=True``) HermiT.

    :param graph: a graph file path or an ``rdflib.Graph``.
    :param reason: also check consistency with HermiT (needs Java; about a second).
    :raises GraphError: when the file is missing, cannot be parsed or has no ``alu:Article`` (an
        empty file or another vocabulary's graph would otherwise pass every check vacuously).
    :raises OntologyError: when ``reason`` is set and Java is missing or HermiT fails.
    """
    import rdflib

    from alucluster.graph.store import load_graph
    from alucluster.ontology.errors import GraphError
    from alucluster.ontology.vocab import ALU

    data = load_graph(graph)
    if (None, rdflib.RDF.type, ALU.Article) not in data:
        name = graph if not isinstance(graph, rdflib.Graph) else "the graph"
        raise GraphError(f"{name} is not an alucluster graph (no alu:Article)")
    context = _context_graph(data)
    # The checks read the context before pySHACL runs in place on it (it adds nothing without inference).
    findings = run_checks(context, with_context=False) + run_shapes(context, with_context=False)
    reasoner_line = "reasoner: not run"
    if reason:
        from alucluster.ontology.reasoning import reason as run_reasoner

        result = run_reasoner(data)
        reasoner_line = f"reasoner: {result.explanation.splitlines()[0] if result.consistent else 'inconsistent'}"
        if not result.consistent:
            for line in result.explanation.splitlines():
                # explanation lines read "inconsistent: <node> is both ..." when a cause was located
                message = line.removeprefix("inconsistent: ")
                node, _, rest = message.partition(" ")
                located = node.startswith(("http://", "https://"))
                findings.append(Violation("reasoner", "Violation", node if located else "", "", rest if located else message))
    errors = [v for v in findings if v.severity == "Violation"]
    warnings = [v for v in findings if v.severity != "Violation"]
    lines = [
        f"validation: {'conforms' if not errors else 'does not conform'}",
        f"graph: {len(data)} triples",
        f"shapes and checks: {len(errors)} violations, {len(warnings)} warnings",
        reasoner_line,
    ]
    lines += [v.line() for v in errors + warnings]
    return ValidationReport(conforms=not errors, text="\n".join(lines) + "\n", violations=errors + warnings)
