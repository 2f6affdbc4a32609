"""Terms as every store keeps them, crossing between rdflib and pyoxigraph here alone.

SPARQL stores normalise some literals as they load them: Oxigraph stores
``"475"^^xsd:positiveInteger`` as ``xsd:integer`` and ``"13.0"^^xsd:decimal`` as
``"13"``, rdflib keeps both as written. So that ``DATATYPE``, ``STR`` and ``=``
answer alike on every store loaded from the dump, counts are ``xsd:integer`` (their
bounds are SHACL constraints) and decimals are written in their canonical form
(``13``, ``3.3``), which rdflib's Turtle shorthand would turn back into ``13.0``:
the Turtle files are written by pyoxigraph (:mod:`sts_graph.rdf.write`), which keeps
every lexical form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from sts_graph.rdf.answers import XSD_STRING, Blank, Iri, Term, canonical_decimal


def fr(text: str) -> Literal:
    """*text* as a French literal."""
    return Literal(text, lang="fr")


def integer(value: int) -> Literal:
    """*value* as an ``xsd:integer``."""
    return Literal(int(value), datatype=XSD.integer)


def decimal(text: str | int | float) -> Literal:
    """*text* as an ``xsd:decimal`` in its canonical lexical form."""
    return Literal(canonical_decimal(str(text)), datatype=XSD.decimal)


def to_oxigraph(node: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


@lru_cache(maxsize=1 << 16)
def from_oxigraph(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term; cached, as answers repeat the same terms
    and building rdflib literals is slow."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return _literal(term.value, term.datatype.value, term.language)


def from_answer(term: Term | None) -> Node | None:
    """A term of a query's answer (:mod:`sts_graph.rdf.answers`) as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, Iri):
        return URIRef(term.value)
    if isinstance(term, Blank):
        return BNode(term.value)
    return _literal(term.value, term.datatype, term.language)


def _literal(value: str, datatype: str, language: str | None) -> Literal:
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
