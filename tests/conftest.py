"""Shared fixtures: the extraction of the five plans, done once per session."""

from __future__ import annotations

import pytest

from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract import Framework, Plan, extract

pytest_plugins = ("site_server", "sparql_server")  # servers shared by several folders


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite queries/expected/*.csv from the committed data instead of checking them",
    )


@pytest.fixture(scope="session")
def store():
    """The committed data with its OWL RL closure, as ``sts-graph query`` sees it."""
    from sts_graph.reason.dataset import committed_store

    return committed_store(reasoning=True)


@pytest.fixture(scope="session")
def asserted_store():
    """The committed data without reasoning."""
    from sts_graph.reason.dataset import committed_store

    return committed_store(reasoning=False)


@pytest.fixture(scope="session")
def extraction() -> tuple[list[Plan], Framework]:
    return extract(SOURCES_DIR)


@pytest.fixture(scope="session")
def plans(extraction) -> dict[str, Plan]:
    return {p.path.stem: p for p in extraction[0]}
