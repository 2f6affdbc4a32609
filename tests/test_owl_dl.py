"""The ontology and its data are OWL 2 DL: the rules below, checked on the triples,
and HermiT (an OWL 2 DL reasoner) finding them consistent.

The rules, from the OWL 2 structural specification (§5.8.1 typing, §11.2 global
restrictions) and its mapping to RDF, as far as this ontology uses OWL:

1. Every property the ontology or the data uses is declared with exactly one kind
   (object, datatype or annotation property), unless it is built into RDF, RDFS or OWL.
2. Every class used (``rdf:type`` of an individual, ``rdfs:subClassOf``, the domain of
   a property, the range of an object property) is a declared ``owl:Class``, never a
   term of the reserved vocabularies (``owl:Class``, ``rdf:langString``…).
3. The range of a datatype property is a datatype of the OWL 2 datatype map.
4. An object property links to IRIs, a datatype property to literals of the datatype
   map; annotations may hold anything.
5. Sub-property and inverse axioms relate properties of one kind.
6. A non-simple property (transitive, with a chain, or above one of those) is never
   functional, inverse-functional, irreflexive, asymmetric or in a cardinality
   restriction.
"""

from __future__ import annotations

import shutil
from itertools import chain

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from sts_graph.core.namespaces import STS, iri
from sts_graph.core.paths import ONTOLOGY_FILE, TURTLE_DIR
from sts_graph.rdf.store import parse_turtle

RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
                        OWL.versionInfo, OWL.deprecated, OWL.priorVersion}  # fmt: skip
STRUCTURAL = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
              OWL.inverseOf, OWL.propertyChainAxiom, OWL.versionIRI, OWL.imports,
              RDF.first, RDF.rest, OWL.equivalentClass, OWL.disjointWith}  # fmt: skip
XSD_MAP = """decimal integer nonNegativeInteger nonPositiveInteger positiveInteger
negativeInteger long int short byte unsignedLong unsignedInt unsignedShort unsignedByte double
float string normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary
anyURI dateTime dateTimeStamp"""
DATATYPE_MAP = {RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational,
                *(XSD[name] for name in XSD_MAP.split())}  # fmt: skip
RESTRICTED = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty,
              OWL.IrreflexiveProperty, OWL.AsymmetricProperty)  # fmt: skip

ONTOLOGY = parse_turtle(ONTOLOGY_FILE)
DATA = Graph()
for path in sorted(TURTLE_DIR.glob("*.ttl")):
    parse_turtle(path, DATA)
BOTH = ONTOLOGY + DATA


def kinds(term: URIRef) -> set[URIRef]:
    return {k for k in KINDS if (term, RDF.type, k) in ONTOLOGY}


def reserved(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(RESERVED)


def test_rule_1_every_property_used_is_declared_with_one_kind():
    used = set(BOTH.predicates()) | set(ONTOLOGY.subjects(RDFS.subPropertyOf, None))
    used |= set(ONTOLOGY.objects(None, RDFS.subPropertyOf))
    used -= STRUCTURAL | BUILT_IN_ANNOTATIONS
    wrong = sorted(p for p in used if len(kinds(p)) != 1)
    assert wrong == []
    assert len(used) > 70


def test_rule_2_every_class_used_is_declared_and_none_is_reserved():
    classes = set(DATA.objects(None, RDF.type))
    classes |= set(chain(*ONTOLOGY.subject_objects(RDFS.subClassOf)))
    classes |= set(ONTOLOGY.objects(None, RDFS.domain))
    classes |= {
        r for p, r in ONTOLOGY.subject_objects(RDFS.range) if OWL.ObjectProperty in kinds(p)
    }
    undeclared = sorted(c for c in classes if (c, RDF.type, OWL.Class) not in ONTOLOGY)
    assert undeclared == []
    assert sorted(c for c in classes if reserved(c)) == []


def test_rule_3_datatype_property_ranges_are_in_the_owl2_datatype_map():
    ranges = {
        (p, r) for p, r in ONTOLOGY.subject_objects(RDFS.range) if OWL.DatatypeProperty in kinds(p)
    }
    assert sorted(pr for pr in ranges if pr[1] not in DATATYPE_MAP) == []
    assert (None, RDFS.range, RDF.langString) not in ONTOLOGY


def test_rule_4_objects_fit_the_kind_of_their_property():
    wrong = []
    for _, p, o in DATA:
        kind = kinds(p)
        if OWL.ObjectProperty in kind and not isinstance(o, URIRef | BNode):
            wrong.append((p, o))
        if OWL.DatatypeProperty in kind:
            datatype = o.datatype if isinstance(o, Literal) and not o.language else RDF.PlainLiteral
            if not isinstance(o, Literal) or datatype not in DATATYPE_MAP | {None}:
                wrong.append((p, o))
    assert wrong[:5] == []


def test_rule_5_axioms_between_properties_relate_one_kind():
    pairs = [
        *ONTOLOGY.subject_objects(RDFS.subPropertyOf),
        *ONTOLOGY.subject_objects(OWL.inverseOf),
    ]
    assert sorted((a, b) for a, b in pairs if kinds(a) != kinds(b)) == []
    inverses = [a for pair in ONTOLOGY.subject_objects(OWL.inverseOf) for a in pair]
    assert all(kinds(p) == {OWL.ObjectProperty} for p in inverses)


def test_rule_6_non_simple_properties_are_never_functional_or_counted():
    composite = {p for p in ONTOLOGY.subjects(RDF.type, OWL.TransitiveProperty)}
    composite |= set(ONTOLOGY.subjects(OWL.propertyChainAxiom, None))
    while True:  # a property above a non-simple one is non-simple
        above = {sup for sub in composite for sup in ONTOLOGY.objects(sub, RDFS.subPropertyOf)}
        if above <= composite:
            break
        composite |= above
    assert len(composite) >= 3
    restricted = {p for kind in RESTRICTED for p in ONTOLOGY.subjects(RDF.type, kind)}
    counted = set(ONTOLOGY.objects(None, OWL.onProperty))
    assert sorted(composite & (restricted | counted)) == []
    for chain_head in ONTOLOGY.objects(None, OWL.propertyChainAxiom):
        assert all(OWL.ObjectProperty in kinds(link) for link in Collection(ONTOLOGY, chain_head))


def test_top_concepts_are_stated_both_ways_in_every_scheme():
    schemes = set(DATA.subjects(SKOS.hasTopConcept, None)) | set(
        DATA.objects(None, SKOS.topConceptOf)
    )
    assert len(schemes) == 5
    for scheme in schemes:
        down = set(DATA.objects(scheme, SKOS.hasTopConcept))
        up = set(DATA.subjects(SKOS.topConceptOf, scheme))
        assert down == up and down, scheme


@pytest.mark.reasoner
def test_hermit_finds_the_ontology_and_its_data_consistent(tmp_path):
    """HermiT, as owlready2 ships it, on Debian's Java (``make test`` installs both)."""
    assert shutil.which("java"), "Java is missing: make system installs default-jre-headless"
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "ontology-and-data.nt"
    BOTH.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load(format="ntriples")  # never guessed
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    gers = world[str(iri("sts", "32"))]
    assert world[str(STS.SchemaTerritorialDeSante)] in gers.is_a


def test_properties_the_data_uses_both_ways_are_declared_inverse():
    both_ways = {
        (p, q)
        for s, p, o in DATA
        if isinstance(o, URIRef) and p != RDF.type
        for q in DATA.predicates(o, s)
        if q not in (p, SKOS.inScheme) and p != SKOS.inScheme  # inScheme: the subproperty's
    }
    assert both_ways == {
        (SKOS.hasTopConcept, SKOS.topConceptOf),
        (SKOS.topConceptOf, SKOS.hasTopConcept),
    }
    for p, q in both_ways:
        assert (p, OWL.inverseOf, q) in ONTOLOGY or (q, OWL.inverseOf, p) in ONTOLOGY
