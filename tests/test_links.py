"""Links out (``data/reference/links.sssom.tsv``): each département and the region
linked to its Wikidata item, the region to INSEE's IRI, kinds of dispositif to ANS's
FINESS categories, each link with the pages that show it; the shapes require them,
the committed graph holds exactly them, and the VoID description lists the linksets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from sts_graph.core.errors import InputError
from sts_graph.core.namespaces import (
    DATASET,
    FINESS_CATEGORIES,
    INSEE_GEO,
    OCCITANIE,
    STS,
    VOID,
    WIKIDATA,
    iri,
)
from sts_graph.core.paths import LINKS_FILE, ONTOLOGY_FILE, TERRITORIES_FILE, TURTLE_DIR
from sts_graph.extract.links import links
from sts_graph.publish.describe import description, statistics
from sts_graph.validate import validate

WIKIDATA_ITEMS = {  # as the two tables the mapping set cites give them
    "09": "Q3184", "11": "Q3207", "12": "Q3216", "30": "Q12515", "31": "Q12538",
    "32": "Q12517", "34": "Q12545", "46": "Q12576", "48": "Q12580", "65": "Q12700",
    "66": "Q12709", "81": "Q12772", "82": "Q12779",
}  # fmt: skip
PINNED = re.compile(r"^https://github\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/")  # a file at a commit


def test_every_territory_is_linked_to_its_wikidata_item() -> None:
    found = {(link.subject, link.target) for link in links() if link.predicate == SKOS.exactMatch}
    expected = {(iri("departement", code), WIKIDATA[q]) for code, q in WIKIDATA_ITEMS.items()}
    expected |= {(OCCITANIE, WIKIDATA.Q18678265)}
    assert {pair for pair in found if pair[1].startswith(str(WIKIDATA))} == expected
    territories = Graph().parse(TERRITORIES_FILE)
    assert {s for s, _ in expected} == set(territories.subjects(RDF.type, STS.Departement)) | {
        OCCITANIE
    }
    assert {t for s, t in found if t.startswith(str(INSEE_GEO))} == {
        INSEE_GEO["region/862793ee-891d-4831-b9c9-a94cfe2e6f7b"]
    }


def test_each_link_cites_files_at_a_fixed_commit() -> None:
    """A source that can change under the link is no source: a file at a commit, with
    its lines where the link is one line of a table."""
    for link in links():
        assert link.sources and all(PINNED.match(s) for s in link.sources), link
        if link.target.startswith(str(WIKIDATA)) and link.subject != OCCITANIE:
            assert all("#L" in s for s in link.sources), link
    ontology = Graph().parse(ONTOLOGY_FILE)
    for link in links():
        if link.subject.startswith(str(STS)):  # a kind of dispositif: a class of ours
            assert (
                link.subject,
                RDF.type,
                URIRef("http://www.w3.org/2002/07/owl#Class"),
            ) in ontology


def test_the_committed_graph_holds_exactly_the_reviewed_links() -> None:
    framework = Graph().parse(TURTLE_DIR / "framework.ttl")
    held = {
        (s, p, o)
        for p in (SKOS.exactMatch, SKOS.closeMatch)
        for s, o in framework.subject_objects(p)
    }
    assert held == {(link.subject, link.predicate, link.target) for link in links()}
    assert len(held) == 20


def test_the_shapes_require_a_territorys_wikidata_item() -> None:
    framework = Graph().parse(TURTLE_DIR / "framework.ttl")
    ontology = Graph().parse(ONTOLOGY_FILE)
    gers = iri("departement", "32")
    framework.remove((gers, SKOS.exactMatch, WIKIDATA.Q12517))
    for validator in ("native", "pyshacl"):
        report = validate(framework, ontology, validator=validator)
        assert [f.focus for f in report.findings if f.severity == "Violation"] == [str(gers)]


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (
            "stsid:departement/32\tGers\tskos:exactMatch\twikidata:Q12517\tGers\tsemapv:x\t\tc",
            "see_also: a link needs the web pages that show it",
        ),
        (
            "stsid:departement/32\tGers\tskos:exactMatch\twd:Q12517\tGers\tsemapv:x\thttps://a\tc",
            "object_id 'wd:Q12517': no prefix of curie_map",
        ),
    ],
)
def test_a_bad_row_is_one_line_naming_the_file_and_line(
    tmp_path: Path, row: str, said: str
) -> None:
    text = LINKS_FILE.read_text(encoding="utf-8").splitlines()
    header = sum(1 for line in text if line.startswith("#")) + 1
    broken = tmp_path / "links.sssom.tsv"
    broken.write_text("\n".join([*text[:header], row, *text[header:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        links(broken)
    assert str(raised.value) == f"{broken}:{header + 1}: {said}"


def test_the_description_lists_each_linkset(store) -> None:
    graphs = {name: store.copy(name) for name in store.graph_names()}
    stats = statistics(graphs)
    described = description(stats, [])
    linksets = {
        str(s).rsplit("/", 1)[-1]: (
            described.value(s, VOID.linkPredicate),
            int(described.value(s, VOID.triples)),
        )
        for s in described.objects(DATASET, VOID.subset)
        if (s, RDF.type, VOID.Linkset) in described
    }
    assert linksets == {
        "wikidata": (SKOS.exactMatch, 14),
        "insee": (SKOS.exactMatch, 1),
        "finess": (SKOS.closeMatch, 5),
    }


def test_the_site_shows_each_link_with_its_sources(site: Path) -> None:
    """A territory's page lists its links, each with the pages that show it; a kind of
    dispositif's, in the ontology's page; the mapping set is published as it is."""
    for path, target in (
        ("id/departement/32.html", WIKIDATA.Q12517),
        ("id/region/76.html", INSEE_GEO["region/862793ee-891d-4831-b9c9-a94cfe2e6f7b"]),
    ):
        page = (site / path).read_text(encoding="utf-8")
        table = page[
            page.index('id="matches"') : page.index("</table>", page.index('id="matches"'))
        ]
        row = next(r for r in table.split("<tr>") if f'href="{target}"' in r)
        (link,) = [link for link in links() if link.target == target]
        assert re.findall(r'href="(https://github\.com/[^"]+)"', row) == list(link.sources)
    ontology = (site / "ontology.html").read_text(encoding="utf-8")
    start = ontology.index('<article class="term" id="MSP">')
    msp = ontology[start : ontology.index("</article>", start)]
    assert f'href="{FINESS_CATEGORIES}#603"' in msp
    assert (site / "reference" / "links.sssom.tsv").read_bytes() == LINKS_FILE.read_bytes()
