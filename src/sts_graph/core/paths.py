"""The project's folders and files, where they are in a checkout."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "sts.ttl"
SHAPES_DIR = ROOT / "shapes"
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
TURTLE_DIR = DATA_DIR / "turtle"
REFERENCE_DIR = DATA_DIR / "reference"  # reviewed reference data, read by the extractor
FRAMEWORK_FILE = REFERENCE_DIR / "srs.ttl"  # the regional framework
VOCABULARIES_FILE = REFERENCE_DIR / "vocabularies.ttl"  # thèmes, parcours, activités, indicators
TERRITORIES_FILE = REFERENCE_DIR / "territories.ttl"  # the region and its départements
LINKS_FILE = REFERENCE_DIR / "links.sssom.tsv"  # their links to Wikidata and INSEE, reviewed
RELEASES_DIR = ROOT / "releases"  # sts-graph release: one immutable folder a version
QUERIES_DIR = ROOT / "queries"
EXPECTED_DIR = QUERIES_DIR / "expected"
CACHE_VARIABLE = "STS_GRAPH_CACHE"  # where the closures are cached, if not in .cache/
CACHE_DIR = Path(os.environ.get(CACHE_VARIABLE) or ROOT / ".cache")
SERVER_DIR = CACHE_DIR / "oxigraph"
DOCS_DIR = ROOT / "docs"
# publication: the static site (``sts-graph publish``/``serve``) and its dataset description
SITE_DIR = ROOT / "site"
