"""Index pages across départements: the framework tree (the home page), and the
coverage matrix of objectifs and the dispositifs each plan counts, both the answers
of their saved questions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from sts_graph.core.namespaces import IGEO, SRS, STS, iri
from sts_graph.publish.model import SiteGraph, Value
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.queries import records
from sts_graph.publish.render import Site
from sts_graph.rdf.store import Store


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
        key=lambda p: str(graph.value(graph.territory(p), IGEO.codeINSEE)),
    )


def insee(graph: SiteGraph, plan: Node) -> str:
    """The INSEE code of a plan's département."""
    return str(graph.value(graph.territory(plan), IGEO.codeINSEE))


def retained_by(graph: SiteGraph, concept: Node) -> dict[Node, list[Node]]:
    """The territorial pages declining *concept*, by plan."""
    pages: dict[Node, list[Node]] = defaultdict(list)
    for page in graph.objects(concept, STS.isDeclinedIn):
        pages[graph.one(page, STS.plan)].append(page)
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


COVERAGE = "couverture-objectifs"  # the saved question the coverage page shows


def coverage(store: Store, graph: SiteGraph, site: Site) -> None:
    """Objectifs (rows) × départements (columns): which plan retains which objectif, as
    the saved question answers it; a tick links to the objectif's page in the plan."""
    root = ""
    columns = [(insee(graph, p), p) for p in plans(graph)]
    objectifs = {graph.code(o): o for o in graph.instances(STS.ObjectifOperationnel)}
    rows = []
    for record in records(store, COVERAGE):
        code, retaining = str(record["code"]), set(str(record["departements"]).split())
        objectif = objectifs.get(code)
        pages = retained_by(graph, objectif) if objectif is not None else {}
        cells = [
            [graph.show(page, root) for page in pages.get(plan, [])] or [Value("✓")]
            if number in retaining
            else []
            for number, plan in columns
        ]
        shown = graph.show(objectif, root) if objectif is not None else Value(str(record["titre"]))
        rows.append((shown, code, cells, int(str(record["nb_departements"]))))
    totals = [sum(1 for _, _, cells, _ in rows if cells[i]) for i in range(len(columns))]
    site.page(
        INDEX_PATHS["coverage"],
        "coverage.html",
        "Couverture des objectifs opérationnels par département",
        columns=[(graph.show(graph.territory(p), root), code) for code, p in columns],
        rows=rows,
        totals=totals,
        question=COVERAGE,
        question_path=f"{INDEX_PATHS['queries']}/{COVERAGE}",
    )


DISPOSITIFS = "dispositifs-par-departement"  # the saved question the page shows


def dispositifs(store: Store, graph: SiteGraph, site: Site) -> None:
    """Dispositif types (rows) × départements (columns): the counts each plan states,
    as the saved question answers them, each linked to its line in the plan."""
    root = ""
    codes = [insee(graph, p) for p in plans(graph)]
    counts: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for record in records(store, DISPOSITIFS):
        code, line = str(record["departement"]), str(record["source_ligne"])
        where = URIRef(f"{iri('source', code)}#L{line}")
        counts[str(record["type"])][code].append(
            Value(str(record["nombre"]), graph.href(where, root), f"ligne {line}")
        )
    rows = [
        (Value(kind), [counts[kind].get(code, []) for code in codes])
        for kind in sorted(counts, key=str.casefold)
    ]
    site.page(
        INDEX_PATHS["dispositifs"],
        "dispositifs.html",
        "Dispositifs dénombrés par département",
        columns=[(graph.show(graph.territory(p), root), insee(graph, p)) for p in plans(graph)],
        rows=rows,
        question=DISPOSITIFS,
        question_path=f"{INDEX_PATHS['queries']}/{DISPOSITIFS}",
    )
