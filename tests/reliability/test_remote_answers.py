"""Hostile answers to ``sts-graph query --endpoint`` (issue #24): a server streaming
without end, or answering broken JSON or HTML, gives one line and exit 3, the
answer read within a bound of bytes."""

from __future__ import annotations

import resource
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import one_line_error, sts

from sts_graph.endpoint import MAX_ANSWER

JSON = "application/sparql-results+json"
HEAD = b'{"head":{"vars":["s"]},"results":{"bindings":['
ROW = b'{"s":{"type":"literal","value":"' + b"x" * 4000 + b'"}},'


@contextmanager
def answering(content_type: str, body: Callable[[], Iterator[bytes]]) -> Iterator[str]:
    """A server answering every request with *body* (streamed, no length), its URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the body ends when the connection closes

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            try:
                for chunk in body():
                    self.wfile.write(chunk)
            except OSError:  # the client stopped reading
                pass

        do_GET = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/query"
    finally:
        server.shutdown()
        server.server_close()


def endless() -> Iterator[bytes]:
    yield HEAD
    while True:
        yield ROW * 16


def query(url: str):
    return sts("query", "oqos", "--endpoint", url, "--retries", "0")


@pytest.mark.case(
    "Endpoint",
    "a server streaming an endless JSON answer",
    f"cut off at {MAX_ANSWER >> 20} MB: exit 3 in one line, the client's memory bounded",
)
def test_an_endless_answer_is_cut_off_at_its_bound():
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with answering(JSON, endless) as url:
        result = query(url)
    assert one_line_error(result) == (
        f"sts-graph: {url}: answer larger than {MAX_ANSWER:,} bytes: refused"
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak <= max(before, 3 * MAX_ANSWER >> 10), "kB: a bounded read, never the stream"


@pytest.mark.parametrize(
    ("content_type", "body", "said"),
    [
        (JSON, b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":', "not SPARQL JSON results"),
        (JSON, b"<html>a proxy's error page</html>", "not SPARQL JSON results"),
        ("text/html", b"<html>a proxy's error page</html>", "answer is text/html"),
    ],
    ids=["cut-json", "html-as-json", "html"],
)
@pytest.mark.case(
    "Endpoint",
    "a server answering broken JSON, or HTML, with status 200",
    "exit 3 in one line naming the server and what its answer is",
)
def test_a_broken_answer_is_one_line(content_type: str, body: bytes, said: str):
    with answering(content_type, lambda: iter([body])) as url:
        result = query(url)
    line = one_line_error(result)
    assert line.startswith(f"sts-graph: {url}: ") and said in line, line
