"""HTTP tests of ``sts-graph serve``: negotiation and status codes (attacks and load:
``tests/reliability/test_publication_server.py``)."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS
from site_server import Server

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import DATASET, STS, VOID, iri
from sts_graph.publish.server import make_server, negotiate, parse_accept

OBJECTIF = iri("objectif", "E1D3O7")
PATH = "/id/objectif/E1D3O7"
CONTENT_TYPES = {
    "text/html": "text/html; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/ld+json": "application/ld+json",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
}
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


JSON_LD_PARSER = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # rdflib's own


@pytest.mark.filterwarnings(JSON_LD_PARSER)
@pytest.mark.parametrize("accept", sorted(CONTENT_TYPES))
def test_each_format_is_served_at_the_iri_path(server: Server, accept):
    response = server.get(PATH, accept)
    assert response.status == 200
    assert response.headers["content-type"] == CONTENT_TYPES[accept]
    assert response.headers["vary"] == "Accept"
    if accept == "text/html":
        assert "<h1>E1D3O7 Renforcer les démarches" in response.text
    else:
        graph = Graph().parse(data=response.text, format=RDF_FORMATS[accept])
        assert (OBJECTIF, SKOS.notation, Literal("E1D3O7")) in graph
        turtle = Graph().parse(data=server.get(PATH, "text/turtle").text, format="turtle")
        assert isomorphic(graph, turtle)


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "text/html; charset=utf-8"),
        ("*/*", "text/html; charset=utf-8"),
        ("text/html;q=0.5, text/turtle", "text/turtle; charset=utf-8"),
        ("application/ld+json;q=0.9, text/turtle;q=0.8", "application/ld+json"),
        ("*/*;q=0.1, application/n-triples", "application/n-triples"),
        ("text/*;q=0.9, text/html;q=0.2", "text/turtle; charset=utf-8"),
        ("text/turtle;q=0, */*", "text/html; charset=utf-8"),
        ("application/*", "application/ld+json"),
        # a browser's header
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/html; charset=utf-8",
        ),
    ],
)
def test_q_values_and_wildcards_choose_the_variant(server: Server, accept, content_type):
    response = server.get(PATH, accept)
    assert (response.status, response.headers["content-type"]) == (200, content_type)


@pytest.mark.parametrize("accept", ["image/png", "text/turtle;q=0", "application/json, text/csv"])
def test_nothing_acceptable_is_406(server: Server, accept):
    response = server.get(PATH, accept)
    assert response.status == 406
    assert response.headers["vary"] == "Accept"
    assert "text/turtle" in response.text  # the variants on offer


def test_accept_parsing_keeps_weights_and_most_specific_range():
    ranges = parse_accept("text/*;q=0.3, text/turtle;q=0.7, */*;q=0.1, bad, a/b;q=1.5")
    assert ranges == [("text", "*", 0.3), ("text", "turtle", 0.7), ("*", "*", 0.1)]
    assert negotiate("text/*;q=0.3, text/turtle;q=0.7", ["html", "ttl"]) == "ttl"
    assert negotiate("text/*;q=0.3, text/turtle;q=0.7", ["html"]) == "html"
    assert negotiate("text/turtle", ["html"]) is None


def test_head_sends_the_headers_without_a_body(server: Server):
    response = server.get(PATH, "text/turtle", method="HEAD")
    full = server.get(PATH, "text/turtle")
    assert response.status == 200
    assert response.body == b""
    assert response.headers["content-length"] == str(len(full.body))
    assert response.headers["content-location"] == "E1D3O7.ttl"


@pytest.mark.parametrize(
    "target",
    [
        "/id/objectif/E9D9O9",
        "/id/objectif/",
        "/id",
        "/nowhere",
        "/id/objectif/E1D3O7.exe",
        "/%ff%fe",
    ],
)
def test_unknown_resources_are_404(server: Server, target):
    assert server.get(target).status == 404


def test_static_files_and_dumps_keep_their_own_type(server: Server):
    css = server.get("/static/style.css")
    assert (css.status, css.headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert "vary" not in css.headers
    dump = server.get("/dumps/sts-graph.nq")
    assert (dump.status, dump.headers["content-type"]) == (200, "application/n-quads")
    explicit = server.get(f"{PATH}.ttl", "text/html")
    assert explicit.headers["content-type"] == CONTENT_TYPES["text/turtle"]


def test_the_ontology_dereferences_in_html_and_rdf(server: Server):
    html = server.get("/ontology")
    assert html.headers["content-type"] == CONTENT_TYPES["text/html"]
    assert 'id="ObjectifOperationnel"' in html.text
    turtle = server.get("/ontology", "text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (STS.ObjectifOperationnel, RDF.type, OWL.Class) in graph


@pytest.mark.filterwarnings(JSON_LD_PARSER)
def test_void_is_at_its_well_known_path(server: Server):
    response = server.get("/.well-known/void", "application/ld+json")
    assert response.headers["content-type"] == "application/ld+json"
    graph = Graph().parse(data=response.text, format="json-ld")
    assert (DATASET, RDF.type, VOID.Dataset) in graph
    assert json.loads(response.body)  # plain JSON too


def test_a_hash_iri_dereferences_to_its_document_with_the_anchor(server: Server):
    response = server.get("/id/source/32")
    assert response.status == 200
    assert 'id="L475-L547"' in response.text
    assert 'id="L475"' in response.text
    graph = Graph().parse(data=server.get("/id/source/32", "text/turtle").text, format="turtle")
    excerpt = URIRef(f"{iri('source', '32')}#L475-L547")
    assert (excerpt, STS.lineEnd, None) in graph


def test_the_home_page_is_served_at_the_root(server: Server):
    response = server.get("/")
    assert response.status == 200
    assert "Schémas territoriaux de santé d'Occitanie" in response.text


def test_serving_a_folder_that_is_not_a_site_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a published site"):
        make_server(tmp_path)


def sparql(server: Server, query: str, accept: str, how: str = "form"):
    """A SPARQL protocol request to the site's ``/sparql``."""
    import http.client
    import urllib.parse

    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        if how == "get":
            target = "/sparql?" + urllib.parse.urlencode({"query": query})
            connection.request("GET", target, headers={"Accept": accept})
        else:
            body, kind = (
                (urllib.parse.urlencode({"query": query}), "application/x-www-form-urlencoded")
                if how == "form"
                else (query, "application/sparql-query")
            )
            headers = {"Accept": accept, "Content-Type": kind}
            connection.request("POST", "/sparql", body=body.encode(), headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_the_served_site_answers_the_sparql_protocol_like_the_cli(server: Server, store, how):
    from sts_graph.query import find, run
    from sts_graph.query.results import to_csv

    query = find("couverture-objectifs")
    status, content_type, body = sparql(server, query.text, "text/csv", how)
    assert (status, content_type) == (200, "text/csv; charset=utf-8")
    assert body == to_csv(run(store, query.name)).encode("utf-8")


def test_sparql_json_by_default_errors_in_one_line_and_no_updates(server: Server):
    status, content_type, body = sparql(server, "ASK { ?s ?p ?o }", "*/*")
    assert (status, content_type, json.loads(body)) == (
        200,
        "application/sparql-results+json",
        {"head": {}, "boolean": True},
    )
    status, _, body = sparql(server, "SELECT ?x WHERE { ?x }", "text/csv")
    assert status == 400 and body.decode().startswith("SPARQL syntax error: ")
    status, _, _ = sparql(server, "DROP ALL", "text/csv")
    assert status == 400  # the protocol here takes queries only
    status, _, body = sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    assert status == 200 and int(body.split()[1]) > 40_000


def test_a_folder_is_served_as_its_index_page(server: Server):
    response = server.get("/dumps/")
    assert response.status == 200
    assert '<a href="../couverture">Couverture</a>' in response.text
    assert "sts-graph.nq" in response.text and "SHA-256" in response.text


def test_pages_write_numbers_the_french_way_and_never_cut_a_title_mid_word(site):
    import re

    departement = (site / "departements" / "32.html").read_text(encoding="utf-8")
    assert "190\u202f000" in departement and "190000" not in departement
    assert re.search(r">3,33<", departement), "a decimal comma"
    assert "<h2>Défi identifié par le CTS (9)</h2>" in departement, "acronyms as printed"
    assert "<h2>Proposition du CNR (16)</h2>" in departement
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Hérault</a>. Chaque" in home
    cut = re.findall(r'title="([^"]+)">([^<]+)…</a>', home)
    assert cut, "long titles are shortened, with the whole title on hover"
    for whole, shown in cut:
        whole = whole.replace("&#39;", "'")
        shown = shown.replace("&#39;", "'")
        assert whole.startswith(shown) and whole[len(shown)] in " ,;:", (shown, whole)
