"""The OQOS comparison: for each activité de soins, existing count against target,
département by département (sums over the rows of the plan's table)."""

from __future__ import annotations

from markupsafe import Markup
from rdflib import Literal
from rdflib.namespace import PROV
from rdflib.term import Node

from ..namespaces import INDEX_PATHS, STS
from .chart import Bar, bar_chart
from .indexes import insee, plans
from .model import SiteGraph
from .render import Site


def _total(graph: SiteGraph, rows: list[Node], prop) -> int | None:
    values = [graph.value(r, prop) for r in rows]
    numbers = [int(v) for v in values if isinstance(v, Literal)]
    return sum(numbers) if numbers else None


def comparison(graph: SiteGraph, site: Site) -> None:
    """``oqos``: a summary table, then a chart and the rows of each activité."""
    root = ""
    columns = plans(graph)
    activites = []
    for activite in graph.instances(STS.ActiviteDeSoins):
        by_plan = {p: [] for p in columns}
        for row in graph.subjects(STS.activite, activite):
            by_plan[graph.value(row, STS.plan)].append(row)
        bars = [
            Bar(
                f"{graph.base_label(graph.departement(p))} ({insee(graph, p)})",
                _total(graph, by_plan[p], STS.existing),
                _total(graph, by_plan[p], STS.targetMin),
                _total(graph, by_plan[p], STS.targetMax),
            )
            for p in columns
        ]
        table = [
            (
                insee(graph, p),
                graph.show(r, root),
                graph.value(r, STS.zone),
                graph.value(r, STS.existing),
                graph.value(r, STS.targetText),
                [graph.show(e, root) for e in graph.objects(r, PROV.wasDerivedFrom)],
            )
            for p in columns
            for r in by_plan[p]
        ]
        title = graph.base_label(activite)
        chart = Markup(bar_chart(f"{title} : existant et cible par département", bars))
        slug = str(activite).rsplit("/", 1)[-1]
        activites.append((slug, graph.show(activite, root), bars, chart, table))
    site.page(
        INDEX_PATHS["oqos"],
        "oqos.html",
        "Objectifs quantitatifs de l'offre de soins (OQOS)",
        activites=activites,
        departements=[(insee(graph, p), graph.show(graph.departement(p), root)) for p in columns],
    )
