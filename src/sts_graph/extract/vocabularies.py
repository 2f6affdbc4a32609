"""The reviewed vocabularies beside the regional framework, read once by one loader.

``data/reference/vocabularies.ttl`` holds the thèmes, parcours, activités de soins
and « Data repère » indicators as SKOS concept schemes, each concept with the
patterns by which the labels plans print are matched (``match:pattern``, a regular
expression on the folded label; ``match:headingKey`` and ``match:rowKey``, keys of
an OQOS heading or row) and the order in which they are tried (``match:order``:
the first that matches wins). ``data/reference/territories.ttl`` holds the region
and its départements. The mapping publishes both as they are, ``match:`` left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import IGEO, MATCH, STS, bind_prefixes
from sts_graph.core.paths import TERRITORIES_FILE, VOCABULARIES_FILE
from sts_graph.rdf.store import parse_turtle

LABELLED = {STS.Theme: "theme", STS.Parcours: "parcours"}  # class → scheme


@dataclass(frozen=True)
class Concept:
    """A thème or a parcours."""

    scheme: str  # "theme" | "parcours"
    slug: str
    label: str
    pattern: re.Pattern[str]  # on the folded printed label


@dataclass(frozen=True)
class IndicatorConcept:
    """An indicator of the « Data repère »: notation, labels, unit, and how plans print it."""

    notation: str
    label: str  # French
    label_en: str
    unit: str
    pattern: re.Pattern[str]  # on the folded printed label


@dataclass(frozen=True)
class Activite:
    """An activité de soins, and the keys of the OQOS headings and rows that name it."""

    slug: str
    label: str
    heading_keys: tuple[str, ...]
    row_keys: tuple[str, ...]  # for a table with no heading


@dataclass(frozen=True)
class Vocabularies:
    """What the reference files hold, in matching order."""

    published: Graph  # the concept schemes as published (``match:`` left out)
    territories: Graph
    concepts: tuple[Concept, ...]
    indicators: tuple[IndicatorConcept, ...]
    activites: tuple[Activite, ...]
    departements: dict[str, str]  # INSEE code → name

    def activite_label(self, slug: str) -> str:
        return next(a.label for a in self.activites if a.slug == slug)


def _slug(node: Node) -> str:
    return str(node).rsplit("/", 1)[-1]


def _text(graph: Graph, node: Node, prop: URIRef, language: str | None = "fr") -> str:
    values = [o for o in graph.objects(node, prop) if getattr(o, "language", None) == language]
    if len(values) != 1:
        raise InputError(f"{display_path(VOCABULARIES_FILE)}: {node} needs one {prop} ({language})")
    return str(values[0])


def _order(graph: Graph, node: Node) -> int:
    return int(str(graph.value(node, MATCH.order)))


def _ordered(graph: Graph, cls: URIRef) -> list[Node]:
    return sorted(graph.subjects(RDF.type, cls), key=lambda node: _order(graph, node))


def _pattern(graph: Graph, node: Node) -> re.Pattern[str]:
    try:
        return re.compile(str(graph.value(node, MATCH.pattern)))
    except re.error as error:
        where = display_path(VOCABULARIES_FILE)
        raise InputError(f"{where}: {node}: bad pattern: {error}") from None


@cache
def vocabularies() -> Vocabularies:
    """The reference vocabularies, read once."""
    graph = parse_turtle(VOCABULARIES_FILE)
    territories = parse_turtle(TERRITORIES_FILE, bind_prefixes(Graph()))
    published = bind_prefixes(Graph())
    for triple in graph:
        if not str(triple[1]).startswith(str(MATCH)):
            published.add(triple)
    concepts = sorted(
        (
            _order(graph, node),
            Concept(scheme, _slug(node), _text(graph, node, SKOS.prefLabel), _pattern(graph, node)),
        )
        for cls, scheme in LABELLED.items()
        for node in graph.subjects(RDF.type, cls)
    )
    return Vocabularies(
        published,
        territories,
        tuple(concept for _order, concept in concepts),
        tuple(
            IndicatorConcept(
                str(graph.value(node, SKOS.notation)),
                _text(graph, node, SKOS.prefLabel),
                _text(graph, node, SKOS.prefLabel, "en"),
                str(graph.value(node, STS.indicatorUnit)),
                _pattern(graph, node),
            )
            for node in _ordered(graph, STS.IndicateurRepere)
        ),
        tuple(
            Activite(
                _slug(node),
                _text(graph, node, SKOS.prefLabel),
                tuple(sorted(str(k) for k in graph.objects(node, MATCH.headingKey))),
                tuple(sorted(str(k) for k in graph.objects(node, MATCH.rowKey))),
            )
            for node in _ordered(graph, STS.ActiviteDeSoins)
        ),
        {
            str(territories.value(node, IGEO.codeINSEE)): str(territories.value(node, RDFS.label))
            for node in sorted(territories.subjects(RDF.type, STS.Departement), key=str)
        },
    )
