"""The OWL RL closure of :mod:`sts_graph.reason`: each engine, the filter every engine's
output goes through, and the closures cached on disk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, XSD
from rdflib.term import Node

from sts_graph.core.cache import found, prepared, prune, put
from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import BASE, GRAPH_INFERRED
from sts_graph.core.paths import CACHE_DIR
from sts_graph.core.progress import Stages
from sts_graph.core.workers import parallel_map
from sts_graph.rdf.engine import WorkingStore
from sts_graph.rdf.write import Triple
from sts_graph.reason import (
    DEFAULT_REASONER,
    REASONER_NAMES,
    Document,
    documents,
    inputs_key,
    rules,
)

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


REASONERS: dict[str, Callable[[Graph], Iterable[Triple]]] = dict(
    zip(REASONER_NAMES, (_rules, _reasonable, _owlrl), strict=True)
)
CACHE_ENTRIES = 256  # the closures kept (with those used within the hour)
CLOSURE = "closure.nt"  # the file of a closure's cache entry


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


def _reasoner(engine: str) -> Callable[[Graph], Iterable[Triple]]:
    try:
        return REASONERS[engine]
    except KeyError:
        known = ", ".join(REASONERS)
        raise InputError(f"unknown reasoner {engine!r} (reasoners: {known})") from None


# what the closure keeps of the entailed triples (see the module's docstring)
KEPT = f"""FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}"))
FILTER(?s != ?o || ?p NOT IN ({", ".join(n.n3() for n in sorted(REFLEXIVE))}))
FILTER(?p NOT IN ({", ".join(n.n3() for n in sorted(SCHEMA_GENERALISATIONS))}))
FILTER(?o NOT IN ({", ".join(n.n3() for n in sorted(TOP_AND_BOTTOM))}))"""


def kept(pattern: str = "?s ?p ?o") -> str:
    """The query of the triples ``?s ?p ?o`` of *pattern* that the closure keeps."""
    return f"SELECT ?s ?p ?o WHERE {{ {pattern} {KEPT} }}"


def _entailed(asserted: Graph, engine: str) -> WorkingStore:
    """What *engine* entails from *asserted* that is not asserted, in a store (owlrl's
    generalised triples, a literal as subject, are no RDF: left out)."""
    return WorkingStore(
        t
        for t in _reasoner(engine)(asserted)
        if isinstance(t[0], URIRef | BNode) and isinstance(t[1], URIRef) and t not in asserted
    )


def closure(asserted: Graph, engine: str = DEFAULT_REASONER) -> Graph:
    """The triples OWL RL entails from *asserted* that are not asserted (see above)."""
    inferred = Graph()
    for triple in _entailed(asserted, engine).select_triples(kept()):
        inferred.add(triple)
    return inferred


def closure_ntriples(
    inputs: list[Document], known: list[Path], engine: str = DEFAULT_REASONER
) -> bytes:
    """The closure of the Turtle *inputs* less the triples of the *known* closures
    (N-Triples files, read as asserted), as sorted N-Triples. The rules engine
    reasons in pyoxigraph; the others on an rdflib copy of what pyoxigraph parsed."""
    _reasoner(engine)
    store = WorkingStore()
    rules.load(store, inputs, known)
    if engine == "rules":
        rules.materialise(store)
        return store.ntriples(kept(f"GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }}"))
    asserted = Graph()
    for triple in store.triples():
        asserted.add(triple)
    return _entailed(asserted, engine).ntriples(kept())


def _write_closure(data: bytes, folder: Path) -> None:
    (folder / CLOSURE).write_bytes(data)


def cached_part(
    inputs: list[Document],
    known: list[Path],
    engine: str = DEFAULT_REASONER,
    cache: Path = CACHE_DIR,
) -> Path:
    """The N-Triples file of the closure of *inputs* less the *known* closures: an
    entry of the cache (:mod:`sts_graph.core.cache`), computed unless a whole one is
    there (a damaged one is computed again, never used)."""

    key = inputs_key(inputs, engine)
    entry = found(prepared(cache), "inferred", key)
    if entry is None:  # computed first: a worker stopped meanwhile leaves no staging folder
        data = closure_ntriples(inputs, known, engine)
        entry = put(cache, "inferred", key, partial(_write_closure, data))
    return entry / CLOSURE


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
    prepared(cache)
    common = cached_part(shared, [], engine, cache)

    def part(document: Document) -> Path:
        return cached_part([*shared, document], [common], engine, cache)

    stages = progress or Stages(None)
    names = [path.stem for path, _ in parts]
    paths = list(stages.track(parallel_map(part, parts), len(parts), "closure (OWL RL)", names))
    prune_closures(cache)
    return [common, *paths]


def prune_closures(cache: Path = CACHE_DIR) -> None:
    """The cache's pruning rule applied to the closures: :data:`CACHE_ENTRIES` kept."""
    prune(cache, "inferred", CACHE_ENTRIES)
