"""The dataset description (VoID, DCAT-AP 3) and the shapes that check it."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, SH, XSD

from sts_graph.core.namespaces import (
    BASE,
    CATALOGUE,
    DATASET,
    FOAF,
    OCCITANIE,
    PUBLISHER,
    SPDX,
    VOID,
)
from sts_graph.core.paths import ROOT
from sts_graph.publish import describe
from sts_graph.publish.paths import DCAT_AP_SHAPES_DIR, DUMPS_PATH, VOID_PATH

SHAPES_GRAPH = describe.shapes()


@pytest.fixture(scope="session")
def description(site) -> Graph:
    return Graph().parse(site / f"{VOID_PATH}.ttl", format="turtle")


def results(data: Graph) -> set[tuple[str, URIRef, URIRef]]:
    """(severity, focus node, path) of each SHACL result."""
    _, report, _ = validate(data, shacl_graph=SHAPES_GRAPH, allow_warnings=True)
    return {
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
        )
        for r in report.subjects(SH.resultSeverity, None)
    }


def test_the_official_dcat_ap_shapes_are_kept_unchanged_with_their_attribution():
    official = ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl"
    if not official.is_file():
        pytest.skip("../shared/standards is not beside this clone")
    kept = DCAT_AP_SHAPES_DIR / "dcat-ap-SHACL.ttl"
    assert kept.read_bytes() == official.read_bytes()
    attribution = (DCAT_AP_SHAPES_DIR / "README.md").read_text(encoding="utf-8")
    assert "Copyright © European Union" in attribution and "CC BY 4.0" in attribution


def test_every_distribution_states_the_byte_size_and_sha256_of_its_file(site, description):
    distributions = list(description.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 2 + 2 * 9
    for distribution in distributions:
        path = site / str(description.value(distribution, DCAT.downloadURL))[len(BASE) :]
        data = path.read_bytes()
        size = description.value(distribution, DCAT.byteSize)
        assert size == Literal(len(data), datatype=XSD.nonNegativeInteger), path
        checksum = description.value(distribution, SPDX.checksum)
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = description.value(checksum, SPDX.checksumValue)
        assert value == Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)


def test_the_published_description_keeps_every_mandatory_and_recommended_rule(description):
    conforms, _, text = validate(description, shacl_graph=SHAPES_GRAPH, allow_warnings=True)
    assert conforms, text
    assert results(description) == set()


def test_a_missing_title_is_a_violation(description):
    broken = Graph() + description
    broken.remove((DATASET, DCTERMS.title, None))
    assert results(broken) == {("Violation", DATASET, DCTERMS.title)}


def test_a_second_publisher_of_the_catalogue_is_a_violation(description):
    broken = Graph() + description
    broken.add((CATALOGUE, DCTERMS.publisher, URIRef(f"{PUBLISHER}-bis")))
    assert results(broken) == {("Violation", CATALOGUE, DCTERMS.publisher)}


def test_a_creator_given_as_text_is_a_violation(description):
    broken = Graph() + description
    broken.remove((DATASET, DCTERMS.creator, None))
    broken.add((DATASET, DCTERMS.creator, Literal("sts-graph contributors")))
    assert ("Violation", DATASET, DCTERMS.creator) in results(broken)


def test_a_missing_contact_point_is_only_a_warning(description):
    lacking = Graph() + description
    lacking.remove((DATASET, DCAT.contactPoint, None))
    conforms, _, _ = validate(lacking, shacl_graph=SHAPES_GRAPH, allow_warnings=True)
    assert conforms
    assert results(lacking) == {("Warning", DATASET, DCAT.contactPoint)}


def test_the_dataset_states_publisher_coverage_and_licences(description):
    assert description.value(PUBLISHER, FOAF.name) == Literal(
        "Agence régionale de santé Occitanie", lang="fr"
    )
    assert OCCITANIE in set(description.objects(DATASET, DCTERMS.spatial))
    period = description.value(DATASET, DCTERMS.temporal)
    assert description.value(period, DCAT.startDate) == Literal("2023-01-01", datatype=XSD.date)
    assert description.value(period, DCAT.endDate) == Literal("2028-12-31", datatype=XSD.date)
    licences = {
        description.value(d, DCTERMS.license)
        for d in description.objects(DATASET, DCAT.distribution)
    }
    assert len(licences) == 2  # the data's Licence Ouverte, the ontology's MIT


def test_one_distribution_per_dump_file(site, description):
    files = {
        URIRef(BASE + p.relative_to(site).as_posix())
        for p in (site / DUMPS_PATH).rglob("*")
        if p.is_file() and p.suffix != ".html"  # not the folder's index page
    }
    urls = {
        description.value(d, DCAT.downloadURL)
        for d in description.objects(DATASET, DCAT.distribution)
    }
    assert urls == files
    assert len(files) == 2 + 2 * 9  # the dataset's N-Quads and TriG; each graph's Turtle, RDF/XML


def test_void_counts_match_the_store_and_the_dumps(site, store, description):
    assert description.value(DATASET, VOID.triples) == Literal(len(store))
    for name in store.graph_names():
        assert description.value(name, VOID.triples) == Literal(len(store.copy(name))), name
    quads = list(
        ox.parse(path=str(site / DUMPS_PATH / "sts-graph.nq"), format=ox.RdfFormat.N_QUADS)
    )
    assert len(quads) == len(store)
    assert {URIRef(q.graph_name.value) for q in quads} == set(store.graph_names())


def test_a_configured_sparql_endpoint_is_described_as_a_data_service():
    endpoint = URIRef("https://example.org/sparql")
    stats = describe.statistics({})
    described = describe.description(stats, [], str(endpoint), ("2024-01-01", "2024-06-30"))
    assert described.value(DATASET, VOID.sparqlEndpoint) == endpoint
    assert described.value(describe.SPARQL_SERVICE, DCAT.endpointURL) == endpoint
    assert {r for r in results(described) if r[1] == describe.SPARQL_SERVICE} == set()
    assert described.value(CATALOGUE, DCAT.service) == describe.SPARQL_SERVICE
