"""One page per resource under ``id/``, in HTML and in each RDF format.

A source document's page (``id/source/32``) shows the plan's text, every line
anchored (``#L475``) and every excerpt the graph cites anchored by its IRI's
fragment (``#L475-L547``), with links to the resources derived from it; a plan read
from a PDF has the PDF beside its page, each page of the text linked to the PDF's.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from typing import Any

from rdflib import URIRef
from rdflib.namespace import PROV

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import BASE, STS, curie
from sts_graph.core.paths import ROOT
from sts_graph.extract.links import links
from sts_graph.extract.text import page_numbers, source_lines
from sts_graph.publish.formats import RDF_VARIANTS
from sts_graph.publish.model import SiteGraph, Value, page_path
from sts_graph.publish.overview import overview_link
from sts_graph.publish.render import Site, root_of
from sts_graph.rdf.write import serialize


def resource_pages(graph: SiteGraph, site: Site) -> int:
    """Write every resource page (HTML and RDF); return how many resources."""
    for path in sorted(graph.pages):
        node = URIRef(BASE + path)
        if graph.is_a(node, STS.DocumentSource):
            _source_page(graph, site, path, node)
        else:
            _resource_page(graph, site, path, node)
        triples = graph.page_triples(path)
        for fmt in RDF_VARIANTS:
            site.write(f"{path}.{fmt}", serialize(triples, fmt))
    return len(graph.pages)


def _hash_parts(graph: SiteGraph, path: str, node: URIRef) -> list[URIRef]:
    """The hash IRIs described on the page of *node* (``…/sts-graph#periode``)."""
    subjects = {s for s, _, _ in graph.rdf.get(path, []) if isinstance(s, URIRef)}
    return sorted(s for s in subjects if s != node and page_path(s) == path)


def _resource_page(graph: SiteGraph, site: Site, path: str, node: URIRef) -> None:
    root = root_of(path)
    declinations = []
    for page in graph.objects(node, STS.isDeclinedIn):
        departement = graph.departement(page)
        if departement is not None:
            declinations.append((graph.show(departement, root), graph.show(page, root)))
    parts = [
        (str(part).split("#", 1)[1], graph.label(part), graph.rows(part, root))
        for part in _hash_parts(graph, path, node)
    ]
    matches = [  # its links out, each with the pages the mapping set cites for it
        (graph.show(link.target, root), curie(link.predicate), [Value(s, s) for s in link.sources])
        for link in links()
        if link.subject == node
    ]
    _page(
        site,
        graph,
        node,
        path,
        "resource.html",
        sources=[graph.show(e, root) for e in graph.objects(node, PROV.wasDerivedFrom)],
        declinations=sorted(declinations, key=lambda pair: pair[0].text),
        parts=parts,
        overview=overview_link(graph, node, root),
        matches=matches,
    )


def _project_file(node: URIRef, file: object) -> bytes:
    """The bytes of a project file a source names (never one outside the project)."""
    path = (ROOT / str(file)).resolve()
    if not path.is_relative_to(ROOT):
        raise InputError(f"{node}: source file {file} lies outside the project")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot read the source of {node}: {error}") from error


def _source_pdf(graph: SiteGraph, site: Site, path: str, node: URIRef) -> dict | None:
    """Publish the PDF a plan was read from beside its page (``id/source/46.pdf``), with its
    SHA-256 and size; pages are opened by ``#page=N``, as PDF viewers take it."""
    file = graph.value(node, STS.sourcePdf)
    if file is None:
        return None
    data = _project_file(node, file)
    name = f"{posixpath.basename(path)}.pdf"
    site.write(f"{path}.pdf", data)
    return {"href": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _source_page(graph: SiteGraph, site: Site, path: str, node: URIRef) -> None:
    root = root_of(path)
    file = graph.value(node, STS.sourceFile)
    data = _project_file(node, file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{file}: not UTF-8 at byte {error.start}") from None
    pages, lines = page_numbers(source_lines(text))  # numbered as the extractor numbers them
    page_starts = {  # the line (1-based) each page of the PDF opens on → that page
        number: page
        for number, page in enumerate(pages, 1)
        if number == 1 or page != pages[number - 2]
    }
    anchors: dict[int, list[tuple[str, list[Value]]]] = defaultdict(list)
    excerpts = _hash_parts(graph, path, node)
    for excerpt in excerpts:
        start = graph.value(excerpt, STS.lineStart)
        derived = graph.subjects(PROV.wasDerivedFrom, excerpt)
        fragment = str(excerpt).split("#", 1)[1]
        anchors[int(str(start))].append((fragment, [graph.show(d, root) for d in derived]))
    _page(
        site,
        graph,
        node,
        path,
        "source.html",
        lines=lines,
        page_starts=page_starts,
        pdf=_source_pdf(graph, site, path, node),
        excerpts=len(excerpts),
        anchors=dict(anchors),
    )


def _page(
    site: Site, graph: SiteGraph, node: URIRef, path: str, template: str, **extra: Any
) -> None:
    """A resource's page: its label, kind, IRI, properties and incoming links, and its
    RDF beside it, with what *template* shows more."""
    root = root_of(path)
    site.page(
        path,
        template,
        graph.label(node),
        rdf=True,
        kind=graph.kind(node),
        iri=str(node),
        rows=graph.rows(node, root),
        incoming=graph.incoming(node, root),
        **extra,
    )
