"""A plan's diagnostic: counts of dispositifs, « Data repère » indicators, the CTS's
défis, the CNR proposals and citizens' quotes."""

from __future__ import annotations

from rdflib import Graph, Literal

from sts_graph.core.namespaces import STS, iri
from sts_graph.extract import Framework, Plan
from sts_graph.extract.model import Span
from sts_graph.extract.titles import TITLE_SIMILARITY, may_match, similarity
from sts_graph.mapping.common import (
    ranked,
    territorial,
)
from sts_graph.rdf.terms import decimal, integer


def matching_defi(text: str, framework: Framework) -> str | None:
    """The regional défi whose title a CTS défi repeats, if one does."""
    printed = text.rstrip(" .;")
    scores = [
        (similarity(printed, concept.label), code)
        for code, concept in framework.defis.items()
        if may_match(printed, concept.label)
    ]
    best = max(scores, default=(0.0, None))
    return best[1] if best[0] >= TITLE_SIMILARITY else None


def add_diagnostic(g: Graph, plan: Plan, framework: Framework) -> None:
    """Counts of dispositifs, indicators, CTS défis, CNR proposals and citizens' quotes."""
    dep = plan.departement
    territory = iri("departement", dep)
    for rank, c in enumerate(plan.counts, 1):
        node = iri("sts", dep, "denombrement", str(rank))
        territorial(g, plan, node, STS.Denombrement, c.printed, Span(c.line, c.line))
        g.add((node, STS.territory, territory))
        g.add((node, STS.dispositifType, STS[c.dispositif]))
        g.add((node, STS["count"], integer(c.count)))
    for rank, ind in enumerate(plan.indicators, 1):
        node = iri("sts", dep, "indicateur", str(rank))
        territorial(g, plan, node, STS.Indicateur, ind.label, ind.span)
        g.add((node, STS.territory, territory))
        g.add((node, STS.value, decimal(ind.value)))
        if concept := ind.measures:
            g.add((node, STS.measures, iri("indicateur", concept.notation)))
        if ind.unit:
            g.add((node, STS.unit, Literal(ind.unit)))
        for prop, value in ((STS.valueOccitanie, ind.occitanie), (STS.valueFrance, ind.france)):
            if value is not None:
                g.add((node, prop, decimal(value)))
    for kind, cls, texts in (
        ("defi-cts", STS.DefiCTS, plan.cts_defis),
        ("parole", STS.ParoleCitoyenne, plan.quotes),
    ):
        for rank, text in enumerate(texts, 1):
            node = ranked(g, plan, iri("sts", dep), kind, rank, cls, text)
            if cls == STS.DefiCTS and (code := matching_defi(text.text, framework)):
                g.add((node, STS.correspondsTo, iri("defi", code)))
    for rank, proposal in enumerate(plan.cnr, 1):
        cnr = STS.PropositionCNR
        node = ranked(g, plan, iri("sts", dep), "proposition-cnr", rank, cnr, proposal.text)
        if proposal.axis:
            g.add((node, STS.axis, Literal(proposal.axis)))
