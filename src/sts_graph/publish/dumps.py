"""The downloadable dumps the site ships: the whole dataset, and each named graph (in
Turtle and in RDF/XML, the format many linked-data clients read first)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from sts_graph.core.namespaces import GRAPHS
from sts_graph.publish.paths import DUMPS_PATH
from sts_graph.rdf.formats import DUMP_FORMATS, FORMATS
from sts_graph.rdf.store import Store
from sts_graph.rdf.write import serialize

DATASET_DUMPS = {fmt: f"sts-graph.{FORMATS[fmt].extension}" for fmt in DUMP_FORMATS}
GRAPH_DUMPS = ("turtle", "rdfxml")  # a named graph's formats


@dataclass(frozen=True)
class Dump:
    """One file of ``dumps/``: its site path, format, and the named graph it holds
    (``None`` for the whole dataset)."""

    path: str
    fmt: str
    graph: URIRef | None
    triples: int
    size: int  # bytes
    sha256: str


def graph_file(name: URIRef, fmt: str) -> str:
    """``…/id/graph/departement/32`` in Turtle → ``departement-32.ttl``."""
    return str(name)[len(GRAPHS) :].replace("/", "-") + "." + FORMATS[fmt].extension


def write_dumps(store: Store, graphs: dict[URIRef, Graph], out: Path) -> list[Dump]:
    """Write the dataset (N-Quads, TriG) and each of its named *graphs* (Turtle, RDF/XML)
    under *out*/dumps; the dataset dumps are the store's own (:meth:`Store.dump`)."""
    folder = out / DUMPS_PATH
    (folder / "graph").mkdir(parents=True, exist_ok=True)
    total = len(store)
    dumps = []
    for fmt, name in DATASET_DUMPS.items():
        dumps.append(_write(out, f"{DUMPS_PATH}/{name}", store.dump(fmt), fmt, None, total))
    for name, graph in sorted(graphs.items()):
        for fmt in GRAPH_DUMPS:
            path = f"{DUMPS_PATH}/graph/{graph_file(name, fmt)}"
            data = serialize(graph, FORMATS[fmt].extension)
            dumps.append(_write(out, path, data, fmt, name, len(graph)))
    return dumps


def _write(out: Path, path: str, data: bytes, fmt: str, graph: URIRef | None, triples: int) -> Dump:
    (out / path).write_bytes(data)
    return Dump(path, fmt, graph, triples, len(data), hashlib.sha256(data).hexdigest())
