"""Ctrl-C: every command stops with one line and exit 130, and leaves no partial file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest


@pytest.mark.parametrize("after", [0.8, 2.5])
@pytest.mark.case(
    "Interruptions",
    "Ctrl-C (SIGINT) during `build`, while extracting or reasoning",
    "exit 130 and one line `sts-graph: interrupted`; no file written, no temporary left",
)
def test_ctrl_c_during_build_is_one_line_and_exit_130(tmp_path, after):
    out = tmp_path / "turtle"
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "build", "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build ended before the signal")
    assert (process.returncode, err) == (130, "sts-graph: interrupted\n")
    assert not out.exists() or not [p for p in out.iterdir() if p.name.endswith(".tmp")]
