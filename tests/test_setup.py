"""The README's set-up command on a machine whose Python refuses system-wide installs
(PEP 668, as Debian's and Ubuntu's python3 do): ``make build`` makes a project
virtual environment, installs into it and says where ``sts-graph`` lives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sts_graph.core.paths import ROOT


def externally_managed(folder: Path) -> dict[str, str]:
    """An environment in which this interpreter is externally managed: its stdlib
    folder, as ``sysconfig`` reports it to pip and to the Makefile, holds the marker."""
    (folder / "EXTERNALLY-MANAGED").write_text(
        "[externally-managed]\nError=use a virtual environment\n", encoding="utf-8"
    )
    (folder / "sitecustomize.py").write_text(
        "import sysconfig\n"
        "_get_path = sysconfig.get_path\n"
        "def _stdlib_here(name, *args, **kwargs):\n"
        f"    return {str(folder)!r} if name == 'stdlib' else _get_path(name, *args, **kwargs)\n"
        "sysconfig.get_path = _stdlib_here\n",
        encoding="utf-8",
    )
    return {**os.environ, "PYTHONPATH": str(folder)}


PYTHON = str(Path(sys.base_prefix) / "bin" / "python3")  # not a venv's, which pip exempts


def test_make_build_uses_a_virtual_environment_where_python_refuses_system_installs(tmp_path):
    marker = tmp_path / "pep668"
    marker.mkdir()
    env = externally_managed(marker)
    refused = subprocess.run(
        [PYTHON, "-m", "pip", "install", "--no-deps", "six"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    built = subprocess.run(
        ["make", "build", f"PYTHON={PYTHON}"],
        cwd=clone, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert f"sts-graph is {clone}/.venv/bin/sts-graph" in built.stdout
    assert "validation: 0 violation(s)" in built.stdout
    helped = subprocess.run(
        [clone / ".venv" / "bin" / "sts-graph", "--help"], capture_output=True, text=True
    )
    assert helped.returncode == 0 and "sts-graph" in helped.stdout
