"""A local Oxigraph SPARQL server (``oxigraph serve``) on a loopback port.

Used by ``sts-graph serve-endpoint`` and by the integration tests. The server
binary comes from the ``oxigraph`` package (``pip install 'sts-graph[server]'``).
:func:`load_offline` fills its database before the server starts, so that the
port only opens on a loaded graph.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from types import TracebackType

from sts_graph.core.errors import EndpointError, InputError
from sts_graph.endpoint import Endpoint, wait_until_ready

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on the loopback *port* now (as servers do, past
    connections still closing)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def load_offline(location: Path, dump: bytes, replaced_prefix: str) -> None:
    """Replace the graphs whose names start with *replaced_prefix* in the database at
    *location* by the N-Quads *dump*, with ``oxigraph update`` and ``oxigraph load``
    (no server runs: other graphs of the database stay as they are)."""
    location.mkdir(parents=True, exist_ok=True)
    drop = (
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{replaced_prefix}")) }}'
    )
    with tempfile.NamedTemporaryFile(suffix=".nq", dir=location.parent) as file:
        file.write(dump)
        file.flush()
        for command in (
            ["update", "--location", str(location), "--update", drop],
            ["load", "--location", str(location), "--file", file.name],
        ):
            done = subprocess.run(
                [oxigraph_binary(), *command], capture_output=True, stdin=subprocess.DEVNULL
            )
            if done.returncode != 0:
                said = done.stderr.decode("utf-8", "replace").strip().splitlines()
                why = said[-1] if said else f"exit {done.returncode}"
                raise EndpointError(f"oxigraph {command[0]} --location {location}: {why}")


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` command (the one installed beside this package first),
    or a one-line error saying how to get it."""
    here = sysconfig.get_path("scripts")  # beside sts-graph, in a venv not activated too
    binary = shutil.which("oxigraph", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if binary is None:
        raise InputError("the Oxigraph server is not installed: pip install 'sts-graph[server]'")
    return binary


class OxigraphServer:
    """``oxigraph serve --location DIR`` on ``127.0.0.1:PORT``, stopped on exit.

    The default graph is the union of the named graphs (``--union-default-graph``),
    so that a person typing a query in the server's web page sees every graph.
    """

    def __init__(self, location: Path, port: int | None = None, timeout: float = 30.0) -> None:
        self.location = location
        self.port = port or free_port()
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint.from_url(f"{self.url}/query", timeout=self.timeout)

    def start(self) -> OxigraphServer:
        """Start the server and wait until it answers a query; a port another program
        holds is refused (its server would answer in our place)."""
        if not port_is_free(self.port):
            raise EndpointError(f"{LOOPBACK}:{self.port}: the port is taken by another program")
        self.location.mkdir(parents=True, exist_ok=True)
        command = [
            oxigraph_binary(),
            "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{LOOPBACK}:{self.port}",
            "--union-default-graph",
        ]
        with tempfile.TemporaryFile() as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            try:
                wait_until_ready(self.endpoint, seconds=self.timeout, alive=self.alive)
                if not self.alive():  # it exited, yet something answered on its port
                    raise EndpointError(f"{self.url}: the server exited at start")
            except EndpointError as error:
                self.stop()
                log.seek(0)
                said = log.read().decode("utf-8", "replace").strip().splitlines()
                raise EndpointError(f"oxigraph serve: {said[-1] if said else error}") from None
            except BaseException:  # Ctrl-C or SIGTERM while it starts: no server left behind
                self.stop()
                raise
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
