"""The default engines give the reference engines' answers: pyoxigraph as rdflib, the
OWL 2 RL rules run by pyoxigraph (and ``reasonable``, completed with property chains)
as owlrl."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, XSD
from synthetic import make_turtle

from sts_graph import reason
from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, STS, iri
from sts_graph.core.paths import ONTOLOGY_FILE, SOURCES_DIR, TURTLE_DIR
from sts_graph.pipeline import build_all, ntriples_lines
from sts_graph.query import run, saved
from sts_graph.query.results import to_csv
from sts_graph.rdf.store import OxigraphStore, parse_turtle
from sts_graph.reason import entail
from sts_graph.reason.dataset import closure_files, committed_store

QUERIES = saved()


@pytest.fixture(scope="module")
def reference():
    """The committed data and closure in rdflib's store."""
    return committed_store(reasoning=True, engine="rdflib")


def test_default_engines_are_pyoxigraph_and_its_rules(store):
    assert isinstance(store, OxigraphStore)
    assert reason.DEFAULT_REASONER == "rules"


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


def test_every_reasoner_gives_owlrls_closure(asserted_store, store):
    """On the whole graph at once; the store's closure, computed département by
    département, is the same: no rule joins two départements."""
    asserted = asserted_store.copy()
    reference = set(entail.closure(asserted, "owlrl"))
    assert len(reference) == 11199
    for engine in ("rules", "reasonable"):
        assert set(entail.closure(asserted, engine)) == reference, engine
    assert set(store.copy(GRAPH_INFERRED)) == reference


def test_the_rules_give_owlrls_closure_on_thirteen_departements(tmp_path):
    """Thirteen départements (the five plans and eight renumbered copies), part by part
    as the build computes it: the union is owlrl's, triple for triple."""
    files = make_turtle(13, tmp_path)
    shared = [ONTOLOGY_FILE, *files[:2]]

    def closure(engine: str) -> set[bytes]:
        paths = entail.cached_closure(shared, files[2:], engine, cache=tmp_path / engine)
        return {line for path in paths for line in ntriples_lines(path)}

    rules = closure("rules")
    assert len(rules) > 13 * 2000
    assert rules == closure("owlrl")


RESOURCES = [iri("sts", "99", "r", str(n)) for n in range(4)]
OBJECT_PROPERTIES = sorted(
    {s for s in parse_turtle(ONTOLOGY_FILE).subjects(RDF.type, OWL.ObjectProperty)}
)
CLASSES = sorted({s for s in parse_turtle(ONTOLOGY_FILE).subjects(RDF.type, OWL.Class)})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(RESOURCES), st.sampled_from(OBJECT_PROPERTIES),
                      st.sampled_from(RESOURCES)),
            st.tuples(st.sampled_from(RESOURCES), st.just(RDF.type), st.sampled_from(CLASSES)),
        ),
        min_size=1,
        max_size=12,
    )
)  # fmt: skip
def test_the_rules_give_owlrls_closure_on_any_small_graph(ontology, triples):
    """Any few statements with the ontology's properties and classes: functional ones
    given two values (sameAs and its equality rules), chains, inverses, transitivity."""
    graph = Graph()
    graph += ontology
    for triple in triples:
        graph.add(triple)
    assert set(entail.closure(graph, "rules")) == set(entail.closure(graph, "owlrl"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_turtle(ONTOLOGY_FILE)


def test_an_axiom_the_rules_do_not_apply_is_refused(ontology):
    graph = Graph()
    graph += ontology
    restriction = URIRef(iri("sts", "99", "restriction"))
    graph.add((restriction, OWL.hasValue, Literal("x")))
    with pytest.raises(
        InputError, match=r"does not apply owl:hasValue \(on .*\): use --reasoner owlrl"
    ):
        entail.closure(graph, "rules")


def test_property_chains_are_completed_for_reasonable(asserted_store):
    plan, page, defi = iri("sts", "99"), iri("sts", "99", "defi", "E1D1"), iri("defi", "E1D1")
    graph = asserted_store.copy(GRAPH_ONTOLOGY)
    graph.add((plan, STS.states, page))
    graph.add((page, STS.declines, defi))
    for engine in ("rules", "reasonable"):
        inferred = entail.closure(graph, engine)
        assert (plan, STS.retains, defi) in inferred
        assert (defi, STS.isDeclinedIn, page) in inferred


def test_an_unknown_reasoner_is_a_clear_error():
    with pytest.raises(Exception, match="unknown reasoner 'hermit'"):
        entail.closure(Graph(), "hermit")


def test_a_revised_plan_recomputes_only_its_part_of_the_closure(tmp_path):
    files = {p.name: tmp_path / p.name for p in TURTLE_DIR.glob("*.ttl")}
    for name, copy in files.items():
        shutil.copy(TURTLE_DIR / name, copy)
    shared = [ONTOLOGY_FILE, files["framework.ttl"], files["vocabularies.ttl"]]
    parts = sorted(f for f in files.values() if f not in shared)
    cache = tmp_path / "cache"

    def cached() -> dict[str, float]:
        return {p.parent.name: p.stat().st_mtime_ns for p in cache.glob("inferred-*/*.nt")}

    first = entail.cached_closure(shared, parts, cache=cache)
    assert len(first) == 1 + len(parts) == len(cached())
    before = cached()
    assert entail.cached_closure(shared, parts, cache=cache) == first
    assert set(cached()) == set(before)
    gers = files["32-gers.ttl"]
    gers.write_text(gers.read_text(encoding="utf-8") + "\n# revised\n", encoding="utf-8")
    revised = entail.cached_closure(shared, parts, cache=cache)
    changed = [a.parent.name for a, b in zip(first, revised, strict=True) if a != b]
    assert changed == [first[1 + parts.index(gers)].parent.name]
    assert set(cached()) == {p.parent.name for p in first} | {p.parent.name for p in revised}


def test_the_build_caches_the_closure_queries_read(tmp_path):
    """The closure the build computes plan by plan from the Turtle it writes is found
    in the cache by the committed files' keys: nothing is computed twice."""
    cache = tmp_path / "cache"
    result = build_all(SOURCES_DIR, tmp_path / "turtle", cache=cache)
    made = set(cache.glob("inferred-*/*.nt"))
    files = sorted((tmp_path / "turtle").glob("*.ttl"))
    assert set(closure_files(files, cache=cache)) == made
    lines = {line for path in made for line in ntriples_lines(path)}
    assert result.inferred == len(lines) == 11199
