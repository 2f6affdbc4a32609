"""The committed dataset in a store: the ontology and each data file in its named graph,
and the OWL RL closure, cached part by part, in the inferred graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from sts_graph import reason
from sts_graph.core.namespaces import (
    GRAPH_FRAMEWORK,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_VOCABULARIES,
    departement_graph,
)
from sts_graph.core.paths import CACHE_DIR, ONTOLOGY_FILE, TURTLE_DIR
from sts_graph.core.progress import Stages
from sts_graph.rdf.store import DEFAULT_ENGINE, Store, new_store
from sts_graph.reason import entail

FIXED_GRAPHS = {"framework.ttl": GRAPH_FRAMEWORK, "vocabularies.ttl": GRAPH_VOCABULARIES}


def graph_name(path: Path) -> URIRef:
    """The named graph a data file (or the ontology) is loaded into."""
    if path == ONTOLOGY_FILE:
        return GRAPH_ONTOLOGY
    return FIXED_GRAPHS.get(path.name) or departement_graph(path.stem.split("-", 1)[0])


def load(
    turtle_files: list[Path], ontology: Path = ONTOLOGY_FILE, engine: str = DEFAULT_ENGINE
) -> Store:
    """A store holding the ontology and each data file in its named graph."""
    store = new_store(engine)
    store.load_turtle(ontology, GRAPH_ONTOLOGY)
    for path in turtle_files:
        store.load_turtle(path, graph_name(path))
    return store


def committed_store(
    reasoning: bool = True,
    engine: str = DEFAULT_ENGINE,
    reasoner: str = reason.DEFAULT_REASONER,
    progress: Stages | None = None,
) -> Store:
    """The committed data of ``data/turtle/``, with its OWL RL closure unless told not to."""
    files = sorted(TURTLE_DIR.glob("*.ttl"))
    store = load(files, engine=engine)
    if reasoning:
        store.load_turtle(closure_files(files, reasoner, progress), GRAPH_INFERRED)
    return store


def closure_files(
    files: list[Path],
    engine: str = reason.DEFAULT_REASONER,
    progress: Stages | None = None,
    cache: Path = CACHE_DIR,
) -> list[Path]:
    """The cached N-Triples files whose union is the OWL RL closure of the ontology and
    *files*, computed département by département (see :func:`entail.cached_closure`)."""
    return closure_of(reason.documents([ONTOLOGY_FILE, *files]), engine, progress, cache)


def closure_of(
    inputs: list[reason.Document],
    engine: str = reason.DEFAULT_REASONER,
    progress: Stages | None = None,
    cache: Path = CACHE_DIR,
) -> list[Path]:
    """:func:`closure_files` of the documents *inputs* (the ontology's among them)."""
    shared: list[reason.Document] = []
    parts: list[reason.Document] = []
    for path, data in inputs:
        common = path == ONTOLOGY_FILE or path.name in FIXED_GRAPHS
        (shared if common else parts).append((path, data))
    return entail.closure_of(shared, parts, engine, cache, progress)
