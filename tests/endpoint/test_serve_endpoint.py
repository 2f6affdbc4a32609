"""``sts-graph serve-endpoint``: the port opens on a loaded graph, and SIGTERM or
SIGINT stop the Oxigraph server with it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from helpers import interruptible

from sts_graph.core.namespaces import GRAPH_INFERRED
from sts_graph.endpoint import Endpoint, count, remote_graphs
from sts_graph.endpoint.oxigraph_server import LOOPBACK, free_port, port_is_free

pytestmark = pytest.mark.server


def first_answer(endpoint: Endpoint, process: subprocess.Popen, seconds: float = 120) -> int:
    """Poll the port from the start; the number of triples of the first answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
        try:
            return sum(count(endpoint, name) for name in remote_graphs(endpoint))
        except Exception:
            time.sleep(0.02)
    raise AssertionError("serve-endpoint never answered")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_endpoint_answers_only_once_loaded_and_stops_its_server(store, tmp_path, stop):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "serve-endpoint", "--port", str(port),
         "--location", str(tmp_path / "db")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible,
    )  # fmt: skip
    try:
        endpoint = Endpoint.from_url(f"http://{LOOPBACK}:{port}/query", retries=0)
        assert first_answer(endpoint, process) == len(store), "never a partly loaded graph"
        assert GRAPH_INFERRED in remote_graphs(endpoint)
        said = [process.stdout.readline() for _ in range(5)]  # type: ignore[union-attr]
        assert said[-1] == "Ctrl-C stops the server\n"
        process.send_signal(stop)  # to sts-graph alone, not to its process group
        out, err = process.communicate(timeout=30)
        out = "".join(said) + out
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert f"query editor (YASGUI): http://{LOOPBACK}:{port}/" in out
    assert port_is_free(port), "the oxigraph child still holds the port"
