"""Fixtures (a pytest plugin): the site, published once per session into a temporary
folder, and a server of it on a free loopback port."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from sts_graph.publish.server import make_server
from sts_graph.publish.site import Published, publish


@pytest.fixture(scope="session")
def published(tmp_path_factory, store) -> tuple[Path, Published]:
    out = tmp_path_factory.mktemp("publish") / "site"
    return out, publish(out, store, release_folder=tmp_path_factory.mktemp("no-releases"))


@pytest.fixture(scope="session")
def site(published) -> Path:
    return published[0]


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass(frozen=True)
class Server:
    """The running server: its base URL, and raw requests to it (the target sent as is)."""

    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def get(self, target: str, accept: str | None = None, method: str = "GET") -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            if accept is not None:
                connection.putheader("Accept", accept)
            connection.endheaders()
            response = connection.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return Response(response.status, headers, response.read())
        finally:
            connection.close()


@contextmanager
def serving(directory: Path) -> Iterator[Server]:
    """``sts-graph serve`` of *directory* on a free loopback port, in a thread."""
    httpd = make_server(directory, 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    try:
        yield Server(str(host), int(port))
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site) -> Iterator[Server]:
    with serving(site) as running:
        yield running
