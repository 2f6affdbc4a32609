"""The rules reasoner on axioms that entail without end (issue #24): stopped at its
bound on growth, in one line naming the rule, never running for minutes or growing
the machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sts_graph.core.child import bounded
from sts_graph.core.errors import InputError
from sts_graph.reason import entail, rules

PREFIXES = (
    "@prefix ex: <http://example.org/> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
CHAIN = 300  # resources linked one to the next


def chained(axiom: str, link: str) -> bytes:
    lines = [PREFIXES, axiom]
    for i in range(CHAIN):
        lines.append(f"ex:r{i} {link} ex:r{i + 1} ; ex:label 'r{i}' ; a ex:Thing .")
    return "\n".join(lines).encode()


@pytest.mark.case(
    "Reasoning",
    "an axiom entailing without end (a sub-property of owl:sameAs, a transitive property"
    " over a long chain)",
    "stopped at the bound on growth (10 times the input) in one line naming the rule",
)
@pytest.mark.parametrize(
    ("axiom", "link", "rule"),
    [
        ("ex:same rdfs:subPropertyOf owl:sameAs .", "ex:same", "eq-"),
        ("ex:next a owl:TransitiveProperty .", "ex:next", "prp-trp"),
    ],
    ids=["same-as", "transitive"],
)
def test_a_closure_without_end_is_stopped_at_its_bound(monkeypatch, axiom, link, rule):
    monkeypatch.setattr(rules, "MIN_BASE", 1_000)  # the bound reached in a second
    started = time.monotonic()
    with pytest.raises(InputError, match=rf"the closure stopped at rule {rule}\S*, round \d+"):
        entail.closure_ntriples([(Path("endless.ttl"), chained(axiom, link))], [], "rules")
    assert time.monotonic() - started < 60


@pytest.mark.case(
    "Reasoning",
    "a symmetric and transitive property over a dense relation (one rule application"
    " entailing millions of triples at once)",
    "stopped at the bound on growth in one line, its memory a small bound (1 GB), never reached",
)
def test_a_dense_relation_is_stopped_before_it_takes_the_memory(monkeypatch):
    monkeypatch.setattr(rules, "MIN_BASE", 1_000)
    spokes = 3_000  # one application of prp-trp over the star: 9 million conclusions
    lines = [PREFIXES, "ex:knows a owl:SymmetricProperty, owl:TransitiveProperty ."]
    lines += [f"ex:hub ex:knows ex:r{i} ." for i in range(spokes)]
    data = "\n".join(lines).encode()

    def close() -> None:
        entail.closure_ntriples([(Path("dense.ttl"), data)], [], "rules")

    with pytest.raises(InputError, match=r"the closure stopped at rule prp-\w+, round \d+"):
        bounded(close, 120, 1 << 30)
