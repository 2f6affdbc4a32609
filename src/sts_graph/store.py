"""The one small interface between the stages and the RDF engine.

The stages only call :class:`Store` methods; the embedded default keeps named
graphs in an rdflib :class:`~rdflib.Dataset`. Another engine (pyoxigraph, a
remote endpoint) implements the same methods.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from .errors import InputError
from .namespaces import ROOT, bind_prefixes


@dataclass(frozen=True)
class Rows:
    """A SELECT result: column names and rows of RDF terms (``None`` if unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the deprecated alias rdflib's Dataset still uses internally."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def display_path(path: Path) -> str:
    """*path* relative to the project when inside it, for messages."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file; a syntax error names the file and the line."""
    graph = graph if graph is not None else Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{display_path(path)}: cannot read: {error}") from error
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        why = getattr(error, "_why", str(error))
        raise InputError(
            f"{display_path(path)}:{error.lines + 1}: Turtle syntax error: {why}"
        ) from error
    except Exception as error:  # rdflib raises assorted errors for bad terms
        raise InputError(f"{display_path(path)}: Turtle error: {error}") from error
    return graph


class Store:
    """Named graphs of one dataset, queried with SPARQL 1.1."""

    def __init__(self) -> None:
        self._dataset = bind_prefixes(Dataset(default_union=True))

    def add_graph(self, name: URIRef, graph: Graph) -> None:
        """Replace the named graph *name* by the triples of *graph*."""
        with _quiet():
            self._dataset.remove_graph(name)
            target = self._dataset.graph(name)
        for triple in graph:
            target.add(triple)

    def load_turtle(self, path: Path, name: URIRef) -> None:
        """Parse *path* into the named graph *name* (replacing it)."""
        self.add_graph(name, parse_turtle(path))

    def copy(self, *names: URIRef) -> Graph:
        """A fresh graph holding the union of *names* (all graphs if none)."""
        out = bind_prefixes(Graph())
        sources: Iterable[Graph] = (
            [self._dataset.graph(n) for n in names] if names else self._dataset.graphs()
        )
        for source in sources:
            for triple in source:
                out.add(triple)
        return out

    def graph_names(self) -> list[URIRef]:
        """Names of the non-empty named graphs, sorted."""
        return sorted(
            g.identifier
            for g in self._dataset.graphs()
            if isinstance(g.identifier, URIRef) and len(g) > 0
        )

    def __len__(self) -> int:
        return sum(len(self._dataset.graph(n)) for n in self.graph_names())

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a SELECT query over the union of all graphs."""
        with _quiet():  # evaluation is lazy: rows are read inside
            result = self._dataset.query(sparql, initBindings=dict(bindings or {}))
            rows = [tuple(row) for row in result]
        return Rows([str(v) for v in result.vars or []], rows)  # type: ignore[arg-type]
