"""Negative controls: each fixture in tests/shapes/ must fail on the named focus and constraint.

A fixture's header comment ``# expect: FOCUS CONSTRAINT`` names what must be reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sts_graph.core.paths import ONTOLOGY_FILE
from sts_graph.rdf.store import parse_turtle
from sts_graph.validate import VALIDATORS, validate

FIXTURES = sorted((Path(__file__).parent / "shapes").glob("*.ttl"))
EXPECT = re.compile(r"^# expect: (\S+) (\S+)$", re.MULTILINE)


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_shape_rejects_its_invalid_node(path, validator):
    expected = EXPECT.findall(path.read_text(encoding="utf-8"))
    assert expected, f"{path.name} names no expected result"
    report = validate(parse_turtle(path), parse_turtle(ONTOLOGY_FILE), validator=validator)
    assert not report.conforms
    got = {(f.value or f.focus, f.constraint) for f in report.findings if f.severity == "Violation"}
    got |= {(f.focus, f.constraint) for f in report.findings if f.severity == "Violation"}
    for focus, constraint in expected:
        assert (focus, constraint) in got, report.text()
