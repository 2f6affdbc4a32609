"""The same plans always give the same bytes: run after run, wherever and whenever.

The committed ``data/turtle/`` is what a fresh extraction writes (``test_turtle.py``);
here ``sts-graph extract`` runs again, in this process and in subprocesses
under another directory, locale, time zone or hash seed, and must write it
byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sts_graph.core.paths import SOURCES_DIR, TURTLE_DIR

from .runner import run

COMMITTED = {p.name: p.read_bytes() for p in sorted(TURTLE_DIR.glob("*.ttl"))}
VARIANTS = {  # id → (case, working directory or None, environment)
    "cwd=/": ("another current directory", "/", {}),
    "LC_ALL=POSIX": ("another locale", None, {"LC_ALL": "POSIX", "LANG": "POSIX"}),
    "LC_ALL=C.UTF-8": ("another locale", None, {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}),
    "TZ=Pacific/Kiritimati": ("another time zone", None, {"TZ": "Pacific/Kiritimati"}),
    "TZ=UTC": ("another time zone", None, {"TZ": "UTC"}),
    "PYTHONHASHSEED=1": ("another hash seed", None, {"PYTHONHASHSEED": "1"}),
    "PYTHONHASHSEED=2": ("another hash seed", None, {"PYTHONHASHSEED": "2"}),
}


def written(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def variant_outputs(tmp_path_factory) -> dict[str, dict[str, bytes] | str]:
    """Each variant's Turtle (or its stderr if it failed), extracted two at a time."""

    def extract(variant: str) -> dict[str, bytes] | str:
        _case, cwd, env = VARIANTS[variant]
        out = tmp_path_factory.mktemp("variant") / "out"
        command = ["extract", "--sources", str(SOURCES_DIR), "--out", str(out)]
        result = subprocess.run(
            [sys.executable, "-m", "sts_graph.cli", *command],
            cwd=cwd,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        return written(out) if result.returncode == 0 else result.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(VARIANTS, pool.map(extract, VARIANTS), strict=True))


@pytest.mark.case(
    "Determinism",
    "two builds in a row",
    "byte-identical Turtle, equal to the committed data/turtle/",
)
def test_two_builds_in_a_row(tmp_path):
    outputs = []
    for out in (tmp_path / "first", tmp_path / "second"):
        result = run("extract", "--out", str(out))
        assert result.code == 0, result.err
        outputs.append(written(out))
    assert outputs[0] == outputs[1] == COMMITTED


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(
            variant,
            marks=pytest.mark.case(
                "Determinism", case, "byte-identical Turtle, equal to the committed data/turtle/"
            ),
        )
        for variant, (case, _cwd, _env) in VARIANTS.items()
    ],
)
def test_output_does_not_depend_on_the_environment(variant_outputs, variant):
    output = variant_outputs[variant]
    assert not isinstance(output, str), output
    assert output.keys() == COMMITTED.keys()
    for name, content in output.items():
        assert content == COMMITTED[name], f"{name} differs under {variant}"
