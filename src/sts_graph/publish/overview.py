"""The départements: a list, and one overview page per territorial plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib.namespace import PROV
from rdflib.term import Node

from sts_graph.core.namespaces import STS
from sts_graph.publish.indexes import insee, plans
from sts_graph.publish.model import SiteGraph, Value
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.render import Site, root_of

OVERVIEWS_PATH = INDEX_PATHS["departements"]
# the kinds of resource a plan states that the overview lists at its end
LISTED = (
    STS.DefiCTS,
    STS.PropositionCNR,
    STS.ParoleCitoyenne,
)


@dataclass
class Defi:
    """A défi page of a plan and the objectif pages under it."""

    value: Value
    objectifs: list[tuple[Value, int]]


def _stated(graph: SiteGraph, plan: Node, cls) -> list[Node]:
    return [r for r in graph.subjects(STS.plan, plan) if graph.is_a(r, cls)]


def departements(graph: SiteGraph, site: Site) -> None:
    """The list of plans, with what each states, then one overview per plan."""
    rows = []
    for plan in plans(graph):
        code = insee(graph, plan)
        kinds = Counter(graph.kind(r) for r in graph.subjects(STS.plan, plan))
        rows.append((graph.show(graph.territory(plan), ""), code, kinds))
        overview(graph, site, plan, code)
    columns = sorted({k for _, _, counted in rows for k in counted})
    site.page(OVERVIEWS_PATH, "departements.html", "Les départements", rows=rows, kinds=columns)


def overview(graph: SiteGraph, site: Site, plan: Node, code: str) -> None:
    """``departements/32``: what one plan retains, counts, measures and lists."""
    path = f"{OVERVIEWS_PATH}/{code}"
    root = root_of(path)
    objectifs = _stated(graph, plan, STS.ObjectifTerritorial)
    defis = []
    for defi in _stated(graph, plan, STS.DefiTerritorial):
        under = [o for o in objectifs if graph.value(o, STS.territorialDefi) == defi]
        defis.append(Defi(graph.show(defi, root), [_objectif(graph, o, root) for o in under]))
    orphans = [
        _objectif(graph, o, root) for o in objectifs if graph.value(o, STS.territorialDefi) is None
    ]
    counts = []
    for statement in _stated(graph, plan, STS.Denombrement):
        counts.append(
            (
                graph.show(graph.one(statement, STS.dispositifType), root),
                graph.show(statement, root),
                graph.value(statement, STS.count),
                _sources(graph, statement, root),
            )
        )
    indicators = [
        (
            graph.show(i, root),
            *(
                graph.value(i, p)
                for p in (STS.value, STS.unit, STS.valueOccitanie, STS.valueFrance)
            ),
            _sources(graph, i, root),
        )
        for i in _stated(graph, plan, STS.Indicateur)
    ]
    listed = [
        (graph.term_name(cls), [graph.show(r, root) for r in _stated(graph, plan, cls)])
        for cls in LISTED
    ]
    departement = graph.territory(plan)
    site.page(
        path,
        "departement.html",
        f"{graph.base_label(departement)} ({code})",
        plan=graph.show(plan, root),
        departement=graph.show(departement, root),
        sources=_sources(graph, plan, root),
        defis=defis,
        orphans=orphans,
        counts=sorted(counts, key=lambda c: (c[0].text, c[1].text)),
        indicators=indicators,
        oqos=len(_stated(graph, plan, STS.ObjectifQuantitatif)),
        code=code,
        listed=listed,
    )


def _objectif(graph: SiteGraph, objectif: Node, root: str) -> tuple[Value, int]:
    return graph.show(objectif, root), len(graph.objects(objectif, STS.hasAction))


def _sources(graph: SiteGraph, node: Node, root: str) -> list[Value]:
    return [graph.show(e, root) for e in graph.objects(node, PROV.wasDerivedFrom)]


def overview_link(graph: SiteGraph, node: Node, root: str) -> Value | None:
    """A link to the overview of a plan, or of the plan of a département, if it has one."""
    plans_of = [node, *graph.subjects(STS.territory, node)]
    plan = next((p for p in plans_of if graph.is_a(p, STS.SchemaTerritorialDeSante)), None)
    if plan is None:
        return None
    return Value("vue d'ensemble du département", f"{root}{OVERVIEWS_PATH}/{insee(graph, plan)}")
