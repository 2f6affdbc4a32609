"""Progress bars: drawn per stage on a terminal, never when piped or under CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def build(tmp_path, terminal: bool, ci: bool) -> bytes:
    """What ``sts-graph build`` writes to its standard error (a terminal, or a pipe)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    command = [sys.executable, "-m", "sts_graph.cli", "build", "--out", str(tmp_path)]
    if not terminal:
        return subprocess.run(command, env=env, capture_output=True, check=True).stderr
    leader, follower = os.openpty()
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=follower) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    os.close(leader)
    assert child.returncode == 0
    return seen


def test_a_build_on_a_terminal_shows_its_plans_stage(tmp_path):
    shown = build(tmp_path, terminal=True, ci=False)
    assert b"plans" in shown and b"5/5" in shown


@pytest.mark.parametrize("terminal, ci", [(False, False), (True, True)], ids=["piped", "CI"])
def test_nothing_is_drawn_when_piped_or_under_ci(tmp_path, terminal, ci):
    assert build(tmp_path, terminal, ci) == b""
