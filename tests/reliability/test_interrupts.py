"""Ctrl-C: every command stops with one line and exit 130, and leaves no partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import interruptible


@pytest.mark.parametrize("after", [0.8, 2.5])
@pytest.mark.case(
    "Interruptions",
    "Ctrl-C (SIGINT) during `build`, while extracting or reasoning (worker processes)",
    "exit 130 and one line `sts-graph: interrupted`, workers included; no temporary left",
)
def test_ctrl_c_during_build_is_one_line_and_exit_130(tmp_path, after):
    out = tmp_path / "turtle"
    cache = tmp_path / "cache"  # empty: the closure is computed by worker processes
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "build", "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "STS_GRAPH_CACHE": str(cache)}, preexec_fn=interruptible,
    )  # fmt: skip
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build ended before the signal")
    assert (process.returncode, err) == (130, "sts-graph: interrupted\n")
    for folder in (out, cache):
        assert not folder.exists() or not [p for p in folder.iterdir() if p.suffix == ".tmp"]
