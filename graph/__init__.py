"""Facts in, answers out: graph building, stores, SPARQL, network analysis, views, endpoint, CLI."""
