"""Literals every store keeps as asserted, and the Turtle that writes them so.

SPARQL stores normalise some literals as they load them: Oxigraph stores
``"475"^^xsd:positiveInteger`` as ``xsd:integer`` and ``"13.0"^^xsd:decimal`` as
``"13"``, rdflib keeps both as written. So that ``DATATYPE``, ``STR`` and ``=``
answer alike on every store loaded from the dump, counts are ``xsd:integer`` (their
bounds are SHACL constraints) and decimals are written in their canonical form
(``13``, ``3.3``), which rdflib's Turtle shorthand would turn back into ``13.0``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .namespaces import bind_prefixes

TURTLE = "sts-turtle"


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


class ExactTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle, but decimals keep their lexical form (``"13"^^xsd:decimal``
    rather than the shorthand ``13.0``, which would read back as another string)."""

    def label(self, node: Node, position: int) -> str:
        if isinstance(node, Literal) and node.datatype == XSD.decimal:
            return node._literal_n3(
                use_plain=False, qname_callback=lambda dt: self.get_pname(dt, False)
            )
        return super().label(node, position)


register(TURTLE, Serializer, __name__, ExactTurtleSerializer.__name__)


def turtle(graph: Graph) -> str:
    """Deterministic Turtle: fixed prefixes, subjects and predicates sorted, every
    literal's lexical form as asserted."""
    return bind_prefixes(graph).serialize(format=TURTLE)
