"""The downloadable dumps the site ships: the whole dataset, and each named graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ..namespaces import DUMPS_PATH, GRAPHS
from ..store import DUMP_FORMATS, Store
from .rdf import serialize

DATASET_DUMPS = {fmt: f"sts-graph{suffix}" for fmt, suffix in DUMP_FORMATS.items()}


@dataclass(frozen=True)
class Dump:
    """One file of ``dumps/``: its site path, format, and the named graph it holds
    (``None`` for the whole dataset)."""

    path: str
    fmt: str
    graph: URIRef | None
    triples: int


def graph_file(name: URIRef) -> str:
    """``…/id/graph/departement/32`` → ``departement-32.ttl``."""
    return str(name)[len(GRAPHS) :].replace("/", "-") + ".ttl"


def write_dumps(store: Store, graphs: dict[URIRef, Graph], out: Path) -> list[Dump]:
    """Write the dataset (N-Quads, TriG) and each of its named *graphs* (Turtle) under
    *out*/dumps; the dataset dumps are the store's own (:meth:`Store.dump`)."""
    folder = out / DUMPS_PATH
    (folder / "graph").mkdir(parents=True, exist_ok=True)
    total = len(store)
    dumps = []
    for fmt, name in DATASET_DUMPS.items():
        (folder / name).write_bytes(store.dump(fmt))
        dumps.append(Dump(f"{DUMPS_PATH}/{name}", fmt, None, total))
    for name, graph in sorted(graphs.items()):
        path = f"{DUMPS_PATH}/graph/{graph_file(name)}"
        (out / path).write_bytes(serialize(graph, "ttl"))
        dumps.append(Dump(path, "turtle", name, len(graph)))
    return dumps
