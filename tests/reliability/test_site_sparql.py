"""The site's ``/sparql`` under attack (issue #24): it reaches no other host, no query
holds it or grows it, it never dies of one, and it answers for the site it serves."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from site_server import Server, serving

from sts_graph.publish import sparql_service
from sts_graph.publish.dumps import DATASET_DUMPS
from sts_graph.publish.paths import DUMPS_PATH

CSV = "text/csv"
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # little memory
GROWING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


def ask(server: Server, query: str, accept: str = CSV) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=120)
    try:
        target = "/sparql?" + urllib.parse.urlencode({"query": query})
        connection.request("GET", target, headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextmanager
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A loopback listener that records what reaches it (nothing should)."""
    received: list[bytes] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    received.append(connection.recv(65536) or b"(connected)")
                except OSError:
                    received.append(b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], received
    finally:
        stop.set()
        thread.join()
        sock.close()


@pytest.mark.case(
    "Publication server",
    "`/sparql` asked for a `SERVICE` on a loopback host (SSRF)",
    "400 naming SERVICE, nothing reaches the host",
)
@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}",
        "OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "?s ?p ?o . FILTER EXISTS {{ SERVICE <http://localhost:{port}/> {{ ?s ?p ?o }} }}",
    ],
    ids=["service", "silent-in-optional", "in-filter"],
)
def test_a_service_to_a_loopback_host_reaches_nothing(server: Server, pattern: str) -> None:
    with listener() as (port, received):
        status, _, body = ask(server, f"SELECT * WHERE {{ {pattern.format(port=port)} }}")
        time.sleep(0.5)
    assert (status, received) == (400, [])
    assert b"SERVICE is not allowed" in body


@pytest.fixture
def bounded(monkeypatch) -> None:
    """The service's bounds made small enough to reach in a test."""
    monkeypatch.setattr(sparql_service, "SECONDS", 3.0)
    monkeypatch.setattr(sparql_service, "MEMORY", 256 << 20)
    monkeypatch.setattr(sparql_service, "MAX_ANSWER", 1 << 20)


@pytest.mark.case(
    "Publication server",
    "`/sparql` asked a query that never ends or grows without bound",
    "503 at the time or memory bound, the server answers the next query",
)
def test_an_endless_query_is_stopped_and_the_server_goes_on(server: Server, bounded) -> None:
    started = time.monotonic()
    status, headers, body = ask(server, ENDLESS)
    assert (status, headers.get("Retry-After")) == (503, sparql_service.RETRY_AFTER), body
    assert body == b"Query stopped after 3 s\n"
    assert time.monotonic() - started < 30
    status, _, body = ask(server, GROWING)
    assert (status, body) == (503, b"Query stopped: it needed more than 268,435,456 bytes\n")
    assert ask(server, "ASK { ?s ?p ?o }")[0] == 200


@pytest.mark.case(
    "Publication server",
    "`/sparql` asked for an answer larger than its bound, or a deeply nested query",
    "413 or 400 in one line, the server goes on",
)
def test_a_huge_answer_and_a_nested_query_are_refused(server: Server, bounded) -> None:
    status, _, body = ask(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and body.startswith(b"Answer larger than"), body
    nested = "SELECT * WHERE {" + "{" * 4000 + "?s ?p ?o" + "}" * 4000 + "}"
    status, _, body = ask(server, nested)
    assert status in (400, 413) and body.count(b"\n") == 1, body
    assert ask(server, "ASK { ?s ?p ?o }")[0] == 200


@pytest.mark.case(
    "Publication server",
    "`/sparql` asked more queries at once than it runs",
    "503 with Retry-After for those beyond the bound",
)
def test_queries_beyond_the_bound_wait_for_none(server: Server, bounded) -> None:
    answers: list[bytes] = []

    def one() -> None:
        answers.append(ask(server, ENDLESS)[2].split(b":")[0])

    threads = [threading.Thread(target=one) for _ in range(sparql_service.RUNNING + 2)]
    for thread in threads:
        thread.start()
        time.sleep(0.3)  # the first ones are running when the last ones come
    for thread in threads:
        thread.join()
    assert sorted(answers) == sorted(
        [b"Query stopped after 3 s\n"] * sparql_service.RUNNING + [b"Too many queries at once"] * 2
    )


@pytest.mark.case(
    "Publication server",
    "`/sparql` after `publish` replaced the served data, or while its dump is missing",
    "answers over the new dump; 503 with Retry-After while it is missing",
)
def test_the_service_follows_the_dump_it_serves(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    dump = copy / DUMPS_PATH / DATASET_DUMPS["nquads"]
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with serving(copy) as running:
        before = ask(running, query)[2]
        replaced = dump.with_name("replaced.nq")
        replaced.write_text('<urn:a> <urn:b> "c" <urn:g> .\n', encoding="utf-8")
        replaced.replace(dump)  # as publish swaps the site in at once
        status, _, after = ask(running, query)
        dump.unlink()  # between two sites
        gone, headers, said = ask(running, query)
    assert before != after and (status, after) == (200, b"n\r\n1\r\n")
    assert (gone, headers.get("Retry-After")) == (503, sparql_service.RETRY_AFTER), said
