"""The main job: extract, load, validate, reason — the stages in order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from sts_graph import extract, mapping, reason, validate
from sts_graph.core.durable import write_atomic, write_files
from sts_graph.core.errors import blamed_on
from sts_graph.core.files import display_path
from sts_graph.core.paths import CACHE_DIR, FRAMEWORK_FILE, ONTOLOGY_FILE, SOURCES_DIR, TURTLE_DIR
from sts_graph.core.progress import Stages
from sts_graph.core.workers import parallel_map
from sts_graph.extract import Framework
from sts_graph.extract import framework as reference
from sts_graph.extract.model import Anomaly, Plan
from sts_graph.extract.text import read_source
from sts_graph.mapping.framework import to_graph
from sts_graph.rdf.store import parse_turtle
from sts_graph.rdf.write import turtle
from sts_graph.reason import entail
from sts_graph.validate.native import Validator
from sts_graph.validate.reference import preload
from sts_graph.validate.report import Finding, Report, load_shapes


def extract_to(sources: Path = SOURCES_DIR, out: Path = TURTLE_DIR) -> list[Plan]:
    """Extract every plan of *sources* into Turtle files in *out*."""
    plans, framework = extract.extract(sources)
    mapping.write(plans, framework, out)
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
        write_atomic(path, turtle(to_graph(framework)))
    return found


@dataclass
class BuildResult:
    plans: list[Plan]
    report: Report
    triples: int  # asserted and inferred, the ontology's included
    graphs: int  # named graphs holding them
    inferred: int


@dataclass(frozen=True)
class _Shared:
    """What every plan's worker reads (inherited when it is forked)."""

    framework: Framework
    graph: Graph  # framework and vocabularies
    ontology: Graph
    shapes: Graph
    native: Validator | None  # the shapes compiled, unless pyshacl validates
    out: Path
    cache: Path
    documents: list[reason.Document]  # ontology, framework and vocabularies as Turtle
    closure: Path | None  # theirs, or None when the build does not reason


@dataclass(frozen=True)
class Built:
    """One plan read, built as a graph and as Turtle, validated and reasoned over."""

    plan: Plan
    turtle: str
    triples: int
    findings: list[Finding]
    closure: Path | None


_shared: _Shared | None = None


def build_plan(path: Path) -> Built:
    """Extract, build, validate and reason over one plan, in a worker: a plan's
    resources link to the shared graphs only, so its findings and its closure are
    those the whole graph gives about it (tests check both)."""
    shared = _shared
    assert shared is not None
    source = read_source(path)
    plan = extract.read(source, shared.framework)
    with blamed_on(plan.name):
        graph = mapping.plan_graph(plan, shared.framework)
    text = turtle(graph)
    closure = None
    if shared.closure is not None:
        inputs = [*shared.documents, (shared.out / turtle_name(plan), text.encode())]
        closure = entail.cached_part(inputs, [shared.closure], cache=shared.cache)
    triples = len(graph)
    if shared.native is not None:
        report = shared.native.documents(
            [*shared.documents, (shared.out / turtle_name(plan), text.encode())]
        )
    else:
        graph += shared.graph
        report = validate.validate(graph, shared.ontology, shared.shapes, "pyshacl")
    return Built(plan, text, triples, report.findings, closure)


def turtle_name(plan: Plan) -> str:
    """The name of the Turtle file of *plan* (``32-gers.ttl``)."""
    return f"{plan.path.stem}.ttl"


def build_all(
    sources: Path = SOURCES_DIR,
    out: Path = TURTLE_DIR,
    with_reasoning: bool = True,
    progress: Stages | None = None,
    cache: Path = CACHE_DIR,
    validator: str = validate.DEFAULT_VALIDATOR,
) -> BuildResult:
    """Extract, build, validate and (optionally) reason, then write the Turtle files.

    Each plan is read, built, written as Turtle, reasoned over and validated in a
    worker process, one a core, largest plans first; the files are then written
    together (all or none). The closure is cached as :func:`entail.cached_closure`
    caches it, so that queries find it. *validator* names the SHACL engine
    (:data:`validate.VALIDATORS`).
    """
    global _shared
    stages = progress or Stages(None)
    framework = reference.load()
    paths = sorted(extract.source_paths(sources), key=lambda p: -p.stat().st_size)
    shared = mapping.shared_graphs(framework)
    texts = {out / name: turtle(graph) for name, graph in shared.items()}
    inputs = reason.documents([ONTOLOGY_FILE])
    inputs += [(path, text.encode()) for path, text in texts.items()]
    closure = None
    if with_reasoning:
        closure = entail.cached_part(inputs, [], cache=cache)
    ontology = parse_turtle(ONTOLOGY_FILE)
    graph = union(shared.values())
    shapes = load_shapes()
    native = Validator(shapes) if validator == "native" else None
    _shared = _Shared(framework, graph, ontology, shapes, native, out, cache, inputs, closure)
    if native is None:
        preload()  # pyshacl imported once, before the workers are forked
    try:
        names = [display_path(p) for p in paths]
        built = list(stages.track(parallel_map(build_plan, paths), len(paths), "plans", names))
    finally:
        _shared = None
    built.sort(key=lambda b: b.plan.path.name)
    texts |= {out / turtle_name(b.plan): b.turtle for b in built}
    write_files(texts, sorted(set(out.glob("*.ttl")) - set(texts)))
    report = Report.merged([b.findings for b in built])
    inferred = 0
    if closure is not None:
        parts = [closure, *(b.closure for b in built if b.closure is not None)]
        inferred = len({line for path in parts for line in ntriples_lines(path)})
        entail.prune_closures(cache)
    asserted = len(ontology) + len(graph) + sum(b.triples for b in built)
    graphs = 1 + len(texts) + (1 if inferred else 0)
    return BuildResult([b.plan for b in built], report, asserted + inferred, graphs, inferred)


def ntriples_lines(path: Path) -> list[bytes]:
    """The triples of an N-Triples file, one line each (comments left out)."""
    return [line for line in path.read_bytes().splitlines() if line and not line.startswith(b"#")]


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


# a page with no code, a code the framework lacks, or a name an earlier page of its plan has
IDENTITY_LOSSES = ("unresolved", "unknown", "conflict")


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
