"""Time each stage of sts-graph, engine against engine, and write ``docs/benchmarks.md``.

    python bench/run.py [--repeat 5] [--no-server]

Each stage runs once to warm up, then ``--repeat`` times; the table gives the
median and the fastest–slowest runs. First, the reference pipeline (rdflib,
owlrl and pyshacl on the whole graph, one process) beside the defaults (the
build plan by plan on every core, the OWL 2 RL rules in pyoxigraph, the query
store on disk), stage by stage, as ratios. Then engines compared in the same
run: rdflib's memory store, pyoxigraph and oxrdflib for parsing; rdflib,
pyoxigraph in memory and on disk (and an Oxigraph server, over HTTP) for the
saved queries; the rules, reasonable and owlrl for the OWL RL closure; pyshacl
on the asserted graph, on the graph with its closure, and with pyshacl's own
RDFS inference. Whole commands run in a subprocess, with their peak resident
memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import (
    Timing,
    command_peak,
    held,
    machine,
    measure,
    peak_mb,
    replace_section,
    table,
)

from sts_graph import mapping, reason, validate
from sts_graph.core.namespaces import GRAPH_INFERRED
from sts_graph.core.paths import CACHE_VARIABLE, ONTOLOGY_FILE, SOURCES_DIR, TURTLE_DIR
from sts_graph.endpoint import EndpointStore, load
from sts_graph.extract import extract, read, read_sources
from sts_graph.extract import framework as reference
from sts_graph.pipeline import build_all
from sts_graph.query import run, saved
from sts_graph.query.warm import warm_store
from sts_graph.rdf.store import parse_turtle
from sts_graph.reason import entail
from sts_graph.reason.dataset import committed_store
from sts_graph.reason.dataset import load as load_files
from sts_graph.validate.native import Validator
from sts_graph.validate.report import load_shapes

FILES = sorted(TURTLE_DIR.glob("*.ttl"))
COMMAND_QUERIES = ("couverture-objectifs", "oqos")  # a quick one and the slowest


def ms(timing: Timing) -> str:
    return f"{timing.median * 1000:.0f}"


def per_second(triples: int, timing: Timing) -> str:
    return f"{triples / timing.median:,.0f}".replace(",", " ")


def extraction(repeat: int) -> list[list[str]]:
    framework = reference.load()
    rows, plans = [], []
    for source in read_sources(SOURCES_DIR):
        timing = measure(lambda source=source: read(source, framework), repeat)
        plans.append(read(source, framework))
        rows.append(["extract", source.path.name, ms(timing), timing.spread(), ""])
    graphs = mapping.graphs(plans, framework)
    size = sum(len(g) for g in graphs.values())
    timing = measure(lambda: mapping.graphs(plans, framework), repeat)
    rows.append(["build", "plans → rdflib graphs", ms(timing), timing.spread(), ""])
    timing = measure(lambda: [mapping.turtle(g) for g in graphs.values()], repeat)
    rows.append(
        ["build", "deterministic Turtle", ms(timing), timing.spread(), per_second(size, timing)]
    )
    return rows


def oxrdflib_parse() -> None:
    from rdflib import Graph

    graph = Graph(store="Oxigraph")
    for path in (ONTOLOGY_FILE, *FILES):
        graph.parse(path, format="ox-turtle")


def parsing(repeat: int, triples: int) -> list[list[str]]:
    rows = []
    for engine, action in (
        ("rdflib Dataset", lambda: load_files(FILES, engine="rdflib")),
        ("pyoxigraph (default)", lambda: load_files(FILES, engine="oxigraph")),
        ("oxrdflib", oxrdflib_parse),
    ):
        timing = measure(action, repeat)
        rows.append(["parse", engine, ms(timing), timing.spread(), per_second(triples, timing)])
    return rows


def validation_and_reasoning(repeat: int) -> list[list[str]]:
    store = committed_store(reasoning=True)
    asserted = committed_store(reasoning=False).copy()
    closed = store.copy()
    ontology = parse_turtle(ONTOLOGY_FILE)
    shapes = load_shapes()
    documents = [(path, path.read_bytes()) for path in [ONTOLOGY_FILE, *FILES]]
    timing = measure(lambda: Validator(shapes).documents(documents), repeat)
    rows = [
        [
            "validate",
            "native (default): the shapes as SPARQL in pyoxigraph, Turtle loaded",
            ms(timing),
            timing.spread(),
            per_second(len(asserted), timing),
        ]
    ]
    for label, graph, inference in (
        ("pyshacl, asserted (the reference)", asserted, "none"),
        ("pyshacl, asserted + closure", closed, "none"),
        ("pyshacl, its own RDFS inference", asserted, "rdfs"),
    ):
        timing = measure(
            lambda g, inference=inference: shacl(g, ontology, shapes, inference),
            repeat,
            setup=lambda graph=graph: graph + ontology,
        )
        rows.append(
            ["validate", label, ms(timing), timing.spread(), per_second(len(graph), timing)]
        )
    for engine in entail.REASONERS:
        runs = repeat if engine == reason.DEFAULT_REASONER else max(1, min(repeat, 2))
        timing = measure(lambda engine=engine: entail.closure(asserted, engine), runs)
        label = f"{engine} (default), whole graph through rdflib" if engine == "rules" else engine
        rows.append(
            ["reason", label, ms(timing), timing.spread(), per_second(len(asserted), timing)]
        )
    shared, parts = [ONTOLOGY_FILE, *FILES[-2:]], FILES[:-2]
    timing = measure(
        lambda cache: entail.cached_closure(shared, parts, cache=cache),
        repeat,
        setup=lambda: Path(tempfile.mkdtemp()),
    )
    label = "rules (default), as built: files, plan by plan, every core"
    rows.append(["reason", label, ms(timing), timing.spread(), per_second(len(asserted), timing)])
    return rows


def shacl(graph, ontology, shapes, inference: str) -> None:
    from pyshacl import validate as pyshacl_validate

    pyshacl_validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference=inference,
        allow_warnings=True, inplace=True,
    )  # fmt: skip


def queries(
    repeat: int, with_server: bool
) -> tuple[list[list[str]], list[str], dict[str, list[float]]]:
    stores = {
        "rdflib": committed_store(reasoning=True, engine="rdflib"),
        "pyoxigraph in memory": committed_store(reasoning=True),
        "pyoxigraph on disk (default)": warm_store(),
    }
    server = None
    if with_server and shutil.which("oxigraph"):
        from sts_graph.endpoint.oxigraph_server import OxigraphServer

        server = OxigraphServer(Path(tempfile.mkdtemp()) / "db").start()
        load(stores["pyoxigraph in memory"], server.endpoint)
        stores["Oxigraph server (HTTP)"] = EndpointStore(server.endpoint)
    rows = []
    embedded: dict[str, list[float]] = {name: [] for name in list(stores)[1:3]}
    try:
        for query in saved():
            row = [query.name]
            for name, store in stores.items():
                timing = measure(lambda store=store, q=query: run(store, q.name), repeat)
                row.append(f"{ms(timing)} ({timing.spread()})")
                if name in embedded:
                    embedded[name].append(timing.median)
            rows.append(row)
    finally:
        if server is not None:
            server.stop()
    return rows, list(stores), embedded


def targets(
    commands: dict[str, Timing],
    queries: dict[str, list[float]],
    ratios: dict[str, float],
    cpu: float,
) -> str:
    """The five-plan targets of issue #26, each measured and marked held or not."""
    cold = commands["sts-graph build, cold cache"].median
    memory, disk = queries["pyoxigraph in memory"], queries["pyoxigraph on disk (default)"]
    slowest = max(range(len(disk)), key=disk.__getitem__)
    on_disk = disk[slowest] / memory[slowest]
    validation, total = ratios["validate (pyshacl against native)"], ratios["**total**"]
    rows = [
        ["five plans: `sts-graph build`, cold cache, ≤ 1.5 s", f"{cold:.2f} s", held(cold <= 1.5)],
        ["defaults against the reference pipeline ≥ 20×", f"{total:.1f}×", held(total >= 20)],
        ["validation against pyshacl ≥ 10×", f"{validation:.1f}×", held(validation >= 10)],
        [
            "`sts-graph query couverture-objectifs` CPU against"
            " `python -c 'import pyoxigraph'`, paired, ≤ 4×",
            f"{cpu:.1f}×",
            held(cpu <= 4),
        ],
        [
            "slowest saved query on disk against in memory ≤ 2×",
            f"{on_disk:.1f}× ({disk[slowest] * 1000:.0f} ms against {memory[slowest] * 1000:.0f})",
            held(on_disk <= 2),
        ],
    ]
    return table(["target (#26)", "measured", "holds"], rows)


def cpu_against_engine(repeat: int) -> float:
    """The CPU time (user and system, with the processes it waits for) of
    ``sts-graph query couverture-objectifs`` over that of ``python -c 'import pyoxigraph'``,
    run in turn in the same environment: the median of the pairs' ratios."""
    command = str(Path(sys.executable).with_name("sts-graph"))
    pair = (
        [command, "query", "couverture-objectifs", "--format", "csv"],
        [sys.executable, "-c", "import pyoxigraph"],
    )

    def cpu(arguments: list[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    cpu(pair[0])  # the store made, if it is not
    ratios = sorted(cpu(pair[0]) / max(cpu(pair[1]), 1e-3) for _ in range(max(5, repeat * 3)))
    return ratios[len(ratios) // 2]


def commands(repeat: int) -> tuple[dict[str, Timing], dict[str, float]]:
    def cold() -> dict[str, str]:
        return {CACHE_VARIABLE: tempfile.mkdtemp()}  # an empty cache: the closure computed

    command = str(Path(sys.executable).with_name("sts-graph"))  # beside this Python: no shim
    measured: dict[str, Timing] = {}
    peaks: dict[str, float] = {}
    for label, arguments, env in (
        ("sts-graph --help (import)", ["--help"], dict),
        ("sts-graph build, cold cache", ["build"], cold),
        ("sts-graph build, closure cached", ["build"], dict),
        *(
            (f"sts-graph query {q.name}", ["query", q.name], dict)
            for q in saved()
            if q.name in COMMAND_QUERIES
        ),
    ):
        timing, peak = command_peak([command, *arguments], repeat, env)
        measured[label] = timing
        peaks[label] = peak
    return measured, peaks


def reference_against_defaults(repeat: int) -> tuple[list[list[str]], dict[str, float]]:
    """Each stage of the reference pipeline beside the defaults' on the five plans, and
    the ratio of the totals. The defaults' total is one whole cold build (it extracts,
    builds, writes, validates and reasons plan by plan on every core), the making of
    the query store and every saved query on it; their other figures, each stage alone,
    are for the ratios."""
    from rdflib import Graph

    plans, framework = extract(SOURCES_DIR)
    graphs = mapping.graphs(plans, framework)
    ontology, shapes = parse_turtle(ONTOLOGY_FILE), load_shapes()
    whole = committed_store(reasoning=False, engine="rdflib").copy()
    reference_store = committed_store(reasoning=True, engine="rdflib")
    shared, parts = [ONTOLOGY_FILE, *FILES[-2:]], FILES[:-2]  # framework, vocabularies last
    documents = [(path, path.read_bytes()) for path in [ONTOLOGY_FILE, *FILES]]

    def rdflib_turtle() -> None:
        for graph in graphs.values():
            (Graph() + graph).serialize(format="turtle")

    def cold_build() -> None:
        build_all(SOURCES_DIR, Path(tempfile.mkdtemp()), cache=Path(tempfile.mkdtemp()))

    def store_and_queries() -> None:
        disk = warm_store(cache=Path(tempfile.mkdtemp()))
        for query in saved():
            run(disk, query.name)

    disk = warm_store()
    stages = [
        ("extract, build the graphs", lambda: mapping.graphs(*extract(SOURCES_DIR)), None),
        ("write Turtle", rdflib_turtle, lambda: [mapping.turtle(g) for g in graphs.values()]),
        (
            "parse Turtle",
            lambda: load_files(FILES, engine="rdflib"),
            lambda: warm_store(cache=Path(tempfile.mkdtemp())),
        ),
        (
            "validate (pyshacl against native)",
            lambda: validate.validate(whole + ontology, ontology, shapes, "pyshacl"),
            lambda: Validator(shapes).documents(documents),
        ),
        (
            "OWL RL closure",
            lambda: entail.closure(whole, "owlrl"),
            lambda: entail.cached_closure(shared, parts, cache=Path(tempfile.mkdtemp())),
        ),
        (
            "every saved query",
            lambda: [run(reference_store, q.name) for q in saved()],
            lambda: [run(disk, q.name) for q in saved()],
        ),
    ]
    rows, reference_total, ratios = [], 0.0, {}
    for label, reference_action, default_action in stages:
        reference = measure(reference_action, max(1, min(repeat, 2)))
        reference_total += reference.median
        if default_action is None:
            rows.append([label, ms(reference), "in the build", ""])
            continue
        default = measure(default_action, repeat)
        ratios[label] = reference.median / default.median
        rows.append(
            [label, ms(reference), ms(default), f"{reference.median / default.median:.0f}×"]
        )
    build_time = measure(cold_build, repeat)
    rest = measure(store_and_queries, repeat)
    rows.append(["whole build, cold (stages above on every core)", "", ms(build_time), ""])
    rows.append(["query store made, every saved query", "", ms(rest), ""])
    default_total = build_time.median + rest.median
    ratio = ratios["**total**"] = reference_total / default_total
    rows.append(
        [
            "**total**",
            f"{reference_total * 1000:.0f}",
            f"{default_total * 1000:.0f}",
            f"{ratio:.1f}×",
        ]
    )
    return rows, ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each stage")
    parser.add_argument("--no-server", action="store_true", help="skip the Oxigraph server")
    args = parser.parse_args(argv)
    where = machine()
    triples = len(committed_store(reasoning=False))
    inferred = committed_store(reasoning=True).count(GRAPH_INFERRED)
    pipeline_rows, ratios = reference_against_defaults(args.repeat)
    ratio = ratios["**total**"]
    stage_rows = extraction(args.repeat) + parsing(args.repeat, triples)
    stage_rows += validation_and_reasoning(args.repeat)
    query_rows, engines, embedded = queries(args.repeat, not args.no_server)
    measured, peaks = commands(max(1, args.repeat // 2 + 1))
    command_rows = [
        [label, ms(t), t.spread(), f"{peaks[label]:.0f}"] for label, t in measured.items()
    ]
    cpu = cpu_against_engine(args.repeat)
    held_or_not = targets(measured, embedded, ratios, cpu)
    replace_section("targets-run", held_or_not)
    text = (
        f"Measured by `python bench/run.py --repeat {args.repeat}` on {where};"
        f" {triples} asserted triples, {inferred} inferred. Times in milliseconds:"
        " median of the timed runs, then the fastest–slowest.\n\n"
        f"### The reference pipeline against the defaults: {ratio:.1f}× faster\n\n"
        + table(["stage", "reference ms", "defaults ms", "ratio"], pipeline_rows)
        + "\n### Stages, engine against engine\n\n"
        + table(["stage", "engine / part", "median ms", "spread ms", "triples/s"], stage_rows)
        + "\n### Saved queries after load (median ms, spread)\n\n"
        + table(["query", *engines], query_rows)
        + "\n### Whole commands (subprocess, peak resident memory)\n\n"
        + table(["command", "median ms", "spread ms", "peak MB"], command_rows)
        + f"\nPeak memory of this benchmark process: {peak_mb():.0f} MB.\n"
    )
    replace_section("run.py", text)
    print(text + "\n" + held_or_not)
    return 0


if __name__ == "__main__":
    sys.exit(main())
