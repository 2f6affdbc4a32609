"""The vocabularies as SKOS concept schemes: thèmes, parcours, activités de soins and
« Data repère » indicators, as the reference file states them (its ``match:``
patterns left out)."""

from __future__ import annotations

from rdflib import Graph

from sts_graph.core.namespaces import bind_prefixes
from sts_graph.extract.vocabularies import vocabularies


def vocabularies_graph() -> Graph:
    """The concept schemes of thèmes, parcours, activités and indicators."""
    g = bind_prefixes(Graph())
    for triple in vocabularies().published:
        g.add(triple)
    return g
