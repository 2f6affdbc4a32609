"""The native SHACL engine against pyshacl, the reference: the same report, finding by
finding (severity, focus, path, constraint, message, value, source line), on the
plans, on every negative fixture, on data damaged in several plans and in the
framework, and on random graphs; and what it cannot compile refused by name."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from sts_graph.core.namespaces import IGEO, STS
from sts_graph.core.paths import DATA_DIR, ONTOLOGY_FILE, SHAPES_DIR, TURTLE_DIR
from sts_graph.rdf.store import parse_turtle
from sts_graph.validate import reference
from sts_graph.validate.native import UnsupportedShape, Validator
from sts_graph.validate.report import load_shapes

ONTOLOGY = parse_turtle(ONTOLOGY_FILE)
SHAPES = load_shapes()
NATIVE = Validator(SHAPES)
FIXTURES = sorted((Path(__file__).parent / "shapes").glob("*.ttl"))
SHARED = [TURTLE_DIR / "framework.ttl", TURTLE_DIR / "vocabularies.ttl"]
PLANS = [TURTLE_DIR / "09-ariege.ttl", TURTLE_DIR / "32-gers.ttl"]


def both(data: Graph) -> tuple[list, list]:
    """The findings of the native engine and of pyshacl on *data*."""
    native = NATIVE.graph(data, ONTOLOGY).findings
    return native, reference.validate(data + ONTOLOGY, ONTOLOGY, SHAPES).findings


def test_the_five_plans_give_pyshacls_report_from_their_turtle():
    paths = [ONTOLOGY_FILE, *sorted(TURTLE_DIR.glob("*.ttl"))]
    native = NATIVE.documents((path, path.read_bytes()) for path in paths).findings
    data = Graph()
    for path in paths:
        parse_turtle(path, data)
    assert native == reference.validate(data, ONTOLOGY, SHAPES).findings
    assert len(native) == 11  # the warnings `sts-graph build` prints


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_negative_fixture_gives_pyshacls_report(path):
    native, pyshacl = both(parse_turtle(path))
    assert native == pyshacl
    assert any(f.severity == "Violation" for f in native)


def _plans() -> Graph:
    graph = Graph()
    for path in [*SHARED, *PLANS]:
        parse_turtle(path, graph)
    return graph


def _some(graph: Graph, cls: URIRef, n: int, where: str = "") -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, cls) if where in str(s))[:n]


def _labels_dropped(g: Graph) -> None:
    for plan in ("/09/", "/32/"):
        for node in _some(g, STS.ObjectifTerritorial, 2, plan):
            g.remove((node, RDFS.label, None))


def _numbers_damaged(g: Graph) -> None:
    (count,) = _some(g, STS.Denombrement, 1, "/09/")
    g.set((count, STS.count, Literal(-1)))
    (other,) = _some(g, STS.Denombrement, 1, "/32/")
    g.set((other, STS.count, Literal("12")))
    for node in _some(g, STS.Indicateur, 2):
        g.set((node, STS.value, Literal(7)))


def _territory_damaged(g: Graph) -> None:
    (departement,) = _some(g, STS.Departement, 1)
    g.set((departement, RDFS.label, Literal("Gers", lang="en")))
    g.set((departement, IGEO.codeINSEE, Literal("999x")))


def _bounds_crossed(g: Graph) -> None:
    (row,) = _some(g, STS.ObjectifQuantitatif, 1, "/32/")
    g.set((row, STS.targetMin, Literal(9)))
    g.set((row, STS.targetMax, Literal(3)))
    excerpt = sorted(g.subjects(RDF.type, STS.ExtraitDeSource))[0]
    g.set((excerpt, STS.lineStart, Literal(10_000)))


def _framework_damaged(g: Graph) -> None:
    defi, objectif = _some(g, STS.Defi, 1)[0], _some(g, STS.ObjectifOperationnel, 1)[0]
    g.add((defi, STS.isDefiOf, objectif))  # two parents, one not an engagement
    g.set((objectif, SKOS.notation, Literal("E7D1O1")))
    g.add((objectif, SKOS.prefLabel, Literal("Second title", lang="en")))


def _graph_rules_broken(g: Graph) -> None:
    (excerpt,) = (e for e in g.objects(_some(g, STS.Action, 1, "/09/")[0], PROV.wasDerivedFrom))
    g.remove((excerpt, STS.lineStart, None))
    page = _some(g, STS.ObjectifTerritorial, 1, "/32/objectif/E1")[0]
    other = _some(g, STS.ObjectifOperationnel, 1, "E5D")[0]
    g.set((page, STS.declines, other))


DAMAGES: dict[str, Callable[[Graph], None]] = {
    "labels dropped in two plans": _labels_dropped,
    "counts and values of the wrong type or sign": _numbers_damaged,
    "a territory's label and code": _territory_damaged,
    "a target's bounds and an excerpt's lines crossed": _bounds_crossed,
    "the framework: a défi's parent, a code, a second title": _framework_damaged,
    "a source line and a code that disagrees with its défi": _graph_rules_broken,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_damaged_data_gives_pyshacls_report(damage):
    graph = _plans()
    clean = {f for f in NATIVE.graph(graph, ONTOLOGY).findings}
    damage(graph)
    native, pyshacl = both(graph)
    assert native == pyshacl
    assert any(f.severity == "Violation" for f in set(native) - clean)


ID = Namespace("https://w3id.org/sts-graph/id/test/")
NODES = [ID.a, ID.b, ID.c]
TYPES = [
    STS.Engagement,
    STS.Defi,
    STS.ObjectifOperationnel,
    STS.ObjectifTerritorial,
    STS.ExtraitDeSource,
    STS.ObjectifQuantitatif,
    STS.Departement,
    STS.Action,
]
PREDICATES = [
    SKOS.notation,
    SKOS.prefLabel,
    STS.isDefiOf,
    STS.isObjectifOf,
    STS.declines,
    STS.lineStart,
    STS.lineEnd,
    STS.targetMin,
    STS.targetMax,
    STS.count,
    STS.value,
    IGEO.codeINSEE,
    RDFS.label,
    PROV.wasDerivedFrom,
]
OBJECTS = st.one_of(
    st.sampled_from(NODES),
    st.integers(-2, 3).map(Literal),
    st.sampled_from(["0.5", "2", "-1.25"]).map(lambda x: Literal(x, datatype=XSD.decimal)),
    st.sampled_from(["E1", "E9", "E1D2", "E1D2O3", "32", "2A", "x"]).map(Literal),
    st.sampled_from(["fr", "en", "fr-FR"]).map(lambda tag: Literal("titre", lang=tag)),
    st.just(Literal("abc", datatype=XSD.integer)),
)
TRIPLES = st.one_of(
    st.tuples(st.sampled_from(NODES), st.just(RDF.type), st.sampled_from(TYPES)),
    st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), OBJECTS),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TRIPLES, min_size=1, max_size=12))
def test_random_graphs_give_pyshacls_report(triples):
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    native, pyshacl = both(graph)
    assert native == pyshacl


SH_OR = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( [ sh:class ex:D ] [ sh:class ex:E ] ) .
"""


def test_a_feature_the_native_engine_lacks_is_refused_by_name():
    refusal = r"ex:S: sh:or is not supported .*--validator pyshacl"
    with pytest.raises(UnsupportedShape, match=refusal):
        Validator(Graph().parse(data=SH_OR, format="turtle"))


UNTYPED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
"""


def test_a_shape_with_a_target_and_no_type_is_checked():
    data = Graph().parse(data="<https://example.org/x> a <https://example.org/C> .", format="ttl")
    shapes = Graph().parse(data=UNTYPED, format="turtle")
    (finding,) = Validator(shapes).graph(data, Graph()).findings
    assert finding.constraint == "MinCountConstraintComponent"
    assert finding.focus == "https://example.org/x"
    assert reference.validate(data, Graph(), shapes).findings == [finding]


def test_the_official_dcat_ap_shapes_are_refused_not_skipped():
    shapes = Graph()
    for path in sorted((SHAPES_DIR / "dcat-ap").glob("*.ttl")):
        shapes.parse(path)
    with pytest.raises(UnsupportedShape, match="is not supported by the native validator"):
        Validator(shapes)


def test_the_command_line_refuses_such_shapes_in_one_line_and_pyshacl_reads_them(tmp_path):
    (tmp_path / "or.ttl").write_text(SH_OR, encoding="utf-8")
    data = [str(TURTLE_DIR / "framework.ttl")]
    command = [sys.executable, "-m", "sts_graph.cli", "validate", "--shapes", str(tmp_path)]
    native = subprocess.run([*command, *data], capture_output=True, text=True, cwd=DATA_DIR.parent)
    assert native.returncode == 2
    assert native.stderr.strip().count("\n") == 0
    assert "sh:or is not supported by the native validator" in native.stderr
    pyshacl = subprocess.run(
        [*command, "--validator", "pyshacl", *data], capture_output=True, text=True
    )
    assert (pyshacl.returncode, pyshacl.stdout.strip()) == (0, "conforms: 1 file(s)")
