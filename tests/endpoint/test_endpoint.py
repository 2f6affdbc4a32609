"""A real Oxigraph server: load, query, dump; how it fails is in ``tests/reliability``."""

from __future__ import annotations

import io

import pyoxigraph
import pytest
from helpers import MARKER, one_line_error, sts
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from sts_graph.core.namespaces import STAGING_GRAPHS, departement_graph
from sts_graph.endpoint import EndpointStore, count, load, put_graph, remote_graphs, select
from sts_graph.endpoint.oxigraph_server import OxigraphServer
from sts_graph.query import find, run, saved
from sts_graph.query.results import to_csv
from sts_graph.rdf.answers import Rows

pytestmark = pytest.mark.server
QUERIES = saved()


def verbatim(url: str, sparql: str, accept: str | None = None) -> bytes:
    """The server's answer to *sparql* sent as it is through SPARQLWrapper (JSON, or
    the type *accept* names)."""
    client = SPARQLWrapper(url)
    client.setQuery(sparql)
    client.setMethod(POST)
    if accept is None:
        client.setReturnFormat(JSON)
    else:
        client.addCustomHttpHeader("Accept", accept)
    return client.query().response.read()


def server_rows(url: str, sparql: str) -> Rows:
    return Rows.of_rdflib(Result.parse(io.BytesIO(verbatim(url, sparql)), format="json"))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_saved_query_answers_the_same_csv_bytes_on_the_server(store, oxigraph, query):
    assert to_csv(run(EndpointStore(oxigraph.endpoint), query.name)) == to_csv(
        run(store, query.name)
    )


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_a_saved_query_run_verbatim_through_sparqlwrapper_gives_the_default_answer(
    store, oxigraph, query
):
    default = to_csv(run(store, query.name))
    assert to_csv(server_rows(f"{oxigraph.url}/query", query.text)) == default


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_our_csv_is_the_servers_own_w3c_csv(store, oxigraph, query):
    own = verbatim(f"{oxigraph.url}/query", query.text, accept="text/csv")
    assert to_csv(run(store, query.name)).encode("utf-8") == own


def test_every_literal_reads_the_same_on_the_server(store, oxigraph):
    from test_portability import CENSUS

    def census(rows: Rows) -> set[tuple[str, ...]]:
        return {tuple(str(v) for v in row) for row in rows}

    assert census(server_rows(f"{oxigraph.url}/query", CENSUS)) == census(store.select(CENSUS))


def test_no_reason_leaves_the_inferred_graph_out_on_the_server(asserted_store, oxigraph):
    remote = run(EndpointStore(oxigraph.endpoint, reasoning=False), "couverture-objectifs")
    local = run(asserted_store, "couverture-objectifs")
    assert to_csv(remote) == to_csv(local)
    assert len(remote) < len(run(EndpointStore(oxigraph.endpoint), "couverture-objectifs"))


def test_cli_query_against_the_server_with_a_parameter(oxigraph):
    result = sts(
        "query", "actions-objectif", "--param", "code=E1D3O7", "--format", "records",
        "--endpoint", f"{oxigraph.url}/query",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = __import__("json").loads(result.stdout)
    assert {r["departement"] for r in records} == {"09", "12", "32", "34"}


def test_load_twice_is_idempotent_and_leaves_no_staging_graph(store, fresh_oxigraph):
    endpoint = fresh_oxigraph.endpoint
    first = load(store, endpoint)
    second = load(store, endpoint)
    assert first == second
    assert remote_graphs(endpoint) == store.graph_names()
    for name in store.graph_names():
        assert count(endpoint, name) == store.count(name), name
    everything = select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not [g for (g,) in everything if str(g).startswith(STAGING_GRAPHS)]


def test_cli_load_replaces_a_graph_whole_and_drops_stale_ones(store, fresh_oxigraph):
    endpoint = fresh_oxigraph.endpoint
    gone = departement_graph("99")
    put_graph(endpoint, gone, f"<{MARKER}> <{MARKER}> <{MARKER}> .\n".encode())
    load(store, endpoint)
    gers = departement_graph("32")
    put_graph(endpoint, gers, f"<{MARKER}> <{MARKER}> <{MARKER}> .\n".encode())
    result = sts("load", "--endpoint", f"{fresh_oxigraph.url}/query")
    assert result.returncode == 0, result.stderr
    assert f"{len(store)}  triples in {len(store.graph_names())} graphs" in result.stdout
    assert gone not in remote_graphs(endpoint)
    assert count(endpoint, gers) == store.count(gers)


def test_http_404_names_the_url_and_status(oxigraph):
    line = one_line_error(sts("query", "oqos", "--endpoint", f"{oxigraph.url}/nowhere"))
    assert line.startswith(f"sts-graph: {oxigraph.url}/nowhere: HTTP 404")


@pytest.mark.parametrize("bad", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_timeout_is_a_usage_error(bad):
    result = sts("query", "oqos", "--endpoint", "http://127.0.0.1:9/query", "--timeout", bad)
    assert result.returncode == 2
    assert "expected a positive number of seconds" in result.stderr


def test_an_empty_server_says_to_load_first(fresh_oxigraph):
    line = one_line_error(sts("query", "oqos", "--endpoint", f"{fresh_oxigraph.url}/query"))
    assert "holds no sts-graph data (run sts-graph load)" in line


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_is_deterministic_and_holds_every_quad(store, tmp_path, fmt):
    first, second = tmp_path / "first", tmp_path / "second"
    for path in (first, second):
        result = sts("dump", "--format", fmt, "--out", str(path))
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    fmt_of = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(path=str(first), format=fmt_of[fmt]))
    assert len(dataset) == len(store)
    gers = pyoxigraph.NamedNode(departement_graph("32"))
    assert len(list(dataset.quads_for_graph_name(gers))) == store.count(departement_graph("32"))


def test_an_oxigraph_bulk_load_of_the_dump_answers_like_the_embedded_store(store, tmp_path):
    import subprocess

    from sts_graph.endpoint.oxigraph_server import oxigraph_binary

    dump = tmp_path / "sts.nq"
    dump.write_bytes(store.dump("nquads"))
    location = tmp_path / "bulk"
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
        check=True, capture_output=True,
    )  # fmt: skip
    with OxigraphServer(location) as bulk:
        coverage = find("couverture-objectifs").name
        assert to_csv(run(EndpointStore(bulk.endpoint), coverage)) == to_csv(run(store, coverage))
