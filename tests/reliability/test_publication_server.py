"""``sts-graph serve`` under attack and load: traversal, symbolic links, odd headers,
odd methods, long requests, 2,000 requests over 50 connections. Requests go out
as raw bytes (http clients would normalise ``..`` away)."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from publish.test_server import PATH
from rdflib import Graph
from site_server import Server, serving

from sts_graph.core.paths import ROOT
from sts_graph.publish.formats import VARIANTS

NOT_FOUND = b"Not found\n"
OUTSIDE = ROOT / "pyproject.toml"  # a file beside the site that must never be served
HTML, TURTLE, JSON_LD = VARIANTS["html"], VARIANTS["ttl"], VARIANTS["jsonld"]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def send(server: Server, request: bytes) -> Answer:
    """*request* sent as it is, on a connection of its own; the server's answer."""
    with socket.create_connection((server.host, server.port), timeout=30) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (x.partition(":") for x in lines)}
    return Answer(int(status.split()[1]), headers, body)


def request(target: str, *headers: bytes, method: str = "GET") -> bytes:
    """The bytes of a request for *target* with header lines *headers*."""
    lines = [f"{method} {target} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers]
    return b"\r\n".join([*lines, b"Connection: close", b"", b""])


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/../pyproject.toml",
        "/id/../../pyproject.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/.%2e/.%2e/pyproject.toml",
        "/%252e%252e/pyproject.toml",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\pyproject.toml",
        "//etc/passwd",
        "/" + str(OUTSIDE),
        "/" + str(OUTSIDE.with_suffix("")),
        "http://127.0.0.1/../../etc/passwd",
        "/etc/passwd%00.html",
        "/id/%00",
        "/" + "../" * 30 + "etc/passwd",
    ],
)
@pytest.mark.case(
    "Publication server",
    "path traversal (`../`, `%2e%2e`, absolute paths, backslashes, NUL)",
    "404, nothing of a file outside the site in the answer",
)
def test_path_traversal(server: Server, target):
    answer = send(server, request(target, b"Accept: */*"))
    assert (answer.status, answer.body) == (404, NOT_FOUND)


@pytest.fixture(scope="module")
def site_with_links(site, tmp_path_factory) -> Path:
    """A copy of the site (hard links) with symbolic links out of it."""
    copy = tmp_path_factory.mktemp("linked") / "site"
    shutil.copytree(site, copy, copy_function=os.link)
    outside = copy.parent / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("root:x:0:0 secret", encoding="utf-8")
    (outside / "secret.ttl").write_text("<root:x> <root:x> <root:x> .", encoding="utf-8")
    links = {
        copy / "leak.html": Path("/etc/passwd"),
        copy / "id" / "leak.ttl": OUTSIDE,
        copy / "static" / "leak.css": OUTSIDE,
        copy / "id" / "outside": outside,
        copy / "id" / "loop.html": copy / "id" / "loop.html",
        copy / "id" / "broken.html": outside / "gone.html",
    }
    for link, target in links.items():
        link.symlink_to(target)
    return copy


@pytest.fixture(scope="module")
def linked_server(site_with_links) -> Iterator[Server]:
    with serving(site_with_links) as running:
        yield running


@pytest.mark.parametrize(
    "target",
    [
        "/leak",
        "/leak.html",
        "/id/leak",
        "/id/leak.ttl",
        "/static/leak.css",
        "/id/outside/secret",
        "/id/outside/secret.ttl",
        "/id/loop",
        "/id/broken.html",
    ],
)
@pytest.mark.case(
    "Publication server",
    "symbolic links inside the site pointing outside it (files, a folder, a loop, a dangling link)",
    "404, nothing of the target's content; the site's own pages still served",
)
def test_symbolic_links_out_of_the_site(linked_server: Server, target):
    for accept in (b"Accept: */*", b"Accept: text/turtle"):
        answer = send(linked_server, request(target, accept))
        assert (answer.status, answer.body) == (404, NOT_FOUND), accept
    assert send(linked_server, request(PATH)).status == 200


@pytest.mark.parametrize(
    ("headers", "status", "content_type"),
    [
        ([b"Accept: " + b"x" * 8192], 200, HTML),
        ([b"Accept: text/turtle;q=0.9, " + b"a/b;q=0.1, " * 800], 200, TURTLE),
        ([b"Accept: \xff\xfe\x00 garbage;;;,,,/"], 200, HTML),
        ([b"Accept: text/turtle;q=abc"], 200, HTML),
        ([b"Accept: text/turtle;q=2"], 200, HTML),
        ([b"Accept: */*;q=0"], 406, "text/plain; charset=utf-8"),
        ([b"Accept: text/turtle;q=0;q=1, application/ld+json;q=0.5"], 200, JSON_LD),
        ([b"Accept: text/html;q=0", b"Accept: text/turtle"], 200, TURTLE),
        ([b"Accept: " + b"x" * 70000], 431, "text/html;charset=utf-8"),
        ([b"Accept: text/turtle"] * 101, 431, "text/html;charset=utf-8"),
    ],
    ids=[
        "8 KB of garbage",
        "8 KB of ranges",
        "bytes that are not text",
        "q=abc",
        "q=2",
        "*/*;q=0",
        "q given twice",
        "two Accept lines",
        "70 KB",
        "101 header lines",
    ],
)
@pytest.mark.case(
    "Publication server",
    "oversized or malformed `Accept` headers",
    "ill-formed ranges disregarded, several lines read as one list; 406 when nothing is"
    " acceptable, 431 past 64 KB or 100 lines",
)
def test_odd_accept_headers(server: Server, headers, status, content_type):
    answer = send(server, request(PATH, *headers))
    assert (answer.status, answer.headers["content-type"]) == (status, content_type)


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/" + "a" * 10000, 404),
        ("/" + "a/" * 5000, 404),
        ("/id/" + "%C3%A9" * 3000, 404),
        ("/" + "a" * 70000, 414),
    ],
    ids=["a 10 kB name", "5,000 folders", "3,000 encoded characters", "a 70 kB request line"],
)
@pytest.mark.case(
    "Publication server",
    "very long paths and request lines",
    "404, or 414 past 64 KB; the server answers afterwards",
)
def test_very_long_paths(server: Server, target, status):
    assert send(server, request(target)).status == status
    assert send(server, request(PATH)).status == 200


@pytest.mark.parametrize(
    "method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]
)
@pytest.mark.case(
    "Publication server",
    "methods other than GET and HEAD, with a body",
    "405 with Allow: GET, HEAD, the connection closed",
)
def test_other_methods(server: Server, method):
    body = b"<a> <b> <c> ."
    answer = send(server, request(PATH, b"Content-Length: 13", method=method) + body)
    assert answer.status == 405
    assert (answer.headers["allow"], answer.headers["connection"]) == ("GET, HEAD", "close")


@pytest.mark.case(
    "Publication server",
    "2,000 requests over 50 connections, mixing formats and 404s",
    "every answer the one a single request gets (200, 404 or 406), every Turtle answer"
    " parses; the server answers afterwards",
)
def test_two_thousand_requests_over_fifty_connections(server: Server):
    targets = [PATH, "/", "/id/sts/32", "/couverture", "/id/nowhere"]
    accepts = ["text/html", "text/turtle", "application/ld+json", "image/png", "*/*"]
    expected = {}
    for target in targets:
        for accept in accepts:
            alone = server.get(target, accept)
            expected[target, accept] = (alone.status, alone.body)
            if alone.headers["content-type"] == TURTLE:
                assert len(Graph().parse(data=alone.text, format="turtle")) > 0
    assert {status for status, _ in expected.values()} == {200, 404, 406}

    def client(index: int) -> list[tuple[str, str, int, bytes]]:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        answers = []
        try:
            for n in range(40):  # one kept-alive connection per client
                target, accept = targets[(index + n) % 5], accepts[(index + n // 5) % 5]
                connection.request("GET", target, headers={"Accept": accept})
                response = connection.getresponse()
                answers.append((target, accept, response.status, response.read()))
        finally:
            connection.close()
        return answers

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = [a for batch in pool.map(client, range(50)) for a in batch]
    assert time.monotonic() - started < 30
    assert len(answers) == 2000
    assert [a[:3] for a in answers if expected[a[:2]] != a[2:]] == []
    assert server.get(PATH).status == 200


@pytest.mark.case(
    "Publication server",
    "600 idle connections opened at once, then closed",
    "connections beyond 256 are closed at once; the next request is answered within a second",
)
def test_the_server_answers_at_once_after_a_flood_of_idle_connections(site):
    with serving(site) as server:
        flood = []
        for _ in range(600):
            idle = socket.socket()
            idle.settimeout(5)
            try:
                idle.connect((server.host, server.port))
            except OSError:
                idle.close()
                continue
            flood.append(idle)
        for idle in flood:
            idle.close()
        started = time.monotonic()
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 200
        assert time.monotonic() - started < 1.0
