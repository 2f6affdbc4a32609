"""What every generator of the mapping shares: a territorial resource's type, label,
plan and provenance (the excerpt of its source lines), and its links to the
vocabularies."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from sts_graph.core.namespaces import STS, iri
from sts_graph.core.search_key import search_key
from sts_graph.extract import Plan
from sts_graph.extract.model import Span, Text
from sts_graph.extract.vocab import LabelMatch
from sts_graph.extract.words import shorten
from sts_graph.rdf.terms import fr, integer

LABEL_LENGTH = 120  # a label longer than this is shortened at a word; the text stays whole


def source_iri(plan: Plan) -> URIRef:
    return iri("source", plan.departement)


def excerpt(graph: Graph, plan: Plan, span: Span) -> URIRef:
    """The excerpt node for lines *span* of *plan* (``…/source/32#L10-L20``)."""
    node = URIRef(f"{source_iri(plan)}#L{span.start}-L{span.end}")
    graph.add((node, RDF.type, STS.ExtraitDeSource))
    graph.add((node, PROV.hadPrimarySource, source_iri(plan)))
    graph.add((node, STS.lineStart, integer(span.start)))
    graph.add((node, STS.lineEnd, integer(span.end)))
    first, last = plan.page(span.start), plan.page(span.end)
    if first is not None and last is not None:
        graph.add((node, STS.pageStart, integer(first)))
        graph.add((node, STS.pageEnd, integer(last)))
    return node


def territorial(
    graph: Graph, plan: Plan, node: URIRef, kind: URIRef, label: str, span: Span
) -> None:
    """Type, label, plan and provenance of a territorial resource."""
    graph.add((node, RDF.type, kind))
    graph.add((node, RDFS.label, fr(label)))
    graph.add((node, STS.plan, iri("sts", plan.departement)))
    graph.add((node, PROV.wasDerivedFrom, excerpt(graph, plan, span)))


def short(text: str) -> str:
    """The label of a resource whose text is long: shortened at a word (the text stays whole)."""
    return shorten(text, LABEL_LENGTH)


def ranked(
    graph: Graph,
    plan: Plan,
    parent: URIRef,
    kind: str,
    rank: int,
    cls: URIRef,
    text: Text,
    positioned: bool = True,
) -> URIRef:
    """The *rank*-th resource ``PARENT/KIND/RANK`` of class *cls*, which prints *text*:
    its label (the text shortened), its text and its search key, its position unless
    told not to, and its provenance."""
    child = URIRef(f"{parent}/{kind}/{rank}")
    territorial(graph, plan, child, cls, short(text.text), text.span)
    graph.add((child, STS.text, fr(text.text)))
    graph.add((child, STS.searchKey, Literal(search_key(text.text))))
    if positioned:
        graph.add((child, STS.position, integer(rank)))
    return child


def add_text(graph: Graph, node: URIRef, prop: URIRef, text: Text | None) -> None:
    if text is not None:
        graph.add((node, prop, fr(text.text)))


def add_labels(graph: Graph, node: URIRef, matches: Iterable[LabelMatch]) -> None:
    """Links to thèmes and parcours, filed by the vocabulary each concept belongs to."""
    for match in matches:
        concept = match.concept
        prop = STS.theme if concept.scheme == "theme" else STS.parcours
        graph.add((node, prop, iri(concept.scheme, concept.slug)))
        graph.add((node, STS.printedLabel, Literal(match.printed)))
