"""A query's answer as plain terms (:mod:`sts_graph.rdf.answers`): the same rows from
pyoxigraph, rdflib and a server's JSON, and printed as rdflib's terms printed them."""

from __future__ import annotations

import math
import pickle
from decimal import Decimal

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, URIRef
from rdflib import Literal as RdflibLiteral

from sts_graph.query.results import native, to_json
from sts_graph.rdf.answers import LANG_STRING, XSD, XSD_STRING, Blank, Iri, Literal, Rows

NUMERIC = ["integer", "decimal", "double", "float", "boolean", "nonNegativeInteger", "int"]
lexical_forms = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["true", "false", "1", "0", "INF", "-INF", "NaN", "", " 7 ", "1e3", "x"]),
)
literals = st.builds(
    Literal, st.text(max_size=12), st.sampled_from([XSD_STRING, XSD + "date", XSD + "integer"])
) | st.builds(Literal, st.text(max_size=12), st.just(LANG_STRING), st.sampled_from(["fr", "en"]))
terms = st.one_of(
    st.builds(Iri, st.sampled_from(["https://w3id.org/sts-graph/id/a", "urn:x:b"])),
    st.builds(Blank, st.text("abc123", min_size=1, max_size=6)),
    literals.filter(lambda t: t.datatype != XSD + "integer" or t.value.isdigit()),
)


@given(
    columns=st.lists(st.text("xyz", min_size=1, max_size=3), min_size=1, max_size=3, unique=True),
    data=st.data(),
)
def test_the_json_results_written_read_back_are_the_rows(columns, data):
    rows = data.draw(
        st.lists(st.tuples(*[st.none() | terms for _ in columns]), max_size=4), label="rows"
    )
    answer = Rows(columns, rows)
    assert Rows.of_json(to_json(answer).encode("utf-8")) == answer


@given(text=lexical_forms, datatype=st.sampled_from(NUMERIC))
def test_a_number_prints_as_rdflib_printed_it(text, datatype):
    """:func:`native` against what it replaced: rdflib's ``toPython``, numbers as
    numbers, anything it could not read (or JSON could not hold) as written. A boolean
    outside XSD's four forms is written as it is (rdflib reads any text as false)."""
    if datatype == "boolean":
        expected = {"true": True, "1": True, "false": False, "0": False}.get(text.strip(), text)
        assert native(Literal(text, XSD + datatype)) == expected
        return
    python = RdflibLiteral(text, datatype=URIRef(XSD + datatype)).toPython()
    if isinstance(python, bool | int):
        expected: object = python
    elif isinstance(python, Decimal) and python.is_finite():
        expected = int(python) if python == python.to_integral_value() else float(python)
    elif isinstance(python, float) and math.isfinite(python):
        expected = python
    else:
        expected = text
    assert native(Literal(text, XSD + datatype)) == expected


SPARQL = """SELECT ?s ?label ?n ?missing WHERE {
  VALUES (?s ?label ?n) {
    (<urn:x:a> "Hérault"@fr 3)
    (<urn:x:b> "sans langue" 2.50)
    (<urn:x:c> "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> "x") } }"""


@pytest.fixture(scope="module")
def from_oxigraph() -> Rows:
    return Rows.of_oxigraph(pyoxigraph.Store().query(SPARQL))


def test_pyoxigraph_and_rdflib_answers_are_the_same_rows(from_oxigraph):
    from_rdflib = Rows.of_rdflib(Dataset().query(SPARQL))
    decimal = Literal("2.50", XSD + "decimal")
    assert from_oxigraph.rows[1][2] in (decimal, Literal("2.5", XSD + "decimal"))
    normalised = [r if i != 1 else (*r[:2], decimal, None) for i, r in enumerate(from_oxigraph)]
    assert (from_rdflib.columns, from_rdflib.rows) == (from_oxigraph.columns, normalised)


def test_the_terms_are_those_of_the_answer(from_oxigraph):
    assert from_oxigraph.rows[0] == (
        Iri("urn:x:a"),
        Literal("Hérault", LANG_STRING, "fr"),
        Literal("3", XSD + "integer"),
        None,
    )
    assert from_oxigraph.rows[2][1] == Literal("2024-01-01", XSD + "date")


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"[]",
        b'{"head": {}}',
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": 1}]}}',
        b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "x", "value": ""}}]}}',
    ],
)
def test_what_is_not_sparql_json_results_is_refused(document):
    with pytest.raises(ValueError):
        Rows.of_json(document)


@given(st.lists(st.tuples(terms, st.none() | terms), max_size=5))
def test_an_answer_crosses_between_processes_unchanged(rows):
    """A query's child sends its answer to the command by pickle."""
    answer = Rows(["a", "b"], rows)
    assert pickle.loads(pickle.dumps(answer)) == answer
