"""The OWL 2 RL rules the ontology uses, as SPARQL updates pyoxigraph runs to a fixpoint.

Each rule is one ``INSERT … WHERE`` whose conclusion is added to the data and,
when new, recorded in a working graph: the closure is what that graph holds at
the fixpoint, kept as :func:`sts_graph.reason.entail.kept` keeps any engine's output.
Every round is a few indexed joins over the data, so the time grows linearly with
it and runs in Rust. The rules are those of the OWL 2 RL profile (W3C, tables 4–9)
for the axioms the ontology states: class and property hierarchies and
equivalences, domains and ranges, inverse, symmetric and transitive properties,
property chains (one rule compiled per chain), (inverse-)functional properties and
the equality they entail. An input using an axiom with another rule (``owl:hasValue``,
``owl:someValuesFrom``…) is refused, so the closure is never silently short; owlrl
(``--reasoner owlrl``) applies them all. Equality is entailed between resources
only: a functional property with two literal values is a SHACL violation, not a
``sameAs`` between literals.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import GRAPH_INFERRED, PREFIXES
from sts_graph.rdf.engine import WorkingStore
from sts_graph.rdf.write import Triple

PROLOGUE = "".join(f"PREFIX {prefix}: <{space}>\n" for prefix, space in PREFIXES.items())

# (name in the OWL 2 RL tables, conclusion, premises)
RULES: tuple[tuple[str, str, str], ...] = (
    ("cax-sco", "?x a ?d .", "?c rdfs:subClassOf ?d . ?x a ?c ."),
    ("cax-eqc1", "?x a ?d .", "?c owl:equivalentClass ?d . ?x a ?c ."),
    ("cax-eqc2", "?x a ?c .", "?c owl:equivalentClass ?d . ?x a ?d ."),
    ("prp-dom", "?x a ?c .", "?p rdfs:domain ?c . ?x ?p ?y ."),
    ("prp-rng", "?y a ?c .", "?p rdfs:range ?c . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    ("prp-spo1", "?x ?q ?y .", "?p rdfs:subPropertyOf ?q . ?x ?p ?y ."),
    ("prp-eqp1", "?x ?q ?y .", "?p owl:equivalentProperty ?q . ?x ?p ?y ."),
    ("prp-eqp2", "?x ?p ?y .", "?p owl:equivalentProperty ?q . ?x ?q ?y ."),
    ("prp-inv1", "?y ?q ?x .", "?p owl:inverseOf ?q . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    ("prp-inv2", "?y ?p ?x .", "?p owl:inverseOf ?q . ?x ?q ?y . FILTER(!isLiteral(?y))"),
    ("prp-symp", "?y ?p ?x .", "?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    ("prp-trp", "?x ?p ?z .", "?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z ."),
    (
        "prp-fp",
        "?y owl:sameAs ?z .",
        "?p a owl:FunctionalProperty . ?x ?p ?y, ?z ."
        " FILTER(?y != ?z && !isLiteral(?y) && !isLiteral(?z))",
    ),
    (
        "prp-ifp",
        "?x owl:sameAs ?y .",
        "?p a owl:InverseFunctionalProperty . ?x ?p ?z . ?y ?p ?z . FILTER(?x != ?y)",
    ),
    ("eq-sym", "?y owl:sameAs ?x .", "?x owl:sameAs ?y ."),
    ("eq-trans", "?x owl:sameAs ?z .", "?x owl:sameAs ?y . ?y owl:sameAs ?z ."),
    ("eq-rep-s", "?t ?p ?o .", "?s owl:sameAs ?t . ?s ?p ?o ."),
    ("eq-rep-p", "?s ?q ?o .", "?p owl:sameAs ?q . ?s ?p ?o ."),
    ("eq-rep-o", "?s ?p ?t .", "?o owl:sameAs ?t . ?s ?p ?o ."),
    ("scm-sco", "?c rdfs:subClassOf ?e .", "?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e ."),
    ("scm-eqc1", "?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c .", "?c owl:equivalentClass ?d ."),
    ("scm-eqc2", "?c owl:equivalentClass ?d .", "?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c ."),
    (
        "scm-spo",
        "?p rdfs:subPropertyOf ?r .",
        "?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r .",
    ),
    (
        "scm-eqp1",
        "?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p .",
        "?p owl:equivalentProperty ?q .",
    ),
    (
        "scm-eqp2",
        "?p owl:equivalentProperty ?q .",
        "?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p .",
    ),
)

# Axioms whose OWL 2 RL rules are not in RULES: an input using one is refused.
UNSUPPORTED = (
    "hasValue", "someValuesFrom", "allValuesFrom", "intersectionOf", "unionOf", "oneOf",
    "maxCardinality", "maxQualifiedCardinality", "hasKey", "complementOf",
)  # fmt: skip
MAX_ROUNDS = 100  # far beyond any fixpoint of the ontology (3 rounds): a guard, not a limit
# the plans' closure is a third of their triples: a closure past this many times its
# input (or MIN_BASE triples for a small input), or longer than MAX_SECONDS, is an axiom
# entailing without end (a sub-property of owl:sameAs, a dense transitive relation)
MAX_GROWTH = 10
MIN_BASE = 100_000
MAX_SECONDS = 600.0
QUADS_PER_SOLUTION = 4  # two conclusions (scm-eqc1, scm-eqp1), each also recorded


def update(conclusion: str, premises: str, limit: int) -> str:
    """One rule as a SPARQL update: the conclusion added, and recorded when new, for at
    most *limit* solutions (a rule left unfinished goes on in the next round)."""
    return (
        f"{PROLOGUE}INSERT {{ {conclusion} GRAPH <{GRAPH_INFERRED}> {{ {conclusion} }} }}\n"
        f"WHERE {{ SELECT * WHERE {{ {premises} FILTER NOT EXISTS {{ {conclusion} }} }}"
        f" LIMIT {limit} }}"
    )


def chain_rules(store: WorkingStore) -> list[tuple[str, str, str]]:
    """One prp-spo2 rule per ``owl:propertyChainAxiom`` of *store* (its links in order)."""

    def first(subject: Node, predicate: URIRef) -> Node | None:
        return next(iter(store.objects(subject, predicate)), None)

    rules = []
    for prop, node in store.pairs(OWL.propertyChainAxiom):
        links = []
        while node != RDF.nil and (head := first(node, RDF.first)) is not None:
            links.append(head.n3())
            node = first(node, RDF.rest) or RDF.nil
        premises = " ".join(f"?u{i} {link} ?u{i + 1} ." for i, link in enumerate(links))
        rules.append((f"prp-spo2 {prop.n3()}", f"?u0 {prop.n3()} ?u{len(links)} .", premises))
    return rules


def check_supported(store: WorkingStore) -> None:
    """Refuse an input that states an axiom these rules do not apply."""
    for axiom in UNSUPPORTED:
        for subject, _ in store.pairs(OWL[axiom]):
            raise InputError(
                f"the rules reasoner does not apply owl:{axiom} (on {subject.n3()}):"
                " use --reasoner owlrl"
            )


def materialise(store: WorkingStore) -> int:
    """Apply the rules to *store* (its data in the default graph) until
    nothing new is entailed; returns the number of rounds. The growth and the time are
    checked after each rule (:data:`MAX_GROWTH`, :data:`MAX_SECONDS`), and no one
    application of a rule may add more than the growth left, so that a dense relation
    cannot take the memory of billions of conclusions at once."""
    check_supported(store)
    compiled = [*RULES, *chain_rules(store)]
    bound = MAX_GROWTH * max(len(store), MIN_BASE)
    deadline = time.monotonic() + MAX_SECONDS
    for rounds in range(1, MAX_ROUNDS + 1):
        before = len(store)
        for name, conclusion, premises in compiled:
            # a solution adds at most QUADS_PER_SOLUTION quads: the limit passes the bound
            limit = (bound - len(store)) // QUADS_PER_SOLUTION + 1
            store.update(update(conclusion, premises, limit))
            held = len(store)
            if held > bound or time.monotonic() > deadline:
                why = f"{held:,} triples" if held > bound else f"{MAX_SECONDS:g} s"
                raise InputError(
                    f"the closure stopped at rule {name}, round {rounds}: it passed {why}"
                    f" ({MAX_GROWTH} times its input, or {MAX_SECONDS:g} s), an axiom entailing"
                    " without end (a sub-property of owl:sameAs, a dense transitive property?)"
                )
        if len(store) == before:
            return rounds
    raise RuntimeError(f"no fixpoint after {MAX_ROUNDS} rounds")


def load(
    store: WorkingStore, turtle: Iterable[tuple[Path, bytes]], known: Iterable[Path] = ()
) -> None:
    """Parse Turtle documents (path, bytes) and the N-Triples of *known* closures into
    *store*'s default graph (what is known is not entailed again)."""
    for path, data in turtle:
        store.load(path, data)
    for path in known:
        store.load(path, path.read_bytes(), "ntriples")


def entailed(store: WorkingStore) -> list[Triple]:
    """The triples the rules recorded as new."""
    return store.triples(GRAPH_INFERRED)
