"""Where each part of the published site is, relative to its root."""

from __future__ import annotations

from pathlib import Path

from sts_graph.core.namespaces import BASE, ONTOLOGY_IRI
from sts_graph.core.paths import SHAPES_DIR

DCAT_AP_SHAPES_DIR = SHAPES_DIR / "dcat-ap"
PUBLISH_DIR = Path(__file__).resolve().parent
ONTOLOGY_PATH = ONTOLOGY_IRI[len(BASE) :]  # the site path every ontology term dereferences to
VOID_PATH = ".well-known/void"
DUMPS_PATH = "dumps"
LINKS_PATH = "reference/links.sssom.tsv"  # the reviewed links to Wikidata and INSEE, as published
STATIC_PATH = "static"  # the site's style, scripts and vendored front-end packages
STYLESHEET_PATH = f"{STATIC_PATH}/style.css"
# the site's index pages, by role
INDEX_PATHS = {
    "coverage": "couverture",
    "departements": "departements",
    "oqos": "oqos",
    "dispositifs": "dispositifs",
    "indicators": "indicateurs",
    "queries": "requetes",
    "sparql": "sparql",
    "search": "recherche",
}
