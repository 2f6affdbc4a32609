"""Stage 4: the OWL RL closure, kept apart from the asserted triples.

The closure (owlrl) of the committed data is cached on disk, keyed by a hash of
the ontology and data files, so that repeated queries do not recompute it.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from .namespaces import CACHE_DIR


def closure(asserted: Graph) -> Graph:
    """The RDF triples OWL RL entails from *asserted* that are not asserted (owlrl)."""
    from owlrl import DeductiveClosure, OWLRL_Semantics

    expanded = Graph()
    for triple in asserted:
        expanded.add(triple)
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    inferred = Graph()
    for triple in expanded:
        # owlrl also derives generalised triples (a literal as subject): not RDF, dropped
        if isinstance(triple[0], (URIRef, BNode)) and triple not in asserted:
            inferred.add(triple)
    return inferred


def inputs_key(files: list[Path]) -> str:
    """A hash of the files a closure is computed from, and of the reasoner's version."""
    digest = hashlib.sha256(f"owlrl {version('owlrl')}".encode())
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_closure(asserted: Graph, files: list[Path], cache: Path = CACHE_DIR) -> Graph:
    """:func:`closure`, read from the cache when *files* have not changed."""
    path = cache / f"inferred-{inputs_key(files)}.nt"
    if path.is_file():
        return Graph().parse(path, format="nt")
    inferred = closure(asserted)
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob("inferred-*.nt"):
        stale.unlink()
    tmp = path.with_suffix(".tmp")
    inferred.serialize(tmp, format="nt", encoding="utf-8")
    tmp.replace(path)
    return inferred
