"""Stage 4: the OWL RL closure, kept apart from the asserted triples."""

from __future__ import annotations

from rdflib import Graph


def closure(asserted: Graph) -> Graph:
    """The triples OWL RL entails from *asserted* that are not asserted (owlrl)."""
    from owlrl import DeductiveClosure, OWLRL_Semantics

    expanded = Graph()
    for triple in asserted:
        expanded.add(triple)
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    inferred = Graph()
    for triple in expanded:
        if triple not in asserted:
            inferred.add(triple)
    return inferred
