"""Helpers the tests share: the CLI in a subprocess, expectations, plan facts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, URIRef

from sts_graph.core.namespaces import STS, iri
from sts_graph.core.paths import SOURCES_DIR

EXCERPT = re.compile(r"#L\d+-L\d+$")
EXPECTATIONS = Path(__file__).parent / "expectations"
PLAN_NAMES = sorted(p.stem for p in EXPECTATIONS.glob("*.json"))
MARKER = iri("test", "marker")  # a triple <MARKER> <MARKER> <MARKER> tells a graph's version


def interruptible() -> None:
    """In a child about to run the command: Ctrl-C (SIGINT) acts as from a terminal,
    even under a shell that started the tests in the background, SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def dead_pid() -> str:
    """The number of a process that has ended."""
    code = "import os; print(os.getpid())"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    ).stdout.strip()


def expectation(name: str) -> dict:
    return json.loads((EXPECTATIONS / f"{name}.json").read_text(encoding="utf-8"))


def sts(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``sts-graph`` command in a subprocess (*env* added to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 3) -> str:
    """The one line a failed command printed, checking its exit code and that
    nothing else (a traceback) came with it."""
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def truncated_plan(directory: Path, name: str, lines: int) -> Path:
    """A copy of the first *lines* lines of plan *name* in *directory*/sources."""
    sources = directory / "sources"
    sources.mkdir(exist_ok=True)
    text = (SOURCES_DIR / name).read_text(encoding="utf-8").splitlines()[:lines]
    (sources / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    return sources


def facts(graph: Graph) -> set[tuple]:
    """The triples of a plan graph with source lines and file names left out."""
    out = set()
    for s, p, o in graph:
        if p in (STS.lineStart, STS.lineEnd, STS.sourceFile):
            continue
        s, o = (URIRef(EXCERPT.sub("#L", t)) if isinstance(t, URIRef) else t for t in (s, o))
        out.add((s, p, o))
    return out
