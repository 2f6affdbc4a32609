"""Two revisions compared (``sts-graph diff``): a plan revised as the agency revises
one (a target raised, an action added, a title reworded, a line inserted above)
gives exactly those changes and nothing else; a dump and the Turtle it was loaded
from compare equal."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import sts
from hypothesis import given
from hypothesis import strategies as st
from revisions import ADDED, E1D3O7, GERS, plan_turtle, renumbered, revised

from sts_graph import diff
from sts_graph.core.namespaces import ID, PREFIXES, STS
from sts_graph.core.paths import SOURCES_DIR, TURTLE_DIR


@pytest.fixture(scope="module")
def revisions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    text = (SOURCES_DIR / f"{GERS}.txt").read_text(encoding="utf-8")
    old = plan_turtle(tmp_path_factory.mktemp("old"), text)
    return old, plan_turtle(tmp_path_factory.mktemp("new"), revised(text))


def test_a_revised_plan_gives_exactly_its_changes(revisions: tuple[Path, Path]) -> None:
    """The action added moves every line below it: no fact of theirs changes."""
    old, new = revisions
    changes = diff.compare(diff.read(old), diff.read(new))
    assert [(c.departement, c.kind, c.resource, c.change, c.property) for c in changes] == [
        ("32", "action", f"{E1D3O7}/action/2", "added", ""),
        ("32", "objectif", E1D3O7, "changed", "rdfs:label"),
        ("32", "oqos", "sts/32/oqos/psychiatrie/16", "changed", "sts:targetMax"),
        ("32", "oqos", "sts/32/oqos/psychiatrie/16", "changed", "sts:targetMin"),
        ("32", "oqos", "sts/32/oqos/psychiatrie/16", "changed", "sts:targetText"),
    ]
    title = changes[1]
    assert "notamment pour" in title.old
    assert title.new == title.old.replace("notamment pour", "en particulier pour")
    assert [(c.old, c.new) for c in changes[2:]] == [("1", "2")] * 3


def test_the_command_prints_the_changes_and_exits_as_diff_does(revisions) -> None:
    old, new = revisions
    same = sts("diff", str(old), str(old))
    assert (same.returncode, same.stdout) == (0, "no change\n")
    as_csv = sts("diff", str(old), str(new), "--format", "csv")
    assert as_csv.returncode == 1, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["kind"], r["change"]) for r in rows][:2] == [
        ("action", "added"),
        ("objectif", "changed"),
    ]
    as_json = json.loads(sts("diff", str(old), str(new), "--format", "json").stdout)
    assert as_json == rows
    table = sts("diff", str(old), str(new)).stdout.splitlines()
    assert table[-1] == "1 added, 4 changed"
    assert "sts:targetMin\t1 → 2" in table[3]


def test_two_versions_of_one_plan_compare_as_their_graphs_do(revisions, tmp_path: Path) -> None:
    text = (SOURCES_DIR / f"{GERS}.txt").read_text(encoding="utf-8")
    for name, version in (("old", text), ("new", revised(text))):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{GERS}.txt").write_text(version, encoding="utf-8")
    from_texts = diff.compare(
        diff.read(tmp_path / "old" / f"{GERS}.txt"), diff.read(tmp_path / "new" / f"{GERS}.txt")
    )
    assert from_texts == diff.compare(diff.read(revisions[0]), diff.read(revisions[1]))


def test_a_dump_compares_equal_to_the_turtle_it_was_loaded_from(tmp_path: Path) -> None:
    dump = tmp_path / "sts-graph.nq"
    assert sts("dump", "--out", str(dump)).returncode == 0
    assert diff.compare(diff.read(TURTLE_DIR), diff.read(dump)) == []


def test_what_cannot_be_compared_is_refused_in_one_line(tmp_path: Path) -> None:
    other = tmp_path / "plan.csv"
    other.write_text("a,b\n")
    refused = sts("diff", str(TURTLE_DIR), str(other))
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith(
        "plan.csv: not a plan or an RDF file this reads "
        "(.ttl, .jsonld, .nt, .nq, .trig, .rdf, .txt, .pdf)"
    )
    empty = sts("diff", str(tmp_path), str(TURTLE_DIR))
    assert (empty.returncode, empty.stderr.count("\n")) == (2, 1)


def test_an_objectif_dropped_is_removed_with_what_it_held(tmp_path: Path) -> None:
    text = (SOURCES_DIR / f"{GERS}.txt").read_text(encoding="utf-8")
    start = text.index("**Objectif  \nOpérationnel  \n#4**\n\n## Renforcer, ajuster")
    dropped = text[:start] + text[text.index("\nDÉFI #", start) :]
    old, new = plan_turtle(tmp_path / "old", text), plan_turtle(tmp_path / "new", dropped)
    changes = diff.compare(diff.read(old), diff.read(new))
    removed = sorted(c.resource for c in changes if c.change == "removed")
    page = "sts/32/objectif/E4D4O4"
    assert removed == [
        "sts/32/denombrement/31",  # the count its « Chiffres-clés » printed
        f"{page}",
        f"{page}/action/1",
        f"{page}/chiffre-cle/1",
        *(f"{page}/enonce/{n}" for n in range(1, 6)),
        f"{page}/resultat/1",
    ]
    moved = [
        (c.resource.split("/")[3][:6], c.property, c.old, c.new)
        for c in changes
        if c.change != "removed"
    ]
    assert sorted(moved) == [  # the objectifs after it, one rank up
        ("E5D4O2", "sts:position", "6", "5"),
        ("E6D1-r", "sts:position", "7", "6"),
        ("E6D2-p", "sts:position", "8", "7"),
    ]


def test_the_change_set_answers_what_changed_in_sparql(revisions) -> None:
    import pyoxigraph as ox

    changes = diff.compare(diff.read(revisions[0]), diff.read(revisions[1]))
    written = diff.render(changes, "turtle")
    assert written == diff.render(list(reversed(changes)), "turtle")  # the same bytes
    store = ox.Store()
    store.load(written.encode(), ox.RdfFormat.TURTLE)
    rows = store.query(
        f"""PREFIX cs: <{diff.CHANGESET}>
        PREFIX rdf: <{PREFIXES["rdf"]}>
        SELECT ?reason ?property ?old ?new WHERE {{
          ?change cs:subjectOfChange <{ID}sts/32/oqos/psychiatrie/16> ;
                  cs:changeReason ?reason ;
                  cs:removal [ rdf:predicate ?property ; rdf:object ?old ] ;
                  cs:addition [ rdf:predicate ?property ; rdf:object ?new ] .
        }} ORDER BY ?property"""
    )
    assert [(r["property"].value.split("#")[1], r["old"].value, r["new"].value) for r in rows] == [
        ("targetMax", "1", "2"),
        ("targetMin", "1", "2"),
        ("targetText", "1", "2"),
    ]
    counted = store.query(f"SELECT (COUNT(*) AS ?n) {{ ?c a <{diff.CHANGESET}ChangeSet> }}")
    assert int(next(iter(counted))["n"].value) == len(changes) == 5
    added = store.query(
        f"""PREFIX cs: <{diff.CHANGESET}>
        PREFIX rdf: <{PREFIXES["rdf"]}>
        PREFIX sts: <{PREFIXES["sts"]}>
        SELECT ?text {{ ?c cs:changeReason 'added' ;
                          cs:addition [ rdf:predicate sts:text ; rdf:object ?text ] }}"""
    )
    assert [r["text"].value for r in added] == [ADDED]


RESOURCES = [str(ID[f"sts/09/objectif/E1D1O{n}"]) for n in (1, 2)] + [
    str(ID["sts/09/objectif/E1D1O1/action/1"])
]
PROPERTIES = [f"{PREFIXES['sts']}{name}" for name in ("text", "position", "hasAction")]


def _facts() -> st.SearchStrategy[diff.Facts]:
    import pyoxigraph as ox

    terms = [
        ox.Literal("a"),
        ox.Literal("b", language="fr"),
        ox.Literal("2", datatype=ox.NamedNode(f"{PREFIXES['xsd']}integer")),
        ox.NamedNode(RESOURCES[2]),
    ]
    return st.dictionaries(
        st.sampled_from(RESOURCES),
        st.dictionaries(
            st.sampled_from(PROPERTIES), st.frozensets(st.sampled_from(terms), min_size=1)
        ),
    )


@given(data=st.data())
def test_a_comparison_reversed_swaps_added_and_removed_and_old_and_new(data) -> None:
    old, new = data.draw(_facts()), data.draw(_facts())
    assert diff.compare(old, old) == []
    swap = {"added": "removed", "removed": "added", "changed": "changed"}
    forward = {
        (c.resource, swap[c.change], c.property, c.new, c.old) for c in diff.compare(old, new)
    }
    backward = {(c.resource, c.change, c.property, c.old, c.new) for c in diff.compare(new, old)}
    assert forward == backward


def test_an_objectif_renumbered_is_linked_to_its_former_code(tmp_path: Path) -> None:
    """E4D4O4 renumbered E4D4O9: one row for the framework's objectif and one for each
    plan that declines it, with its notation changed; what they hold is unchanged."""
    new = renumbered(TURTLE_DIR, tmp_path / "new", "E4D4O4", "E4D4O9")
    changes = diff.compare(diff.read(TURTLE_DIR), diff.read(new))
    assert [(c.departement, c.resource, c.change, c.property, c.old, c.new) for c in changes] == [
        ("", "objectif/E4D4O9", "changed", "skos:notation", "E4D4O4", "E4D4O9"),
        ("", "objectif/E4D4O9", "renumbered", "dcterms:replaces",
         "objectif/E4D4O4", "objectif/E4D4O9"),
        *(
            (code, f"sts/{code}/objectif/E4D4O9", "renumbered", "dcterms:replaces",
             f"sts/{code}/objectif/E4D4O4", f"sts/{code}/objectif/E4D4O9")
            for code in ("09", "30", "32")
        ),
    ]  # fmt: skip
    import pyoxigraph as ox

    store = ox.Store()
    store.load(diff.render(changes, "turtle").encode(), ox.RdfFormat.TURTLE)
    former = store.query(
        f"""PREFIX cs: <{diff.CHANGESET}> PREFIX rdf: <{PREFIXES["rdf"]}>
        SELECT ?now ?before {{ ?c cs:changeReason 'renumbered' ; cs:subjectOfChange ?now ;
          cs:addition [ rdf:predicate <http://purl.org/dc/terms/replaces> ; rdf:object ?before ] }}
        ORDER BY ?now"""
    )
    assert [(r["now"].value, r["before"].value) for r in former] == [
        (str(ID[f"{where}objectif/E4D4O9"]), str(ID[f"{where}objectif/E4D4O4"]))
        for where in ("", "sts/09/", "sts/30/", "sts/32/")
    ]


def test_two_objectifs_of_one_title_are_not_taken_for_a_renumbering(tmp_path: Path) -> None:
    """A new objectif is matched to a former one only when it alone has that title."""
    import pyoxigraph as ox

    label = str(PREFIXES["rdfs"]) + "label"
    title = frozenset({ox.Literal("Un titre", language="fr")})
    old = {str(ID["sts/32/objectif/E1D1O1"]): {label: title}}
    new = {str(ID[f"sts/32/objectif/E1D1O{n}"]): {label: title} for n in (2, 3)}
    assert diff.renumbered(old, new) == {}
    assert diff.renumbered(old, dict(list(new.items())[:1])) == {
        str(ID["sts/32/objectif/E1D1O1"]): str(ID["sts/32/objectif/E1D1O2"])
    }


def test_a_print_whose_pages_are_renumbered_gives_no_change(tmp_path: Path) -> None:
    """The same plan printed with a page before it: every fact's page number moves
    up one, and nothing is reported."""
    import pypdfium2 as pdfium
    from typeset import typeset_cached

    printed = typeset_cached(SOURCES_DIR / f"{GERS}.txt", "one-column", tmp_path / "cache")
    first, later = (tmp_path / name / f"{GERS}.pdf" for name in ("old", "new"))
    for path in (first, later):
        path.parent.mkdir()
    shutil.copyfile(printed, first)
    document = pdfium.PdfDocument(printed)
    document.new_page(*document[0].get_size(), index=0)
    document.save(later)
    pages = [
        {int(t.value) for facts in diff_facts.values() for t in facts.get(str(STS.pageStart), ())}
        for diff_facts in map(_with_pages, (first, later))
    ]
    assert pages[0] and pages[1] == {page + 1 for page in pages[0]}
    assert diff.compare(diff.read(first), diff.read(later)) == []


def _with_pages(path: Path) -> diff.Facts:
    """The facts of the plan at *path* with the page each was printed on."""
    import pyoxigraph as ox

    facts: diff.Facts = {}
    for triple in ox.parse(diff.plan_as_turtle(path), ox.RdfFormat.TURTLE):
        if triple.predicate.value == str(STS.pageStart):
            facts.setdefault(triple.subject.value, {}).setdefault(
                triple.predicate.value, frozenset()
            )
            facts[triple.subject.value][triple.predicate.value] |= {triple.object}
    return facts
