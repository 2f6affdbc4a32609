"""The build, plan by plan on every core, gives what the whole graph gives: the same
SHACL report (pyshacl on each plan with the shared graphs, merged) and the same Turtle."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from sts_graph import validate
from sts_graph.core.namespaces import STS, iri
from sts_graph.core.paths import ONTOLOGY_FILE, TURTLE_DIR
from sts_graph.pipeline import union
from sts_graph.rdf.store import parse_turtle
from sts_graph.reason.dataset import FIXED_GRAPHS
from sts_graph.validate import reference
from sts_graph.validate.report import Report, load_shapes

FILES = sorted(TURTLE_DIR.glob("*.ttl"))


def by_plan(graphs: dict[str, object]) -> Report:
    """The report the build gives: each plan validated with the shared graphs, merged."""
    ontology, shapes = parse_turtle(ONTOLOGY_FILE), load_shapes()
    shared = union(g for name, g in graphs.items() if name in FIXED_GRAPHS)
    reports = []
    for name, graph in graphs.items():
        if name not in FIXED_GRAPHS:
            part = union([graph, shared])
            reports.append(validate.validate(part, ontology, shapes).findings)
    return Report.merged(reports)


def whole(graphs: dict[str, object]) -> Report:
    return validate.validate(union(graphs.values()), parse_turtle(ONTOLOGY_FILE))


@pytest.fixture
def graphs():
    return {path.name: parse_turtle(path) for path in FILES}


def test_plan_by_plan_validation_gives_the_whole_graphs_report(graphs):
    merged = by_plan(graphs)
    assert merged == whole(graphs)
    assert len(merged.findings) == 11 and merged.conforms


def test_violations_in_two_plans_and_in_the_framework_are_reported_once_each(graphs):
    """Three damages: a défi page with no label in the Gers, an objectif with a second
    label in the Hérault, a regional défi with no notation (in every part)."""
    gers, herault = graphs["32-gers.ttl"], graphs["34-herault.ttl"]
    page = next(gers.subjects(RDF.type, STS.DefiTerritorial))
    gers.remove((page, None, None))
    gers.add((page, RDF.type, STS.DefiTerritorial))
    objectif = next(herault.subjects(RDF.type, STS.ObjectifTerritorial))
    herault.add((objectif, RDFS.label, Literal("Un second libellé", lang="fr")))
    defi = URIRef(iri("defi", "E1D1"))
    graphs["framework.ttl"].remove((defi, SKOS.notation, None))
    merged = by_plan(graphs)
    assert merged == whole(graphs)
    violations = [f for f in merged.findings if f.severity == "Violation"]
    assert {f.focus for f in violations} >= {str(page), str(objectif), str(defi)}
    assert len({f.focus for f in violations if f.focus == str(defi)}) == 1


def test_the_workers_build_the_same_turtle_as_one_process(tmp_path):
    """``build`` on one core (no worker) writes the same files as on every core."""
    code = (
        "import os; os.sched_setaffinity(0, {0}); from sts_graph.cli import main;"
        f"raise SystemExit(main(['build', '--out', '{tmp_path}']))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    for path in FILES:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_faster_parameter_lookup_gives_pyshacls_own_results(monkeypatch, graphs):
    """:func:`reference.preload` gives pyshacl its constraint parameters as a set; on
    damaged data, pyshacl's results are the same triples as with its own list."""
    from pyshacl import shape
    from pyshacl import validate as shacl
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    from rdflib.compare import isomorphic

    gers = graphs["32-gers.ttl"]
    page = next(gers.subjects(RDF.type, STS.DefiTerritorial))
    gers.remove((page, RDFS.label, None))
    ontology, shapes = parse_turtle(ONTOLOGY_FILE), load_shapes()

    def results():
        data = union(graphs.values())
        return shacl(data, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True,
                     inplace=True)[1]  # fmt: skip

    reference.preload()
    fast = results()
    plain = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    monkeypatch.setattr(shape, "CONSTRAINT_PARAMS", plain)
    assert isomorphic(fast, results())
    assert len(fast) > 20
