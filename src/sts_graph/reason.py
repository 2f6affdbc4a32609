"""Stage 4: the OWL RL closure, kept apart from the asserted triples.

Two engines compute it: ``reasonable`` (the default, a Rust OWL 2 RL reasoner,
about 20× faster) and ``owlrl`` (the reference, pure Python). ``reasonable`` does
not apply ``owl:propertyChainAxiom`` (rule prp-spo2), so the chains the ontology
declares are completed here, to a fixpoint with the other rules; it also types
plain literals as ``xsd:string``, which is undone. Both engines'
output is then filtered the same way into *the closure*:

* only statements about the project's own resources and terms (subjects under
  ``id/`` or ``ontology#``): OWL RL's axioms about ``xsd:``, ``rdf:`` or ``owl:``
  terms are left out;
* no tautologies (``x owl:sameAs x``, ``C rdfs:subClassOf C``…) and nothing about
  ``owl:Thing`` or ``owl:Nothing``;
* no ``rdfs:domain``/``rdfs:range`` generalisations (schema rules scm-dom/scm-rng,
  which ``reasonable`` does not apply and no query needs).

A test checks that the two engines give the same closure. It is computed
département by département and cached on disk, keyed by the engine and the
input files, so repeated queries do not recompute it (see :func:`cached_closure`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, XSD
from rdflib.term import Node

from .errors import InputError, OutputError
from .namespaces import BASE, CACHE_DIR
from .tempfiles import clean_temporaries, temporary

REFLEXIVE = frozenset(
    {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}
)
SCHEMA_GENERALISATIONS = frozenset({RDFS.domain, RDFS.range})
TOP_AND_BOTTOM = frozenset({OWL.Thing, OWL.Nothing})


Triple = tuple[Node, Node, Node]


def _owlrl(asserted: Graph) -> Iterable[Triple]:
    """Everything owlrl entails from *asserted*, asserted triples included."""
    from owlrl import DeductiveClosure, OWLRL_Semantics

    expanded = Graph()
    for triple in asserted:
        expanded.add(triple)
    DeductiveClosure(OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    return expanded


def _reasonable(asserted: Graph) -> Iterable[Triple]:
    """Everything ``reasonable`` entails from *asserted*, completed with the property
    chains it does not apply, to a fixpoint (each round appends the chained triples
    and lets ``reasonable`` materialise incrementally)."""
    import reasonable

    chains = chain_axioms(asserted)
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    while True:
        entailed = {(s, p, _plain(o)) for s, p, o in reasoner.reason()}
        chained = Graph()
        for triple in property_chains(chains, entailed):
            if triple not in entailed:
                chained.add(triple)
        if not chained:
            return entailed
        reasoner.from_graph(chained)


def _plain(node: Node) -> Node:
    """``"x"^^xsd:string`` as ``"x"``: the same RDF 1.1 term, which rdflib tells apart
    (``reasonable`` types every plain literal)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


REASONERS: dict[str, Callable[[Graph], Iterable[Triple]]] = {
    "reasonable": _reasonable,
    "owlrl": _owlrl,
}
DEFAULT_REASONER = "reasonable"
CACHE_ENTRIES = 256


def chain_axioms(ontology: Graph) -> list[tuple[Node, list[Node]]]:
    """Each property with an ``owl:propertyChainAxiom``, and the chain's links in order."""
    return [
        (prop, list(Collection(ontology, head)))
        for prop, head in ontology.subject_objects(OWL.propertyChainAxiom)
    ]


def property_chains(
    chains: list[tuple[Node, list[Node]]], triples: Iterable[Triple]
) -> Iterator[Triple]:
    """The triples the *chains* entail from *triples* (rule prp-spo2)."""
    links = {link for _prop, chain in chains for link in chain}
    edges: dict[Node, dict[Node, list[Node]]] = {link: defaultdict(list) for link in links}
    for subject, predicate, obj in triples:
        if predicate in edges:
            edges[predicate][subject].append(obj)
    for prop, chain in chains:
        pairs = {(s, o) for s, objects in edges[chain[0]].items() for o in objects}
        for link in chain[1:]:
            pairs = {(start, end) for start, middle in pairs for end in edges[link].get(middle, ())}
        for start, end in pairs:
            yield (start, prop, end)


def kept(triple: tuple) -> bool:
    """Whether an entailed triple belongs to the closure (see the module's docstring)."""
    subject, predicate, obj = triple
    if not isinstance(subject, URIRef) or not subject.startswith(BASE):
        return False
    if predicate in REFLEXIVE and subject == obj:
        return False
    return predicate not in SCHEMA_GENERALISATIONS and obj not in TOP_AND_BOTTOM


def closure(asserted: Graph, engine: str = DEFAULT_REASONER) -> Graph:
    """The triples OWL RL entails from *asserted* that are not asserted (see above)."""
    try:
        reasoner = REASONERS[engine]
    except KeyError:
        known = ", ".join(REASONERS)
        raise InputError(f"unknown reasoner {engine!r} (reasoners: {known})") from None
    inferred = Graph()
    for triple in reasoner(asserted):
        if kept(triple) and triple not in asserted:
            inferred.add(triple)
    return inferred


def inputs_key(files: list[Path], engine: str) -> str:
    """A hash of the files a closure is computed from, and of the reasoner and its version."""
    digest = hashlib.sha256(f"{engine} {version(engine)}".encode())
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_closure(
    shared: list[Path],
    parts: list[Path],
    asserted: Callable[[list[Path]], Graph],
    engine: str = DEFAULT_REASONER,
    cache: Path = CACHE_DIR,
    meanwhile: Callable[[], T] | None = None,
) -> tuple[list[Path], T | None]:
    """N-Triples files whose union is the closure of *shared* and *parts*, and what
    *meanwhile* returns: it runs in this process while the missing parts are
    computed in worker processes (the build validates meanwhile).

    The closure is computed part by part: the *shared* files (ontology, framework,
    vocabularies) alone, then with each part (a département) in turn, from the
    graph ``asserted(files)`` returns. A département's resources link to the shared
    ones, never to another département's, so no rule joins two parts and the union
    is the whole closure (a test checks it on the real data). Each file is cached,
    keyed by the reasoner and its inputs: a revised plan recomputes its part only,
    and memory stays bounded by the largest part. Each file ends with the SHA-256 of
    its content: a damaged one is recomputed, never used.
    """
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{cache}: cannot be the cache folder: {error.strerror or error}"
        ) from None
    clean_temporaries(cache)
    paths, missing = [], []
    for files in [shared, *([*shared, part] for part in parts)]:
        path = cache / f"inferred-{inputs_key(files, engine)}.nt"
        if intact(path):
            path.touch()  # recently used: kept by the pruning below
        else:
            missing.append((files, path, engine))
        paths.append(path)
    result = _compute_all(missing, asserted, meanwhile or (lambda: None))
    _prune(cache)
    return paths, result


_Job = tuple[list[Path], Path, str]
T = TypeVar("T")
_asserted: Callable[[list[Path]], Graph] | None = None  # what forked workers read from


def _compute(job: _Job) -> None:
    """Write one part's closure to its cache file (through a temporary file, named by
    this process), with the SHA-256 of its content as its last line."""
    files, path, engine = job
    assert _asserted is not None
    data = closure(_asserted(files), engine).serialize(format="nt", encoding="utf-8")
    trailer = f"{CHECKSUM}{hashlib.sha256(data).hexdigest()}\n".encode()
    fd, tmp = temporary(path.parent, path.stem)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data + trailer)
        os.replace(tmp, path)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


CHECKSUM = "# sha256 "  # the last line of a cache file: the hash of the lines before it


def intact(path: Path) -> bool:
    """Whether *path* is a whole cache file: its last line is the SHA-256 of the rest."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    content, _, last = data.rstrip(b"\n").rpartition(b"\n")
    digest = hashlib.sha256(content + b"\n").hexdigest()
    return bool(content) and last == f"{CHECKSUM}{digest}".encode()


def _compute_all(
    jobs: list[_Job], asserted: Callable[[list[Path]], Graph], meanwhile: Callable[[], T]
) -> T:
    """Compute the missing parts on every core, where processes can be forked (the
    workers inherit *asserted* and what it reads: nothing is pickled but paths),
    running *meanwhile* here in the meantime."""
    global _asserted
    _asserted = asserted
    try:
        if jobs and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            workers = min(len(jobs), os.cpu_count() or 1)
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_ignore_interrupts) as pool:
                pending = pool.map_async(_compute, jobs, chunksize=1)
                result = meanwhile()
                pending.get()
                return result
        for job in jobs:
            _compute(job)
        return meanwhile()
    finally:
        _asserted = None


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool), not a
    traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prune(cache: Path) -> None:
    """Keep the :data:`CACHE_ENTRIES` most recently used closures. Entries are never
    pruned by name, as another process (another engine, other data) may be using them."""
    entries = sorted(cache.glob("inferred-*.nt"), key=_used, reverse=True)
    for stale in entries[CACHE_ENTRIES:]:
        stale.unlink(missing_ok=True)


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # pruned by another process meanwhile
        return 0.0
