"""Ontology checks in the spirit of ROBOT report, and namespace agreement."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sts_graph import __version__
from sts_graph.core.namespaces import ONTOLOGY_IRI, STS
from sts_graph.core.paths import ONTOLOGY_FILE, ROOT
from sts_graph.rdf.store import parse_turtle

ONTOLOGY = parse_turtle(ONTOLOGY_FILE)
NS = str(STS._NS)
TERMS = {
    s
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind)
    if str(s).startswith(NS)
}


def test_version_matches_package():
    assert str(ONTOLOGY.value(ONTOLOGY_IRI, OWL.versionInfo)) == __version__


def test_every_term_has_a_label_and_a_definition_in_french_and_in_english():
    bilingual = set()
    for term in TERMS:
        labels = sorted(label.language for label in ONTOLOGY.objects(term, RDFS.label))
        definitions = sorted(d.language for d in ONTOLOGY.objects(term, SKOS.definition))
        if labels == definitions == ["en", "fr"]:
            bilingual.add(term)
    assert sorted(TERMS - bilingual) == []
    assert len(bilingual) == 137


def test_no_two_terms_share_a_label():
    labels = [
        (label.language, str(label).lower())
        for t in TERMS
        for label in ONTOLOGY.objects(t, RDFS.label)
    ]
    duplicates = sorted({pair for pair in labels if labels.count(pair) > 1})
    assert duplicates == []


def test_namespace_module_lists_exactly_the_ontology_terms():
    declared = {URIRef(NS + name) for name in STS.__annotations__}
    assert declared == TERMS


def test_no_undeclared_term_in_data_shapes_or_queries():
    pattern = re.compile(r"sts:([A-Za-z][A-Za-z0-9_]*)")
    files = [
        *ROOT.joinpath("data", "turtle").glob("*.ttl"),
        *ROOT.joinpath("shapes").glob("*.ttl"),
        *ROOT.joinpath("queries").glob("*.rq"),
    ]
    for path in files:
        for name in set(pattern.findall(Path(path).read_text(encoding="utf-8"))):
            assert URIRef(NS + name) in TERMS, f"{path.name}: sts:{name}"
