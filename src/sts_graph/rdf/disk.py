"""The query store kept on disk: a pyoxigraph store in RocksDB, made once from files
and then only ever opened read-only, which any number of processes may do at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sts_graph.rdf.answers import Rows
from sts_graph.rdf.formats import engine_format, syntax_error


def engine_version() -> str:
    """pyoxigraph's version: a store or a closure another made is made again."""
    import pyoxigraph

    return str(pyoxigraph.__version__)


def make_disk_store(folder: Path, loads: Iterable[tuple[Path, bytes, str]]) -> None:
    """A store on disk in *folder*, holding each (file, its bytes, graph IRI),
    compacted; N-Triples by their suffix, else Turtle."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    for path, data, graph in loads:
        fmt = engine_format("ntriples" if path.suffix == ".nt" else "turtle")
        try:
            store.bulk_load(
                data, format=fmt, base_iri=path.resolve().as_uri(), to_graph=ox.NamedNode(graph)
            )
        except SyntaxError as error:
            raise syntax_error(path, error) from None
    store.optimize()  # compacted: queries twice as fast
    del store


class DiskStore:
    """The query side of a store :func:`make_disk_store` made, opened read-only when
    first asked, so that a forked child opens its own."""

    embedded = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: Any = None

    def select(self, sparql: str) -> Rows:
        """The answer of a SELECT query over the union of the graphs."""
        if self._store is None:
            import pyoxigraph

            self._store = pyoxigraph.Store.read_only(str(self.path))
        return Rows.of_oxigraph(self._store.query(sparql, use_default_graph_as_union=True))
