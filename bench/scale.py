"""How each stage grows with the number of départements: N = 5, 13, 50, 100.

    python bench/scale.py [--sizes 5 13 50 100] [--repeat 3]

The N départements are made from the five real plans, taken in turn: the first
five are the real ones, the others renumbered copies (the other French
départements' codes: 01, 02…), with the
same shapes of content and a territory of their own. Each N runs in a fresh
process so that its peak memory is its own. The closure is computed as the build
computes it, département by département, with a cold cache. Extraction reads N renamed copies of
the source texts; the other stages read the N départements' Turtle. The table
gives each stage's median time and the exponent *k* of time ∝ N^k fitted over the
sizes (1 is linear; anything clearly above it is a bug to find).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import machine, measure, peak_mb, replace_section, table

from sts_graph import reason, validate
from sts_graph.extract import extract
from sts_graph.namespaces import (
    CACHE_VARIABLE,
    GRAPH_INFERRED,
    ONTOLOGY_FILE,
    SOURCES_DIR,
    TURTLE_DIR,
    iri,
)
from sts_graph.pipeline import build_all, graph_name, load
from sts_graph.query import run, saved
from sts_graph.store import parse_turtle

REAL = sorted(TURTLE_DIR.glob("[0-9]*.ttl"))
SHARED = [TURTLE_DIR / "framework.ttl", TURTLE_DIR / "vocabularies.ttl"]
STAGES = ("extract", "parse", "validate", "reason", "slowest query")


FRANCE = sorted(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
)


def code_of(index: int) -> str:
    """The département code of the *index*-th département (0-based): the five real
    ones first, then the other French départements in order."""
    real = [path.stem.split("-")[0] for path in REAL]
    return (real + [code for code in FRANCE if code not in real])[index]


def renumbered(text: str, old: str, new: str) -> str:
    """A département's Turtle with its plan, sources and territory renumbered."""
    for kind in ("sts", "source", "departement"):
        text = re.sub(rf"(/id/{kind}/){old}\b", rf"\g<1>{new}", text)
    return text


def territory(framework: str, old: str, new: str) -> str:
    """The Turtle block of département *old* in the framework, renumbered *new*."""
    subject = f"<{iri('departement', old)}>"
    block = framework[framework.index(subject) :].split("\n\n", 1)[0]
    return renumbered(block, old, new).replace(f'"{old}"', f'"{new}"') + "\n"


def make_turtle(size: int, folder: Path) -> list[Path]:
    """The Turtle of *size* départements in *folder*, with the shared graphs."""
    framework = (TURTLE_DIR / "framework.ttl").read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in framework.splitlines() if line.startswith("@"))
    files = [Path(shutil.copy(path, folder)) for path in SHARED]
    for index in range(size):
        real = REAL[index % len(REAL)]
        old, new = code_of(index % len(REAL)), code_of(index)
        text = real.read_text(encoding="utf-8")
        if new != old:
            text = renumbered(text, old, new) + "\n" + prefixes + territory(framework, old, new)
        path = folder / f"{new}-{real.stem.split('-', 1)[1]}.ttl"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def make_sources(size: int, folder: Path) -> Path:
    """*size* source plans in *folder*: the real ones, then renamed copies, each with
    its own number of trailing blank lines (extraction refuses two identical plans)."""
    real = sorted(SOURCES_DIR.glob("*.txt"))
    for index in range(size):
        source = real[index % len(real)]
        text = source.read_text(encoding="utf-8") + "\n" * (index // len(real))
        target = folder / f"{code_of(index)}-{source.stem.split('-', 1)[1]}.txt"
        target.write_text(text, encoding="utf-8")
    return folder


def one_size(size: int, repeat: int) -> dict[str, float]:
    """Median seconds of each stage for *size* départements, and the peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        (folder / "turtle").mkdir()
        sources = make_sources(size, folder / "sources")
        files = make_turtle(size, folder / "turtle")
        times = {"extract": measure(lambda: extract(sources), repeat).median}
        times["parse"] = measure(lambda: load(files), repeat).median
        store = load(files)
        ontology = parse_turtle(ONTOLOGY_FILE)

        shapes = validate.load_shapes()
        times["validate"] = measure(
            lambda graph: validate.validate(graph, ontology, shapes), repeat, setup=store.copy
        ).median
        shared = [ONTOLOGY_FILE, *files[: len(SHARED)]]
        parts = files[len(SHARED) :]

        def by_part(part: list[Path]):
            return store.copy(*map(graph_name, part))

        times["reason"] = measure(
            lambda cache: reason.cached_closure(shared, parts, by_part, cache=cache),
            repeat,
            setup=lambda: Path(tempfile.mkdtemp(dir=folder)),  # a cold cache each run
        ).median
        inferred, _ = reason.cached_closure(shared, parts, by_part, cache=folder / "cache")
        store.load_turtle(inferred, GRAPH_INFERRED)
        slowest = max(
            (measure(lambda q=q: run(store, q.name), repeat).median, q.name) for q in saved()
        )
        times["slowest query"] = slowest[0]
        built = folder / "built"  # the whole build once, last, its closure cache cold
        times["build"] = measure(lambda: build_all(sources, built), 1, warmup=0).median
        times["triples"] = len(store)
        times["slowest query name"] = slowest[1]  # type: ignore[assignment]
        times["peak MB"] = peak_mb()
    return times


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(time) against log(N)."""
    xs, ys = [math.log(n) for n in sizes], [math.log(max(s, 1e-6)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


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
    sizes = list(results)
    rows = [
        [
            str(n),
            f"{results[n]['triples']:,}".replace(",", " "),
            *(f"{results[n][s] * 1000:.0f}" for s in STAGES),
            f"{sum(results[n][s] for s in STAGES[:4]):.1f}",
            f"{results[n]['build']:.1f}",
            f"{results[n]['peak MB']:.0f}",
        ]
        for n in sizes
    ]
    rows.append(
        [
            "exponent k",
            "",
            *(f"{exponent(sizes, [results[n][s] for n in sizes]):.2f}" for s in STAGES),
            "",
            f"{exponent(sizes, [results[n]['build'] for n in sizes]):.2f}",
            "",
        ]
    )
    text = (
        f"Measured by `python bench/scale.py --repeat {args.repeat}` on {where}."
        " Medians in milliseconds; *Σ stages* adds extract, parse, validate and reason,"
        " in seconds; *build* is one whole `build_all` on the N plans with a cold"
        " cache (validation runs while forked workers reason); *peak MB* is the"
        " measuring process's, workers apart. The slowest query at the largest size is"
        f" `{results[sizes[-1]]['slowest query name']}`.\n\n"
        + table(
            ["N", "triples", *(f"{s} ms" for s in STAGES), "Σ stages s", "build s", "peak MB"],
            rows,
        )
    )
    replace_section("scale.py", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
