"""The one small interface between the stages and the RDF engine.

The stages only call :class:`Store` methods and see rdflib terms. Two engines
implement it: pyoxigraph (:class:`OxigraphStore`, the default: it parses and
queries an order of magnitude faster) and rdflib's in-memory
:class:`~rdflib.Dataset` (:class:`RdflibStore`, the reference the tests compare
it with). A SPARQL server answers the query side through
:class:`sts_graph.endpoint.EndpointStore`.
"""

from __future__ import annotations

import logging
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path, read_text
from sts_graph.core.namespaces import PREFIXES, bind_prefixes
from sts_graph.rdf.answers import Rows
from sts_graph.rdf.formats import engine_format, syntax_error
from sts_graph.rdf.terms import from_oxigraph, to_oxigraph


class _Collector(logging.Handler):
    """A logging handler that keeps the records it is given."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the deprecated alias rdflib's Dataset still uses internally."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def check_turtle(path: Path, text: str) -> None:
    """Fail naming the file and line where *text* is not strict Turtle.

    rdflib accepts some broken files (an IRI with a space) and fails on others
    without a line (a file cut inside a string); pyoxigraph's parser says where.
    """
    import pyoxigraph

    try:
        for _quad in pyoxigraph.parse(
            text, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        ):
            pass
    except SyntaxError as error:
        raise syntax_error(path, error) from None


@contextmanager
def _records(logger: str) -> Iterator[list[logging.LogRecord]]:
    """What *logger* logs inside the block, collected instead of printed."""
    records: list[logging.LogRecord] = []
    handler = _Collector(records)
    log = logging.getLogger(logger)
    log.addHandler(handler)
    propagate, log.propagate = log.propagate, False
    try:
        yield records
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def _ill_typed(path: Path, text: str, graph: Graph, logged: str) -> InputError:
    """An error naming the first ill-typed literal *text* prints (``"x"^^xsd:integer``)."""
    found = sorted(
        (text.find(f'"{o}"'), str(o), str(o.datatype))
        for o in set(graph.objects())
        if isinstance(o, Literal) and o.ill_typed
    )
    located = [f for f in found if f[0] >= 0] or found
    if not located:
        return InputError(f"{display_path(path)}: Turtle error: {logged}")
    at, lexical, datatype = located[0]
    where = f":{text.count(chr(10), 0, at) + 1}" if at >= 0 else ""
    return InputError(f'{display_path(path)}{where}: ill-typed literal "{lexical}"^^<{datatype}>')


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file with rdflib; an error names the file and the line."""
    graph = graph if graph is not None else Graph()
    text = read_text(path)
    check_turtle(path, text)
    with _records("rdflib.term") as ill_typed:
        try:
            graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
        except BadSyntax as error:
            why = getattr(error, "_why", str(error))
            raise InputError(
                f"{display_path(path)}:{error.lines + 1}: Turtle syntax error: {why}"
            ) from error
        except Exception as error:  # rdflib raises assorted errors for bad terms
            raise InputError(f"{display_path(path)}: Turtle error: {error}") from error
    if ill_typed:
        raise _ill_typed(path, text, graph, ill_typed[0].getMessage())
    return graph


def _paths(path: Path | Iterable[Path]) -> list[Path]:
    return [path] if isinstance(path, Path) else list(path)


class Store(ABC):
    """Named graphs of one dataset, queried with SPARQL 1.1 over their union."""

    embedded = True

    @abstractmethod
    def add_graph(self, name: URIRef, graph: Graph) -> None:
        """Replace the named graph *name* by the triples of *graph*."""

    @abstractmethod
    def load_turtle(self, path: Path | Iterable[Path], name: URIRef) -> None:
        """Parse one Turtle file, or several, into the named graph *name* (replacing it;
        nothing is replaced if a file does not parse)."""

    @abstractmethod
    def copy(self, *names: URIRef) -> Graph:
        """A fresh rdflib graph holding the union of *names* (all graphs if none)."""

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """Names of the non-empty named graphs, sorted."""

    @abstractmethod
    def count(self, name: URIRef) -> int:
        """How many triples the named graph *name* holds."""

    @abstractmethod
    def select(self, sparql: str) -> Rows:
        """Run a SELECT query over the union of all graphs."""

    @abstractmethod
    def dump(self, fmt: str) -> bytes:
        """The whole dataset in one of :data:`DUMP_FORMATS`, byte-for-byte reproducible."""

    def __len__(self) -> int:
        return sum(self.count(n) for n in self.graph_names())

    def ntriples(self, name: URIRef) -> bytes:
        """The named graph *name* as N-Triples, lines sorted."""
        text = self.copy(name).serialize(format="nt", encoding="utf-8")
        return b"".join(sorted(set(text.splitlines(keepends=True))))


class RdflibStore(Store):
    """The reference engine: rdflib's in-memory dataset."""

    def __init__(self) -> None:
        self._dataset = bind_prefixes(Dataset(default_union=True))

    def add_graph(self, name: URIRef, graph: Graph) -> None:
        with _quiet():
            self._dataset.remove_graph(name)
            target = self._dataset.graph(name)
        for triple in graph:
            target.add(triple)

    def load_turtle(self, path: Path | Iterable[Path], name: URIRef) -> None:
        graph = Graph()
        for each in _paths(path):
            parse_turtle(each, graph)
        self.add_graph(name, graph)

    def copy(self, *names: URIRef) -> Graph:
        out = bind_prefixes(Graph())
        sources: Iterable[Graph] = (
            [self._dataset.graph(n) for n in names] if names else self._dataset.graphs()
        )
        for source in sources:
            for triple in source:
                out.add(triple)
        return out

    def graph_names(self) -> list[URIRef]:
        return sorted(
            g.identifier
            for g in self._dataset.graphs()
            if isinstance(g.identifier, URIRef) and len(g) > 0
        )

    def count(self, name: URIRef) -> int:
        return len(self._dataset.graph(name))

    def select(self, sparql: str) -> Rows:
        with _quiet():  # evaluation is lazy: rows are read inside
            return Rows.of_rdflib(self._dataset.query(sparql))

    def dump(self, fmt: str) -> bytes:
        native = OxigraphStore()
        for name in self.graph_names():
            native.add_graph(name, self._dataset.graph(name))
        return native.dump(fmt)


class OxigraphStore(Store):
    """The default engine: pyoxigraph, in memory.

    Oxigraph's store normalises literals as it indexes them (``"475"^^xsd:positiveInteger``
    is stored as ``xsd:integer``, ``"13.0"^^xsd:decimal`` as ``"13"``; oxigraph#526), as
    most SPARQL servers do. Queries use that index; the exact triples, which
    validation, reasoning and dumps need, are kept apart in one
    :class:`pyoxigraph.Dataset` per named graph.
    """

    def __init__(self) -> None:
        import pyoxigraph

        self._ox = pyoxigraph
        self._index = pyoxigraph.Store()
        self._exact: dict[URIRef, pyoxigraph.Dataset] = {}

    def _replace(self, name: URIRef, quads: Iterable) -> None:
        exact = self._ox.Dataset(quads)
        target = self._ox.NamedNode(name)
        if self._index.contains_named_graph(target):
            self._index.remove_graph(target)
        self._index.extend(exact)
        self._exact[name] = exact

    def add_graph(self, name: URIRef, graph: Graph) -> None:
        target = self._ox.NamedNode(name)
        self._replace(
            name,
            (
                self._ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)
                for s, p, o in graph
            ),
        )

    def load_turtle(self, path: Path | Iterable[Path], name: URIRef) -> None:
        target = self._ox.NamedNode(name)
        quads = []
        for each in _paths(path):  # all parsed before anything is replaced
            text = read_text(each)
            try:
                quads += [
                    self._ox.Quad(q.subject, q.predicate, q.object, target)
                    for q in self._ox.parse(
                        text,
                        format=self._ox.RdfFormat.TURTLE,
                        base_iri=each.resolve().as_uri(),
                        rename_blank_nodes=True,
                    )
                ]
            except SyntaxError as error:
                raise syntax_error(each, error) from None
        self._replace(name, quads)

    def _quads(self, names: tuple[URIRef, ...]) -> Iterator:
        for name in names or self.graph_names():
            yield from self._exact.get(name, ())

    def copy(self, *names: URIRef) -> Graph:
        out = bind_prefixes(Graph())
        add = out.add
        for quad in self._quads(names):
            add(
                (
                    from_oxigraph(quad.subject),
                    from_oxigraph(quad.predicate),
                    from_oxigraph(quad.object),
                )
            )
        return out

    def graph_names(self) -> list[URIRef]:
        return sorted(name for name, exact in self._exact.items() if len(exact))

    def count(self, name: URIRef) -> int:
        return len(self._exact.get(name, ()))

    def select(self, sparql: str) -> Rows:
        return Rows.of_oxigraph(self._index.query(sparql, use_default_graph_as_union=True))

    def dump(self, fmt: str) -> bytes:
        ox = self._ox
        dataset = ox.Dataset(self._quads(()))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = sorted(dataset, key=str)
        if fmt == "nquads":
            return ox.serialize(quads, format=engine_format(fmt))
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        return ox.serialize(quads, format=engine_format(fmt), prefixes=prefixes)


ENGINES: dict[str, type[Store]] = {"oxigraph": OxigraphStore, "rdflib": RdflibStore}
DEFAULT_ENGINE = "oxigraph"


def new_store(engine: str = DEFAULT_ENGINE) -> Store:
    """An empty store of the named engine."""
    try:
        return ENGINES[engine]()
    except KeyError:
        raise InputError(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)})") from None
