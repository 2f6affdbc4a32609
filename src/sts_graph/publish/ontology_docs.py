"""The ontology's page: every term in French with its English beside it, in the
site's style and navigation, anchored by its local name so that
``…/ontology#ObjectifOperationnel`` lands on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from sts_graph.core.namespaces import ONTOLOGY_IRI, STS, curie
from sts_graph.extract.links import links as reviewed_links
from sts_graph.publish.paths import ONTOLOGY_PATH
from sts_graph.publish.render import Site

NAMESPACE = str(STS._NS)
# kind of term → the section that lists it
SECTIONS = {
    OWL.Class: "Classes",
    OWL.ObjectProperty: "Propriétés d'objet",
    OWL.DatatypeProperty: "Propriétés de données",
    OWL.AnnotationProperty: "Propriétés d'annotation",
}
CHARACTERISTICS = {
    OWL.FunctionalProperty: "fonctionnelle",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symétrique",
    OWL.InverseFunctionalProperty: "fonctionnelle inverse",
}


@dataclass(frozen=True)
class Link:
    """A term as the page names it: its prefixed name, where it leads, its label."""

    text: str
    href: str
    title: str = ""


@dataclass
class Term:
    """One term of the ontology with what the page says of it."""

    anchor: str
    iri: str
    label: dict[str, str]
    definition: dict[str, str]
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)


@dataclass
class Section:
    anchor: str
    title: str
    terms: list[Term]


def _by_language(values: Iterable) -> dict[str, str]:
    return {v.language: str(v) for v in values if isinstance(v, Literal) and v.language}


def _link(ontology: Graph, node) -> Link:
    if isinstance(node, URIRef) and node.startswith(NAMESPACE):
        label = _by_language(ontology.objects(node, RDFS.label)).get("fr", "")
        return Link(curie(node), f"#{node[len(NAMESPACE) :]}", label)
    return Link(curie(node), str(node)) if isinstance(node, URIRef) else Link(str(node), "")


def _facts(ontology: Graph, term: URIRef) -> list[tuple[str, list[Link]]]:
    def links(nodes: Iterable) -> list[Link]:
        return sorted({_link(ontology, n) for n in nodes}, key=lambda link: link.text)

    g = ontology
    facts = [
        ("Sous-classe de", links(g.objects(term, RDFS.subClassOf))),
        ("Classes filles", links(g.subjects(RDFS.subClassOf, term))),
        ("Sous-propriété de", links(g.objects(term, RDFS.subPropertyOf))),
        ("Propriétés filles", links(g.subjects(RDFS.subPropertyOf, term))),
        ("Domaine", links(g.objects(term, RDFS.domain))),
        ("Image", links(g.objects(term, RDFS.range))),
        ("Inverse de", links([*g.objects(term, OWL.inverseOf), *g.subjects(OWL.inverseOf, term)])),
        ("Domaine de", links(g.subjects(RDFS.domain, term))),
        ("Image de", links(g.subjects(RDFS.range, term))),
    ]
    matches = [link for link in reviewed_links() if link.subject == term]
    for predicate in sorted({link.predicate for link in matches}):  # the mapping set's
        found = [_link(g, link.target) for link in matches if link.predicate == predicate]
        facts.append((f"Correspondance ({curie(predicate)})", found))
    for chain in g.objects(term, OWL.propertyChainAxiom):
        facts.append(("Chaîne de propriétés", [_link(g, p) for p in Collection(g, chain)]))
    kinds = [word for kind, word in CHARACTERISTICS.items() if (term, RDF.type, kind) in g]
    if kinds:
        facts.append(("Caractéristiques", [Link(word, "") for word in kinds]))
    return [(name, values) for name, values in facts if values]


def _term(ontology: Graph, node: URIRef) -> Term:
    return Term(
        anchor=node[len(NAMESPACE) :],
        iri=str(node),
        label=_by_language(ontology.objects(node, RDFS.label)),
        definition=_by_language(ontology.objects(node, SKOS.definition)),
        facts=_facts(ontology, node),
    )


def _literals(graph: Graph, node: URIRef, prop: URIRef) -> list[Literal]:
    return [o for o in graph.objects(node, prop) if isinstance(o, Literal)]


def sections(ontology: Graph) -> list[Section]:
    """The ontology's own terms by kind, each sorted by local name."""
    out = []
    for kind, title in SECTIONS.items():
        found = ontology.subjects(RDF.type, kind)
        nodes = sorted(n for n in found if isinstance(n, URIRef) and n.startswith(NAMESPACE))
        anchor = "section-" + kind[len(str(OWL)) :].lower()
        out.append(Section(anchor, title, [_term(ontology, n) for n in nodes]))
    return out


def external_terms(ontology: Graph) -> list[tuple[Link, str]]:
    """The terms of other vocabularies the ontology declares, with their kind."""
    found = [
        (_link(ontology, node), SECTIONS[kind])
        for kind in SECTIONS
        for node in ontology.subjects(RDF.type, kind)
        if isinstance(node, URIRef) and not str(node).startswith(NAMESPACE)
    ]
    return sorted(found, key=lambda pair: pair[0].text)


def ontology_page(ontology: Graph, site: Site) -> None:
    """Write ``ontology.html``: the header, a table of contents, and every term."""
    header = ontology.value
    site.page(
        ONTOLOGY_PATH,
        "ontology.html",
        _by_language(ontology.objects(ONTOLOGY_IRI, DCTERMS.title)).get("fr", "Ontologie"),
        rdf=True,
        iri=str(ONTOLOGY_IRI),
        titles=_by_language(ontology.objects(ONTOLOGY_IRI, DCTERMS.title)),
        descriptions=_by_language(ontology.objects(ONTOLOGY_IRI, DCTERMS.description)),
        comments=sorted(
            ((c.language or "", str(c)) for c in _literals(ontology, ONTOLOGY_IRI, RDFS.comment)),
            key=lambda pair: (pair[0] != "fr", pair),
        ),
        version=str(header(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        version_iri=str(header(ONTOLOGY_IRI, OWL.versionIRI) or ""),
        licence=str(header(ONTOLOGY_IRI, DCTERMS.license) or ""),
        sections=sections(ontology),
        external=external_terms(ontology),
    )
