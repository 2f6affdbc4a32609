"""Metamorphic: each plan re-rendered (line ends, Unicode form, marks, table cells,
wrapping) and read alone gives its département the same facts, source lines apart.

This suite is what "a new plan needs no code change" means: a plan converted by
another tool must read as the same plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PLAN_NAMES, facts
from rdflib import Graph, Literal, URIRef
from rerender import RENDERINGS

from sts_graph import mapping
from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract import extract

SHOWN = 12  # differences listed in a failure


def plan_facts(text: str, name: str, directory: Path) -> set[tuple]:
    """The facts of plan *name* written as *text*, read alone in its folder."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (plan,), framework = extract(directory)
    written = mapping.turtle(mapping.plan_graph(plan, framework))  # as data/turtle holds it
    return facts(Graph().parse(data=written, format="turtle"))


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, set[tuple]]:
    root = tmp_path_factory.mktemp("originals")
    return {
        name: plan_facts((SOURCES_DIR / f"{name}.txt").read_text("utf-8"), name, root / name)
        for name in PLAN_NAMES
    }


def show(triple: tuple) -> str:
    return " ".join(t.n3() if isinstance(t, URIRef | Literal) else str(t) for t in triple)[:240]


def test_a_plan_read_alone_gives_its_committed_graph(originals):
    from sts_graph.core.paths import TURTLE_DIR
    from sts_graph.rdf.store import parse_turtle

    for name, got in originals.items():
        assert got == facts(parse_turtle(TURTLE_DIR / f"{name}.ttl")), name


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@pytest.mark.parametrize("name", PLAN_NAMES)
def test_a_rerendered_plan_gives_the_same_facts(originals, tmp_path, name, rendering):
    text = RENDERINGS[rendering]((SOURCES_DIR / f"{name}.txt").read_text("utf-8"))
    got = plan_facts(text, name, tmp_path)
    want = originals[name]
    lost, gained = sorted(want - got), sorted(got - want)
    report = [f"- {show(t)}" for t in lost[:SHOWN]] + [f"+ {show(t)}" for t in gained[:SHOWN]]
    assert not (lost or gained), (
        f"{name} {rendering}: {len(lost)} fact(s) lost, {len(gained)} gained\n" + "\n".join(report)
    )
