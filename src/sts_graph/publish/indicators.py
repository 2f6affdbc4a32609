"""``/indicateurs``: the answer of the saved question ``indicateurs-repere``, each
« Data repère » indicator as a chart across the départements, with the Occitanie and
France values each plan prints beside it."""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup
from rdflib import Literal

from sts_graph.publish.chart import Point, indicator_chart
from sts_graph.publish.model import SiteGraph, Value
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.queries import records
from sts_graph.publish.render import Site
from sts_graph.rdf.store import Store

INDICATORS_PATH = INDEX_PATHS["indicators"]
QUESTION = "indicateurs-repere"  # the saved question whose answer the page shows
VALUES = ("valeur", "occitanie", "france")


def _number(value) -> float | None:
    return float(value) if isinstance(value, Literal) else None


def indicator_page(store: Store, graph: SiteGraph, site: Site) -> int:
    """Write the page, an indicator's rows exactly those its question answers; return
    how many indicators it charts."""
    root = ""
    by_indicator: dict[str, list[dict]] = defaultdict(list)  # notation → rows, in order
    for record in records(store, QUESTION):
        by_indicator[str(record["notation"])].append(record)
    charts = []
    for notation, rows in by_indicator.items():
        concept = rows[0]["indicateur"]
        name = graph.base_label(concept)
        unit = str(rows[0]["unite"] or "")
        points = [
            Point(
                graph.base_label(r["territoire"]),
                _number(r["valeur"]) or 0.0,
                _number(r["occitanie"]),
                _number(r["france"]),
            )
            for r in rows
        ]
        chart = Markup(indicator_chart(f"{name} ({unit}), par département", unit, points))
        shown = [
            (
                graph.show(r["territoire"], root),
                graph.show(r["figure"], root),
                [graph.show(r[v], root) for v in VALUES if r[v] is not None],
            )
            for r in rows
        ]
        charts.append((notation, Value(name, graph.href(concept, root)), unit, chart, shown))
    site.page(
        INDICATORS_PATH,
        "indicators.html",
        "Indicateurs « Data repère »",
        charts=charts,
        question=QUESTION,
        question_path=f"{INDEX_PATHS['queries']}/{QUESTION}",
    )
    return len(charts)
