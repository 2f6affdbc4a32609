"""Fixtures (a pytest plugin): real Oxigraph servers on free loopback ports."""

from __future__ import annotations

import pytest

from sts_graph.endpoint import load
from sts_graph.endpoint.oxigraph_server import OxigraphServer


@pytest.fixture(scope="session")
def oxigraph(store, tmp_path_factory):
    """One server for the read-only tests, loaded once with data and closure."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as running:
        load(store, running.endpoint)
        yield running


@pytest.fixture
def fresh_oxigraph(tmp_path):
    """An empty server of its own, for tests that load, kill and restart it."""
    running = OxigraphServer(tmp_path / "db").start()
    yield running
    running.stop()
