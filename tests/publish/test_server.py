"""HTTP tests of ``sts-graph serve``: negotiation, status codes, traversal attempts, load."""

from __future__ import annotations

import http.client
import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from sts_graph.errors import InputError
from sts_graph.namespaces import DATASET, ROOT, STS, VOID, iri
from sts_graph.serve import make_server, negotiate, parse_accept

from .conftest import Server

OBJECTIF = iri("objectif", "E1D3O7")
PATH = "/id/objectif/E1D3O7"
CONTENT_TYPES = {
    "text/html": "text/html; charset=utf-8",
    "text/turtle": "text/turtle; charset=utf-8",
    "application/ld+json": "application/ld+json",
    "application/n-triples": "application/n-triples",
}
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
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


@pytest.mark.parametrize(
    "accept",
    [
        "x" * 20000,  # oversized garbage: disregarded
        ";;;,,,/",
        "text/turtle;q=2",  # q out of range: the range is dropped, so the header is
        "text/turtle;q=abc",
    ],
)
def test_malformed_accept_headers_are_disregarded(server: Server, accept):
    response = server.get(PATH, accept)
    assert (response.status, response.headers["content-type"]) == (200, CONTENT_TYPES["text/html"])


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


@pytest.mark.parametrize(
    "target",
    [
        "/../pyproject.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/id/../../pyproject.toml",
        "/%2e%2e%2fpyproject.toml",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\pyproject.toml",
        "/etc/passwd%00.html",
        "http://127.0.0.1/../../etc/passwd",
        "/" + str(ROOT / "pyproject.toml"),
    ],
)
def test_no_path_outside_the_site_is_served(server: Server, target):
    response = server.get(target)
    assert response.status in (400, 404)
    assert b"root:" not in response.body
    assert b"[project]" not in response.body


def test_symlinks_out_of_the_site_are_404(site, server: Server):
    links = {
        site / "leak.html": "/etc/passwd",
        site / "id" / "leak.ttl": str(ROOT / "pyproject.toml"),
        site / "static" / "leak.css": str(ROOT / "pyproject.toml"),
    }
    for link, target in links.items():
        os.symlink(target, link)
    try:
        for target in ("/leak.html", "/leak", "/id/leak", "/id/leak.ttl", "/static/leak.css"):
            response = server.get(target, "*/*")
            assert response.status == 404, target
            assert b"root:" not in response.body and b"[project]" not in response.body
    finally:
        for link in links:
            link.unlink()


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


def test_two_thousand_requests_over_fifty_connections(server: Server):
    targets = [PATH, "/", "/id/sts/32", "/couverture", "/id/nowhere"]
    accepts = ["text/html", "text/turtle", "application/ld+json", "image/png", "*/*"]
    expected = {(t, a): server.get(t, a).status for t in targets for a in accepts}
    assert set(expected.values()) == {200, 404, 406}

    def client(index: int) -> list[tuple[str, str, int]]:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        answers = []
        try:
            for n in range(40):  # one kept-alive connection per client
                target, accept = targets[(index + n) % 5], accepts[(index + n // 5) % 5]
                connection.request("GET", target, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                answers.append((target, accept, response.status))
        finally:
            connection.close()
        return answers

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = [a for batch in pool.map(client, range(50)) for a in batch]
    assert len(answers) == 2000
    assert [a for a in answers if expected[a[:2]] != a[2]] == []


def test_serving_a_folder_that_is_not_a_site_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a published site"):
        make_server(tmp_path)
