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
from pathlib import Path

from sts_graph.rdf.disk import engine_version

REASONER_NAMES = ("rules", "reasonable", "owlrl")
DEFAULT_REASONER = "rules"
RULES_SOURCE = Path(__file__).with_name("rules.py")  # the rules engine: its code is its version

Document = tuple[Path, bytes]  # a Turtle file (named for messages and as base IRI) and its bytes


def documents(files: list[Path]) -> list[Document]:
    """*files* read, each with its path."""
    return [(path, path.read_bytes()) for path in files]


def inputs_key(inputs: list[Document], engine: str) -> str:
    """A hash of the files a closure is computed from, and of the reasoner and its
    version (for the rules engine, pyoxigraph's and the rules' code)."""
    if engine == "rules":
        digest = hashlib.sha256(f"{engine} {engine_version()}".encode())
        digest.update(RULES_SOURCE.read_bytes())
    else:
        from importlib.metadata import version

        digest = hashlib.sha256(f"{engine} {version(engine)}".encode())
    for path, data in sorted(inputs, key=lambda document: document[0].name):
        digest.update(path.name.encode())
        digest.update(data)
    return digest.hexdigest()[:16]
