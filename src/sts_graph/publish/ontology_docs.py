"""The ontology's documentation (pyLODE), with every term anchored by its local
name so that ``…/ontology#ObjectifOperationnel`` lands on it."""

from __future__ import annotations

import logging
import sys
import types
from importlib.metadata import version

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from ..namespaces import ONTOLOGY_IRI, STS

BACK_LINK = '<body>\n<p class="site-link"><a href="./">← sts-graph : le site</a></p>'


def _ontpub():
    """pyLODE's OntPub, imported without its side effects: pyLODE 3.4.1 reads its
    version from a ``pyproject.toml`` its wheel does not ship (RDFLib/pyLODE#260),
    and configures the root logger at DEBUG level when imported."""
    if "pylode.version" not in sys.modules:
        stub = types.ModuleType("pylode.version")
        stub.__version__ = version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from pylode import OntPub

    root.handlers[:] = handlers
    root.setLevel(level)
    return OntPub


def ontology_html(ontology: Graph) -> str:
    """The pyLODE page of the ontology, its terms anchored by local name. pyLODE runs
    a term's labels together: it is given the English ones only, like the definitions."""
    english = Graph() + ontology
    for s, p, o in ontology.triples((None, None, None)):
        if p in (RDFS.label, DCTERMS.title) and isinstance(o, Literal) and o.language != "en":
            english.remove((s, p, o))
    doc = _ontpub()(ontology=english, sort_subjects=True)
    namespace = str(STS._NS)
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(namespace)
    }
    doc.fids.update({str(t): str(t)[len(namespace) :] for t in terms})
    html = doc.make_html().replace("<body>", BACK_LINK, 1)
    for version_iri in ontology.objects(ONTOLOGY_IRI, OWL.versionIRI):
        # pyLODE links an IRI under the ontology's as if it were a term of this page
        local = str(version_iri).rsplit("/", 1)[-1]
        html = html.replace(
            f'<a href="#{local}">{version_iri}</a>', f'<a href="{version_iri}">{version_iri}</a>'
        )
    return html
