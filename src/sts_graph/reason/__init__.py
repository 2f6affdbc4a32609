"""Stage 4: the OWL RL closure, kept apart from the asserted triples.

Three engines compute it: ``rules`` (the default: the OWL 2 RL rules the ontology
uses, as SPARQL updates pyoxigraph runs to a fixpoint, see :mod:`sts_graph.reason.rules`),
``reasonable`` (a Rust OWL 2 RL reasoner driven through rdflib graphs) and
``owlrl`` (the reference, pure Python). ``reasonable`` does not apply
``owl:propertyChainAxiom`` (rule prp-spo2), so the chains the ontology declares
are completed here, to a fixpoint with the other rules; it also types plain
literals as ``xsd:string``, which is undone. Every engine's output is then
filtered the same way into *the closure*:

* only statements about the project's own resources and terms (subjects under
  ``id/`` or ``ontology#``): OWL RL's axioms about ``xsd:``, ``rdf:`` or ``owl:``
  terms are left out;
* no tautologies (``x owl:sameAs x``, ``C rdfs:subClassOf C``…) and nothing about
  ``owl:Thing`` or ``owl:Nothing``;
* no ``rdfs:domain``/``rdfs:range`` generalisations (schema rules scm-dom/scm-rng,
  which no query needs).

Tests check that the engines give the same closure. It is computed département
by département on every core and cached on disk, keyed by the engine and the
input files, so repeated queries do not recompute it (see :func:`cached_closure`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, XSD
from rdflib.term import Node

from sts_graph.core.durable import clean_temporaries, write_atomic
from sts_graph.core.errors import InputError, OutputError
from sts_graph.core.namespaces import BASE, GRAPH_INFERRED
from sts_graph.core.paths import CACHE_DIR
from sts_graph.core.progress import Stages
from sts_graph.core.workers import parallel_map
from sts_graph.rdf.engine import WorkingStore
from sts_graph.rdf.write import Triple, ntriples
from sts_graph.reason import rules

REFLEXIVE = frozenset(
    {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}
)
SCHEMA_GENERALISATIONS = frozenset({RDFS.domain, RDFS.range})
TOP_AND_BOTTOM = frozenset({OWL.Thing, OWL.Nothing})


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


def _rules(asserted: Graph) -> Iterable[Triple]:
    """Everything the rules of :mod:`sts_graph.reason.rules` entail from *asserted*."""
    store = WorkingStore(asserted)
    rules.materialise(store)
    return rules.entailed(store)


REASONERS: dict[str, Callable[[Graph], Iterable[Triple]]] = {
    "rules": _rules,
    "reasonable": _reasonable,
    "owlrl": _owlrl,
}
DEFAULT_REASONER = "rules"
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


def _reasoner(engine: str) -> Callable[[Graph], Iterable[Triple]]:
    try:
        return REASONERS[engine]
    except KeyError:
        known = ", ".join(REASONERS)
        raise InputError(f"unknown reasoner {engine!r} (reasoners: {known})") from None


def closure(asserted: Graph, engine: str = DEFAULT_REASONER) -> Graph:
    """The triples OWL RL entails from *asserted* that are not asserted (see above)."""
    inferred = Graph()
    for triple in _reasoner(engine)(asserted):
        if kept(triple) and triple not in asserted:
            inferred.add(triple)
    return inferred


KEPT = f"""FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}"))
FILTER(?s != ?o || ?p NOT IN ({", ".join(n.n3() for n in sorted(REFLEXIVE))}))
FILTER(?p NOT IN ({", ".join(n.n3() for n in sorted(SCHEMA_GENERALISATIONS))}))
FILTER(?o NOT IN ({", ".join(n.n3() for n in sorted(TOP_AND_BOTTOM))}))"""


Document = tuple[Path, bytes]  # a Turtle file (named for messages and as base IRI) and its bytes


def documents(files: list[Path]) -> list[Document]:
    """*files* read, each with its path."""
    return [(path, path.read_bytes()) for path in files]


def closure_ntriples(
    inputs: list[Document], known: list[Path], engine: str = DEFAULT_REASONER
) -> bytes:
    """The closure of the Turtle *inputs* less the triples of the *known* closures
    (N-Triples files, read as asserted), as sorted N-Triples. The rules engine
    reasons in pyoxigraph; the others on an rdflib copy of what pyoxigraph parsed."""
    reasoner = _reasoner(engine)
    store = WorkingStore()
    rules.load(store, inputs, known)
    if engine == "rules":
        rules.materialise(store)
        return store.ntriples(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} {KEPT} }}"
        )
    asserted = Graph()
    for triple in store.triples():
        asserted.add(triple)
    return ntriples(t for t in reasoner(asserted) if kept(t) and t not in asserted)


def inputs_key(inputs: list[Document], engine: str) -> str:
    """A hash of the files a closure is computed from, and of the reasoner and its version."""
    package = "pyoxigraph" if engine == "rules" else engine
    digest = hashlib.sha256(f"{engine} {version(package)}".encode())
    if engine == "rules":
        digest.update(repr(rules.RULES).encode())
    for path, data in sorted(inputs, key=lambda document: document[0].name):
        digest.update(path.name.encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def cache_folder(cache: Path = CACHE_DIR) -> Path:
    """*cache*, made if missing, its dead processes' temporary files removed."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{cache}: cannot be the cache folder: {error.strerror or error}"
        ) from None
    clean_temporaries(cache)
    return cache


def cached_part(
    inputs: list[Document],
    known: list[Path],
    engine: str = DEFAULT_REASONER,
    cache: Path = CACHE_DIR,
) -> Path:
    """The cache file of the closure of *inputs* less the *known* closures, computed
    (and written, with the SHA-256 of its content as its last line) unless an intact
    one is there; a damaged one is recomputed, never used."""
    path = cache / f"inferred-{inputs_key(inputs, engine)}.nt"
    if intact(path):
        path.touch()  # recently used: kept by the pruning
        return path
    data = closure_ntriples(inputs, known, engine)
    trailer = f"{CHECKSUM}{_named_digest(path, data)}\n".encode()
    write_atomic(path, data + trailer)
    return path


def cached_closure(
    shared: list[Path],
    parts: list[Path],
    engine: str = DEFAULT_REASONER,
    cache: Path = CACHE_DIR,
    progress: Stages | None = None,
) -> list[Path]:
    """N-Triples files whose union is the closure of *shared* and *parts* (see
    :func:`closure_of`), the files read here once."""
    return closure_of(documents(shared), documents(parts), engine, cache, progress)


def closure_of(
    shared: list[Document],
    parts: list[Document],
    engine: str = DEFAULT_REASONER,
    cache: Path = CACHE_DIR,
    progress: Stages | None = None,
) -> list[Path]:
    """N-Triples files whose union is the closure of the documents *shared* and *parts*.

    The closure is computed part by part: the *shared* files (ontology, framework,
    vocabularies) alone, then each part (a département) with them, less what the
    shared closure holds, on every core. A département's resources link to the
    shared ones, never to another département's, so no rule joins two parts and the
    union is the whole closure (a test checks it). Each file is cached, keyed by
    the reasoner and its inputs (the very bytes given, whatever the files hold
    meanwhile): a revised plan recomputes its part only, and memory stays bounded
    by the largest part.
    """
    _reasoner(engine)
    cache_folder(cache)
    common = cached_part(shared, [], engine, cache)

    def part(document: Document) -> Path:
        return cached_part([*shared, document], [common], engine, cache)

    stages = progress or Stages(None)
    names = [path.stem for path, _ in parts]
    paths = list(stages.track(parallel_map(part, parts), len(parts), "closure (OWL RL)", names))
    prune(cache)
    return [common, *paths]


CHECKSUM = "# sha256 "  # the last line of a cache file: the hash of its name and lines before


def intact(path: Path) -> bool:
    """Whether *path* is a whole cache file of its name: its last line is the SHA-256
    of its name and the rest (an entry moved under another's name is no entry)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    content, _, last = data.rstrip(b"\n").rpartition(b"\n")
    digest = _named_digest(path, content + b"\n" if content else b"")
    return last == f"{CHECKSUM}{digest}".encode()


def _named_digest(path: Path, data: bytes) -> str:
    """The SHA-256 of a cache entry's name and content."""
    return hashlib.sha256(path.name.encode() + b"\n" + data).hexdigest()


def prune(cache: Path = CACHE_DIR) -> None:
    """Keep the :data:`CACHE_ENTRIES` most recently used closures. Entries are never
    pruned by name, as another process (another engine, other data) may be using them."""
    entries = sorted(cache.glob("inferred-*.nt"), key=last_used, reverse=True)
    for stale in entries[CACHE_ENTRIES:]:
        stale.unlink(missing_ok=True)


def last_used(path: Path) -> float:
    """When a cache entry was last used (its modification time), 0 if it is gone."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # pruned by another process meanwhile
        return 0.0
