"""The default engines give the reference engines' answers: pyoxigraph as rdflib,
``reasonable`` (completed with property chains) as owlrl."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from sts_graph import reason
from sts_graph.namespaces import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    ONTOLOGY_FILE,
    STS,
    TURTLE_DIR,
    iri,
)
from sts_graph.pipeline import committed_store, union
from sts_graph.query import run, saved
from sts_graph.results import to_csv
from sts_graph.store import OxigraphStore, parse_turtle

QUERIES = saved()


@pytest.fixture(scope="module")
def reference():
    """The committed data and closure in rdflib's store."""
    return committed_store(reasoning=True, engine="rdflib")


def test_default_engines_are_pyoxigraph_and_reasonable(store):
    assert isinstance(store, OxigraphStore)
    assert reason.DEFAULT_REASONER == "reasonable"


def test_both_stores_hold_the_same_triples_exactly(store, reference):
    assert store.graph_names() == reference.graph_names()
    for name in store.graph_names():
        assert isomorphic(store.copy(name), reference.copy(name)), name


def test_literals_keep_their_lexical_form_and_datatype_through_the_default_store():
    """Oxigraph's index stores ``xsd:positiveInteger`` as ``xsd:integer`` and ``13.0`` as
    ``13``; the copy that validation reads keeps the triples as they were given."""
    graph = Graph()
    node = URIRef(iri("source", "32"))
    given = [Literal("475", datatype=XSD.positiveInteger), Literal("13.0", datatype=XSD.decimal)]
    for literal in given:
        graph.add((node, STS.lineStart, literal))
    store = OxigraphStore()
    store.add_graph(GRAPH_ONTOLOGY, graph)
    copied = store.copy().objects(node, STS.lineStart)
    assert {(str(o), o.datatype) for o in copied} == {(str(o), o.datatype) for o in given}


def test_both_stores_dump_the_same_bytes(store, reference):
    assert store.dump("nquads") == reference.dump("nquads")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_saved_query_answers_the_same_csv_bytes_on_both_stores(store, reference, query):
    assert to_csv(run(store, query.name)) == to_csv(run(reference, query.name))


def test_reasonable_and_owlrl_give_the_same_closure(asserted_store, store):
    asserted = asserted_store.copy()
    default = reason.closure(asserted, "reasonable")
    assert set(default) == set(reason.closure(asserted, "owlrl"))
    assert set(default) == set(store.copy(GRAPH_INFERRED))
    assert len(default) == 11218


def test_property_chains_are_completed_for_reasonable(asserted_store):
    plan, page, defi = iri("sts", "99"), iri("sts", "99", "defi", "E1D1"), iri("defi", "E1D1")
    graph = asserted_store.copy(GRAPH_ONTOLOGY)
    graph.add((plan, STS.states, page))
    graph.add((page, STS.declines, defi))
    inferred = reason.closure(graph, "reasonable")
    assert (plan, STS.retains, defi) in inferred
    assert (defi, STS.isDeclinedIn, page) in inferred


def test_an_unknown_reasoner_is_a_clear_error():
    with pytest.raises(Exception, match="unknown reasoner 'hermit'"):
        reason.closure(Graph(), "hermit")


def test_a_revised_plan_recomputes_only_its_part_of_the_closure(tmp_path):
    files = {p.name: tmp_path / p.name for p in TURTLE_DIR.glob("*.ttl")}
    for name, copy in files.items():
        shutil.copy(TURTLE_DIR / name, copy)
    shared = [ONTOLOGY_FILE, files["framework.ttl"], files["vocabularies.ttl"]]
    parts = sorted(f for f in files.values() if f not in shared)
    cache = tmp_path / "cache"

    def asserted(part: list[Path]) -> Graph:
        return union(parse_turtle(f) for f in part)

    def cached() -> dict[str, float]:
        return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.nt")}

    first, _ = reason.cached_closure(shared, parts, asserted, cache=cache)
    assert len(first) == 1 + len(parts) == len(cached())
    before = cached()
    assert reason.cached_closure(shared, parts, asserted, cache=cache)[0] == first
    assert set(cached()) == set(before)
    gers = files["32-gers.ttl"]
    gers.write_text(gers.read_text(encoding="utf-8") + "\n# revised\n", encoding="utf-8")
    revised, _ = reason.cached_closure(shared, parts, asserted, cache=cache)
    changed = [a.name for a, b in zip(first, revised, strict=True) if a != b]
    assert changed == [first[1 + parts.index(gers)].name]
    assert set(cached()) == {p.name for p in first} | {p.name for p in revised}


def test_meanwhile_runs_while_the_closure_is_computed(tmp_path):
    shared = [ONTOLOGY_FILE, TURTLE_DIR / "framework.ttl", TURTLE_DIR / "vocabularies.ttl"]
    parts = [TURTLE_DIR / "32-gers.ttl"]
    paths, answer = reason.cached_closure(
        shared,
        parts,
        lambda part: union(parse_turtle(f) for f in part),
        cache=tmp_path,
        meanwhile=lambda: 42,
    )
    assert answer == 42 and all(p.is_file() for p in paths)
