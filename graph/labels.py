"""Labels in the reader's language: one rule for every command that prints names.

Nodes carry an English label (``rdfs:label`` or ``skos:prefLabel`` ``@en``, pinyin for Chinese
names) and, when a Chinese source or the gazetteer gives one, a Chinese label (``@zh``). :func:`pick_label` chooses
the label of one node in a language, falling back to English (then to any label) so a node known
only from an English article still has a name in ``--lang zh``. :func:`relabel` turns the English
label cells of a SELECT result into Chinese ones, so the named queries keep their columns (and
their English ``FILTER``) in both languages.

>>> import rdflib
>>> g = rdflib.Graph()
>>> n = rdflib.URIRef("urn:x:guangyuan")
>>> _ = g.add((n, rdflib.RDFS.label, rdflib.Literal("Guangyuan", lang="en")))
>>> _ = g.add((n, rdflib.RDFS.label, rdflib.Literal("广元市", lang="zh")))
>>> pick_label(g, n, "zh"), pick_label(g, n, "en"), pick_label(g, rdflib.URIRef("urn:x:none"), "zh")
('广元市', 'Guangyuan', None)
"""

from __future__ import annotations

__all__ = ["LANGS", "check_lang", "label_map", "pick_label", "pick_labels", "relabel"]

#: The languages labels can be shown in.
LANGS = ("en", "zh")


def check_lang(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`.

    :raises AluclusterError: for another language.

    >>> check_lang("zh")
    'zh'
    """
    from alucluster.ontology.errors import AluclusterError

    if lang not in LANGS:
        raise AluclusterError(f"unknown language {lang!r} (use {' or '.join(LANGS)})")
    return lang


def _label_props():
    from rdflib import RDFS, SKOS

    # instances carry rdfs:label, reference concepts (products, stages) skos:prefLabel
    return (RDFS.label, SKOS.prefLabel)


def _labels(graph, node) -> dict[str, str]:
    return _by_language(o for p in _label_props() for o in graph.objects(node, p))


def _by_language(literals) -> dict[str, str]:
    out: dict[str, str] = {}
    for lit in sorted(literals):
        out.setdefault(getattr(lit, "language", None) or "", str(lit))
    return out


def _choose(labels: dict[str, str], lang: str) -> str | None:
    for key in (lang, "en", ""):
        if key in labels:
            return labels[key]
    return next(iter(labels.values()), None)


def pick_label(graph, node, lang: str = "en") -> str | None:
    """The label of ``node`` in ``lang``, else its English label, else any label; None without one.

    :param graph: an ``rdflib.Graph``.
    :param node: the node (IRI).
    :param lang: ``en`` or ``zh``.
    :raises AluclusterError: for another language.
    """
    return _choose(_labels(graph, node), check_lang(lang))


def pick_labels(graph, lang: str = "en") -> dict[str, str]:
    """IRI string -> :func:`pick_label` of every labelled node, in one pass over the graph (for pages
    that name thousands of nodes).

    :param graph: an ``rdflib.Graph``.
    :param lang: ``en`` or ``zh``.
    :raises AluclusterError: for another language.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("Acme", lang="en")))
    >>> pick_labels(g, "zh")
    {'urn:a': 'Acme'}
    """
    lang = check_lang(lang)
    return {node: _choose(_by_language(lits), lang) for node, lits in _literals_by_node(graph).items()}


def _literals_by_node(graph) -> dict[str, list]:
    """IRI string -> every label literal of it, in one pass over the label properties."""
    by_node: dict = {}
    for p in _label_props():
        for node, lit in graph.subject_objects(p):
            by_node.setdefault(str(node), []).append(lit)
    return by_node


def label_map(graph, lang: str) -> dict[str, str]:
    """English label -> label in ``lang`` for the nodes that have both (identity for ``en``).

    An English label shared by nodes whose ``lang`` labels differ is left out: it cannot be
    translated without knowing the node.

    :param graph: an ``rdflib.Graph``.
    :param lang: ``en`` or ``zh``.
    :raises AluclusterError: for another language.

    >>> import rdflib
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("Acme", lang="en")))
    >>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("爱科美", lang="zh")))
    >>> label_map(g, "zh")
    {'Acme': '爱科美'}
    """
    if check_lang(lang) == "en":
        return {}
    seen: dict[str, set[str]] = {}
    for lits in _literals_by_node(graph).values():
        labels: dict[str, set[str]] = {}
        for lit in lits:
            labels.setdefault(getattr(lit, "language", None) or "", set()).add(str(lit))
        if lang in labels:
            for en in labels.get("en", ()):
                seen.setdefault(en, set()).add(min(labels[lang]))
    return {en: next(iter(v)) for en, v in sorted(seen.items()) if len(v) == 1}


def relabel(result, graph, lang: str):
    """A SELECT result with its English label cells shown in ``lang`` (same columns, same rows).

    A cell is replaced when it is an ``@en`` literal that is the English label of a node with a
    label in ``lang``; numbers, IRIs and untranslatable text stay as they are.

    :param result: an ``rdflib`` Result (other result types are returned unchanged).
    :param graph: the ``rdflib.Graph`` the query ran over.
    :param lang: ``en`` or ``zh``.
    :raises AluclusterError: for another language.
    """
    from rdflib import Literal

    mapping = label_map(graph, lang)
    if result.type != "SELECT" or not mapping:
        return result
    rows = []
    for row in result.bindings:
        new = {}
        for var, term in row.items():
            if isinstance(term, Literal) and term.language == "en" and str(term) in mapping:
                term = Literal(mapping[str(term)], lang=lang)
            new[var] = term
        rows.append(new)
    result.bindings = rows
    return result
