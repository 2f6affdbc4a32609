"""A plan read from a PDF is published with its PDF: each page of its text opens the PDF's."""

from __future__ import annotations

import hashlib
import re
import shutil

from rdflib import Graph, URIRef
from test_layouts import CACHE
from typeset import typeset_cached

from sts_graph import mapping
from sts_graph.core.namespaces import BASE, STS
from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract import extract
from sts_graph.publish import pages
from sts_graph.publish.model import SiteGraph
from sts_graph.publish.render import Site

NAME = "32-gers"
PAGE_MARK = re.compile(
    r'<span class="page" id="page-(\d+)"><a href="32\.pdf#page=(\d+)">page \d+</a>'
)
EXCERPT = re.compile(r'<span class="excerpt" id="(L\d+-L\d+)">')


def test_the_pdf_is_published_beside_its_source_page_each_page_linked(tmp_path, monkeypatch):
    pdf = tmp_path / "sources" / f"{NAME}.pdf"
    pdf.parent.mkdir()
    shutil.copy(typeset_cached(SOURCES_DIR / f"{NAME}.txt", "two-columns", CACHE), pdf)
    (plan,), framework = extract(pdf.parent)
    graph = Graph().parse(data=mapping.turtle(mapping.plan_graph(plan, framework)), format="turtle")
    monkeypatch.setattr(pages, "ROOT", tmp_path)  # the plan lies in the project
    site = Site(tmp_path / "site")
    path = "id/source/32"
    pages._source_page(SiteGraph(graph, Graph(), Graph()), site, path, URIRef(BASE + path))

    assert (site.out / f"{path}.pdf").read_bytes() == pdf.read_bytes()
    html = (site.out / f"{path}.html").read_text(encoding="utf-8")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in html
    marks = [(m.start(), int(m.group(1))) for m in PAGE_MARK.finditer(html)]
    assert [p for _, p in marks] == sorted(set(plan.pages)), "one mark a page, in order"
    assert all(a == b for a, b in (m.groups() for m in PAGE_MARK.finditer(html)))
    checked = 0
    for match in EXCERPT.finditer(html):
        excerpt = URIRef(f"{BASE}{path}#{match.group(1)}")
        printed_on = max(p for at, p in marks if at < match.start())
        assert printed_on == int(graph.value(excerpt, STS.pageStart)), match.group(1)
        checked += 1
    assert checked > 100
