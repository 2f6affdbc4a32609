"""A real Oxigraph server: load, query, dump, and every way a server can fail."""

from __future__ import annotations

import time

import pyoxigraph
import pytest
from faulty import Faults, FaultyProxy
from helpers import normalised, sts

from sts_graph.endpoint import EndpointStore, count, load, put_graph, remote_graphs, select
from sts_graph.namespaces import STAGING_GRAPHS, departement_graph, iri
from sts_graph.oxigraph_server import OxigraphServer
from sts_graph.pipeline import committed_store
from sts_graph.query import SavedQuery, find, run, saved, to_csv

pytestmark = pytest.mark.server
QUERIES = saved()
MARKER = iri("test", "marker")


def proxied(proxy: FaultyProxy, *args: str) -> list[str]:
    """Server options that send every request of a command through *proxy*."""
    return [
        "--endpoint",
        f"{proxy.url}/query",
        "--update",
        f"{proxy.url}/update",
        "--graph-store",
        f"{proxy.url}/store",
        *args,
    ]


def one_line_error(result, code: int = 3) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def answers(store, query: SavedQuery) -> list[tuple[str, ...]]:
    """A saved query's rows, comparable across engines (list-valued columns sorted)."""
    return normalised(to_csv(run(store, query.name)), query.unordered, query.ordered)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_saved_query_answers_the_same_on_the_server(store, server, query):
    assert answers(EndpointStore(server.endpoint), query) == answers(store, query)


def test_no_reason_leaves_the_inferred_graph_out_on_the_server(asserted_store, server):
    remote = run(EndpointStore(server.endpoint, reasoning=False), "couverture-objectifs")
    local = run(asserted_store, "couverture-objectifs")
    assert to_csv(remote) == to_csv(local)
    assert len(remote) < len(run(EndpointStore(server.endpoint), "couverture-objectifs"))


def test_cli_query_against_the_server_with_a_parameter(server):
    result = sts(
        "query", "actions-objectif", "--param", "code=E1D3O7", "--format", "json",
        "--endpoint", f"{server.url}/query",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = __import__("json").loads(result.stdout)
    assert {r["departement"] for r in records} == {"09", "12", "32", "34"}


def test_hostile_parameter_is_bound_on_the_server_too(server):
    remote = EndpointStore(server.endpoint)
    assert len(run(remote, "recherche-actions", {"motif": '"}; DROP ALL; #'})) == 0
    assert remote_graphs(server.endpoint) == remote.graph_names()  # nothing dropped


def test_load_twice_is_idempotent_and_leaves_no_staging_graph(store, fresh_server):
    endpoint = fresh_server.endpoint
    first = load(store, endpoint)
    second = load(store, endpoint)
    assert first == second
    assert remote_graphs(endpoint) == store.graph_names()
    for name in store.graph_names():
        assert count(endpoint, name) == store.count(name), name
    everything = select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not [g for (g,) in everything if str(g).startswith(STAGING_GRAPHS)]


def test_cli_load_replaces_a_graph_whole_and_drops_stale_ones(store, fresh_server):
    endpoint = fresh_server.endpoint
    gone = departement_graph("99")
    put_graph(endpoint, gone, f"<{MARKER}> <{MARKER}> <{MARKER}> .\n".encode())
    load(store, endpoint)
    gers = departement_graph("32")
    put_graph(endpoint, gers, f"<{MARKER}> <{MARKER}> <{MARKER}> .\n".encode())
    result = sts("load", "--endpoint", f"{fresh_server.url}/query")
    assert result.returncode == 0, result.stderr
    assert f"{len(store)}  triples in {len(store.graph_names())} graphs" in result.stdout
    assert gone not in remote_graphs(endpoint)
    assert count(endpoint, gers) == store.count(gers)


def marked(name) -> str:
    return f"SELECT (1 AS ?x) WHERE {{ GRAPH <{name}> {{ <{MARKER}> <{MARKER}> <{MARKER}> }} }}"


def test_server_dying_mid_load_keeps_previous_graphs_and_says_so(store, fresh_server):
    """Load version B (a marker in every graph), then version A through a proxy that
    kills the server as the 4th graph arrives: graphs 1-3 are A, the others still B."""
    version_b = committed_store(reasoning=True)
    for name in version_b.graph_names():
        graph = version_b.copy(name)
        graph.add((MARKER, MARKER, MARKER))
        version_b.add_graph(name, graph)
    load(version_b, fresh_server.endpoint)
    with FaultyProxy(fresh_server.url, Faults(kill_after_puts=4, kill=fresh_server.kill)) as proxy:
        result = sts("load", *proxied(proxy, "--retries", "1"))
    line = one_line_error(result)
    names = store.graph_names()
    assert f"load stopped at {names[3]} (3 of {len(names)} graphs replaced" in line
    assert "keeps its previous copy" in line and "unreachable" in line
    with OxigraphServer(fresh_server.location) as restarted:
        endpoint = restarted.endpoint
        for position, name in enumerate(names):
            replaced = position < 3
            assert bool(select(endpoint, marked(name)).rows) != replaced, name
            assert count(endpoint, name) == store.count(name) + (0 if replaced else 1), name


def test_query_on_a_stopped_server_is_one_clear_line(fresh_server):
    fresh_server.stop()
    result = sts(
        "query", "oqos", "--endpoint", f"{fresh_server.url}/query", "--retries", "0"
    )  # fmt: skip
    line = one_line_error(result)
    assert line.startswith(f"sts-graph: {fresh_server.url}/query: unreachable (")


def test_reads_are_retried_with_back_off_and_report_the_server_message(fresh_server):
    with FaultyProxy(fresh_server.url, Faults(error="storage is on fire")) as proxy:
        started = time.monotonic()
        result = sts("query", "oqos", *proxied(proxy, "--retries", "2"))
        elapsed = time.monotonic() - started
    line = one_line_error(result)
    assert line == f"sts-graph: {proxy.url}/query: HTTP 500: storage is on fire"
    assert len(proxy.faults.requests) == 3  # the first try and two retries
    assert elapsed >= 0.5 + 1.0  # back-off between them


def test_a_stalled_server_times_out(fresh_server):
    with FaultyProxy(fresh_server.url, Faults(stall=5)) as proxy:
        started = time.monotonic()
        result = sts("query", "oqos", *proxied(proxy, "--timeout", "1", "--retries", "0"))
        elapsed = time.monotonic() - started
    assert "no answer (timed out)" in one_line_error(result)
    assert elapsed < 5


def test_basic_credentials_come_from_the_environment_and_are_never_printed(fresh_server, store):
    load(store, fresh_server.endpoint)
    secret = "s3cret-Pa55"
    faults = Faults(auth=("ana", secret))
    with FaultyProxy(fresh_server.url, faults) as proxy:
        refused = sts("query", "oqos", *proxied(proxy, "--retries", "0"))
        allowed = sts(
            "query", "oqos", "--format", "csv", *proxied(proxy),
            env={"STS_GRAPH_USER": "ana", "STS_GRAPH_PASSWORD": secret},
        )  # fmt: skip
        wrong = sts(
            "query", "oqos", *proxied(proxy, "--retries", "0"),
            env={"STS_GRAPH_USER": "ana", "STS_GRAPH_PASSWORD": "guess"},
        )  # fmt: skip
    assert "HTTP 401: authentication required (set STS_GRAPH_USER" in one_line_error(refused)
    assert "HTTP 401" in one_line_error(wrong)
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.splitlines()[0].startswith("departement,activite")
    for result in (refused, allowed, wrong):
        assert secret not in result.stdout + result.stderr


def test_credentials_in_the_url_are_refused_without_echoing_them(server):
    url = server.url.replace("http://", "http://ana:hunter2@") + "/query"
    line = one_line_error(sts("query", "oqos", "--endpoint", url), code=2)
    assert "credentials do not belong in the URL" in line and "hunter2" not in line


def test_http_404_names_the_url_and_status(server):
    line = one_line_error(sts("query", "oqos", "--endpoint", f"{server.url}/nowhere"))
    assert line.startswith(f"sts-graph: {server.url}/nowhere: HTTP 404")


@pytest.mark.parametrize("bad", ["0", "-1", "soon"])
def test_a_bad_timeout_is_a_usage_error(bad):
    result = sts("query", "oqos", "--endpoint", "http://127.0.0.1:9/query", "--timeout", bad)
    assert result.returncode == 2
    assert "expected a positive number of seconds" in result.stderr


def test_an_empty_server_says_to_load_first(fresh_server):
    line = one_line_error(sts("query", "oqos", "--endpoint", f"{fresh_server.url}/query"))
    assert "holds no sts-graph data (run sts-graph load)" in line


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_is_deterministic_and_holds_every_quad(store, tmp_path, fmt):
    first, second = tmp_path / "first", tmp_path / "second"
    for path in (first, second):
        result = sts("dump", "--format", fmt, "--out", str(path))
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    fmt_of = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(path=str(first), format=fmt_of[fmt]))
    assert len(dataset) == len(store)
    gers = pyoxigraph.NamedNode(departement_graph("32"))
    assert len(list(dataset.quads_for_graph_name(gers))) == store.count(departement_graph("32"))


def test_an_oxigraph_bulk_load_of_the_dump_answers_like_the_embedded_store(store, tmp_path):
    import subprocess

    from sts_graph.oxigraph_server import oxigraph_binary

    dump = tmp_path / "sts.nq"
    dump.write_bytes(store.dump("nquads"))
    location = tmp_path / "bulk"
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
        check=True, capture_output=True,
    )  # fmt: skip
    with OxigraphServer(location) as bulk:
        coverage = find("couverture-objectifs")
        assert answers(EndpointStore(bulk.endpoint), coverage) == answers(store, coverage)
