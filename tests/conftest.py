"""Shared fixtures: the extraction of the five plans, done once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sts_graph.extract import Framework, Plan, extract
from sts_graph.namespaces import SOURCES_DIR

EXPECTATIONS = Path(__file__).parent / "expectations"
PLAN_NAMES = sorted(p.stem for p in EXPECTATIONS.glob("*.json"))


@pytest.fixture(scope="session")
def extraction() -> tuple[list[Plan], Framework]:
    return extract(SOURCES_DIR)


@pytest.fixture(scope="session")
def plans(extraction) -> dict[str, Plan]:
    return {p.path.stem: p for p in extraction[0]}


def expectation(name: str) -> dict:
    return json.loads((EXPECTATIONS / f"{name}.json").read_text(encoding="utf-8"))
