"""Queries that start warm: the committed data and its closure kept in a pyoxigraph
store on disk (RocksDB), in the cache folder.

The store's folder is named by a hash of everything it holds (the ontology, the
Turtle files, the reasoner and the versions that compute the closure), computed
from the bytes it is then made of (each file read once): changed data gets a new
store, made on first use, and a build racing it never saves one version's data
under another's name. A store is an entry of the cache (:mod:`sts_graph.core.cache`):
checked file by file against its manifest, made anew when damaged, swapped in
whole. Stores are only ever opened read-only, which any number of processes may
do at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sts_graph import reason
from sts_graph.core.cache import cached, prepared, prune
from sts_graph.core.paths import CACHE_DIR, ONTOLOGY_FILE, TURTLE_DIR
from sts_graph.rdf.disk import DiskStore, engine_version, make_disk_store

LAYOUT = "3"  # how a store is made (changed with it, so that older ones are made anew)
KEPT_STORES = 3  # the most recently used stores kept (with those used within the hour)


def store_key(inputs: list[reason.Document], reasoner: str | None) -> str:
    """The name of the store holding the documents *inputs* (and their closure by
    *reasoner*, if any)."""
    digest = hashlib.sha256(f"{LAYOUT} {engine_version()}".encode())
    if reasoner is not None:  # a hash of the inputs, the reasoner and its version
        digest.update(reason.inputs_key(inputs, reasoner).encode())
    else:
        for path, data in inputs:
            digest.update(path.name.encode() + data)
    return f"{reasoner or 'asserted'}-{digest.hexdigest()[:16]}"


def warm_store(
    reasoning: bool = True,
    reasoner: str = reason.DEFAULT_REASONER,
    turtle: Path = TURTLE_DIR,
    cache: Path = CACHE_DIR,
) -> DiskStore:
    """The read-only store of the Turtle files of *turtle* (with their closure unless
    told not to), made first if the data changed since it was last made."""
    inputs = reason.documents([ONTOLOGY_FILE, *sorted(turtle.glob("*.ttl"))])  # read once
    key = store_key(inputs, reasoner if reasoning else None)

    def make(folder: Path) -> None:  # what making it needs is imported only then
        from sts_graph.core.namespaces import GRAPH_INFERRED
        from sts_graph.reason.dataset import closure_of, graph_name

        loads = [(path, data, str(graph_name(path))) for path, data in inputs]
        if reasoning:  # the closure of those very bytes, whatever the files hold meanwhile
            closure = closure_of(inputs, reasoner, cache=cache)
            loads += [(p, p.read_bytes(), str(GRAPH_INFERRED)) for p in closure]
        make_disk_store(folder, loads)

    entry = cached(prepared(cache), "store", key, make)
    prune(cache, "store", KEPT_STORES)
    return DiskStore(entry)
