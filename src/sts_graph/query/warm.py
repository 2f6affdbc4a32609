"""Queries that start warm: the committed data and its closure kept in a pyoxigraph
store on disk (RocksDB), in the cache folder.

The store's folder is named by a hash of everything it holds (the ontology, the
Turtle files, the reasoner and the versions that compute the closure), computed
from the bytes it is then made of (each file read once): changed data gets a new
store, made on first use, and a build racing it never saves one version's data
under another's name. Each file of a store is checked against its recorded
SHA-256 on open; a damaged store is made anew. It is made in a temporary folder and
renamed into place whole, so a reader never sees half a store; two processes
making the same one both finish, and the second keeps the first's. Stores are
only ever opened read-only, which any number of processes may do at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from importlib.metadata import version
from pathlib import Path

from rdflib import URIRef

from sts_graph import reason
from sts_graph.core.durable import settle, temporary_folder
from sts_graph.core.errors import OutputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import GRAPH_INFERRED
from sts_graph.core.paths import CACHE_DIR, ONTOLOGY_FILE, TURTLE_DIR
from sts_graph.rdf.engine import make_disk_store
from sts_graph.rdf.store import DiskStore

LAYOUT = "3"  # how a store is made (changed with it, so that older ones are made anew)
KEPT_STORES = 3  # the most recently used stores kept; older ones go after an idle hour
IDLE = 3600.0


def store_key(inputs: list[reason.Document], reasoner: str | None) -> str:
    """The name of the store holding the documents *inputs* (and their closure by
    *reasoner*, if any)."""
    digest = hashlib.sha256(f"{LAYOUT} {version('pyoxigraph')}".encode())
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
    folder = reason.cache_folder(cache) / f"store-{key}"
    if whole(folder):
        os.utime(folder)  # recently used: kept by the pruning
        return DiskStore(folder)
    shutil.rmtree(folder, ignore_errors=True)  # damaged: made anew, never used
    from sts_graph.reason.dataset import closure_of, graph_name

    loads = [(path, data, graph_name(path)) for path, data in inputs]
    if reasoning:  # the closure of those very bytes, whatever the files hold meanwhile
        closure = closure_of(inputs, reasoner, cache=cache)
        loads += [(p, p.read_bytes(), GRAPH_INFERRED) for p in closure]
    _make(folder, loads)
    _prune(cache)
    return DiskStore(folder)


def _make(folder: Path, loads: list[tuple[Path, bytes, URIRef]]) -> None:
    """Load each (file, its bytes, graph) into a new store in a temporary folder, then
    rename it into place (another process's, if it got there first, is kept)."""
    staging = temporary_folder(folder.parent, folder.name)
    try:
        make_disk_store(staging, loads)
        (staging / MANIFEST).write_text(json.dumps(_files(staging)), encoding="utf-8")
        settle(staging, folder)
    except OSError as error:
        raise OutputError(f"{display_path(folder)}: cannot make the store: {error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


MANIFEST = "sts-graph-files.json"  # in a store's folder: each file's size and SHA-256


def _files(folder: Path) -> dict[str, list]:
    return {
        p.name: [p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest()]
        for p in sorted(folder.iterdir())
        if p.name != MANIFEST
    }


def whole(folder: Path) -> bool:
    """Whether *folder* holds a store with every file it was made with, byte for byte
    (a block altered in place, its size unchanged, fails its file's digest)."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return listed == _files(folder)
    except (OSError, ValueError):
        return False


def _prune(cache: Path) -> None:
    """Remove the stores beyond the :data:`KEPT_STORES` most recently used that nobody
    used for an hour (a reader may still have one open)."""
    stores = sorted(cache.glob("store-*"), key=reason.last_used, reverse=True)
    for old in stores[KEPT_STORES:]:
        if time.time() - reason.last_used(old) > IDLE:
            shutil.rmtree(old, ignore_errors=True)
