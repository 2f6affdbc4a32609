"""Literals every store keeps as asserted, and the Turtle that writes them so.

SPARQL stores normalise some literals as they load them: Oxigraph stores
``"475"^^xsd:positiveInteger`` as ``xsd:integer`` and ``"13.0"^^xsd:decimal`` as
``"13"``, rdflib keeps both as written. So that ``DATATYPE``, ``STR`` and ``=``
answer alike on every store loaded from the dump, counts are ``xsd:integer`` (their
bounds are SHACL constraints) and decimals are written in their canonical form
(``13``, ``3.3``), which rdflib's Turtle shorthand would turn back into ``13.0``:
the Turtle files are written by pyoxigraph, which keeps every lexical form.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from .namespaces import PREFIXES
from .store import to_oxigraph


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


def turtle(graph: Graph) -> str:
    """Deterministic Turtle, written by pyoxigraph: subjects sorted, each with its type
    first, then its predicates and objects sorted; a blank line between subjects;
    the prefixes of :data:`~sts_graph.namespaces.PREFIXES` it uses; every literal's
    lexical form as asserted."""
    import pyoxigraph as ox

    triples = sorted(
        (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph),
        key=_order,
    )
    spaces = {prefix: str(space) for prefix, space in PREFIXES.items() if prefix not in BARE}
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=spaces).decode("utf-8")
    lines = [line for line in body.splitlines() if not line.startswith("@prefix")]
    text = "\n".join(("\n" if not line.startswith("\t") else "") + line for line in lines)
    used = [f"@prefix {p}: <{space}> .\n" for p, space in sorted(spaces.items()) if f"{p}:" in text]
    return "".join(used) + text + "\n"


BARE = frozenset({"id"})  # resources are written as whole IRIs, not id:source\/32


def _order(triple) -> tuple:
    predicate = triple.predicate.value
    return (triple.subject.value, predicate != _RDF_TYPE, predicate, str(triple.object))


_RDF_TYPE = str(RDF.type)
