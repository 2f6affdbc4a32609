"""Virtuoso Open Source as a team runs it (Debian's package): loaded through its
authenticated endpoints, which ask for HTTP Digest, every saved query asked through
them, a second load changing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from faulty import Faults, FaultyProxy
from helpers import MARKER, sts
from virtuoso_server import PASSWORD, USER, VirtuosoServer

from sts_graph.endpoint import EndpointStore, count, load, select
from sts_graph.query import run, saved
from sts_graph.query.results import to_csv
from sts_graph.reason.dataset import committed_store

pytestmark = pytest.mark.server
CREDENTIALS = {"STS_GRAPH_USER": USER, "STS_GRAPH_PASSWORD": PASSWORD}
QUERIES = saved()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def loaded(virtuoso):
    """``sts-graph load`` through the Digest endpoints, credentials from the environment."""
    result = sts("load", *virtuoso.options(), env=CREDENTIALS)
    assert result.returncode == 0, result.stderr
    return result


def test_a_load_with_digest_credentials_gives_every_graph_and_a_second_changes_nothing(
    virtuoso, loaded, store
):
    again = sts("load", *virtuoso.options(), env=CREDENTIALS)
    assert again.returncode == 0, again.stderr
    assert again.stdout == loaded.stdout  # each graph and its triples, as the first time
    endpoint = virtuoso.endpoint()
    assert {n: count(endpoint, n) for n in store.graph_names()} == {
        n: store.count(n) for n in store.graph_names()
    }


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_saved_query_gives_the_embedded_stores_cells(virtuoso, loaded, store, query):
    remote = run(EndpointStore(virtuoso.endpoint()), query.name)
    assert to_csv(remote) == to_csv(run(store, query.name))


@pytest.mark.parametrize("motif", ["télémédecine", "TELEMEDECINE", "Télémédecine"])
def test_an_accented_phrase_finds_what_the_embedded_store_finds(virtuoso, loaded, store, motif):
    remote = run(EndpointStore(virtuoso.endpoint()), "recherche-actions", {"motif": motif})
    assert to_csv(remote) == to_csv(run(store, "recherche-actions", {"motif": "telemedecine"}))
    assert len(remote) == 4


def test_a_query_through_the_command_line_with_digest_credentials(virtuoso, loaded, store):
    result = sts("query", "oqos", "--format", "csv", *virtuoso.options(), env=CREDENTIALS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == to_csv(run(store, "oqos")).splitlines()


def test_a_load_killed_midway_leaves_the_graphs_it_had_not_replaced(store, tmp_path):
    """Version B (a marker in every graph) loaded, then ``sts-graph load`` of the
    committed data killed (SIGKILL) as its 4th graph arrives: graphs 1-3 are replaced
    whole, the others still version B; the next load waits for the dead one's lease."""
    version_b = committed_store(reasoning=True)
    for name in version_b.graph_names():
        graph = version_b.copy(name)
        graph.add((MARKER, MARKER, MARKER))
        version_b.add_graph(name, graph)
    names = store.graph_names()
    with VirtuosoServer(tmp_path / "db") as server:
        endpoint = server.endpoint()
        load(version_b, endpoint)
        command = [sys.executable, "-m", "sts_graph.cli", "load"]
        client: list[subprocess.Popen[bytes]] = []
        # each graph is PUT once, signed: Virtuoso's Digest challenge came with the lock's
        # first update, and is answered unasked after; the 4th PUT is the 4th graph's
        faults = Faults(kill_after_puts=4, kill=lambda: client[0].kill())
        with FaultyProxy(server.url, faults) as proxy:
            options = [o.replace(server.url, proxy.url) for o in server.options()]
            client.append(subprocess.Popen([*command, *options], env={**os.environ, **CREDENTIALS}))
            assert client[0].wait(timeout=300) == -signal.SIGKILL
        marked = "SELECT (1 AS ?x) WHERE {{ GRAPH <{}> {{ <{m}> <{m}> <{m}> }} }}"
        for position, name in enumerate(names):
            replaced = position < 3
            assert bool(select(endpoint, marked.format(name, m=MARKER)).rows) != replaced, name
            assert count(endpoint, name) == store.count(name) + (not replaced), name
        again = sts("load", *server.options(), env=CREDENTIALS)
        assert "another load is under way" in again.stderr and again.returncode == 3
