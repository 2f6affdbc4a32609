"""A plan's pages: its défis and objectifs opérationnels with everything they state,
then its diagnostic and its OQOS."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from sts_graph.core.files import display_path
from sts_graph.core.namespaces import STS, bind_prefixes, iri
from sts_graph.extract import Framework, Plan
from sts_graph.extract.model import Span
from sts_graph.extract.vocabularies import vocabularies
from sts_graph.mapping.common import (
    add_labels,
    add_text,
    excerpt,
    ranked,
    source_iri,
    territorial,
)
from sts_graph.mapping.diagnostic import add_diagnostic
from sts_graph.mapping.oqos import add_oqos, add_oqos_tables
from sts_graph.rdf.terms import fr, integer


def plan_graph(plan: Plan, framework: Framework) -> Graph:
    """One département's plan: its défi and objectif pages with everything they state."""
    g = bind_prefixes(Graph())
    dep, sts = plan.departement, iri("sts", plan.departement)
    name = vocabularies().departements.get(dep, dep)
    source = source_iri(plan)
    g.add((source, RDF.type, STS.DocumentSource))
    g.add(
        (
            source,
            DCTERMS.title,
            fr(
                f"Schéma territorial de santé {vocabularies().departements.get(dep, dep)} 2023-2028"
            ),
        )
    )
    g.add((source, STS.sourceFile, Literal(display_path(plan.path))))
    if plan.pdf is not None:
        g.add((source, STS.sourcePdf, Literal(display_path(plan.pdf))))
    g.add((sts, RDF.type, STS.SchemaTerritorialDeSante))
    g.add(
        (
            sts,
            RDFS.label,
            fr(f"Schéma territorial de santé {name}"),
        )
    )
    g.add((sts, STS.territory, iri("departement", dep)))
    g.add((sts, PROV.wasDerivedFrom, excerpt(g, plan, Span(1, plan.line_count))))
    defi_nodes = {}
    for position, defi in enumerate(plan.defis, 1):
        node = iri("sts", dep, "defi", defi.name)
        defi_nodes[id(defi)] = node
        territorial(g, plan, node, STS.DefiTerritorial, defi.title, defi.span)
        g.add((node, STS.position, integer(position)))
        if defi.code:
            g.add((node, STS.declines, iri("defi", defi.code)))
        add_text(g, node, STS.enjeux, defi.enjeux)
        for listed in defi.listed:
            g.add((node, STS.listedObjectif, fr(listed.text)))
        add_labels(g, node, [*defi.themes, *defi.parcours])
    for position, obj in enumerate(plan.objectifs, 1):
        node = iri("sts", dep, "objectif", obj.name)
        territorial(g, plan, node, STS.ObjectifTerritorial, obj.title, obj.span)
        g.add((node, STS.position, integer(position)))
        if obj.code:
            g.add((node, STS.declines, iri("objectif", obj.code)))
        if obj.printed_code:
            g.add((node, STS.printedCode, Literal(obj.printed_code)))
        if obj.defi is not None and obj.defi.code == obj.defi_code:
            g.add((node, STS.territorialDefi, defi_nodes[id(obj.defi)]))
        add_text(g, node, STS.constats, obj.constats)
        for prop, link, kind, items in (
            (STS.enonceObjectif, STS.hasEnonceItem, "enonce", obj.objectif),
            (STS.resultatsAttendus, STS.hasResultatAttendu, "resultat", obj.resultats),
        ):
            if items:
                g.add((node, prop, fr("\n".join(item.text for item in items))))
            for rank, item in enumerate(items, 1):
                g.add((node, link, ranked(g, plan, node, kind, rank, STS.ElementDeListe, item)))
        add_labels(g, node, [*obj.themes, *obj.parcours])
        for rank, action in enumerate(obj.actions, 1):
            g.add((node, STS.hasAction, ranked(g, plan, node, "action", rank, STS.Action, action)))
        for rank, figure in enumerate(obj.chiffres, 1):
            child = ranked(g, plan, node, "chiffre-cle", rank, STS.ChiffreCle, figure.text, False)
            if figure.source:
                g.add((child, STS.sourceNote, fr(figure.source.text)))
            g.add((node, STS.hasChiffreCle, child))
    add_diagnostic(g, plan, framework)
    add_oqos_tables(g, plan)
    ranks: dict[str, int] = {}
    for row in plan.oqos:
        ranks[row.activite] = ranks.get(row.activite, 0) + 1
        add_oqos(g, plan, ranks[row.activite], row)
    return g
