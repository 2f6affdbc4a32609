"""Every IRI, prefix and project path, written once.

>>> str(STS.Defi)
'https://w3id.org/sts-graph/ontology#Defi'
>>> str(iri("objectif", "E1D3O7"))
'https://w3id.org/sts-graph/id/objectif/E1D3O7'
"""

from __future__ import annotations

from typing import TypeVar

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

G = TypeVar("G", bound=Graph)
BASE = "https://w3id.org/sts-graph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
VOID = Namespace("http://rdfs.org/ns/void#")
SHAPES = Namespace(BASE + "shapes#")
MATCH = Namespace(BASE + "match#")  # how the reference vocabularies match printed labels


class STS(DefinedNamespace):
    """The sts-graph ontology; a term missing from this list raises."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # regional framework
    SchemaRegionalDeSante: URIRef
    Engagement: URIRef
    Defi: URIRef
    ObjectifOperationnel: URIRef
    hasDefi: URIRef
    isDefiOf: URIRef
    hasObjectif: URIRef
    isObjectifOf: URIRef
    # territories
    Territoire: URIRef
    Region: URIRef
    Departement: URIRef
    withinTerritory: URIRef
    containsTerritory: URIRef
    inRegion: URIRef
    iso3166Code: URIRef
    # the territorial plan and its parts
    SchemaTerritorialDeSante: URIRef
    RessourceTerritoriale: URIRef
    DefiTerritorial: URIRef
    ObjectifTerritorial: URIRef
    Action: URIRef
    ChiffreCle: URIRef
    plan: URIRef
    states: URIRef
    territory: URIRef
    declines: URIRef
    isDeclinedIn: URIRef
    retains: URIRef
    territorialDefi: URIRef
    hasAction: URIRef
    hasChiffreCle: URIRef
    sourceNote: URIRef
    ElementDeListe: URIRef
    hasEnonceItem: URIRef
    hasResultatAttendu: URIRef
    enjeux: URIRef
    listedObjectif: URIRef
    constats: URIRef
    enonceObjectif: URIRef
    resultatsAttendus: URIRef
    text: URIRef
    searchKey: URIRef
    printedCode: URIRef
    position: URIRef
    # vocabularies
    Theme: URIRef
    Parcours: URIRef
    theme: URIRef
    parcours: URIRef
    printedLabel: URIRef
    # diagnostic
    Indicateur: URIRef
    IndicateurRepere: URIRef
    measures: URIRef
    indicatorUnit: URIRef
    value: URIRef
    unit: URIRef
    valueOccitanie: URIRef
    valueFrance: URIRef
    Denombrement: URIRef
    TypeDeDispositif: URIRef
    dispositifType: URIRef
    count: URIRef
    DefiCTS: URIRef
    correspondsTo: URIRef
    PropositionCNR: URIRef
    axis: URIRef
    ParoleCitoyenne: URIRef
    # dispositifs
    Dispositif: URIRef
    StructureExerciceCoordonne: URIRef
    DispositifDeCoordination: URIRef
    DemarcheTerritoriale: URIRef
    Etablissement: URIRef
    EtablissementDeSante: URIRef
    EtablissementMedicoSocial: URIRef
    CPTS: URIRef
    MSP: URIRef
    ESP: URIRef
    CentreDeSante: URIRef
    DAC: URIRef
    CLS: URIRef
    CLSM: URIRef
    PTSM: URIRef
    EHPAD: URIRef
    SSIAD: URIRef
    HopitalDeProximite: URIRef
    GHT: URIRef
    Maternite: URIRef
    StructureDesUrgences: URIRef
    SAMU: URIRef
    SMUR: URIRef
    MaisonMedicaleDeGarde: URIRef
    CentreDeSoinsNonProgrammes: URIRef
    SOSMedecins: URIRef
    CentrePerinatalDeProximite: URIRef
    StationThermale: URIRef
    UEMA: URIRef
    UEEA: URIRef
    DAR: URIRef
    EMAS: URIRef
    CSAPA: URIRef
    CAARUD: URIRef
    ACT: URIRef
    LHSS: URIRef
    LAM: URIRef
    CeGIDD: URIRef
    PASS: URIRef
    EMPP: URIRef
    MDA: URIRef
    GEM: URIRef
    # care offer
    ActiviteDeSoins: URIRef
    ObjectifQuantitatif: URIRef
    activite: URIRef
    zone: URIRef
    modalite: URIRef
    mention: URIRef
    modaliteGroup: URIRef
    existing: URIRef
    existingDate: URIRef
    implantations: URIRef
    appareils: URIRef
    targetMin: URIRef
    targetMax: URIRef
    targetText: URIRef
    existingHC: URIRef
    existingHTP: URIRef
    inTable: URIRef
    TableauOQOS: URIRef
    TableauBilan: URIRef
    TableauCibles: URIRef
    note: URIRef
    # provenance
    DocumentSource: URIRef
    ExtraitDeSource: URIRef
    sourceFile: URIRef
    lineStart: URIRef
    lineEnd: URIRef
    pageStart: URIRef
    pageEnd: URIRef
    sourcePdf: URIRef
    printedIn: URIRef


PREFIXES: dict[str, str] = {
    prefix: str(space)
    for prefix, space in {
        "sts": STS._NS,
        "id": ID,
        "dcat": DCAT,
        "dcterms": DCTERMS,
        "igeo": IGEO,
        "owl": OWL,
        "prov": PROV,
        "rdf": RDF,
        "rdfs": RDFS,
        "sh": SH,
        "skos": SKOS,
        "void": VOID,
        "xsd": XSD,
        "stsh": SHAPES,
        "match": MATCH,
    }.items()
}


def bind_prefixes(graph: G) -> G:
    """Bind the project's fixed prefixes (and only them) on *graph*."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph


def curie(iri: str) -> str:
    """``dcat:Dataset`` for a term of a known namespace, else the IRI (resources under
    ``id/`` stay whole)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and prefix != "id":
            return f"{prefix}:{iri[len(namespace) :]}"
    return str(iri)


def iri(kind: str, *parts: str) -> URIRef:
    """A resource IRI under ``id/``: ``iri("defi", "E1D3")`` → ``…/id/defi/E1D3``."""
    return ID["/".join((kind, *parts))]


SRS = iri("srs", "2023-2028")  # the regional scheme

# graph names inside the dataset
GRAPHS = str(iri("graph", ""))
STAGING_GRAPHS = str(iri("graph", "staging", ""))
GRAPH_LOCK = iri("graph", "staging", "lock")  # who is loading the server now
GRAPH_ONTOLOGY = iri("graph", "ontology")
GRAPH_VOCABULARIES = iri("graph", "vocabularies")
GRAPH_FRAMEWORK = iri("graph", "framework")
GRAPH_INFERRED = iri("graph", "inferred")


def departement_graph(code: str) -> URIRef:
    """The named graph holding one département's plan."""
    return iri("graph", "departement", code)


CATALOGUE = iri("catalogue", "sts-graph")
DATASET = iri("dataset", "sts-graph")
RELEASES_PATH = "release"  # the site folder of the releases, one folder a version


def release_dataset(version: str) -> URIRef:
    """The dataset as one release holds it: ``…/id/dataset/sts-graph/2026-12-04``."""
    return iri("dataset", "sts-graph", version)


def release_url(version: str, path: str = "") -> str:
    """Where a release's file is published: ``…/release/2026-12-04/dumps/sts-graph.nq``."""
    return f"{BASE}{RELEASES_PATH}/{version}/{path}"


PUBLISHER = iri("organisation", "ars-occitanie")
CREATOR = iri("organisation", "sts-graph")  # the project's contributors
OCCITANIE = iri("region", "76")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # DCAT 3's versioning terms, which rdflib's DCAT lacks
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
ADMS_LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
IANA_MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
# the datasets the links out name (data/reference/links.sssom.tsv), and their IRIs
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
WIKIDATA_SITE = URIRef("https://www.wikidata.org/")
INSEE_GEO = Namespace("http://id.insee.fr/geo/")
INSEE_COG = URIRef("http://rdf.insee.fr/graphes/geo/cog")  # the COG graph INSEE serves
FINESS_CATEGORIES = URIRef(  # ANS's TRE_R66, a FHIR code system: a category is system#code
    "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement"
)
LICENCE_OUVERTE = URIRef("http://spdx.org/licenses/etalab-2.0")
LICENCE_MIT = URIRef("https://opensource.org/licenses/MIT")
ARS_OCCITANIE_HOMEPAGE = URIRef("https://www.occitanie.ars.sante.fr/")
