"""The package passes the checks ``make check`` runs: ruff and mypy, with the project's
own configuration (``pyproject.toml``)."""

from __future__ import annotations

import subprocess
import sys

from sts_graph.core.paths import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_mypy_finds_no_error():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing_to_fix():
    checked, formatted = _run("ruff", "check", "."), _run("ruff", "format", "--check", ".")
    assert (checked.returncode, formatted.returncode) == (0, 0), checked.stdout + formatted.stdout
