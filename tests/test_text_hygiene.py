"""Every literal of the graph reads as the plan prints it: each pattern of debris a
converter or the extractor could leave is looked for in every literal of every
département, and a failure names the literal and its source line."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef

from sts_graph.core.namespaces import STS
from sts_graph.core.paths import TURTLE_DIR
from sts_graph.extract.pages import section_of
from sts_graph.extract.text import Item
from sts_graph.validate.reference import source_line

SUSPENDED = r"(?!et |ou |à )"  # « pré- et post-natal » keeps its hyphen and its space
DEBRIS = {
    "a word cut at a line end keeps its hyphen and a space": re.compile(
        rf"[a-zà-ÿ]- {SUSPENDED}[a-zà-ÿ]"
    ),
    "a Réf. code inside a text": re.compile(r"\bR[ée]f\.\s*E\d"),
    "a space before a comma, a full stop or a closing bracket": re.compile(r"\s[,)\]]|\s\.(?!\.)"),
    "a space after an opening bracket": re.compile(r"[(\[]\s"),
    "a footnote number glued to its word": re.compile(r"\b(?!CCMU)[A-Z]{3,}[1-9]\b"),
    "a page marker inside a text": re.compile(
        r"Engagement\s*#?\s*\d\s*/\s*D[ée]fi|DÉFIS PRIORITAIRES|ENGAGEMENTS pour agir"
    ),
}
NOT_FIGURES = re.compile(
    r"^(?:Sources?\s*:|(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre"
    r"|octobre|novembre|décembre)\s+\d{4}$|ENGAGEMENT\b|Mots clés)",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    graph = Graph()
    for path in sorted(TURTLE_DIR.glob("[0-9]*.ttl")):
        graph.parse(path)
    return graph


def where(graph: Graph, subject: URIRef) -> str:
    return source_line(graph, subject) or str(subject)


@pytest.mark.parametrize("debris", sorted(DEBRIS))
def test_no_literal_holds_debris(graph, debris):
    pattern = DEBRIS[debris]
    found = [
        f"{where(graph, s)}: {pattern.search(str(o)).group(0)!r} in {str(o)[:160]!r}"
        for s, p, o in graph
        if isinstance(o, Literal) and p != STS.printedCode and pattern.search(str(o))
    ]
    assert not found, f"{debris}:\n" + "\n".join(sorted(found))


def test_every_chiffre_cle_is_a_figure(graph):
    found = [
        f"{where(graph, s)}: {str(o)[:120]!r}"
        for s, o in graph.subject_objects(STS.text)
        if "/chiffre-cle/" in str(s) and (NOT_FIGURES.match(str(o)) or section_of(Item(0, str(o))))
    ]
    assert not found, "\n".join(sorted(found))


def test_a_figure_keeps_its_label_and_its_source():
    graph = Graph().parse(TURTLE_DIR / "34-herault.ttl")
    figure = URIRef("https://w3id.org/sts-graph/id/sts/34/objectif/E3D4O4/chiffre-cle/1")
    # 34-herault.txt:1313-1320: « **11 885** », « droits ouverts », « (dispositifs ARS) »,
    # « Source : Agence Régionale de Santé Occitanie »
    assert str(graph.value(figure, STS.text)) == "11 885 droits ouverts (dispositifs ARS)"
    assert str(graph.value(figure, STS.sourceNote)) == (
        "Source : Agence Régionale de Santé Occitanie"
    )


def test_the_cnr_ends_where_the_next_page_begins():
    graph = Graph().parse(TURTLE_DIR / "34-herault.ttl")
    proposals = {str(o) for s, o in graph.subject_objects(STS.text) if "proposition-cnr" in s}
    # 34-herault.txt:398: the last proposal; « Le partenariat avec LE CONSEIL
    # DÉPARTEMENTAL » (line 400) opens the next page
    assert "Développer une communication active et positive sur les métiers de la santé" in (
        proposals
    )
    assert not any("CONSEIL DÉPARTEMENTAL" in p for p in proposals)
    assert len(proposals) == 19
