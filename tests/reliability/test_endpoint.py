"""A SPARQL server that refuses, stalls, fails or dies: ``sts-graph query`` and
``load`` say so in one line (exit 3), retry reads, never print a credential, and
the server keeps its previous graphs, checked by querying them afterwards.

The server holds "version B" of the dataset (a marker triple added to every
graph); ``load`` pushes the committed data, so a graph it replaced shows.
"""

from __future__ import annotations

import time

import pytest
from faulty import Faults, FaultyProxy
from helpers import MARKER, interruptible, one_line_error, sts

from sts_graph.endpoint import count, load, remote_graphs, select
from sts_graph.endpoint.oxigraph_server import OxigraphServer
from sts_graph.rdf.store import Store
from sts_graph.reason.dataset import committed_store

pytestmark = pytest.mark.server
SECRET = "s3cret-Pa55"
CREDENTIALS = {"STS_GRAPH_USER": "ana", "STS_GRAPH_PASSWORD": SECRET}
BACKOFF = 0.5  # the first pause between two tries (Endpoint.backoff)
REFUSED = "unreachable ([Errno 111] Connection refused)"
STALL = 5  # seconds a stalling server keeps a request before dropping it


@pytest.fixture(scope="module")
def version_b() -> Store:
    """The committed data and closure with ``<MARKER> <MARKER> <MARKER>`` in every graph."""
    store = committed_store(reasoning=True)
    for name in store.graph_names():
        graph = store.copy(name)
        graph.add((MARKER, MARKER, MARKER))
        store.add_graph(name, graph)
    return store


@pytest.fixture(scope="module")
def previous(version_b, tmp_path_factory):
    """A server holding version B, which every failed command must leave as it is."""
    with OxigraphServer(tmp_path_factory.mktemp("previous")) as running:
        load(version_b, running.endpoint)
        yield running


def marked(name) -> str:
    return f"SELECT (1 AS ?x) WHERE {{ GRAPH <{name}> {{ <{MARKER}> <{MARKER}> <{MARKER}> }} }}"


def holds_version_b(server: OxigraphServer, version_b: Store) -> bool:
    """Whether every graph of the server still has version B's triple count."""
    endpoint = server.endpoint
    return all(count(endpoint, n) == version_b.count(n) for n in version_b.graph_names())


def stopped_load(version_b: Store, base: str, said: str) -> str:
    """The line ``load`` ends with when it fails at the first graph."""
    names = version_b.graph_names()
    return (
        f"sts-graph: load stopped at {names[0]} (0 of {len(names)} graphs replaced;"
        f" the server keeps its previous copy of this one and of those not yet loaded):"
        f" {base}/update: {said}"
    )


def quiet(*results) -> None:
    """No credential in anything the commands printed."""
    for result in results:
        assert SECRET not in result.stdout + result.stderr


@pytest.mark.case(
    "Endpoint",
    "a server that refuses connections",
    "query and load: exit 3, one line: unreachable (Connection refused); graphs intact",
)
def test_a_server_that_refuses(previous, version_b):
    url = f"{previous.url}/query"
    previous.stop()
    try:
        query = sts("query", "oqos", "--endpoint", url, "--retries", "1", env=CREDENTIALS)
        loading = sts("load", "--endpoint", url, "--retries", "1", env=CREDENTIALS)
    finally:
        previous.start()
    assert one_line_error(query) == f"sts-graph: {url}: {REFUSED}"
    assert one_line_error(loading) == stopped_load(version_b, previous.url, REFUSED)
    quiet(query, loading)
    assert holds_version_b(previous, version_b)


@pytest.mark.case(
    "Endpoint",
    "a server that stalls",
    "each try stopped at --timeout, reads retried; exit 3, one line: no answer (timed out);"
    " graphs intact",
)
def test_a_server_that_stalls(previous, version_b):
    with FaultyProxy(previous.url, Faults(stall=STALL)) as proxy:
        options = proxy.options("--timeout", "1", "--retries", "1")
        started = time.monotonic()
        query = sts("query", "oqos", *options, env=CREDENTIALS)
        elapsed = time.monotonic() - started
        tries = list(proxy.faults.requests)
        loading = sts("load", *options, env=CREDENTIALS)
    assert one_line_error(query) == f"sts-graph: {proxy.url}/query: no answer (timed out)"
    assert [t.split()[0] for t in tries] == ["POST", "POST"]  # a try and one retry
    assert 2 * 1 + BACKOFF <= elapsed < 2 * STALL  # each try stopped at the timeout
    assert one_line_error(loading) == stopped_load(version_b, proxy.url, "no answer (timed out)")
    quiet(query, loading)
    assert holds_version_b(previous, version_b)


@pytest.mark.case(
    "Endpoint",
    "a server that answers HTTP 500",
    "reads retried with back-off (0.5 s, 1 s…); exit 3, one line with the server's message;"
    " graphs intact",
)
def test_a_server_that_answers_500(previous, version_b):
    with FaultyProxy(previous.url, Faults(error="storage is on fire")) as proxy:
        started = time.monotonic()
        query = sts("query", "oqos", *proxy.options("--retries", "2"), env=CREDENTIALS)
        elapsed = time.monotonic() - started
        tries = len(proxy.faults.requests)
        loading = sts("load", *proxy.options("--retries", "1"), env=CREDENTIALS)
        asked = proxy.faults.requests[tries:]
    assert one_line_error(query) == f"sts-graph: {proxy.url}/query: HTTP 500: storage is on fire"
    assert tries == 3  # the first try and two retries
    assert elapsed >= BACKOFF + 2 * BACKOFF  # back-off between them
    said = "HTTP 500: storage is on fire"
    assert one_line_error(loading) == stopped_load(version_b, proxy.url, said)
    assert asked == ["POST /update"]  # taking the load lock, an update: never retried
    quiet(query, loading)
    assert holds_version_b(previous, version_b)


@pytest.mark.case(
    "Endpoint",
    "a server killed in the middle of a load",
    "exit 3 naming the graph it stopped at; the graphs before it replaced,"
    " the others keep their previous copy",
)
def test_a_server_killed_in_the_middle_of_a_load(store, version_b, fresh_oxigraph):
    """Load version B, then the committed data through a proxy that kills the server
    as the 4th graph arrives: graphs 1-3 are replaced, the others still version B."""
    load(version_b, fresh_oxigraph.endpoint)
    faults = Faults(kill_after_puts=4, kill=fresh_oxigraph.kill)
    with FaultyProxy(fresh_oxigraph.url, faults) as proxy:
        result = sts("load", *proxy.options("--retries", "1"), env=CREDENTIALS)
    line = one_line_error(result)
    names = store.graph_names()
    assert f"load stopped at {names[3]} (3 of {len(names)} graphs replaced" in line
    assert "keeps its previous copy" in line and "unreachable" in line
    quiet(result)
    with OxigraphServer(fresh_oxigraph.location) as restarted:
        endpoint = restarted.endpoint
        for position, name in enumerate(names):
            replaced = position < 3
            assert bool(select(endpoint, marked(name)).rows) != replaced, name
            assert count(endpoint, name) == store.count(name) + (0 if replaced else 1), name


CREDENTIALS_CASE = (
    "Endpoint",
    "credentials",
    "from the environment only, never printed: accepted, refused (401) or written into"
    " the URL (refused, exit 2)",
)


@pytest.mark.case(*CREDENTIALS_CASE)
def test_credentials_come_from_the_environment_and_are_never_printed(previous):
    with FaultyProxy(previous.url, Faults(auth=("ana", SECRET))) as proxy:
        refused = sts("query", "oqos", *proxy.options("--retries", "0"))
        allowed = sts("query", "oqos", "--format", "csv", *proxy.options(), env=CREDENTIALS)
        wrong = sts(
            "query", "oqos", *proxy.options("--retries", "0"),
            env={**CREDENTIALS, "STS_GRAPH_PASSWORD": "guess"},
        )  # fmt: skip
    assert one_line_error(refused) == (
        f"sts-graph: {proxy.url}/query: HTTP 401: the server asks for Basic authentication"
        " (set STS_GRAPH_USER and STS_GRAPH_PASSWORD)"
    )
    assert one_line_error(wrong) == (
        f"sts-graph: {proxy.url}/query: HTTP 401: the server asks for Basic authentication;"
        " it refused the credentials of STS_GRAPH_USER"
    )
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.splitlines()[0].startswith("departement,activite")
    quiet(refused, allowed, wrong)


@pytest.mark.case(
    "Endpoint",
    "a server asking for Digest credentials (Virtuoso's authenticated endpoints)",
    "answered in Digest, the password never sent: query and load succeed; without"
    " credentials or with wrong ones, exit 3, one line naming the scheme",
)
def test_digest_credentials_are_answered_in_digest(previous, tmp_path):
    digest = Faults(auth=("ana", SECRET), scheme="Digest")
    with OxigraphServer(tmp_path / "db") as server, FaultyProxy(server.url, digest) as proxy:
        loaded = sts("load", *proxy.options(), env=CREDENTIALS)
        queried = sts("query", "oqos", "--format", "csv", *proxy.options(), env=CREDENTIALS)
        refused = sts("query", "oqos", *proxy.options("--retries", "0"))
        wrong = sts(
            "query", "oqos", *proxy.options("--retries", "0"),
            env={**CREDENTIALS, "STS_GRAPH_PASSWORD": "guess"},
        )  # fmt: skip
        direct = sts("query", "oqos", "--format", "csv", "--endpoint", f"{server.url}/query")
    assert (loaded.returncode, queried.returncode) == (0, 0), loaded.stderr + queried.stderr
    assert queried.stdout == direct.stdout and len(queried.stdout.splitlines()) > 700
    asked = f"sts-graph: {proxy.url}/query: HTTP 401: the server asks for Digest authentication"
    assert one_line_error(refused) == f"{asked} (set STS_GRAPH_USER and STS_GRAPH_PASSWORD)"
    assert one_line_error(wrong) == f"{asked}; it refused the credentials of STS_GRAPH_USER"
    sent = [h.get("Authorization", "") for h in digest.headers]
    assert any(h.startswith("Digest ") for h in sent) and not any("Basic" in h for h in sent)
    # challenged once by each of the four commands; then answered unasked, so that
    # every graph's body was sent once, with its credentials (none cut off by a 401)
    assert sent.count("") == 4
    puts = [h for r, h in zip(digest.requests, sent, strict=True) if r.startswith("PUT ")]
    assert puts and all(h.startswith("Digest ") for h in puts)
    quiet(loaded, queried, refused, wrong)


@pytest.mark.case(
    "Endpoint",
    "a server that cuts an answer at its row cap (Virtuoso's ResultSetMaxRows, 10,000 by"
    " default), saying so in X-SPARQL-MaxRows or not",
    "exit 3, one line naming the cap and the setting; never a silently short answer",
)
def test_an_answer_cut_at_a_cap_is_refused(previous, tmp_path):
    every = tmp_path / "every.rq"
    every.write_text("# Question: every triple\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with FaultyProxy(previous.url, Faults(cap=10_000)) as silent:
        quiet_cut = sts("query", str(every), *silent.options("--retries", "0"))
    with FaultyProxy(previous.url, Faults(cap=500, cap_said=True)) as said:
        said_cut = sts("query", str(every), *said.options("--retries", "0"))
        whole = sts("query", "couverture-objectifs", "--format", "csv", *said.options())
    fewer = ": raise the server's cap, or ask for fewer rows (LIMIT and OFFSET)"
    assert one_line_error(quiet_cut) == (
        f"sts-graph: {silent.url}/query: answer cut at 10,000 rows by Virtuoso's default"
        " ResultSetMaxRows, [SPARQL] section of virtuoso.ini; an answer of exactly that many"
        f" rows is taken as cut{fewer}"
    )
    assert one_line_error(said_cut) == (
        f"sts-graph: {said.url}/query: answer cut at 500 rows by the server's"
        f" ResultSetMaxRows (X-SPARQL-MaxRows: 500){fewer}"
    )
    assert whole.returncode == 0 and len(whole.stdout.splitlines()) == 55  # under the cap


@pytest.mark.case(
    "Endpoint",
    "a server asking for a scheme sts-graph does not speak (Negotiate)",
    "exit 3, one line naming the scheme and those spoken; nothing sent",
)
def test_an_unknown_scheme_is_named(previous):
    with FaultyProxy(previous.url, Faults(auth=("ana", SECRET), scheme="Negotiate")) as proxy:
        result = sts("query", "oqos", *proxy.options("--retries", "0"), env=CREDENTIALS)
    assert one_line_error(result) == (
        f"sts-graph: {proxy.url}/query: HTTP 401: the server asks for Negotiate authentication,"
        " which sts-graph does not speak (Basic, Digest)"
    )
    assert all("Authorization" not in h for h in proxy.faults.headers)
    quiet(result)


@pytest.mark.case(*CREDENTIALS_CASE)
def test_credentials_in_the_url_are_refused_without_echoing_them():
    result = sts("query", "oqos", "--endpoint", f"http://ana:{SECRET}@127.0.0.1:9/query")
    assert one_line_error(result, code=2) == (
        "sts-graph: 127.0.0.1: credentials do not belong in the URL;"
        " set STS_GRAPH_USER and STS_GRAPH_PASSWORD"
    )
    quiet(result)


@pytest.mark.case(
    "Endpoint",
    "an update file given to `query --endpoint` (a server that takes queries and updates at"
    " one URL would run it)",
    "refused before it leaves: exit 2, one line naming the file; the server keeps its graphs",
)
def test_an_update_given_as_a_query_is_refused_before_it_leaves(previous, version_b, tmp_path):
    drop = tmp_path / "drop.rq"
    drop.write_text("# Question: erase everything\nDROP ALL\n", encoding="utf-8")
    with FaultyProxy(previous.url, Faults()) as proxy:
        result = sts("query", str(drop), *proxy.options())
    line = one_line_error(result, code=2)
    assert line.startswith(f"sts-graph: {drop}: not a SPARQL query (SELECT, ASK, CONSTRUCT")
    assert not any(b"DROP" in body for body in proxy.faults.bodies)
    assert holds_version_b(previous, version_b)


@pytest.mark.case(
    "Endpoint",
    "a server that redirects to another origin, credentials set",
    "not followed: exit 3, one line; the other origin receives nothing",
)
def test_credentials_never_follow_a_redirect_to_another_origin(previous):
    elsewhere = FaultyProxy(previous.url, Faults())
    with elsewhere, FaultyProxy(previous.url, Faults(redirect=elsewhere.url)) as proxy:
        queried = sts("query", "oqos", *proxy.options("--retries", "0"), env=CREDENTIALS)
        loaded = sts("load", *proxy.options("--retries", "0"), env=CREDENTIALS)
    for result in (queried, loaded):
        line = one_line_error(result)
        assert f"redirected to another origin ({elsewhere.url}/" in line, line
    assert elsewhere.faults.requests == []
    quiet(queried, loaded)


@pytest.mark.case(
    "Endpoint",
    "a server whose error message echoes the request's headers, credentials set",
    "exit 3, one line; neither the password nor the Authorization token is shown",
)
def test_a_server_echoing_headers_never_shows_credentials(previous):
    import base64

    token = base64.b64encode(f"ana:{SECRET}".encode()).decode()
    with FaultyProxy(previous.url, Faults(echo=True, auth=("ana", SECRET))) as proxy:
        result = sts("query", "oqos", *proxy.options("--retries", "0"), env=CREDENTIALS)
    line = one_line_error(result)
    assert "HTTP 500" in line
    assert token not in result.stderr + result.stdout
    assert any("Authorization" in h for h in proxy.faults.headers), "the header was sent"
    quiet(result)


@pytest.mark.case(
    "Endpoint",
    "an answer cut in the middle of its body (IncompleteRead)",
    "retried, then exit 3 in one line",
)
def test_an_answer_cut_mid_body_is_one_line(previous):
    with FaultyProxy(previous.url, Faults(cut=True)) as proxy:
        result = sts("query", "oqos", *proxy.options("--retries", "1"))
    assert one_line_error(result).endswith("/query: answer cut short (31 bytes received)")
    assert len(proxy.faults.requests) == 2, "a read is retried"


@pytest.mark.case(
    "Endpoint",
    "a staging graph left on the server by a load that died with it",
    "the next load drops it",
)
def test_staging_graphs_of_a_dead_load_are_dropped_by_the_next(store, fresh_oxigraph):
    from rdflib import URIRef

    from sts_graph.core.namespaces import STAGING_GRAPHS
    from sts_graph.endpoint import put_graph, staging_graphs

    endpoint = fresh_oxigraph.endpoint
    left = URIRef(f"{STAGING_GRAPHS}dead-run/0")
    put_graph(endpoint, left, f"<{MARKER}> <{MARKER}> <{MARKER}> .\n".encode())
    assert staging_graphs(endpoint) == [left]
    load(store, endpoint)
    assert staging_graphs(endpoint) == []


@pytest.mark.case(
    "Endpoint",
    "`serve-endpoint` on a port another server holds",
    "refused: exit 3, one line; nothing is loaded into the other server",
)
def test_serve_endpoint_refuses_a_taken_port(previous, version_b, tmp_path):
    port = previous.url.rsplit(":", 1)[1]
    result = sts("serve-endpoint", "--port", port, "--location", str(tmp_path / "db"))
    assert one_line_error(result) == (
        f"sts-graph: 127.0.0.1:{port}: the port is taken by another program"
    )
    assert holds_version_b(previous, version_b)


@pytest.mark.case(
    "Endpoint",
    "two `load`s at once on one server",
    "never a mix: a load that finds another under way changes nothing (exit 3, one line);"
    " every graph ends as one load left it; a lock left by a load that died is taken over",
)
def test_two_loads_at_once_never_mix(store, fresh_oxigraph):
    import subprocess
    import sys

    from sts_graph.core.namespaces import GRAPH_LOCK
    from sts_graph.endpoint import load_lock, remote_graphs

    endpoint = fresh_oxigraph.endpoint
    options = ["--endpoint", f"{fresh_oxigraph.url}/query"]
    with load_lock(endpoint, "another-run"):
        refused = sts("load", *options)
    assert "another load is under way" in one_line_error(refused)
    assert remote_graphs(endpoint) == [], "nothing was changed"
    both = [
        subprocess.Popen([sys.executable, "-m", "sts_graph.cli", "load", *options],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    codes = [p.wait(timeout=300) for p in both]
    assert set(codes) <= {0, 3}
    if 0 not in codes:
        assert sts("load", *options).returncode == 0
    assert {n: count(endpoint, n) for n in remote_graphs(endpoint)} == {
        n: store.count(n) for n in store.graph_names()
    }
    assert count(endpoint, GRAPH_LOCK) == 0, "the lock is released"


@pytest.mark.case(
    "Endpoint",
    "the lock of a load killed a few minutes ago (kill -9, a crash: never released)",
    "taken over once its lease ran out unrenewed (minutes, not an hour); the next load"
    " replaces every graph",
)
@pytest.mark.parametrize("age", [10**9, 300], ids=["long-ago", "minutes-ago"])
def test_the_lock_of_a_load_that_died_is_taken_over_once_its_lease_ran_out(
    store, fresh_oxigraph, age
):
    from sts_graph.core.namespaces import GRAPH_LOCK
    from sts_graph.endpoint import LOCK_HOLDER, lease, update

    endpoint = fresh_oxigraph.endpoint
    assert lease(endpoint) < 300
    holder = f"dead@{int(time.time()) - age}"
    lock = f'GRAPH <{GRAPH_LOCK}> {{ <{GRAPH_LOCK}> <{LOCK_HOLDER}> "{holder}" }}'
    update(endpoint, f"INSERT DATA {{ {lock} }}")
    load(store, endpoint)
    assert count(endpoint, GRAPH_LOCK) == 0
    assert {n: count(endpoint, n) for n in remote_graphs(endpoint)} == {
        n: store.count(n) for n in store.graph_names()
    }


@pytest.mark.case(
    "Interruptions",
    "Ctrl-C (SIGINT) during `load`, the server slow to answer",
    "exit 130 and one line `sts-graph: interrupted`; the server keeps its graphs",
)
def test_ctrl_c_during_a_load_is_one_line_and_the_server_keeps_its_graphs(previous, version_b):
    import signal
    import subprocess
    import sys

    with FaultyProxy(previous.url, Faults(stall=STALL)) as proxy:
        process = subprocess.Popen(
            [sys.executable, "-m", "sts_graph.cli", "load", *proxy.options("--timeout", "20")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            preexec_fn=interruptible,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not proxy.faults.requests and time.monotonic() < deadline:
            time.sleep(0.05)  # wait for its first request to the server
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, "sts-graph: interrupted\n")
    assert holds_version_b(previous, version_b)
