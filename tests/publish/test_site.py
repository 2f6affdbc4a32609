"""The published files: a page per IRI in three formats, the facts the pages show,
links that land, and the same bytes on every run."""

from __future__ import annotations

import hashlib
import html as html_module
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import sts
from markupsafe import escape
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from sts_graph.core.namespaces import ID, STS, iri
from sts_graph.core.paths import ROOT
from sts_graph.publish.model import page_path
from sts_graph.publish.paths import DUMPS_PATH
from sts_graph.publish.site import publish
from sts_graph.publish.typography import shown
from sts_graph.query import run, saved
from sts_graph.rdf.terms import from_answer

PAGE_FORMATS = ("html", "ttl", "jsonld", "nt", "rdf")


class Links(HTMLParser):
    """The ids, the links (with their text) and the text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self._href, self._text = attributes["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


def parsed(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def section(html: str, marker: str) -> str:
    """The HTML of the <section> whose opening tag contains *marker*."""
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


@pytest.fixture(scope="session")
def site_iris(store) -> set[URIRef]:
    """Every IRI under ``id/`` in the graph, subject or object."""
    graph = store.copy()
    return {
        node
        for triple in graph
        for node in (triple[0], triple[2])
        if isinstance(node, URIRef) and node.startswith(str(ID))
    }


def test_every_iri_has_a_page_in_every_format(site, site_iris):
    missing = [
        f"{path}.{fmt}"
        for path in sorted({page_path(node) for node in site_iris})
        for fmt in PAGE_FORMATS
        if not (site / f"{path}.{fmt}").is_file()
    ]
    assert missing == []
    assert len(site_iris) > 3000  # hash IRIs included


def test_each_turtle_page_holds_the_resources_own_triples(site, asserted_store):
    own: dict[str, set] = {}
    for triple in asserted_store.copy():
        if (path := page_path(triple[0])) is not None:
            own.setdefault(path, set()).add(triple)
    assert len(own) > 1800
    for path, triples in sorted(own.items()):
        graph = Graph().parse(site / f"{path}.ttl", format="turtle")
        assert triples <= set(graph), path


def test_every_rdf_xml_page_is_its_turtle_page(site, site_iris):
    """RDF/XML, the format many linked-data clients ask for first: each page's graph is
    its Turtle page's (isomorphic, blank nodes included), read by another parser."""
    paths = sorted({page_path(node) for node in site_iris})
    differ = [
        path
        for path in paths[:: max(1, len(paths) // 300)]  # 300 pages, of every kind
        if not isomorphic(
            Graph().parse(site / f"{path}.rdf", format="xml"),
            Graph().parse(site / f"{path}.ttl", format="turtle"),
        )
    ]
    assert differ == []


def test_each_graph_dump_in_rdf_xml_is_its_turtle_dump(site):
    folder = site / DUMPS_PATH / "graph"
    turtle = sorted(folder.glob("*.ttl"))
    assert len(turtle) == 9
    for path in turtle:
        xml = Graph().parse(path.with_suffix(".rdf"), format="xml")
        assert isomorphic(xml, Graph().parse(path, format="turtle")), path.name


def test_json_ld_and_n_triples_pages_describe_the_resource(site):
    node = str(iri("sts", "32", "objectif", "E1D3O7"))
    document = json.loads((site / "id/sts/32/objectif/E1D3O7.jsonld").read_text())
    assert node in {item["@id"] for item in document}
    ntriples = Graph().parse(site / "id/sts/32/objectif/E1D3O7.nt", format="nt")
    turtle = Graph().parse(site / "id/sts/32/objectif/E1D3O7.ttl", format="turtle")
    assert set(ntriples) == set(turtle)


def test_the_regional_objectif_lists_the_departements_that_decline_it(site):
    html = (site / "id/objectif/E1D3O7.html").read_text(encoding="utf-8")
    table = section(html, 'class="declinations"')
    found = re.findall(r'href="\.\./\.\./id/departement/(\d+)"', table)
    assert found == ["09", "12", "32", "34"]  # Ariège, Aveyron, Gers, Hérault; not Gard
    assert ">Gers<" in table and "Gard" not in table


def test_the_gers_objectif_page_shows_its_themes_and_its_source_line(site):
    page = parsed(site / "id/sts/32/objectif/E1D3O7.html")
    themes = {text for href, text in page.links if "/id/theme/" in href}
    assert themes == {"PRAPS", "Prévention, promotion de la santé"}
    sources = {href for href, _ in page.links if "/id/source/" in href}
    assert sources == {"../../../../id/source/32#L475-L547"}
    plan = (ROOT / "data/sources/32-gers.txt").read_text(encoding="utf-8").splitlines()
    source = (site / "id/source/32.html").read_text(encoding="utf-8")
    line = re.search(r'<span class="line" id="L475">.*?</span>', source).group(0)  # type: ignore[union-attr]
    assert plan[474].split("## ", 1)[1][:40].replace("'", "&#39;") in line


def test_pages_show_labels_not_iris(site):
    for path in ("id/objectif/E1D3O7", "id/sts/32/objectif/E1D3O7", "id/theme/praps"):
        for href, text in parsed(site / f"{path}.html").links:
            assert not text.startswith(str(ID)), (path, href, text)


def test_coverage_matrix_has_a_row_per_objectif_and_a_column_per_plan(site, store):
    (count,) = store.select(
        "PREFIX sts: <https://w3id.org/sts-graph/ontology#>"
        " SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a sts:ObjectifOperationnel }"
    ).rows[0]
    html = (site / "couverture.html").read_text(encoding="utf-8")
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    header = html[html.index("<thead>") : html.index("</thead>")]
    assert body.count("<tr") == int(str(count)) == 54
    assert len(re.findall(r"<th[ >]", header)) == 1 + 5 + 1  # objectif, 5 départements, count
    e1d3o7 = body[body.index('<tr id="E1D3O7">') :].split("</tr>", 1)[0]
    assert e1d3o7.count('class="yes"') == 4


def test_oqos_chart_shows_the_plans_figures(site):
    html = (site / "oqos.html").read_text(encoding="utf-8")
    medecine = section(html, 'id="medecine"')
    # Gers plan, lines 1225-1231: existing 7 (complète) + 1 (partiel), target 10
    assert "<svg" in medecine
    assert "<title>Gers (32) : existant 8, cible 10</title>" in medecine


def test_the_oqos_page_shows_exactly_the_rows_of_its_question(site, store):
    # the page renders the answer of queries/oqos.rq: it can never disagree with it
    # (heavy equipment's existing offer is its implantations, as the question counts it)
    answer = run(store, "oqos")
    want = [tuple(html_module.unescape(shown(v)) for v in (r[0], r[2], r[3], r[6])) for r in answer]
    html = (site / "oqos.html").read_text(encoding="utf-8")
    got = [
        tuple(html_module.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row))
        for row in re.findall(r"<tr><td>(?:(?!</tr>).)*</tr>", html)
    ]
    assert sorted(got) == sorted(want)
    assert len(got) == len(answer) == 766
    eml = section(html, 'id="eml"')
    # Gers plan, lines 1323-1324: 7 scanner and 5 IRM implantations; the target, 9 sites
    assert "<title>Gers (32) : existant 12, cible 9</title>" in eml


def test_the_coverage_page_shows_exactly_the_rows_of_its_question(site, store):
    answer = run(store, "couverture-objectifs")
    want = [(str(r[0]), str(r[3]).split(), str(r[2])) for r in answer]  # in its order
    html = (site / "couverture.html").read_text(encoding="utf-8")
    codes = re.findall(r'<th scope="col">.*?\((\d+)\)</th>', html)
    got = []
    for code, cells in re.findall(r'<tr id="([^"]+)">(.*?)</tr>', html):
        ticks = re.findall(r'<td class="(yes|no)">', cells)
        count = re.findall(r'<td class="n">(\d+)</td>', cells)[-1]
        got.append((code, [c for c, t in zip(codes, ticks, strict=True) if t == "yes"], count))
    assert got == want


def test_the_dispositifs_page_shows_exactly_the_rows_of_its_question(site, store):
    answer = run(store, "dispositifs-par-departement")
    want = sorted((str(r[1]), str(r[0]), str(r[2]), f"ligne {r[3]}") for r in answer)
    html = (site / "dispositifs.html").read_text(encoding="utf-8")
    codes = re.findall(r'<th scope="col">.*?\((\d+)\)</th>', html)
    got = []
    for kind, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html):
        for code, cell in zip(codes, re.findall(r"<td[^>]*>(.*?)</td>", cells), strict=True):
            for where, count in re.findall(r'<a href="[^"]*" title="([^"]*)">([^<]*)</a>', cell):
                got.append((html_module.unescape(kind), code, count, where))
    assert sorted(got) == want
    assert len(got) == len(answer) > 40


def test_the_indicators_page_shows_exactly_the_rows_of_its_question(site, store):
    answer = run(store, "indicateurs-repere")
    want = [
        (str(r[0]), *(html_module.unescape(shown(from_answer(v))) for v in r[6:9] if v is not None))
        for r in answer
    ]
    html = (site / "indicateurs.html").read_text(encoding="utf-8")
    got = []
    for notation, body in re.findall(r'<section id="([^"]+)">(.*?)</section>', html, re.DOTALL):
        for row in re.findall(r"<tr><td>(?:(?!</tr>).)*</tr>", body):
            values = re.findall(r"<td>(.*?)</td>", row)[-1]
            got.append((notation, *(html_module.unescape(v) for v in values.split(" · "))))
    assert got == want  # in its order: by indicator, then by département
    assert len(got) == len(answer) == 68
    assert "les 1 valeurs" not in html


def test_a_page_per_saved_query_with_its_answer(site, store):
    queries = saved()
    listed = parsed(site / "requetes.html").links
    assert {href for href, _ in listed if href.startswith("requetes/")} == {
        f"requetes/{q.name}" for q in queries
    }
    query = next(q for q in queries if q.name == "couverture-objectifs")
    html = (site / "requetes/couverture-objectifs.html").read_text(encoding="utf-8")
    assert query.question[0].replace("'", "&#39;") in html
    assert "GROUP_CONCAT" in html
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert table.count("<tr>") == len(run(store, query.name))


def test_the_ontology_documentation_anchors_every_term(site):
    ids = parsed(site / "ontology.html").ids
    terms = {name for name in STS.__annotations__}
    assert terms <= ids


def test_the_ontology_page_is_in_french_in_the_site_style_with_english_beside(site):
    from rdflib.namespace import SKOS

    from sts_graph.core.paths import ONTOLOGY_FILE
    from sts_graph.rdf.store import parse_turtle

    html = (site / "ontology.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and 'href="static/style.css"' in html
    assert '<a href="couverture">Couverture</a>' in html, "the site's navigation"
    ontology = parse_turtle(ONTOLOGY_FILE)
    definitions = {
        (str(term), d.language): str(escape(str(d)))
        for term, d in ontology.subject_objects(SKOS.definition)
        if str(term).startswith(str(STS._NS))
    }
    assert len(definitions) == 2 * 137
    assert [key for key, text in definitions.items() if text not in html] == []
    declines = html[html.index('id="declines"') :]
    assert '<h3>décline <span class="en" lang="en">(declines)</span></h3>' in declines


def test_every_internal_link_lands_on_a_page_and_anchor(site):
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        here = "/" + page.relative_to(site).with_suffix("").as_posix()
        for href, _ in parsed(page).links:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            target, _, fragment = href.partition("#")
            target = target.partition("?")[0]  # a page's parameters, not another page
            path = posixpath.normpath(posixpath.join(posixpath.dirname(here), target or here))
            name = path.lstrip("/") or "index"
            if target.endswith("/") and name != "index":
                name += "/index"  # a folder's page, as the server serves it
            file = (
                site / name
                if Path(name).suffix and (site / name).is_file()
                else site / f"{name}.html"
            )
            if not file.is_file():
                broken.append((here, href))
            elif fragment and file.suffix == ".html":
                if file not in ids:
                    ids[file] = parsed(file).ids
                if fragment not in ids[file]:
                    broken.append((here, href))
    assert broken == []


def test_no_absolute_path_in_the_site(site):
    needles = [str(ROOT).encode(), str(site).encode()]
    leaking = [
        p for p in site.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]
    assert leaking == []


def test_publishing_twice_writes_the_same_bytes(site, tmp_path):
    again = tmp_path / "again"  # another process, with another string-hash seed
    result = sts("publish", str(again), env={"PYTHONHASHSEED": "0"})
    assert result.returncode == 0, result.stderr

    def digests(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    first, second = digests(site), digests(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_publishing_over_a_folder_that_is_not_a_site_is_refused(tmp_path, store):
    (tmp_path / "notes.txt").write_text("mine")
    from sts_graph.core.errors import InputError

    with pytest.raises(InputError, match="not empty and not a site publish wrote"):
        publish(tmp_path, store)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_regional_concepts_are_linked_from_the_home_tree(site, store):
    home = {href for href, _ in parsed(site / "index.html").links}
    concepts = {
        s
        for s in store.copy().subjects(SKOS.notation, None)
        if page_path(s) and page_path(s).startswith(("id/engagement/", "id/defi/", "id/objectif/"))
    }
    assert len(concepts) == 6 + 22 + 54
    assert {page_path(c) for c in concepts} <= home
