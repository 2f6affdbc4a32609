"""The OQOS page: the answer of the saved question ``oqos``, activité by activité, with
a chart of each département's sums (the existing offer, counted in the former
modalités, beside the targets, set in the new ones)."""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup
from rdflib import Literal
from rdflib.namespace import SKOS

from sts_graph.core.namespaces import STS
from sts_graph.publish.chart import Bar, bar_chart
from sts_graph.publish.indexes import insee, plans
from sts_graph.publish.model import SiteGraph
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.queries import records
from sts_graph.publish.render import Site
from sts_graph.rdf.store import Store

QUESTION = "oqos"  # the saved question whose answer the page shows


def _total(values: list) -> int | None:
    numbers = [int(v) for v in values if isinstance(v, Literal)]
    return sum(numbers) if numbers else None


def comparison(store: Store, graph: SiteGraph, site: Site) -> None:
    """``oqos``: a summary table, then a chart and the rows of each activité, the rows
    exactly those the saved question answers."""
    root = ""
    rows: dict[str, list[dict]] = defaultdict(list)  # activité label → its rows, in order
    for record in records(store, QUESTION):
        rows[str(record["activite"])].append(record)
    columns = [(insee(graph, p), p) for p in plans(graph)]
    activites = []
    for activite in graph.instances(STS.ActiviteDeSoins):
        names = {str(name) for name in graph.objects(activite, SKOS.prefLabel)}
        table = [r for name in sorted(names) for r in rows.get(name, [])]
        bars = []
        for code, plan in columns:
            mine = [r for r in table if str(r["departement"]) == code]
            name = graph.base_label(graph.territory(plan))
            bars.append(
                Bar(
                    f"{name} ({code})",
                    _total([r["existant"] for r in mine]),
                    _total([r["cible_min"] for r in mine]),
                    _total([r["cible_max"] for r in mine]),
                )
            )
        label = graph.base_label(activite)
        chart = Markup(bar_chart(f"{label} : existant et cible par département", bars))
        slug = str(activite).rsplit("/", 1)[-1]
        activites.append((slug, graph.show(activite, root), bars, chart, table))
    site.page(
        INDEX_PATHS["oqos"],
        "oqos.html",
        "Objectifs quantitatifs de l'offre de soins (OQOS)",
        activites=activites,
        departements=[(code, graph.show(graph.territory(p), root)) for code, p in columns],
        question=QUESTION,
        question_path=f"{INDEX_PATHS['queries']}/{QUESTION}",
    )
