"""The alucluster model: OWL ontology (owlready2 source of truth), vocabulary, shapes, reference chain.

Importing this package does no work; build or load things through its functions.
"""
