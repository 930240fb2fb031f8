"""Errors a user can cause. The CLI turns each into one line on stderr and exit code 2.

Anything that is not an :class:`AluclusterError` is a bug and is allowed to raise.
"""

__all__ = [
    "AluclusterError",
    "ArticleError",
    "GraphError",
    "QueryError",
    "SpecError",
    "StoreError",
    "OntologyError",
    "ViewError",
]


class AluclusterError(Exception):
    """Base of every error a user can cause."""


class ArticleError(AluclusterError):
    """An article that cannot be read: missing, empty, binary, not UTF-8, too large."""


class GraphError(AluclusterError):
    """A graph file that is missing, unparsable or not an alucluster graph."""


class QueryError(AluclusterError):
    """A SPARQL query that is unknown, malformed, forbidden (UPDATE, SERVICE) or over a limit."""


class SpecError(AluclusterError):
    """A malformed what-if project specification."""


class StoreError(AluclusterError):
    """An external store that cannot be reached or refuses the data."""


class OntologyError(AluclusterError):
    """The ontology cannot be loaded, exported or reasoned over."""


class ViewError(AluclusterError):
    """Graph views that cannot be drawn: nothing to show, no page to capture, no browser."""
