"""The dataset description: VoID and DCAT-AP 3, checked against ``shapes/dcat-ap/`` (the
official DCAT-AP 3.0.1 shapes, and the recommended properties as warnings).

The data is published under the Licence Ouverte / Open Licence 2.0 (Etalab), the
licence of the plans it is extracted from, which asks for the same attribution
to ARS Occitanie; the ontology graph keeps the MIT licence of the project's code.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, SH, SKOS, XSD

from sts_graph.core.namespaces import (
    ADMS,
    ADMS_LICENCE_TYPE,
    ADMS_PUBLISHER_TYPE,
    ARS_OCCITANIE_HOMEPAGE,
    BASE,
    CATALOGUE,
    CREATOR,
    DATASET,
    DCAT3,
    DCATAP,
    EU_AUTHORITY,
    FINESS_CATEGORIES,
    FOAF,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPHS,
    IANA_MEDIA_TYPES,
    ID,
    INSEE_COG,
    INSEE_GEO,
    LICENCE_MIT,
    LICENCE_OUVERTE,
    NUTS,
    OCCITANIE,
    PREFIXES,
    PUBLISHER,
    SPDX,
    SRS,
    VCARD,
    VOID,
    WIKIDATA,
    WIKIDATA_SITE,
    bind_prefixes,
    iri,
    release_dataset,
    release_url,
)
from sts_graph.core.paths import ROOT
from sts_graph.core.releases import Release, version_notes
from sts_graph.publish.dumps import Dump
from sts_graph.publish.paths import DCAT_AP_SHAPES_DIR, LINKS_PATH
from sts_graph.rdf.formats import FORMATS
from sts_graph.validate import validate
from sts_graph.validate.report import Report, load_shapes

TEMPORAL = ("2023-01-01", "2028-12-31")
EXAMPLES = (iri("objectif", "E1D3O7"), iri("sts", "32"), iri("sts", "32", "objectif", "E1D3O7"))
SPARQL_SERVICE = iri("service", "sparql")
SPATIAL = (OCCITANIE, NUTS.FRJ)  # the region in this graph, and NUTS 2021's Occitanie
KEYWORDS = (
    "santé",
    "schéma territorial de santé",
    "projet régional de santé",
    "offre de soins",
    "Occitanie",
)


@dataclass(frozen=True)
class Statistics:
    """What VoID counts: triples per named graph, distinct entities, vocabularies used,
    and the links to each other dataset (:data:`LINK_TARGETS`)."""

    triples: dict[URIRef, int]
    entities: int
    vocabularies: list[str]
    links: dict[tuple[str, URIRef], int]  # (dataset key, link property) → links


# the datasets the links name: key → (their IRIs' namespace, the dataset, its name)
LINK_TARGETS = {
    "wikidata": (str(WIKIDATA), WIKIDATA_SITE, "Wikidata"),
    "insee": (str(INSEE_GEO), INSEE_COG, "Code officiel géographique (INSEE)"),
    "finess": (f"{FINESS_CATEGORIES}#", FINESS_CATEGORIES, "Catégories FINESS (ANS, TRE_R66)"),
}
LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch)


def statistics(graphs: dict[URIRef, Graph]) -> Statistics:
    """Counts over the named graphs of the dataset (entities: IRIs under ``id/`` described)."""
    entities = {s for g in graphs.values() for s in g.subjects() if str(s).startswith(str(ID))}
    terms = {p for g in graphs.values() for p in g.predicates()}
    terms |= {o for g in graphs.values() for o in g.objects(None, RDF.type)}
    vocabularies = sorted(
        str(ns) for ns in PREFIXES.values() if any(str(t).startswith(str(ns)) for t in terms)
    )
    linked = [(p, str(o)) for n, g in graphs.items() if n != GRAPH_INFERRED
              for p in LINK_PREDICATES for o in g.objects(None, p)]  # fmt: skip
    links = {
        (key, p): sum(p == q and o.startswith(space) for q, o in linked)
        for key, (space, _, _) in LINK_TARGETS.items()
        for p in LINK_PREDICATES
    }
    return Statistics({n: len(g) for n, g in graphs.items()}, len(entities), vocabularies, links)


def git_dates() -> tuple[str, str] | None:
    """The dates of the first and last commits of the data and ontology, if this is a clone."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "--format=%cs", "--", "data/turtle", "ontology"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return (out[-1], out[0]) if out else None


def _graph_title(name: URIRef) -> str:
    return "Graphe nommé " + str(name)[len(GRAPHS) :]


CATALOGUE_DESCRIPTION = (
    "Le graphe de connaissances des schémas territoriaux de santé d'Occitanie, ses dumps et sa"
    " documentation."
)
DATASET_TITLES = {
    "fr": "Schémas territoriaux de santé d'Occitanie 2023-2028 (graphe de connaissances)",
    "en": "Territorial health schemes of Occitanie 2023-2028 (knowledge graph)",
}
DATASET_DESCRIPTION = (
    "Le cadre régional du Projet régional de santé Occitanie 2023-2028 (engagements, défis,"
    " objectifs opérationnels) et sa déclinaison dans le schéma territorial de santé de chaque"
    " département : actions, chiffres-clés, objectifs quantitatifs de l'offre de soins,"
    " dispositifs, indicateurs ; chaque fait relié à la ligne du plan dont il vient."
)
INFERRED_DESCRIPTION = (
    "La clôture OWL RL des autres graphes, calculée par les règles OWL 2 RL du projet"
    " (sts_graph.reason.rules) : les triplets inférés."
)
ARS = "Agence régionale de santé Occitanie"
LICENCES = {
    LICENCE_OUVERTE: "Licence Ouverte / Open Licence 2.0",
    LICENCE_MIT: "Licence MIT",
}


def _fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def _date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def description(
    stats: Statistics,
    dumps: Iterable[Dump],
    sparql_endpoint: str | None = None,
    dates: tuple[str, str] | None = None,
    edition: Release | None = None,
    releases: Sequence[tuple[str, Graph]] = (),
) -> Graph:
    """The catalogue, the dataset, its distributions and named-graph subsets (DCAT-AP, VoID).

    A release's own description is of *edition*: the dataset as released
    (``dcat:isVersionOf`` the live one), its files where the release is published.
    The live dataset's lists its *releases* (version, and that release's own
    description: ``dcat:hasVersion``, the last its ``dcat:hasCurrentVersion``), each
    with its files and their checksums."""
    g = bind_prefixes(Graph())
    for prefix, namespace in (
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatap", DCATAP),
        ("adms", ADMS),
    ):
        g.bind(prefix, namespace)
    dataset = release_dataset(edition.version) if edition else DATASET
    _catalogue(g, dataset, sparql_endpoint)
    base = release_url(edition.version) if edition else BASE  # where its files are
    _dataset(g, dataset, stats, dates, base)
    if edition is not None:
        _edition(g, edition)
    for version, described in releases:
        g.add((DATASET, DCAT3.hasVersion, release_dataset(version)))
        _release(g, version, described)
    if releases:
        g.add((DATASET, DCAT3.hasCurrentVersion, release_dataset(releases[-1][0])))
    for dump in dumps:
        _distribution(g, dataset, dump, base)
    if sparql_endpoint:
        _service(g, URIRef(sparql_endpoint))
    _agents_and_licences(g)
    _typed_objects(g)
    return g


def _edition(g: Graph, edition: Release) -> None:
    """A release as a dataset of its own: titled, dated by its version, linked to the
    live dataset and to the release before it, with its notes (what changed since)."""
    d = release_dataset(edition.version)
    for lang, title in DATASET_TITLES.items():
        g.add((d, DCTERMS.title, Literal(f"{title}, version {edition.version}", lang=lang)))
    _what_it_is(g, d)
    g.add((d, DCAT3.version, Literal(edition.version)))
    g.add((d, DCTERMS.issued, _date(edition.version)))
    g.add((d, DCAT3.isVersionOf, DATASET))
    g.add((d, DCAT.landingPage, URIRef(release_url(edition.version))))
    if edition.previous:
        g.add((d, DCAT3.previousVersion, release_dataset(edition.previous)))
    g.add((d, ADMS.versionNotes, _fr(version_notes(edition))))


def _release(g: Graph, version: str, described: Graph) -> None:
    """What a release's own description says of it, of its files and of its linksets;
    its named graphs' sizes, which are the live dataset's subsets too, left out."""
    own = str(release_dataset(version))
    for subject, predicate, value in described:
        subset_of_others = predicate == VOID.subset and not str(value).startswith(own)
        if str(subject).startswith(own) and not subset_of_others:
            g.add((subject, predicate, value))


def _catalogue(g: Graph, dataset: URIRef, sparql_endpoint: str | None) -> None:
    c = CATALOGUE
    g.add((c, RDF.type, DCAT.Catalog))
    g.add((c, DCTERMS.title, _fr("Catalogue sts-graph")))
    g.add((c, DCTERMS.description, _fr(CATALOGUE_DESCRIPTION)))
    g.add((c, DCTERMS.publisher, PUBLISHER))
    g.add((c, DCTERMS.language, EU_AUTHORITY["language/FRA"]))
    g.add((c, DCTERMS.license, LICENCE_OUVERTE))
    g.add((c, DCAT.themeTaxonomy, EU_AUTHORITY["data-theme"]))
    g.add((c, FOAF.homepage, URIRef(BASE)))
    g.add((c, DCAT.dataset, dataset))
    for place in SPATIAL:
        g.add((c, DCTERMS.spatial, place))
    if sparql_endpoint:
        g.add((c, DCAT.service, SPARQL_SERVICE))


def _dataset(
    g: Graph, d: URIRef, stats: Statistics, dates: tuple[str, str] | None, base: str
) -> None:
    g.add((d, RDF.type, VOID.Dataset))
    if d == DATASET:  # a release is titled by its version (_edition)
        for lang, title in DATASET_TITLES.items():
            g.add((d, DCTERMS.title, Literal(title, lang=lang)))
    _what_it_is(g, d)
    if dates is not None:
        for node in (CATALOGUE, d):
            g.add((node, DCTERMS.issued, _date(dates[0])))
            g.add((node, DCTERMS.modified, _date(dates[1])))
    # VoID
    g.add((d, VOID.triples, Literal(sum(stats.triples.values()))))
    g.add((d, VOID.entities, Literal(stats.entities)))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.rootResource, SRS))
    for vocabulary in stats.vocabularies:
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    for example in EXAMPLES:
        g.add((d, VOID.exampleResource, example))
    for name, triples in sorted(stats.triples.items()):
        g.add((d, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, DCTERMS.title, _fr(_graph_title(name))))
        g.add((name, VOID.triples, Literal(triples)))
    if GRAPH_INFERRED in stats.triples:
        g.add((GRAPH_INFERRED, DCTERMS.description, _fr(INFERRED_DESCRIPTION)))
    for (key, predicate), count in stats.links.items():
        if count:
            _linkset(g, d, key, predicate, count, URIRef(base + LINKS_PATH))


def _linkset(g: Graph, d: URIRef, key: str, predicate: URIRef, count: int, source: URIRef) -> None:
    """The links of *d* to the dataset *key* of :data:`LINK_TARGETS` by *predicate*, as
    a VoID linkset whose source is the reviewed mapping set, published at *source*."""
    space, target, name = LINK_TARGETS[key]
    linkset = URIRef(f"{d}/linkset/{key}")
    g.add((d, VOID.subset, linkset))
    g.add((linkset, RDF.type, VOID.Linkset))
    g.add((linkset, DCTERMS.title, _fr(f"Correspondances avec {name}")))
    g.add((linkset, VOID.linkPredicate, predicate))
    g.add((linkset, VOID.subjectsTarget, d))
    g.add((linkset, VOID.objectsTarget, target))
    g.add((linkset, VOID.triples, Literal(count)))
    g.add((linkset, DCTERMS.source, source))
    g.add((target, RDF.type, VOID.Dataset))
    g.add((target, DCTERMS.title, Literal(name)))
    g.add((target, VOID.uriSpace, Literal(space)))


def _what_it_is(g: Graph, d: URIRef) -> None:
    """What the live dataset and each release say alike: what, by whom, where, when."""
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.description, _fr(DATASET_DESCRIPTION)))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    g.add((d, DCTERMS.creator, CREATOR))
    g.add((d, DCTERMS.language, EU_AUTHORITY["language/FRA"]))
    g.add((d, DCAT.theme, EU_AUTHORITY["data-theme/HEAL"]))
    g.add((d, DCAT.landingPage, URIRef(BASE)))
    for keyword in KEYWORDS:
        g.add((d, DCAT.keyword, _fr(keyword)))
    for place in SPATIAL:
        g.add((d, DCTERMS.spatial, place))
    period = URIRef(f"{d}#periode")
    g.add((d, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, _date(TEMPORAL[0])))
    g.add((period, DCAT.endDate, _date(TEMPORAL[1])))
    contact = URIRef(f"{PUBLISHER}#contact")
    g.add((d, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, _fr(ARS)))
    g.add((contact, VCARD.hasURL, ARS_OCCITANIE_HOMEPAGE))


def _distribution(g: Graph, dataset: URIRef, dump: Dump, base: str) -> None:
    """One dump file (published under *base*) as a distribution of *dataset* (and a
    VoID data dump of its graph)."""
    described = FORMATS[dump.fmt]
    file_type, media, name = described.file_type, described.media_type, described.label
    file_name = dump.path.rsplit("/", 1)[-1]
    distribution = URIRef(f"{dataset}/distribution/{file_name.replace('.', '-')}")
    url = URIRef(base + dump.path)
    what = _graph_title(dump.graph) if dump.graph is not None else "Le jeu de données entier"
    g.add((dataset, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCTERMS.title, _fr(f"{what} ({name})")))
    g.add((distribution, DCTERMS.description, _fr(f"{what}, {dump.triples} triplets, en {name}.")))
    g.add((distribution, DCAT.accessURL, url))
    g.add((distribution, DCAT.downloadURL, url))
    g.add((distribution, DCAT.mediaType, IANA_MEDIA_TYPES[media]))
    g.add((distribution, DCTERMS.format, EU_AUTHORITY[f"file-type/{file_type}"]))
    g.add((distribution, DCATAP.availability, EU_AUTHORITY["planned-availability/STABLE"]))
    g.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{distribution}#sha256")
    g.add((distribution, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    licence = LICENCE_MIT if dump.graph == GRAPH_ONTOLOGY else LICENCE_OUVERTE
    g.add((distribution, DCTERMS.license, licence))
    g.add((dump.graph if dump.graph is not None else dataset, VOID.dataDump, url))


def _service(g: Graph, endpoint: URIRef) -> None:
    g.add((DATASET, VOID.sparqlEndpoint, endpoint))
    g.add((SPARQL_SERVICE, RDF.type, DCAT.DataService))
    g.add((SPARQL_SERVICE, DCTERMS.title, _fr("Point d'accès SPARQL")))
    g.add((SPARQL_SERVICE, DCAT.endpointURL, endpoint))
    g.add((SPARQL_SERVICE, DCAT.endpointDescription, endpoint))
    g.add((SPARQL_SERVICE, DCAT.servesDataset, DATASET))


def _agents_and_licences(g: Graph) -> None:
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, _fr(ARS)))
    g.add((PUBLISHER, FOAF.homepage, ARS_OCCITANIE_HOMEPAGE))
    g.add((PUBLISHER, DCTERMS.type, ADMS_PUBLISHER_TYPE.RegionalAuthority))
    g.add((CREATOR, RDF.type, FOAF.Agent))
    g.add((CREATOR, FOAF.name, Literal("sts-graph contributors")))
    g.add((CREATOR, FOAF.homepage, URIRef(BASE)))
    g.add((CREATOR, DCTERMS.type, ADMS_PUBLISHER_TYPE.NonProfitOrganisation))
    for licence, label in LICENCES.items():
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
        g.add((licence, RDFS.label, _fr(label)))
        g.add((licence, DCTERMS.type, ADMS_LICENCE_TYPE.Attribution))


# Objects of the description that DCAT-AP expects typed, with the label it asks for.
CONCEPTS = {  # concept → (label, its scheme)
    EU_AUTHORITY["data-theme/HEAL"]: ("Santé", EU_AUTHORITY["data-theme"]),
    EU_AUTHORITY["planned-availability/STABLE"]: (
        "Stable",
        EU_AUTHORITY["planned-availability"],
    ),
    ADMS_PUBLISHER_TYPE.RegionalAuthority: ("Autorité régionale", ADMS_PUBLISHER_TYPE[""]),
    ADMS_PUBLISHER_TYPE.NonProfitOrganisation: (
        "Organisation à but non lucratif",
        ADMS_PUBLISHER_TYPE[""],
    ),
    ADMS_LICENCE_TYPE.Attribution: ("Attribution", ADMS_LICENCE_TYPE[""]),
}
SCHEMES = {
    EU_AUTHORITY["data-theme"]: "Thèmes de données (EU Vocabularies)",
    EU_AUTHORITY["planned-availability"]: "Disponibilité prévue (EU Vocabularies)",
    ADMS_PUBLISHER_TYPE[""]: "Types d'éditeurs (ADMS)",
    ADMS_LICENCE_TYPE[""]: "Types de licences (ADMS)",
}


def _typed_objects(g: Graph) -> None:
    """Give every object the class DCAT-AP expects of it: concepts, schemes, places,
    languages, formats, media types, documents, contact points, checksum algorithms."""
    for concept, (label, scheme) in CONCEPTS.items():
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, _fr(label)))
        g.add((concept, SKOS.inScheme, scheme))
    for scheme, title in SCHEMES.items():
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, DCTERMS.title, _fr(title)))
    for prop, cls in (
        (DCTERMS.spatial, DCTERMS.Location),
        (DCTERMS.language, DCTERMS.LinguisticSystem),
        (DCTERMS.format, DCTERMS.MediaTypeOrExtent),
        (DCAT.mediaType, DCTERMS.MediaType),
        (FOAF.homepage, FOAF.Document),
        (DCAT.landingPage, FOAF.Document),
        (DCAT.contactPoint, VCARD.Kind),
        (SPDX.algorithm, SPDX.ChecksumAlgorithm),
    ):
        for target in set(g.objects(None, prop)):
            g.add((target, RDF.type, cls))


def shapes() -> Graph:
    """The shapes of ``shapes/dcat-ap/``, without the two ``sh:property`` references of
    the official ``dcat:DataServiceShape`` to shapes the release does not define
    (SEMICeu/DCAT-AP#448): every SHACL engine refuses to validate a data service
    with them. The file itself stays as published."""
    graph = load_shapes(DCAT_AP_SHAPES_DIR)
    for shape, target in list(graph.subject_objects(SH.property)):
        if not any(graph.predicate_objects(target)):
            graph.remove((shape, SH.property, target))
    return graph


def check(description_graph: Graph) -> Report:
    """Validate a description against DCAT-AP 3.0.1's official shapes (violations) and
    the recommended properties (warnings), with pyshacl: they use SHACL Core features
    (sh:closed, sh:or, sh:node…) the native engine refuses."""
    return validate(description_graph, Graph(), shapes(), validator="pyshacl")
