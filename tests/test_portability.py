"""Answers a researcher can run anywhere: every saved query run verbatim over the
published dump, by rdflib and by pyoxigraph, gives the CLI's default answer byte
for byte; every literal reads the same in the embedded store as in those stores.

(The Oxigraph server's side is in ``tests/endpoint``.)"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset

from sts_graph.query import saved
from sts_graph.query.results import to_csv
from sts_graph.rdf.answers import Rows, canonical_decimal

QUERIES = saved()
CENSUS = """
SELECT ?datatype ?lexical ?language (COUNT(*) AS ?n)
WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(isLiteral(?o))
  BIND(DATATYPE(?o) AS ?datatype)
  BIND(STR(?o) AS ?lexical)
  BIND(LANG(?o) AS ?language)
}
GROUP BY ?datatype ?lexical ?language
"""


@pytest.fixture(scope="module")
def dump(store) -> bytes:
    """The published dataset dump (``dumps/sts-graph.nq``)."""
    return store.dump("nquads")


@pytest.fixture(scope="module")
def rdflib_dump(dump) -> Dataset:
    """The dump in rdflib, its lines loaded in a shuffled order: an engine that breaks
    ties by insertion order would then order a partially ordered answer otherwise."""
    lines = dump.decode("utf-8").splitlines(keepends=True)
    random.Random(14).shuffle(lines)
    dataset = Dataset(default_union=True)
    dataset.parse(data="".join(lines), format="nquads")
    return dataset


@pytest.fixture(scope="module")
def oxigraph_dump(dump) -> pyoxigraph.Store:
    loaded = pyoxigraph.Store()
    loaded.load(dump, format=pyoxigraph.RdfFormat.N_QUADS)
    return loaded


def rdflib_rows(dataset: Dataset, sparql: str) -> Rows:
    return Rows.of_rdflib(dataset.query(sparql))


def oxigraph_rows(loaded: pyoxigraph.Store, sparql: str) -> Rows:
    return Rows.of_oxigraph(loaded.query(sparql, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def cli_answers(store) -> dict[str, str]:
    """Each saved query's default answer as ``sts-graph query NAME --format csv`` gives it."""
    from sts_graph.query import run

    return {q.name: to_csv(run(store, q.name)) for q in QUERIES}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_a_saved_query_run_verbatim_by_pyoxigraph_gives_the_default_answer(
    oxigraph_dump, cli_answers, query
):
    assert to_csv(oxigraph_rows(oxigraph_dump, query.text)) == cli_answers[query.name]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_a_saved_query_run_verbatim_by_rdflib_gives_the_default_answer(
    rdflib_dump, cli_answers, query
):
    assert to_csv(rdflib_rows(rdflib_dump, query.text)) == cli_answers[query.name]


def census(rows: Rows) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in rows}


def test_every_literal_reads_the_same_in_the_embedded_store_and_over_the_dump(
    store, rdflib_dump, oxigraph_dump
):
    embedded = census(store.select(CENSUS))
    assert census(rdflib_rows(rdflib_dump, CENSUS)) == embedded
    assert census(oxigraph_rows(oxigraph_dump, CENSUS)) == embedded
    datatypes = {row[0].rsplit("#", 1)[-1] for row in embedded}
    assert datatypes == {"string", "langString", "integer", "decimal", "date"}


def test_decimals_are_asserted_in_canonical_form(store):
    decimals = [row[1] for row in census(store.select(CENSUS)) if row[0].endswith("#decimal")]
    assert len(decimals) > 50  # distinct values
    assert all(canonical_decimal(d) == d for d in decimals)
    assert "190000" in decimals  # the Gers population, printed « 190 000 »


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=4))  # Oxigraph: 18 digits
def test_canonical_decimal_is_the_form_oxigraph_stores(number: Decimal):
    text = format(number, "f")
    stored = pyoxigraph.Store()
    stored.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode("https://example.org/s"),
            pyoxigraph.NamedNode("https://example.org/p"),
            pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(XSD_DECIMAL)),
        )
    )
    (quad,) = list(stored)
    assert canonical_decimal(text) == quad.object.value


XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_saved_query_orders_its_answer_and_binds_its_parameters_in_itself(query):
    assert re.search(r"^ORDER BY ", query.text, re.MULTILINE), "a total order of the rows"
    for param in query.params:
        assert re.search(rf"VALUES \?{param.name} \{{ [^}}]+ \}}", query.text)
        assert param.help, f"{param.name}: say what it means"
