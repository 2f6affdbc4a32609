"""What the pages are made of: the resources, their triples, labels and links.

Every IRI under ``id/`` is one page at its path (``…/id/objectif/E1D3O7`` →
``id/objectif/E1D3O7``); a hash IRI (``…/id/source/32#L475-L547``) belongs to
the page of the IRI before the hash. A page's RDF holds the triples about it
and its hash IRIs (asserted and inferred, minus the trivial ``owl:sameAs`` to
itself and ``a owl:Thing``), plus the labels of the resources it links to. Its
HTML shows the asserted triples and the inferred ones of sts properties (the
inverse links, not the inferred types), each resource named by its label.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import (
    BASE,
    FOAF,
    ID,
    IGEO,
    ONTOLOGY_IRI,
    STS,
    VCARD,
    VOID,
    curie,
)
from sts_graph.extract.words import shorten
from sts_graph.publish.paths import ONTOLOGY_PATH
from sts_graph.publish.typography import shown_literal
from sts_graph.rdf.write import Triple

STS_NS = str(STS._NS)
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, VCARD.fn)
SAFE_PATH = re.compile(r"^id/[A-Za-z0-9._~/-]+$")
LONG_TEXT = 160  # literals longer than this are shown as paragraphs
MAX_LINK_TEXT = 140
GROUP_ABOVE = 12  # a property with more links than this lists them by kind

# French names of the properties the ontology does not define
PROPERTY_NAMES: dict[URIRef, str] = {
    RDF.type: "type",
    RDFS.label: "libellé",
    SKOS.prefLabel: "libellé préféré",
    SKOS.notation: "code",
    SKOS.inScheme: "dans le schéma",
    SKOS.hasTopConcept: "concept de tête",
    SKOS.topConceptOf: "concept de tête de",
    PROV.wasDerivedFrom: "source",
    PROV.hadPrimarySource: "document source",
    DCTERMS.title: "titre",
    DCTERMS.description: "description",
    DCTERMS.source: "origine",
    DCTERMS.publisher: "éditeur",
    DCTERMS.license: "licence",
    DCTERMS.spatial: "couverture géographique",
    DCTERMS.temporal: "couverture temporelle",
    DCTERMS.format: "format",
    DCTERMS.language: "langue",
    DCTERMS.issued: "publié le",
    DCTERMS.modified: "modifié le",
    DCTERMS.creator: "auteur",
    DCAT.dataset: "jeu de données",
    DCAT.distribution: "distribution",
    DCAT.downloadURL: "téléchargement",
    DCAT.accessURL: "accès",
    DCAT.mediaType: "type de média",
    DCAT.keyword: "mot-clé",
    DCAT.theme: "thème",
    DCAT.contactPoint: "contact",
    DCAT.landingPage: "page d'accueil",
    DCAT.startDate: "début",
    DCAT.endDate: "fin",
    FOAF.name: "nom",
    IGEO.codeINSEE: "code INSEE",
    VOID.triples: "triplets",
    VOID.entities: "entités",
    VOID.subset: "sous-ensemble",
    VOID.dataDump: "dump",
    VOID.vocabulary: "vocabulaire",
    VOID.exampleResource: "exemple",
    VOID.sparqlEndpoint: "point d'accès SPARQL",
    VOID.uriSpace: "espace d'IRI",
    VOID.rootResource: "ressource racine",
}
ORDER = (  # the properties a page shows first, in this order; the others follow by name
    RDF.type,
    SKOS.notation,
    SKOS.prefLabel,
    RDFS.label,
    DCTERMS.title,
    PROV.wasDerivedFrom,
    STS.plan,
    STS.declines,
    STS.territorialDefi,
    STS.theme,
    STS.parcours,
    STS.text,
    STS.enjeux,
    STS.constats,
    STS.enonceObjectif,
    STS.hasEnonceItem,
    STS.resultatsAttendus,
    STS.hasResultatAttendu,
    STS.listedObjectif,
    STS.hasAction,
    STS.hasChiffreCle,
)


def page_path(node: Node) -> str | None:
    """The site path of a resource page, or None for an IRI outside ``id/``."""
    if not isinstance(node, URIRef) or not node.startswith(str(ID)):
        return None
    return str(node)[len(BASE) :].split("#", 1)[0]


def site_target(node: URIRef) -> str | None:
    """Where an IRI under the project base lands in the site (path and fragment)."""
    if node.startswith(STS_NS) or node == ONTOLOGY_IRI:
        local = str(node)[len(STS_NS) :] if node != ONTOLOGY_IRI else ""
        return ONTOLOGY_PATH + (f"#{local}" if local else "")
    if node.startswith(BASE):
        return str(node)[len(BASE) :]
    return None


def _preferred(values: Iterable[Node]) -> Literal | None:
    """The French literal of *values*, else one without a language, else any."""
    literals = sorted((v for v in values if isinstance(v, Literal)), key=str)
    for wanted in ("fr", None):
        for value in literals:
            if value.language == wanted:
                return value
    return literals[0] if literals else None


@dataclass(frozen=True)
class Value:
    """One value as a page shows it: text, and where it links to if it is a resource."""

    text: str
    href: str | None = None
    title: str = ""
    long: bool = False


@dataclass
class Row:
    """A property of a page and its values (grouped by kind when there are many)."""

    name: str
    values: list[Value]
    groups: list[tuple[str, list[Value]]] = field(default_factory=list)


class SiteGraph:
    """The graphs of the dataset, indexed for pages: outgoing and incoming links,
    labels, kinds, and the RDF triples of each page."""

    def __init__(self, asserted: Iterable[Triple], inferred: Graph, ontology: Graph) -> None:
        self.ontology = ontology
        self.out: dict[Node, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.inc: dict[Node, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.rdf: dict[str, list[Triple]] = defaultdict(list)
        self.pages: set[str] = set()
        for triple in asserted:
            self._add(triple, shown=True)
        for s, p, o in inferred:  # the closure, which leaves tautologies out (entail.KEPT)
            self._add((s, p, o), shown=str(p).startswith(STS_NS))
        for path in self.pages:
            if not SAFE_PATH.match(path):
                raise InputError(f"{ID}{path}: this IRI cannot be a file path of the site")
        self.inverse = {p for s, o in ontology.subject_objects(OWL.inverseOf) for p in (s, o)}
        self._labels: dict[Node, str] = {}
        self._term_names: dict[Node, str] = {}

    def _add(self, triple: Triple, shown: bool) -> None:
        s, p, o = triple
        if (path := page_path(s)) is not None:
            self.rdf[path].append(triple)
            self.pages.add(path)
        if (path := page_path(o)) is not None:
            self.pages.add(path)
        if shown:
            predicate = cast(URIRef, p)  # an RDF predicate is an IRI
            self.out[s][predicate].append(o)
            self.inc[o][predicate].append(s)

    def value(self, node: Node, prop: URIRef) -> Node | None:
        values = self.out.get(node, {}).get(prop, [])
        return min(values, key=str) if values else None

    def one(self, node: Node, prop: URIRef) -> Node:
        """The value of *prop* the shapes require *node* to have."""
        found = self.value(node, prop)
        if found is None:
            raise InputError(f"{node} has no {prop}: the data does not conform to the shapes")
        return found

    def types(self, node: Node) -> list[URIRef]:
        return sorted(t for t in self.out.get(node, {}).get(RDF.type, []) if isinstance(t, URIRef))

    def is_a(self, node: Node, cls: URIRef) -> bool:
        return cls in self.out.get(node, {}).get(RDF.type, [])

    def subjects(self, prop: URIRef, node: Node) -> list[Node]:
        return sorted(self.inc.get(node, {}).get(prop, []), key=self.sort_key)

    def objects(self, node: Node, prop: URIRef) -> list[Node]:
        return sorted(self.out.get(node, {}).get(prop, []), key=self.sort_key)

    def instances(self, cls: URIRef) -> list[Node]:
        return self.subjects(RDF.type, cls)

    # ------------------------------------------------------------------ names

    def term_name(self, term: URIRef) -> str:
        """The French label of an ontology term, or a known property's name."""
        if term not in self._term_names:
            label = _preferred(self.ontology.objects(term, RDFS.label))
            name = str(label) if label is not None else PROPERTY_NAMES.get(term, curie(term))
            self._term_names[term] = name
        return self._term_names[term]

    def base_label(self, node: Node) -> str:
        for prop in LABELS:
            label = _preferred(self.out.get(node, {}).get(prop, []))
            if label is not None:
                text = _preferred(self.out.get(node, {}).get(STS.text, []))
                # the extractor shortens long labels (« … »); the printed text is whole
                whole = text is not None and text.startswith(label.rstrip("…"))
                return str(text) if whole else str(label)
        if isinstance(node, URIRef) and node.startswith(STS_NS):
            return self.term_name(node)
        return str(node).removeprefix(str(ID))

    def departement(self, node: Node) -> Node | None:
        """The département of a territorial resource (through its plan), or of a plan."""
        plan = self.value(node, STS.plan) or (
            node if self.is_a(node, STS.SchemaTerritorialDeSante) else None
        )
        return self.value(plan, STS.territory) if plan is not None else None

    def territory(self, node: Node) -> Node:
        """:meth:`departement` of a plan or of what a plan holds, which the shapes require."""
        found = self.departement(node)
        if found is None:
            raise InputError(f"{node} has no département: the data does not conform to the shapes")
        return found

    def code(self, node: Node) -> str:
        """The framework code of a concept, or of the concept a territorial page declines."""
        notation = self.value(node, SKOS.notation)
        if notation is None and (declined := self.value(node, STS.declines)) is not None:
            notation = self.value(declined, SKOS.notation)
        return str(notation) if notation is not None else ""

    def label(self, node: Node) -> str:
        """A resource's name for a reader: ``Gers · E1D3O7 Renforcer…``."""
        if node not in self._labels:
            self._labels[node] = self._label(node)
        return self._labels[node]

    def _label(self, node: Node) -> str:
        if self.is_a(node, STS.ExtraitDeSource):
            document = self.base_label(self.one(node, PROV.hadPrimarySource))
            start, end = self.value(node, STS.lineStart), self.value(node, STS.lineEnd)
            lines = f"ligne {start}" if start == end else f"lignes {start}–{end}"
            first, last = self.value(node, STS.pageStart), self.value(node, STS.pageEnd)
            if first is not None:
                lines += f" (page {first})" if first == last else f" (pages {first}–{last})"
            return f"{document}, {lines}"
        text = self.base_label(node)
        if code := self.code(node):
            text = f"{code} {text}"
        departement = self.departement(node)
        if departement is not None and not self.is_a(node, STS.SchemaTerritorialDeSante):
            text = f"{self.base_label(departement)} · {text}"
        return text

    def kind(self, node: Node) -> str:
        """The name of a resource's asserted sts class (the first, by name)."""
        names = sorted(self.term_name(t) for t in self.types(node) if t.startswith(STS_NS))
        return names[0] if names else ""

    def sort_key(self, node: Node) -> tuple:
        """Resources in reading order: by code, rank, line in the plan, name, then IRI."""
        position = self.value(node, STS.position)
        rank = int(position) if isinstance(position, Literal) and position.isdigit() else 0
        excerpt = self.value(node, PROV.wasDerivedFrom) or node
        start = self.value(excerpt, STS.lineStart)
        line = int(start) if isinstance(start, Literal) else 0
        label = self.label(node) if node in self.out else ""
        return (self.code(node), rank, line, label, str(node))

    # ------------------------------------------------------------------ pages

    def href(self, node: Node, root: str) -> str | None:
        """A link to *node* from a page whose path to the site root is *root*."""
        if not isinstance(node, URIRef):
            return None
        target = site_target(node)
        if target is None or (page_path(node) is not None and page_path(node) not in self.pages):
            return str(node) if str(node).startswith(("http://", "https://")) else None
        return root + target

    def show(self, node: Node, root: str) -> Value:
        """A value of a page: a literal's text, or a link named by the resource's label."""
        if isinstance(node, Literal):
            text = shown_literal(node)
            return Value(text, long=len(text) > LONG_TEXT)
        if isinstance(node, URIRef) and node.startswith(STS_NS):
            label = self.term_name(node)
        elif str(node).startswith(str(ID)) or node in self.out:
            label = self.label(node)
        else:
            label = curie(node) if isinstance(node, URIRef) else str(node)
        short = shorten(label, MAX_LINK_TEXT)
        return Value(short, self.href(node, root), title=label if short != label else "")

    def rows(self, node: Node, root: str) -> list[Row]:
        """The properties of *node*, known ones first, each with its values."""
        props = sorted(
            self.out.get(node, {}),
            key=lambda p: (ORDER.index(p) if p in ORDER else len(ORDER), self.term_name(p)),
        )
        return [self._row(self.term_name(p), self.objects(node, p), root) for p in props]

    def incoming(self, node: Node, root: str) -> list[Row]:
        """Links to *node* whose property has no inverse shown on this page."""
        rows = []
        for prop in sorted(self.inc.get(node, {}), key=self.term_name):
            if prop in self.inverse or prop == RDF.type:
                continue
            rows.append(self._row(f"← {self.term_name(prop)}", self.subjects(prop, node), root))
        return rows

    def _row(self, name: str, values: list[Node], root: str) -> Row:
        shown = [self.show(v, root) for v in values]
        if len(values) <= GROUP_ABOVE or not all(isinstance(v, URIRef) for v in values):
            return Row(name, shown)
        groups: dict[str, list[Value]] = defaultdict(list)
        for node, value in zip(values, shown, strict=True):
            groups[self.kind(node) or "autres"].append(value)
        return Row(name, shown, sorted(groups.items()))

    def page_triples(self, path: str) -> list[Triple]:
        """The RDF of a page: its triples, and the labels of what they link to."""
        triples = list(self.rdf.get(path, []))
        linked = {o for _, _, o in triples if isinstance(o, URIRef) and o.startswith(str(ID))}
        for node in sorted(linked):
            if page_path(node) == path:
                continue
            for prop in LABELS:
                triples += [(node, prop, label) for label in self.out.get(node, {}).get(prop, [])]
        return triples
