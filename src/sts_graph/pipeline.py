"""The main job: extract, load, validate, reason — the stages in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from . import build, extract, reason, validate
from .extract import framework as reference
from .extract.model import Anomaly, Plan
from .literals import turtle
from .namespaces import (
    FRAMEWORK_FILE,
    GRAPH_FRAMEWORK,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_VOCABULARIES,
    ONTOLOGY_FILE,
    SOURCES_DIR,
    TURTLE_DIR,
    departement_graph,
)
from .store import DEFAULT_ENGINE, Store, new_store, parse_turtle

T = TypeVar("T")
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
    reasoning: bool = True, engine: str = DEFAULT_ENGINE, reasoner: str = reason.DEFAULT_REASONER
) -> Store:
    """The committed data of ``data/turtle/``, with its OWL RL closure unless told not to."""
    files = sorted(TURTLE_DIR.glob("*.ttl"))
    store = load(files, engine=engine)
    if reasoning:
        add_closure(store, files, lambda part: store.copy(*map(graph_name, part)), reasoner)
    return store


def add_closure(
    store: Store,
    files: list[Path],
    asserted: Callable[[list[Path]], Graph],
    engine: str = reason.DEFAULT_REASONER,
    meanwhile: Callable[[], T] | None = None,
) -> T | None:
    """Load the OWL RL closure of the ontology and *files* into the inferred graph,
    computed département by département (see :func:`reason.cached_closure`); returns
    what *meanwhile* returns, run while the closure is computed."""
    shared = [ONTOLOGY_FILE, *(f for f in files if f.name in FIXED_GRAPHS)]
    parts = [f for f in files if f.name not in FIXED_GRAPHS]
    paths, result = reason.cached_closure(shared, parts, asserted, engine, meanwhile=meanwhile)
    store.load_turtle(paths, GRAPH_INFERRED)
    return result


def extract_to(sources: Path = SOURCES_DIR, out: Path = TURTLE_DIR) -> list[Plan]:
    """Extract every plan of *sources* into Turtle files in *out*."""
    plans, framework = extract.extract(sources)
    build.write(plans, framework, out)
    return plans


FIXPOINT_ROUNDS = 5  # a code added lets the next round resolve pages by its title


def framework_additions(
    sources: Path = SOURCES_DIR, path: Path = FRAMEWORK_FILE, write: bool = False
) -> list[reference.Addition]:
    """What the plans of *sources* print that the reference framework lacks; with
    *write*, add it all to the file, round after round until nothing is new."""
    framework = reference.load(path)
    plans, _ = extract.extract(sources, framework)
    found = reference.additions(framework, plans)
    rounds = 0
    while write and rounds < FIXPOINT_ROUNDS:
        framework = reference.merged(framework, plans)
        plans, _ = extract.extract(sources, framework)
        rounds += 1
        if not reference.additions(framework, plans):
            break
    if write and found:
        build.write_atomic(path, turtle(reference.to_graph(framework)))
    return found


@dataclass
class BuildResult:
    plans: list[Plan]
    store: Store
    report: validate.Report
    inferred: int


def build_all(
    sources: Path = SOURCES_DIR, out: Path = TURTLE_DIR, with_reasoning: bool = True
) -> BuildResult:
    """Extract, load, validate and (optionally) reason.

    Validation reads the graphs just built, with the ontology, as one rdflib graph,
    while worker processes compute the closure from them département by département;
    the store parses the files written.
    """
    plans, framework = extract.extract(sources)
    written = build.write(plans, framework, out)
    files = sorted(written)
    store = load(files)
    ontology = parse_turtle(ONTOLOGY_FILE)
    graphs = {ONTOLOGY_FILE: ontology, **written}

    def check() -> validate.Report:
        return validate.validate(union(graphs.values()), ontology)

    if with_reasoning:  # validated while worker processes compute the closure
        report = add_closure(
            store, files, lambda part: union(graphs[f] for f in part), meanwhile=check
        )
    else:
        report = check()
    assert report is not None
    return BuildResult(plans, store, report, store.count(GRAPH_INFERRED))


def union(graphs: Iterable[Graph]) -> Graph:
    """One rdflib graph holding the triples of *graphs*."""
    out = Graph()
    for graph in graphs:
        out += graph
    return out


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


IDENTITY_LOSSES = ("unresolved", "unknown")  # a page with no code, or a code the framework lacks


@dataclass(frozen=True)
class Identity:
    """How many of a plan's pages got a code of the framework, and why the others did not."""

    plan: str
    defis: tuple[int, int]  # resolved, pages
    objectifs: tuple[int, int]
    losses: list[Anomaly]

    def line(self) -> str:
        (dr, dn), (orr, on) = self.defis, self.objectifs
        return f"{self.plan}: défi codes {dr}/{dn}, objectif codes {orr}/{on}"


def identity(plan: Plan) -> Identity:
    """The identity figures of *plan*."""
    return Identity(
        plan.name,
        (sum(1 for d in plan.defis if d.code), len(plan.defis)),
        (sum(1 for o in plan.objectifs if o.code), len(plan.objectifs)),
        sorted((a for a in plan.anomalies if a.kind in IDENTITY_LOSSES), key=lambda a: a.line),
    )
