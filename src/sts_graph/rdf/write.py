"""Graphs written as Turtle, JSON-LD, N-Triples or RDF/XML, the same bytes on every run."""

from __future__ import annotations

import json
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from sts_graph.core.namespaces import ID, PREFIXES
from sts_graph.rdf.formats import engine_format
from sts_graph.rdf.terms import to_oxigraph


def turtle(graph: Graph) -> str:
    """Deterministic Turtle, written by pyoxigraph: subjects sorted, each with its type
    first, then its predicates and objects sorted; a blank line between subjects;
    the prefixes of :data:`~sts_graph.core.namespaces.PREFIXES` it uses; every literal's
    lexical form as asserted."""
    import pyoxigraph as ox

    triples = sorted(
        (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph),
        key=_order,
    )
    spaces = {prefix: str(space) for prefix, space in PREFIXES.items() if prefix not in BARE}
    body = (ox.serialize(triples, format=engine_format("turtle"), prefixes=spaces) or b"").decode()
    lines = [line for line in body.splitlines() if not line.startswith("@prefix")]
    text = "\n".join(("\n" if not line.startswith("\t") else "") + line for line in lines)
    used = [f"@prefix {p}: <{space}> .\n" for p, space in sorted(spaces.items()) if f"{p}:" in text]
    return "".join(used) + text + "\n"


BARE = frozenset({"id"})  # resources are written as whole IRIs, not id:source\/32


def _order(triple) -> tuple:
    predicate = triple.predicate.value
    return (triple.subject.value, predicate != _RDF_TYPE, predicate, str(triple.object))


_RDF_TYPE = str(RDF.type)

Triple = tuple[Node, Node, Node]


# ``id:`` would turn every resource into an escaped name (id:objectif\/E1D3O7): left out
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items() if str(ns) != str(ID)}


def _ordered(triples: Iterable[Triple]) -> list:
    """pyoxigraph triples, sorted, blank nodes relabelled canonically (RDFC-1.0)."""
    import pyoxigraph as ox

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
    iris |= {
        str(t.datatype)
        for triple in triples
        for t in triple
        if isinstance(t, Literal) and t.datatype
    }
    return {p: ns for p, ns in _PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def serialize(triples: Iterable[Triple], fmt: str) -> bytes:
    """*triples* in the format of extension *fmt* (``ttl``, ``jsonld``, ``nt``, ``rdf``)."""
    import pyoxigraph as ox

    triples = list(triples)
    ordered = _ordered(triples)
    if fmt in ("ttl", "rdf"):  # prefixes (XML namespaces) for a reader
        used = _used_prefixes(triples)
        return ox.serialize(ordered, format=engine_format(fmt), prefixes=used) or b""
    text = ox.serialize(ordered, format=engine_format(fmt)) or b""
    if fmt == "jsonld":  # one line as written: indented for a reader
        return (json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n").encode()
    return text
