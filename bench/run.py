"""Time each stage of sts-graph, engine against engine, and write ``docs/benchmarks.md``.

    python bench/run.py [--repeat 5] [--no-server]

Each stage runs once to warm up, then ``--repeat`` times; the table gives the
median and the fastest–slowest runs. Engines compared in the same run: rdflib's
memory store, pyoxigraph and oxrdflib for parsing; rdflib and pyoxigraph (and an
Oxigraph server, over HTTP) for the saved queries; owlrl and reasonable for the
OWL RL closure; pyshacl on the asserted graph, on the graph with its closure,
and with pyshacl's own RDFS inference. Whole commands run in a subprocess, with
their peak resident memory.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from timing import Timing, command_peak, machine, measure, peak_mb, replace_section, table

from sts_graph import build, reason, validate
from sts_graph.endpoint import EndpointStore, load
from sts_graph.extract.framework import resolve
from sts_graph.extract.plan import engagement_titles, read_plan
from sts_graph.extract.text import key, read_source
from sts_graph.namespaces import (
    CACHE_VARIABLE,
    GRAPH_INFERRED,
    ONTOLOGY_FILE,
    SOURCES_DIR,
    TURTLE_DIR,
)
from sts_graph.pipeline import committed_store
from sts_graph.pipeline import load as load_files
from sts_graph.query import run, saved
from sts_graph.store import parse_turtle

FILES = sorted(TURTLE_DIR.glob("*.ttl"))
COVERAGE = "couverture-objectifs"


def ms(timing: Timing) -> str:
    return f"{timing.median * 1000:.0f}"


def per_second(triples: int, timing: Timing) -> str:
    return f"{triples / timing.median:,.0f}".replace(",", " ")


def extraction(repeat: int) -> list[list[str]]:
    sources = [read_source(p) for p in sorted(SOURCES_DIR.glob("*.txt"))]
    titles = frozenset(key(t) for s in sources for _n, t, _line in engagement_titles(s))
    rows, plans = [], []
    for source in sources:
        timing = measure(lambda source=source: read_plan(source, titles), repeat)
        plans.append(read_plan(source, titles))
        rows.append(["extract", source.path.name, ms(timing), timing.spread(), ""])
    timing = measure(lambda: resolve(plans), repeat)
    rows.append(["extract", "codes resolved across plans", ms(timing), timing.spread(), ""])
    framework = resolve(plans)
    graphs = build.graphs(plans, framework)
    size = sum(len(g) for g in graphs.values())
    timing = measure(lambda: build.graphs(plans, framework), repeat)
    rows.append(["build", "plans → rdflib graphs", ms(timing), timing.spread(), ""])
    timing = measure(lambda: [build.turtle(g) for g in graphs.values()], repeat)
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
    shapes = validate.load_shapes()
    rows = []
    for label, graph, inference in (
        ("pyshacl, asserted (default)", asserted, "none"),
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
    for engine in reason.REASONERS:
        runs = repeat if engine == reason.DEFAULT_REASONER else max(1, min(repeat, 2))
        timing = measure(lambda engine=engine: reason.closure(asserted, engine), runs)
        label = f"{engine} (default)" if engine == reason.DEFAULT_REASONER else engine
        rows.append(
            ["reason", label, ms(timing), timing.spread(), per_second(len(asserted), timing)]
        )
    return rows


def shacl(graph, ontology, shapes, inference: str) -> None:
    from pyshacl import validate as pyshacl_validate

    pyshacl_validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference=inference,
        allow_warnings=True, advanced=True, inplace=True,
    )  # fmt: skip


def queries(repeat: int, with_server: bool) -> tuple[list[list[str]], list[str]]:
    stores = {
        "rdflib": committed_store(reasoning=True, engine="rdflib"),
        "pyoxigraph (default)": committed_store(reasoning=True),
    }
    server = None
    if with_server and shutil.which("oxigraph"):
        from sts_graph.oxigraph_server import OxigraphServer

        server = OxigraphServer(Path(tempfile.mkdtemp()) / "db").start()
        load(stores["pyoxigraph (default)"], server.endpoint)
        stores["Oxigraph server (HTTP)"] = EndpointStore(server.endpoint)
    rows = []
    try:
        for query in saved():
            row = [query.name]
            for store in stores.values():
                timing = measure(lambda store=store, q=query: run(store, q.name), repeat)
                row.append(f"{ms(timing)} ({timing.spread()})")
            rows.append(row)
    finally:
        if server is not None:
            server.stop()
    return rows, list(stores)


def commands(repeat: int) -> list[list[str]]:
    def cold() -> dict[str, str]:
        return {CACHE_VARIABLE: tempfile.mkdtemp()}  # an empty cache: the closure computed

    rows = []
    for label, command, env in (
        ("sts-graph --help (import)", ["sts-graph", "--help"], dict),
        ("sts-graph build, closure computed", ["sts-graph", "build"], cold),
        ("sts-graph build, closure cached", ["sts-graph", "build"], dict),
        (
            "sts-graph query couverture-objectifs",
            ["sts-graph", "query", "couverture-objectifs"],
            dict,
        ),
    ):
        timing, peak = command_peak(command, repeat, env)
        rows.append([label, ms(timing), timing.spread(), f"{peak:.0f}"])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each stage")
    parser.add_argument("--no-server", action="store_true", help="skip the Oxigraph server")
    args = parser.parse_args(argv)
    where = machine()
    triples = len(committed_store(reasoning=False))
    inferred = committed_store(reasoning=True).count(GRAPH_INFERRED)
    stage_rows = extraction(args.repeat) + parsing(args.repeat, triples)
    stage_rows += validation_and_reasoning(args.repeat)
    query_rows, engines = queries(args.repeat, not args.no_server)
    command_rows = commands(max(1, args.repeat // 2 + 1))
    text = (
        f"Measured by `python bench/run.py --repeat {args.repeat}` on {where};"
        f" {triples} asserted triples, {inferred} inferred. Times in milliseconds:"
        " median of the timed runs, then the fastest–slowest.\n\n"
        "### Stages, engine against engine\n\n"
        + table(["stage", "engine / part", "median ms", "spread ms", "triples/s"], stage_rows)
        + "\n### Saved queries after load (median ms, spread)\n\n"
        + table(["query", *engines], query_rows)
        + "\n### Whole commands (subprocess, peak resident memory)\n\n"
        + table(["command", "median ms", "spread ms", "peak MB"], command_rows)
        + f"\nPeak memory of this benchmark process: {peak_mb():.0f} MB.\n"
    )
    replace_section("run.py", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
