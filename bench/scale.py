"""How each stage grows with the number of départements: N = 5, 13, 50, 100.

    python bench/scale.py [--sizes 5 13 50 100] [--repeat 3]

The N départements are made from the five real plans (`tests/synthetic.py`):
the first five are the real ones, the others renumbered copies. Each N runs in a
fresh process so that its peak memory is its own. Each stage runs as the build
runs it, département by département on every core: extraction of the N source
texts, building their graphs and Turtle, SHACL validation (of the graphs built
in memory, as the build does: pyshacl's time summed over the workers, divided by
the cores), the OWL RL closure (cold cache), then the query store on disk and the
slowest saved query on it.
*build* is one whole ``build_all`` on the N plans with a cold cache. The table
gives each stage's median time, its share of the stages' sum, the exponent *k*
of time ∝ N^k fitted over the sizes (1 is linear), and the peak memory of the
main process and of the largest worker.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, held, machine, measure, peak_mb, replace_section, table, workers_peak_mb

sys.path.insert(0, str(ROOT / "tests"))
from synthetic import SHARED, make_sources, make_turtle

from sts_graph import mapping
from sts_graph.core.paths import CACHE_VARIABLE, ONTOLOGY_FILE
from sts_graph.core.workers import cores, parallel_map
from sts_graph.extract import framework as reference
from sts_graph.extract import read, read_sources
from sts_graph.pipeline import build_all
from sts_graph.query import run, saved
from sts_graph.query.warm import warm_store
from sts_graph.reason import entail
from sts_graph.validate.native import Validator
from sts_graph.validate.report import load_shapes

STAGES = ("extract", "build", "validate", "reason", "store", "slowest query")


def one_size(size: int, repeat: int) -> dict[str, float]:
    """Median seconds of each stage for *size* départements, and the peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("sources", "turtle", "built"):
            (folder / name).mkdir()
        sources = make_sources(size, folder / "sources")
        files = make_turtle(size, folder / "turtle")
        framework = reference.load()
        texts = read_sources(sources)
        times = {}
        times["extract"] = measure(
            lambda: list(parallel_map(lambda s: read(s, framework), texts)), repeat
        ).median
        plans = list(parallel_map(lambda s: read(s, framework), texts))

        def build_one(plan) -> str:
            from sts_graph.rdf.write import turtle

            return turtle(mapping.plan_graph(plan, framework))

        times["build"] = measure(lambda: list(parallel_map(build_one, plans)), repeat).median
        native = Validator(load_shapes())
        shared = [(f, f.read_bytes()) for f in [ONTOLOGY_FILE, *files[: len(SHARED)]]]
        parts = files[len(SHARED) :]

        def check(plan) -> float:
            """Seconds the native validator takes on one plan's Turtle with the shared
            graphs, as the build validates it (the Turtle is not timed)."""
            from sts_graph.rdf.write import turtle

            text = turtle(mapping.plan_graph(plan, framework)).encode()
            started = time.perf_counter()
            native.documents([*shared, (folder / "plan.ttl", text)])
            return time.perf_counter() - started

        runs = [sum(parallel_map(check, plans)) / cores() for _ in range(repeat)]
        times["validate"] = statistics.median(runs)
        common = [ONTOLOGY_FILE, *files[: len(SHARED)]]
        times["reason"] = measure(
            lambda cache: entail.cached_closure(common, parts, cache=cache),
            repeat,
            setup=lambda: Path(tempfile.mkdtemp(dir=folder)),  # a cold cache each run
        ).median
        cache = folder / "cache"
        times["store"] = measure(
            lambda where: warm_store(turtle=folder / "turtle", cache=where),
            repeat,
            setup=lambda: Path(tempfile.mkdtemp(dir=folder)),  # made anew each run
        ).median
        store = warm_store(turtle=folder / "turtle", cache=cache)
        slowest = max(
            (measure(lambda q=q: run(store, q.name), repeat).median, q.name) for q in saved()
        )
        times["slowest query"] = slowest[0]
        built, whole = folder / "built", []  # the whole build once, last, its cache cold
        times["build_all"] = measure(
            lambda: whole.append(build_all(sources, built, cache=folder / "build-cache")),
            1,
            warmup=0,
        ).median
        times["triples"] = whole[0].triples
        times["slowest query name"] = slowest[1]  # type: ignore[assignment]
        times["peak MB"] = peak_mb()
        times["worker peak MB"] = workers_peak_mb()
    return times


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(time) against log(N)."""
    xs, ys = [math.log(n) for n in sizes], [math.log(max(s, 1e-6)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def report(results: dict[int, dict[str, float]], repeat: int, where: str) -> str:
    """The Markdown tables of *results*: times and shares per size, exponents."""
    sizes = list(results)
    rows = []
    for n in sizes:
        total = sum(results[n][s] for s in STAGES)
        rows.append(
            [
                str(n),
                f"{results[n]['triples']:,}".replace(",", " "),
                *(f"{results[n][s] * 1000:.0f} ({results[n][s] / total:.0%})" for s in STAGES),
                f"{results[n]['build_all']:.1f}",
                f"{results[n]['peak MB']:.0f} / {results[n]['worker peak MB']:.0f}",
            ]
        )
    rows.append(
        [
            "exponent k",
            "",
            *(f"{exponent(sizes, [results[n][s] for n in sizes]):.2f}" for s in STAGES),
            f"{exponent(sizes, [results[n]['build_all'] for n in sizes]):.2f}",
            "",
        ]
    )
    return (
        f"Measured by `python bench/scale.py --repeat {repeat}` on {where}. Each stage"
        " as the build runs it, on every core: median milliseconds and share of the"
        " stages' sum; *build s* is one whole `build_all` with a cold cache; *peak MB*"
        " is the main process's, then the largest worker's. The slowest query at the"
        f" largest size is `{results[sizes[-1]]['slowest query name']}`.\n\n"
        + table(
            ["N", "triples", *(f"{s} ms" for s in STAGES), "build s", "peak MB"],
            rows,
        )
    )


def targets(results: dict[int, dict[str, float]]) -> str:
    """The targets at scale (#26; the exponents #18's), each measured and marked held or
    not; the peak is the main process's plus one largest worker a core (all at once, at
    worst)."""
    hundred, sizes = results[100], list(results)
    peak = hundred["peak MB"] + cores() * hundred["worker peak MB"]
    rows = [
        [
            "100 départements: build ≤ 30 s",
            f"{hundred['build_all']:.1f} s",
            held(hundred["build_all"] <= 30),
        ],
        ["100 départements: peak ≤ 1.2 GB", f"{peak:.0f} MB", held(peak <= 1.2 * 1024)],
    ]
    for stage in STAGES:
        k = exponent(sizes, [results[n][stage] for n in sizes])
        rows.append([f"{stage}: k ≤ 1.05", f"{k:.2f}", held(k <= 1.05)])
    return table(["target (#26, #18)", "measured", "holds"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 13, 50, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a child
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one, args.repeat)))
        return 0
    where = machine()
    results = {}
    for size in args.sizes:
        cold = {**os.environ, CACHE_VARIABLE: tempfile.mkdtemp()}
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)],
            check=True, capture_output=True, text=True, env=cold,
        )  # fmt: skip
        results[size] = json.loads(child.stdout.splitlines()[-1])
        print(size, results[size], flush=True)
    text = report(results, args.repeat, where)
    replace_section("scale.py", text)
    print(text)
    if 100 in results:
        held_or_not = targets(results)
        replace_section("targets-scale", held_or_not)
        print(held_or_not)
    return 0


if __name__ == "__main__":
    sys.exit(main())
