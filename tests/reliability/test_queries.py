"""Saved and file queries: hostile parameters, unknown names, syntax errors, slow
queries, and output read by a reader that leaves early (``| head``)."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import one_line_error
from rdflib import Graph, URIRef

from sts_graph.core.errors import QueryTimeoutError
from sts_graph.core.namespaces import iri
from sts_graph.endpoint import EndpointStore, count, remote_graphs
from sts_graph.query import run, saved
from sts_graph.rdf.answers import Literal
from sts_graph.rdf.store import OxigraphStore, Store
from sts_graph.rdf.terms import integer

from .runner import error_line
from .runner import run as cli

HOSTILE = [
    '"}; DROP ALL; #',
    "') } UNION { ?s ?p ?o } #",
    '""" } ; CLEAR DEFAULT ; #',
    "x> . ?s ?p ?o . <y",
    "a\nb\r\nc } #\n",
    "tab\tand\\\\back\\slash\\",
    "\\u0022) } #",
]
ECHO = "# Question: the value of a parameter, echoed\n# Param: value (string) — any text\n"
ECHO += 'SELECT ?value\nWHERE {\n  VALUES ?value { "x" }\n}\n'


def counts(store: Store) -> dict[URIRef, int]:
    return {name: store.count(name) for name in store.graph_names()}


@pytest.fixture
def echo(tmp_path: Path) -> Path:
    """A query that answers the value of its parameter ``value``."""
    path = tmp_path / "echo.rq"
    path.write_text(ECHO, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.case(
    "Queries",
    'parameters that try to inject SPARQL (`"}; DROP ALL; #`, quotes, newlines, `>`)',
    "bound as one literal: the query answers the exact value, saved queries nothing,"
    " every graph keeps its triples",
)
def test_hostile_parameters_on_the_embedded_store(store, echo, value):
    before = counts(store)
    assert run(store, str(echo), {"value": value}).rows == [(Literal(value),)]
    assert len(run(store, "recherche-actions", {"motif": value})) == 0
    assert len(run(store, "actions-objectif", {"code": value})) == 0
    assert counts(store) == before


@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.case(
    "Queries",
    'parameters that try to inject SPARQL (`"}; DROP ALL; #`, quotes, newlines, `>`)',
    "bound as one literal: the query answers the exact value, saved queries nothing,"
    " every graph keeps its triples",
)
def test_hostile_parameters_on_the_server(store, oxigraph, echo, value):
    remote = EndpointStore(oxigraph.endpoint)
    assert run(remote, str(echo), {"value": value}).rows == [(Literal(value),)]
    assert len(run(remote, "actions-objectif", {"code": value})) == 0
    assert remote_graphs(oxigraph.endpoint) == store.graph_names()
    assert {name: count(oxigraph.endpoint, name) for name in store.graph_names()} == counts(store)


@pytest.mark.case(
    "Queries",
    "an unknown query name or query file",
    "exit 2: one line naming it (and the saved queries), before any data is loaded",
)
def test_an_unknown_query(tmp_path):
    known = ", ".join(q.name for q in saved())
    result = cli("query", "no-such-question")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"sts-graph: unknown query 'no-such-question' (saved queries: {known})\n"
    missing = tmp_path / "missing.rq"
    result = cli("query", str(missing))
    assert (result.code, result.err) == (2, f"sts-graph: {missing}: no such query file\n")


SYNTAX_ERRORS = {  # a query text, the line and column the engine points at
    "typo in a pattern": (
        'SELECT ?x\nWHERE {\n  VALUES ?motif { "" }\n  ?x <a b> ?z .\n}\n',
        4,
        11,
    ),
    "after the group": ('SELECT ?x\nWHERE {\n  VALUES ?motif { "" }\n}\nLIMIT x\n', 5, 7),
}


@pytest.mark.parametrize(("text", "line", "column"), SYNTAX_ERRORS.values(), ids=SYNTAX_ERRORS)
@pytest.mark.case(
    "Queries",
    "a query file with a syntax error",
    "exit 2: FILE:LINE: SPARQL syntax error at column C, the file's own line"
    " even with parameters bound",
)
def test_a_query_file_with_a_syntax_error(tmp_path, text, line, column):
    path = tmp_path / "broken.rq"
    path.write_text(f"# Question: broken\n# Param: motif (string) — text\n{text}", encoding="utf-8")
    result = cli("query", str(path), "--param", "motif=a\nb\nc", "--no-reason")
    found, message = error_line(result, "broken.rq")
    assert found == line + 2
    assert message.startswith(f"SPARQL syntax error at column {column}: expected ")


def cross_join_store(size: int) -> OxigraphStore:
    """A store of *size* numbered triples, on which :data:`SLOW` takes size³ steps."""
    graph, value = Graph(), iri("test", "value")
    for n in range(size):
        graph.add((iri("test", str(n)), value, integer(n)))
    store = OxigraphStore()
    store.add_graph(iri("test", "graph"), graph)
    return store


SLOW = "# Question: every triple against every other, slow on purpose\n"
SLOW += "SELECT (COUNT(*) AS ?n)\nWHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . FILTER(?x + ?y > ?z) }\n"


@pytest.fixture
def slow(tmp_path: Path) -> Path:
    path = tmp_path / "slow.rq"
    path.write_text(SLOW, encoding="utf-8")
    return path


@pytest.mark.case(
    "Queries",
    "a query that runs too long",
    "stopped at --timeout (default 30 s): exit 2, one line FILE: stopped after N s (--timeout);"
    " the same from the library",
)
def test_a_slow_query_is_stopped_from_the_command_line(slow):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", "query", str(slow), "--timeout", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert one_line_error(result, code=2) == f"sts-graph: {slow}: stopped after 1 s (--timeout)"
    assert result.stdout == ""
    assert elapsed < 30  # unstopped, it runs for minutes on the committed data


@pytest.mark.case(
    "Queries",
    "a query that runs too long",
    "stopped at --timeout (default 30 s): exit 2, one line FILE: stopped after N s (--timeout);"
    " the same from the library",
)
def test_a_slow_query_is_stopped_from_the_library(slow, store):
    small = cross_join_store(200)  # about 3 s unstopped, left to end in the background
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"slow\.rq: stopped after 0\.25 s \(--timeout\)$"):
        run(small, str(slow), timeout=0.25)
    assert time.monotonic() - started < 1.5
    assert multiprocessing.active_children() == [], "the query really stopped"
    assert run(store, "oqos", timeout=30).rows == run(store, "oqos").rows


@pytest.mark.parametrize(
    "command",
    [["queries"], ["query", "oqos", "--format", "csv"], ["dump"]],
    ids=lambda c: c[0],
)
@pytest.mark.case(
    "Queries",
    "output piped to `head`, which stops reading early",
    "exit 141 as a Unix tool cut short by SIGPIPE, nothing on stderr",
)
def test_a_reader_that_leaves_early(command):
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    process.stdout.close()  # gone before the command writes a byte
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (141, b"")


HUNGRY = "# Question: every pair of triples, ordered\n"
HUNGRY += "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f\n"


@pytest.mark.case(
    "Queries",
    "a query that needs more memory than it may take (every pair of triples, ordered)",
    "stopped at --memory (default 4 GB): exit 2, one line FILE: stopped: the query needed"
    " more than N GB (--memory); the machine never runs out",
)
def test_a_memory_hungry_query_is_stopped(tmp_path):
    hungry = tmp_path / "hungry.rq"
    hungry.write_text(HUNGRY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", "query", str(hungry), "--memory", "0.5"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert one_line_error(result, code=2) == (
        f"sts-graph: {hungry}: stopped: the query needed more than 0.5 GB (--memory)"
    )
    assert result.stdout == ""


@pytest.mark.case(
    "Queries",
    "the engine crashes under a query (a signal, not its memory bound)",
    "one line: the query crashed the engine (SIGSEGV), never taken for lack of memory",
)
def test_a_crashing_engine_is_reported_as_a_crash(monkeypatch):
    import os
    import signal

    from sts_graph import query as query_module
    from sts_graph.core.child import bounded
    from sts_graph.core.errors import QueryCrashError

    def crash() -> None:
        os.kill(os.getpid(), signal.SIGSEGV)

    monkeypatch.setattr(
        query_module, "bounded", lambda call, seconds, memory: bounded(crash, seconds, memory)
    )
    store = OxigraphStore()
    with pytest.raises(QueryCrashError) as raised:
        run(store, "objectifs-par-departement", timeout=30, memory=1 << 30)
    assert str(raised.value) == (
        "queries/objectifs-par-departement.rq: the query crashed the engine (SIGSEGV);"
        " the store is unchanged"
    )
