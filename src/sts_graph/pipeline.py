"""The main job: extract, load, validate, reason — the stages in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from . import build, extract, reason, validate
from .extract.model import Plan
from .namespaces import (
    GRAPH_FRAMEWORK,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_VOCABULARIES,
    ONTOLOGY_FILE,
    SOURCES_DIR,
    TURTLE_DIR,
    departement_graph,
)
from .store import Store, parse_turtle

FIXED_GRAPHS = {"framework.ttl": GRAPH_FRAMEWORK, "vocabularies.ttl": GRAPH_VOCABULARIES}


def graph_name(path: Path):
    """The named graph a data file is loaded into."""
    return FIXED_GRAPHS.get(path.name) or departement_graph(path.stem.split("-", 1)[0])


def load(turtle_files: list[Path], ontology: Path = ONTOLOGY_FILE) -> Store:
    """A store holding the ontology and each data file in its named graph."""
    store = Store()
    store.load_turtle(ontology, GRAPH_ONTOLOGY)
    for path in turtle_files:
        store.load_turtle(path, graph_name(path))
    return store


def committed_store(reasoning: bool = True) -> Store:
    """The committed data of ``data/turtle/``, with its OWL RL closure unless told not to."""
    files = sorted(TURTLE_DIR.glob("*.ttl"))
    store = load(files)
    if reasoning:
        closure = reason.cached_closure(store.copy(), [ONTOLOGY_FILE, *files])
        store.add_graph(GRAPH_INFERRED, closure)
    return store


def extract_to(sources: Path = SOURCES_DIR, out: Path = TURTLE_DIR) -> list[Plan]:
    """Extract every plan of *sources* into Turtle files in *out*."""
    plans, framework = extract.extract(sources)
    build.write(plans, framework, out)
    return plans


@dataclass
class BuildResult:
    plans: list[Plan]
    store: Store
    report: validate.Report
    inferred: int


def build_all(
    sources: Path = SOURCES_DIR, out: Path = TURTLE_DIR, with_reasoning: bool = True
) -> BuildResult:
    """Extract, load, validate and (optionally) reason."""
    plans = extract_to(sources, out)
    store = load(sorted(out.glob("*.ttl")))
    ontology = store.copy(GRAPH_ONTOLOGY)
    data = store.copy(*[g for g in store.graph_names() if g != GRAPH_ONTOLOGY])
    report = validate.validate(data, ontology)
    inferred = 0
    if with_reasoning:
        closure = reason.cached_closure(store.copy(), [ONTOLOGY_FILE, *sorted(out.glob("*.ttl"))])
        store.add_graph(GRAPH_INFERRED, closure)
        inferred = len(closure)
    return BuildResult(plans, store, report, inferred)


def data_graph(paths: list[Path]) -> Graph:
    """The union of data files (each parsed, errors naming file and line)."""
    graph = Graph()
    for path in paths:
        parse_turtle(path, graph)
    return graph


SUMMARY_COLUMNS = (
    "défis",
    "objectifs",
    "actions",
    "chiffres",
    "OQOS",
    "counts",
    "indic.",
    "CTS",
    "CNR",
    "quotes",
    "anomalies",
)


def summary(plans: list[Plan]) -> list[tuple[str, list[int]]]:
    """Per plan: how many of each kind of thing the extractor found."""
    return [
        (
            p.name,
            [
                len(p.defis),
                len(p.objectifs),
                sum(len(o.actions) for o in p.objectifs),
                sum(len(o.chiffres) for o in p.objectifs),
                len(p.oqos),
                len(p.counts),
                len(p.indicators),
                len(p.cts_defis),
                len(p.cnr),
                len(p.quotes),
                len(p.anomalies),
            ],
        )
        for p in plans
    ]
