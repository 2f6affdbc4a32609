"""Ctrl-C: every command stops with one line and exit 130, and leaves no partial file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import interruptible


@pytest.mark.parametrize("after", [0.8, 1.5])
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


def _children(pid: int) -> set[int]:
    """The processes *pid* forked (Linux's /proc)."""
    tasks = Path(f"/proc/{pid}/task")
    return {int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()}


def _living(pids: set[int], seconds: float) -> set[int]:
    """Those of *pids* still running (not zombies) after up to *seconds*."""
    deadline = time.monotonic() + seconds
    while True:
        alive = set()
        for pid in pids:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(pid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux's /proc")
@pytest.mark.parametrize("after", [0.8, 2.5])
@pytest.mark.case(
    "Interruptions",
    "`build` killed (`kill -9`) while its worker processes extract or reason",
    "the workers die with it at once, silently: no traceback, none left running",
)
def test_workers_of_a_killed_build_die_with_it_silently(tmp_path, after):
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "build", "--out", str(tmp_path / "turtle")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "STS_GRAPH_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    time.sleep(after)
    workers = _children(process.pid)
    process.kill()
    _, err = process.communicate(timeout=60)
    if not workers:
        pytest.skip("no worker was running when the build was killed")
    assert not _living(workers, 5), "workers outlived the build"
    time.sleep(0.5)  # what a dying worker would print reaches the pipe
    assert err == ""


SLEEPERS = """
import time
from sts_graph.core.child import bounded
from sts_graph.core.workers import parallel_map
if __import__("sys").argv[1] == "pool":
    list(parallel_map(time.sleep, [120, 120]))
else:
    bounded(lambda: time.sleep(120), 300, None)
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux's /proc")
@pytest.mark.parametrize("kind", ["pool", "bounded"])
@pytest.mark.case(
    "Interruptions",
    "a process killed (`kill -9`) while its workers or a bounded child run for minutes",
    "they die with it within seconds, not minutes later",
)
def test_children_of_a_killed_process_do_not_outlive_it(kind):
    process = subprocess.Popen([sys.executable, "-c", SLEEPERS, kind], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not (workers := _children(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # the workers set themselves up
    process.kill()
    _, err = process.communicate(timeout=30)
    assert workers
    assert not _living(workers, 5)
    assert b"Traceback" not in err
