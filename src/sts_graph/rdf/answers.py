"""A SELECT query's answer as every store gives it: column names, and rows of plain
terms (an IRI, a blank node, a literal) that need no RDF library, so that a question
is asked and its answer printed without importing rdflib.

>>> answer = Rows.of_json(b'{"head": {"vars": ["n", "m"]}, "results": {"bindings":'
...     b' [{"n": {"type": "literal", "value": "3", "xml:lang": "fr"}}]}}')
>>> answer.columns, answer.rows[0][0].value, answer.rows[0][0].language, answer.rows[0][1]
(['n', 'm'], '3', 'fr', None)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_DECIMAL = XSD + "decimal"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(slots=True, unsafe_hash=True)
class Iri:
    """An IRI."""

    value: str

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[type, tuple[str]]:  # sent from a query's child: its fields
        return (Iri, (self.value,))


@dataclass(slots=True, unsafe_hash=True)
class Blank:
    """A blank node, by the label its store gives it."""

    value: str

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (Blank, (self.value,))


@dataclass(slots=True, unsafe_hash=True)
class Literal:
    """A literal: its lexical form, its datatype IRI (``rdf:langString`` with a language)."""

    value: str
    datatype: str = XSD_STRING
    language: str | None = None

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[type, tuple[str, str, str | None]]:
        return (Literal, (self.value, self.datatype, self.language))


Term = Iri | Blank | Literal
Row = tuple[Term | None, ...]  # None where the variable is unbound


@dataclass(frozen=True)
class Rows:
    """A SELECT result: column names and rows of terms (``None`` if unbound)."""

    columns: list[str]
    rows: list[Row]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def of_oxigraph(cls, solutions: Any) -> Rows:
        """The rows of pyoxigraph's solutions."""
        import pyoxigraph as ox

        def term(value: Any) -> Term | None:
            if value is None:
                return None
            if isinstance(value, ox.NamedNode):
                return Iri(value.value)
            if isinstance(value, ox.BlankNode):
                return Blank(value.value)
            return Literal(value.value, value.datatype.value, value.language)

        columns = [v.value for v in solutions.variables]
        return cls(columns, [tuple(term(s[c]) for c in columns) for s in solutions])

    @classmethod
    def of_rdflib(cls, result: Any) -> Rows:
        """The rows of an rdflib SELECT result (read now: its evaluation is lazy)."""
        from rdflib import BNode, URIRef

        def term(value: Any) -> Term | None:
            if value is None:
                return None
            if isinstance(value, URIRef):
                return Iri(str(value))
            if isinstance(value, BNode):
                return Blank(str(value))
            if value.language:
                return Literal(str(value), LANG_STRING, value.language)
            return Literal(str(value), str(value.datatype or XSD_STRING))

        columns = [str(v) for v in result.vars or []]
        return cls(columns, [tuple(term(v) for v in row) for row in result])

    @classmethod
    def of_json(cls, data: bytes) -> Rows:
        """The rows of a W3C SPARQL 1.1 Query Results JSON document; ValueError if it is
        not one."""
        try:
            document = json.loads(data)
            columns = [str(v) for v in document["head"]["vars"]]
            rows = [
                tuple(_json_term(b[c]) if c in b else None for c in columns)
                for b in document["results"]["bindings"]
            ]
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"no {error} where SPARQL JSON results have one") from None
        return cls(columns, rows)


def _json_term(binding: dict[str, str]) -> Term:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return Iri(value)
    if kind == "bnode":
        return Blank(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"a term of type {kind!r}")
    if "xml:lang" in binding:
        return Literal(value, LANG_STRING, binding["xml:lang"])
    return Literal(value, binding.get("datatype", XSD_STRING))


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


class Queryable(Protocol):
    """What a SPARQL question needs: an embedded store or a server's
    :class:`sts_graph.endpoint.EndpointStore`. An embedded one is queried in a child
    process that a deadline or a memory bound can stop."""

    embedded: bool

    def select(self, sparql: str) -> Rows: ...
