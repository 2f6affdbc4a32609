"""``/indicateurs``: each « Data repère » indicator of the vocabulary as a chart across
the départements, with the Occitanie and France values each plan prints beside it."""

from __future__ import annotations

from markupsafe import Markup
from rdflib import Literal
from rdflib.namespace import SKOS

from sts_graph.core.namespaces import STS
from sts_graph.publish.chart import Point, indicator_chart
from sts_graph.publish.model import SiteGraph, Value
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.render import Site

INDICATORS_PATH = INDEX_PATHS["indicators"]


def _number(value) -> float | None:
    return float(value) if isinstance(value, Literal) else None


def indicator_page(graph: SiteGraph, site: Site) -> int:
    """Write the page; return how many indicators it charts."""
    root = ""
    charts = []
    for concept in sorted(graph.instances(STS.IndicateurRepere), key=str):
        figures = sorted(
            graph.subjects(STS.measures, concept),
            key=lambda f: (graph.base_label(graph.territory(f)), str(f)),
        )
        if not figures:
            continue
        name = graph.base_label(concept)
        unit = str(graph.value(concept, STS.indicatorUnit) or "")
        points = [
            Point(
                graph.base_label(graph.territory(f)),
                _number(graph.value(f, STS.value)) or 0.0,
                _number(graph.value(f, STS.valueOccitanie)),
                _number(graph.value(f, STS.valueFrance)),
            )
            for f in figures
        ]
        chart = Markup(indicator_chart(f"{name} ({unit}), par département", unit, points))
        rows = [
            (
                graph.show(graph.territory(f), root),
                graph.show(f, root),
                [graph.show(v, root) for p in VALUES if (v := graph.value(f, p)) is not None],
            )
            for f in figures
        ]
        notation = str(graph.value(concept, SKOS.notation) or "")
        link = Value(name, graph.href(concept, root))
        charts.append((notation, link, unit, chart, rows))
    site.page(INDICATORS_PATH, "indicators.html", "Indicateurs « Data repère »", charts=charts)
    return len(charts)


VALUES = (STS.value, STS.valueOccitanie, STS.valueFrance)
