"""Triples written as Turtle, JSON-LD or N-Triples, the same bytes on every run."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from ..namespaces import ID, PREFIXES
from ..store import to_oxigraph

Triple = tuple[Node, Node, Node]

FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}
# ``id:`` would turn every resource into an escaped name (id:objectif\/E1D3O7): left out
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if str(ns) != str(ID)}


def _ordered(triples: Iterable[Triple]) -> list:
    """pyoxigraph triples, sorted, blank nodes relabelled canonically (RDFC-1.0)."""
    triples = list(triples)
    quads = [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())
        for s, p, o in triples
    ]
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return [quad.triple for quad in sorted(set(quads), key=str)]


def _used_prefixes(triples: list[Triple]) -> dict[str, str]:
    iris = {str(t) for triple in triples for t in triple if isinstance(t, URIRef)}
    iris |= {str(t.datatype) for triple in triples for t in triple if getattr(t, "datatype", None)}
    return {p: ns for p, ns in _PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def serialize(triples: Iterable[Triple], fmt: str) -> bytes:
    """*triples* in one of :data:`FORMATS` (``ttl``, ``jsonld``, ``nt``)."""
    triples = list(triples)
    ordered = _ordered(triples)
    if fmt == "ttl":
        return ox.serialize(ordered, format=FORMATS[fmt], prefixes=_used_prefixes(triples))
    text = ox.serialize(ordered, format=FORMATS[fmt])
    if fmt == "jsonld":  # one line as written: indented for a reader
        return (json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n").encode()
    return text
