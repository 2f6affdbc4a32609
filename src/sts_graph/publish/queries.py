"""A page per saved question: the question, its SPARQL, and its answer on the data."""

from __future__ import annotations

from ..namespaces import INDEX_PATHS
from ..query import run, saved
from ..store import Store
from .model import SiteGraph, Value
from .render import Site, root_of

QUERIES_PATH = INDEX_PATHS["queries"]


def query_pages(store: Store, graph: SiteGraph, site: Site) -> int:
    """Run every saved query with its default parameters; write its page and its ``.rq``."""
    listed = []
    for query in saved():
        path = f"{QUERIES_PATH}/{query.name}"
        root = root_of(path)
        rows = run(store, query.name)
        table = [[_cell(graph, v, root) for v in row] for row in rows]
        site.write(f"{path}.rq", query.text)
        site.page(
            path,
            "query.html",
            query.name,
            query=query,
            rq=f"{query.name}.rq",
            columns=rows.columns,
            table=table,
        )
        listed.append((query, len(rows)))
    site.page(QUERIES_PATH, "queries.html", "Questions posées au graphe", queries=listed)
    return len(listed)


def _cell(graph: SiteGraph, node, root: str) -> Value:
    if node is None:
        return Value("")
    return graph.show(node, root)
