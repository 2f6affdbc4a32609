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

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node


def fr(text: str) -> Literal:
    """*text* as a French literal."""
    return Literal(text, lang="fr")


def integer(value: int) -> Literal:
    """*value* as an ``xsd:integer``."""
    return Literal(int(value), datatype=XSD.integer)


def canonical_decimal(text: str) -> str:
    """The canonical lexical form of a decimal (``13``, ``3.3``, ``-0.25``): no
    exponent, no trailing zero, no point when the value is whole."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a decimal number: {text!r}")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def decimal(text: str | int | float) -> Literal:
    """*text* as an ``xsd:decimal`` in its canonical lexical form."""
    return Literal(canonical_decimal(str(text)), datatype=XSD.decimal)


_XSD_STRING = str(XSD.string)


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
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
