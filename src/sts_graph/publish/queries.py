"""A page per saved question: the question, its SPARQL, and its answer on the data."""

from __future__ import annotations

from rdflib import Literal

from ..namespaces import INDEX_PATHS
from ..query import SavedQuery, run, saved
from ..store import Rows, Store
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
        table = [[_cell(graph, v, root) for v in row] for row in _stable(query, rows)]
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


def _stable(query: SavedQuery, rows: Rows) -> list[tuple]:
    """The rows in an order that does not depend on the engine: the lists of the
    query's unordered columns sorted, and the rows sorted when it has no ORDER BY."""
    unordered = [column in query.unordered for column in rows.columns]
    stable = [
        tuple(
            Literal(" ".join(sorted(str(v).split(), key=_natural))) if loose and v else v
            for v, loose in zip(row, unordered, strict=True)
        )
        for row in rows
    ]
    return stable if query.ordered else sorted(stable, key=lambda r: [str(v) for v in r])


def _natural(token: str) -> tuple:
    return (not token.isdigit(), int(token) if token.isdigit() else 0, token)


def _cell(graph: SiteGraph, node, root: str) -> Value:
    if node is None:
        return Value("")
    return graph.show(node, root)
