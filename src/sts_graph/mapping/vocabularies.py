"""The vocabularies as SKOS concept schemes: thèmes, parcours, activités de soins and
« Data repère » indicators."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from sts_graph.core.namespaces import STS, bind_prefixes, iri
from sts_graph.extract.indicators import INDICATORS
from sts_graph.extract.oqos import ACTIVITE_LABELS
from sts_graph.extract.vocab import CONCEPTS, SCHEMES
from sts_graph.mapping.skos import top_concept
from sts_graph.rdf.terms import fr


def vocabularies_graph() -> Graph:
    """The concept schemes of thèmes and parcours."""
    g = bind_prefixes(Graph())
    for scheme, label in SCHEMES.items():
        node = iri(scheme)
        g.add((node, RDF.type, SKOS.ConceptScheme))
        g.add((node, SKOS.prefLabel, fr(f"{label} du Projet régional de santé Occitanie")))
    activites = iri("activite")
    g.add((activites, RDF.type, SKOS.ConceptScheme))
    g.add(
        (activites, SKOS.prefLabel, fr("Activités de soins et équipements soumis à autorisation"))
    )
    for slug, label in ACTIVITE_LABELS.items():
        node = iri("activite", slug)
        g.add((node, RDF.type, STS.ActiviteDeSoins))
        g.add((node, SKOS.prefLabel, fr(label)))
        top_concept(g, activites, node)
    indicators = iri("indicateur")
    g.add((indicators, RDF.type, SKOS.ConceptScheme))
    g.add(
        (indicators, SKOS.prefLabel, fr("Indicateurs « Data repère » des diagnostics territoriaux"))
    )
    for indicator in INDICATORS:
        node = iri("indicateur", indicator.notation)
        g.add((node, RDF.type, STS.IndicateurRepere))
        g.add((node, SKOS.notation, Literal(indicator.notation)))
        g.add((node, SKOS.prefLabel, fr(indicator.label)))
        g.add((node, SKOS.prefLabel, Literal(indicator.label_en, lang="en")))
        g.add((node, STS.indicatorUnit, Literal(indicator.unit)))
        top_concept(g, indicators, node)
    for c in CONCEPTS:
        node = iri(c.scheme, c.slug)
        g.add((node, RDF.type, STS.Theme if c.scheme == "theme" else STS.Parcours))
        g.add((node, SKOS.prefLabel, fr(c.label)))
        top_concept(g, iri(c.scheme), node)
    return g
