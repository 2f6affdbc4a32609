"""pyoxigraph's own stores, for the stages that drive the engine directly: the working
store the OWL RL rules update in place and the native validator queries, and a dump
answered in the engine's own results formats. Terms go in and out as rdflib's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from sts_graph.core.files import decode_utf8
from sts_graph.rdf.formats import engine_format, syntax_error
from sts_graph.rdf.terms import from_oxigraph, to_oxigraph
from sts_graph.rdf.write import Triple


def _triple(quad: Any) -> Triple:
    return (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))


class WorkingStore:
    """An in-memory store updated in place with SPARQL (the rules' fixpoint)."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._store = ox.Store()
        self._store.extend(ox.Quad(*map(to_oxigraph, t)) for t in triples)

    def load(self, path: Path, data: bytes, fmt: str = "turtle") -> None:
        """Parse *data* read from *path* (``turtle`` or ``ntriples``) into the default
        graph; a syntax error names the file and line."""
        try:
            text = decode_utf8(path, data)
            self._store.load(text, format=engine_format(fmt), base_iri=path.resolve().as_uri())
        except SyntaxError as error:
            raise syntax_error(path, error) from None

    def select(self, sparql: str) -> list[dict[str, Node]]:
        """The solutions of a SELECT query, each its bound variables."""
        solutions = self._store.query(sparql)
        assert isinstance(solutions, self._ox.QuerySolutions), "a SELECT query"
        names = [v.value for v in solutions.variables]
        return [
            {name: from_oxigraph(s[name]) for name in names if s[name] is not None}
            for s in solutions
        ]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""
        self._store.update(sparql)

    def __len__(self) -> int:
        return len(self._store)

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        """The objects of (*subject*, *predicate*) in any graph."""
        found = self._store.quads_for_pattern(to_oxigraph(subject), to_oxigraph(predicate), None)
        return [from_oxigraph(q.object) for q in found]

    def pairs(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        """The (subject, object) pairs of *predicate* in any graph."""
        found = self._store.quads_for_pattern(None, to_oxigraph(predicate), None)
        return [(from_oxigraph(q.subject), from_oxigraph(q.object)) for q in found]

    def triples(self, graph: URIRef | None = None) -> list[Triple]:
        """The triples of the named graph *graph*, or of every graph."""
        name = None if graph is None else to_oxigraph(graph)
        return [_triple(q) for q in self._store.quads_for_pattern(None, None, None, name)]

    def select_triples(self, select: str) -> list[Triple]:
        """The rows ``?s ?p ?o`` of the SELECT query *select*, as triples."""
        return [_triple(ox_triple) for ox_triple in self._rows(select)]

    def ntriples(self, select: str) -> bytes:
        """The rows ``?s ?p ?o`` of the SELECT query *select*, as sorted N-Triples."""
        text = self._ox.serialize(self._rows(select), format=engine_format("ntriples")) or b""
        return b"".join(sorted(text.splitlines(keepends=True)))

    def _rows(self, select: str) -> list[Any]:
        solutions = self._store.query(select)
        assert isinstance(solutions, self._ox.QuerySolutions), "a SELECT query"
        return [self._ox.Triple(r["s"], r["p"], r["o"]) for r in solutions]


def load_dump(path: Path) -> Any:
    """An in-memory store of the N-Quads dump *path* (raises OSError, SyntaxError)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(path), format=engine_format("nquads"))
    return store


def write_answer(store: Any, query: str, results_format: str, sink: Any) -> str | None:
    """Evaluate *query* over the union of *store*'s graphs and write its answer to
    *sink*: solutions in pyoxigraph's ``QueryResultsFormat`` *results_format*, triples
    in N-Triples (then their media type is returned). Raises SyntaxError for a query
    that does not parse, OSError for one that fails as its answer is written."""
    import pyoxigraph as ox

    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        result.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        return "application/n-triples"
    result.serialize(sink, format=getattr(ox.QueryResultsFormat, results_format))
    return None
