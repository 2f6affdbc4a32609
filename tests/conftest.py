"""Shared fixtures: the extraction of the five plans, done once per session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sts_graph.extract import Framework, Plan, extract
from sts_graph.namespaces import SOURCES_DIR

EXPECTATIONS = Path(__file__).parent / "expectations"
PLAN_NAMES = sorted(p.stem for p in EXPECTATIONS.glob("*.json"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite queries/expected/*.csv from the committed data instead of checking them",
    )


@pytest.fixture(scope="session")
def store():
    """The committed data with its OWL RL closure, as ``sts-graph query`` sees it."""
    from sts_graph.pipeline import committed_store

    return committed_store(reasoning=True)


@pytest.fixture(scope="session")
def asserted_store():
    """The committed data without reasoning."""
    from sts_graph.pipeline import committed_store

    return committed_store(reasoning=False)


@pytest.fixture(scope="session")
def extraction() -> tuple[list[Plan], Framework]:
    return extract(SOURCES_DIR)


@pytest.fixture(scope="session")
def plans(extraction) -> dict[str, Plan]:
    return {p.path.stem: p for p in extraction[0]}


def expectation(name: str) -> dict:
    return json.loads((EXPECTATIONS / f"{name}.json").read_text(encoding="utf-8"))


def sts(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``sts-graph`` command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", *args], capture_output=True, text=True, check=False
    )


def truncated_plan(directory: Path, name: str, lines: int) -> Path:
    """A copy of the first *lines* lines of plan *name* in *directory*/sources."""
    sources = directory / "sources"
    sources.mkdir(exist_ok=True)
    text = (SOURCES_DIR / name).read_text(encoding="utf-8").splitlines()[:lines]
    (sources / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    return sources
