"""The regional framework as RDF: a SKOS concept scheme, with the region and its
départements."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from sts_graph.core.namespaces import SRS, STS, bind_prefixes, iri
from sts_graph.extract.framework import LEVELS, SRS_SOURCE, SRS_TITLE, Framework, level, parent
from sts_graph.extract.links import links
from sts_graph.extract.vocabularies import vocabularies
from sts_graph.mapping.skos import top_concept
from sts_graph.rdf.terms import fr, integer


def to_graph(framework: Framework) -> Graph:
    """The framework as SKOS: the scheme, each concept, its place and its attestations."""
    g = bind_prefixes(Graph())
    g.add((SRS, RDF.type, STS.SchemaRegionalDeSante))
    g.add((SRS, SKOS.prefLabel, fr(SRS_TITLE)))
    g.add((SRS, DCTERMS.source, Literal(SRS_SOURCE)))
    classes = dict(LEVELS)
    for concept in framework.concepts():
        node, kind = concept.node, level(concept.code)
        g.add((node, RDF.type, classes[kind]))
        g.add((node, SKOS.notation, Literal(concept.code)))
        g.add((node, SKOS.prefLabel, fr(concept.label)))
        g.add((node, SKOS.inScheme, SRS))
        for alt in concept.alt_labels:
            g.add((node, SKOS.altLabel, fr(alt)))
        for note in concept.notes:
            g.add((node, SKOS.editorialNote, fr(note)))
        up = parent(concept.code)
        if up is None:
            top_concept(g, SRS, node)
        else:
            g.add((node, STS.isDefiOf if kind == "defi" else STS.isObjectifOf, iri(level(up), up)))
        for seen in sorted(concept.printed_in):
            excerpt = seen.node
            g.add((node, STS.printedIn, excerpt))
            g.add((excerpt, RDF.type, STS.ExtraitDeSource))
            document = iri("source", seen.departement)
            g.add((excerpt, PROV.hadPrimarySource, document))
            g.add((document, RDF.type, STS.DocumentSource))
            g.add((excerpt, STS.lineStart, integer(seen.start)))
            g.add((excerpt, STS.lineEnd, integer(seen.end)))
    return g


def framework_graph(framework: Framework) -> Graph:
    """The regional scheme (the reference framework) and the territories."""
    g = to_graph(framework)
    for triple in vocabularies().territories:  # as the reference file states them
        g.add(triple)
    for link in links():  # to Wikidata and INSEE, as the mapping set reviews them
        g.add((link.subject, link.predicate, link.target))
    return g
