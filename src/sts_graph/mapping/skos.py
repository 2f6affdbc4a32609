"""SKOS statements the graphs share, made the same way in every concept scheme."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS


def top_concept(graph: Graph, scheme: URIRef, concept: URIRef) -> None:
    """*concept* as a top concept of *scheme*, stated both ways (``skos:hasTopConcept``
    and ``skos:topConceptOf``) with ``skos:inScheme``."""
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.topConceptOf, scheme))
    graph.add((scheme, SKOS.hasTopConcept, concept))
