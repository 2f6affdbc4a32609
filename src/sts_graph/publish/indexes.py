"""Index pages across départements: the framework tree (the home page), the
coverage matrix of objectifs, and the dispositifs each plan counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib.namespace import SKOS
from rdflib.term import Node

from ..namespaces import IGEO, INDEX_PATHS, SRS, STS
from .model import SiteGraph, Value
from .render import Site


@dataclass
class Branch:
    """A node of the framework tree: the concept, its count of départements, its children."""

    value: Value
    departements: int
    children: list[Branch]


def plans(graph: SiteGraph) -> list[Node]:
    """The territorial plans, by INSEE code of their département."""
    return sorted(
        graph.instances(STS.SchemaTerritorialDeSante),
        key=lambda p: str(graph.value(graph.departement(p), IGEO.codeINSEE)),
    )


def insee(graph: SiteGraph, plan: Node) -> str:
    """The INSEE code of a plan's département."""
    return str(graph.value(graph.departement(plan), IGEO.codeINSEE))


def retained_by(graph: SiteGraph, concept: Node) -> dict[Node, list[Node]]:
    """The territorial pages declining *concept*, by plan."""
    pages: dict[Node, list[Node]] = defaultdict(list)
    for page in graph.objects(concept, STS.isDeclinedIn):
        pages[graph.value(page, STS.plan)].append(page)
    return pages


def framework_tree(graph: SiteGraph, root: str) -> list[Branch]:
    """Engagements → défis → objectifs, in code order."""

    def branch(concept: Node, children: list[Branch]) -> Branch:
        return Branch(graph.show(concept, root), len(retained_by(graph, concept)), children)

    return [
        branch(
            engagement,
            [
                branch(defi, [branch(o, []) for o in graph.subjects(STS.isObjectifOf, defi)])
                for defi in graph.subjects(STS.isDefiOf, engagement)
            ],
        )
        for engagement in graph.objects(SRS, SKOS.hasTopConcept)
    ]


def home(graph: SiteGraph, site: Site) -> None:
    """The home page: the regional framework as a tree, and the plans."""
    site.page(
        "",
        "home.html",
        graph.label(SRS),
        scheme=graph.show(SRS, ""),
        tree=framework_tree(graph, ""),
        plans=[graph.show(p, "") for p in plans(graph)],
    )


def coverage(graph: SiteGraph, site: Site) -> None:
    """Objectifs (rows) × départements (columns): which plan retains which objectif."""
    root = ""
    columns = plans(graph)
    rows = []
    for objectif in graph.instances(STS.ObjectifOperationnel):
        pages = retained_by(graph, objectif)
        cells = [[graph.show(page, root) for page in pages.get(plan, [])] for plan in columns]
        rows.append((graph.show(objectif, root), graph.code(objectif), cells, len(pages)))
    totals = [sum(1 for _, _, cells, _ in rows if cells[i]) for i in range(len(columns))]
    site.page(
        INDEX_PATHS["coverage"],
        "coverage.html",
        "Couverture des objectifs opérationnels par département",
        columns=[(graph.show(graph.departement(p), root), insee(graph, p)) for p in columns],
        rows=rows,
        totals=totals,
    )


def dispositifs(graph: SiteGraph, site: Site) -> None:
    """Dispositif types (rows) × départements (columns): the counts each plan states."""
    root = ""
    columns = plans(graph)
    counts: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for statement in graph.instances(STS.Denombrement):
        kind = graph.value(statement, STS.dispositifType)
        counts[kind][graph.value(statement, STS.plan)].append(statement)
    rows = []
    for kind in sorted(counts, key=lambda k: graph.term_name(k).casefold()):
        cells = [
            [
                Value(str(graph.value(s, STS.count)), graph.href(s, root), graph.label(s))
                for s in counts[kind].get(plan, [])
            ]
            for plan in columns
        ]
        rows.append((graph.show(kind, root), cells))
    site.page(
        INDEX_PATHS["dispositifs"],
        "dispositifs.html",
        "Dispositifs dénombrés par département",
        columns=[(graph.show(graph.departement(p), root), insee(graph, p)) for p in columns],
        rows=rows,
    )
