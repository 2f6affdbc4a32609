"""``sts-graph publish``: the whole static site, written to a staging folder and
moved into place only once complete."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS

from sts_graph.core.durable import clean_temporaries, swap_in, temporary_folder
from sts_graph.core.errors import NotConformingError, OutputError
from sts_graph.core.namespaces import CATALOGUE, DATASET, GRAPH_INFERRED, GRAPH_ONTOLOGY, VOID
from sts_graph.core.paths import LINKS_FILE, RELEASES_DIR
from sts_graph.core.progress import Stages
from sts_graph.core.releases import Release, releases
from sts_graph.publish.describe import check, description, git_dates, statistics
from sts_graph.publish.dumps import write_dumps
from sts_graph.publish.formats import RDF_VARIANTS
from sts_graph.publish.indexes import coverage, dispositifs, home
from sts_graph.publish.indicators import indicator_page
from sts_graph.publish.model import SiteGraph
from sts_graph.publish.ontology_docs import ontology_page
from sts_graph.publish.oqos import comparison
from sts_graph.publish.overview import departements
from sts_graph.publish.pages import resource_pages
from sts_graph.publish.paths import (
    DUMPS_PATH,
    LINKS_PATH,
    ONTOLOGY_PATH,
    PUBLISH_DIR,
    STATIC_PATH,
    VOID_PATH,
)
from sts_graph.publish.queries import query_pages, sparql_page
from sts_graph.publish.releases import description_of, release_pages
from sts_graph.publish.render import Site, root_of
from sts_graph.publish.search import search_page
from sts_graph.publish.swap import check_replaceable, locked, write_manifest
from sts_graph.rdf.store import Store
from sts_graph.rdf.write import serialize
from sts_graph.validate.report import Report


@dataclass(frozen=True)
class Published:
    """What a run wrote: resource pages, files, and the description's validation report."""

    resources: int
    files: int
    report: Report


def publish(
    out: Path,
    store: Store | None = None,
    sparql_endpoint: str | None = None,
    progress: Stages | None = None,
    release_folder: Path = RELEASES_DIR,
) -> Published:
    """Write the site of *store* (the committed data with its closure by default) to *out*,
    with the releases of *release_folder*: built beside it, then swapped in at once; a
    folder holding a file ``publish`` did not write is never replaced, and a second
    ``publish`` of *out* meanwhile is refused."""
    with locked(out):
        check_replaceable(out)
        clean_temporaries(out.parent)  # the staging folders of runs that were killed
        if store is None:
            from sts_graph.reason.dataset import committed_store

            store = committed_store(reasoning=True, progress=progress)
        staging = temporary_folder(out.parent, out.name)
        try:
            site = Site(staging)
            found = releases(release_folder)
            published = _write(store, site, sparql_endpoint, found, progress or Stages(None))
            write_manifest(staging)
            staging.chmod(0o755)
            swap_in(staging, out)  # staging now holds the previous site, if any
        except OSError as error:  # a full disk, a quota: the served site is untouched
            raise OutputError(
                f"{out}: cannot write the site: {error.strerror or error};"
                " the previous site is kept"
            ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return published


def _write(
    store: Store,
    site: Site,
    sparql_endpoint: str | None,
    found: list[Release],
    progress: Stages,
) -> Published:
    advance = progress.counter("site", len(SECTIONS) + 2, "dumps")
    graphs = {name: store.copy(name) for name in store.graph_names()}
    ontology = graphs.get(GRAPH_ONTOLOGY, Graph())
    data = [g for n, g in graphs.items() if n not in (GRAPH_ONTOLOGY, GRAPH_INFERRED)]
    dumps = write_dumps(store, graphs, site.out)
    site.page(f"{DUMPS_PATH}/index", "dumps.html", "Dumps du jeu de données", dumps=dumps)
    released = [(r.version, description_of(r)) for r in found]
    described = description(
        statistics(graphs), dumps, sparql_endpoint, git_dates(), releases=released
    )
    report = check(described)
    if not report.conforms:
        raise NotConformingError(
            "the dataset description does not conform to DCAT-AP 3", report.text()
        )
    advance("resource pages")
    graph = SiteGraph(chain(*data, described), graphs.get(GRAPH_INFERRED, Graph()), ontology)
    resources = resource_pages(graph, site)
    advance(SECTIONS[0].__name__)
    for position, section in enumerate(SECTIONS, 1):
        section(graph, site)
        advance(SECTIONS[position].__name__ if position < len(SECTIONS) else "")
    coverage(store, graph, site)  # the pages that show a saved question's answer
    comparison(store, graph, site)
    indicator_page(store, graph, site)
    dispositifs(store, graph, site)
    query_pages(store, graph, site)
    sparql_page(site)
    release_pages(found, graph, site)
    _dataset_page(graph, site, described)
    ontology_page(ontology, site)
    for fmt in RDF_VARIANTS:
        site.write(f"{ONTOLOGY_PATH}.{fmt}", serialize(ontology, fmt))
    site.write(LINKS_PATH, LINKS_FILE.read_bytes())  # the source of every link out
    for path in sorted((PUBLISH_DIR / STATIC_PATH).rglob("*")):  # style, scripts, vendored
        if path.is_file():
            site.write(path.relative_to(PUBLISH_DIR).as_posix(), path.read_bytes())
    return Published(resources, site.files, report)


SECTIONS = (home, departements, search_page)


def _dataset_page(graph: SiteGraph, site: Site, described: Graph) -> None:
    """``/.well-known/void``: the dataset description, in HTML and RDF."""
    root = root_of(VOID_PATH)
    site.page(
        VOID_PATH,
        "dataset.html",
        graph.label(DATASET),
        rdf=True,
        catalogue=graph.show(CATALOGUE, root),
        dataset=graph.show(DATASET, root),
        description=graph.value(DATASET, DCTERMS.description),
        rows=graph.rows(DATASET, root),
        distributions=[
            (
                graph.show(d, root),
                graph.show(graph.one(d, DCAT.downloadURL), root),
                graph.show(graph.one(d, DCTERMS.license), root),
            )
            for d in graph.objects(DATASET, DCAT.distribution)
        ],
        subsets=[
            (graph.show(s, root), graph.value(s, VOID.triples))
            for s in graph.objects(DATASET, VOID.subset)
        ],
    )
    for fmt in RDF_VARIANTS:
        site.write(f"{VOID_PATH}.{fmt}", serialize(described, fmt))
