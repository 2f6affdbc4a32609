"""Every saved query against its expected answer on the committed data.

``pytest --update-expected`` rewrites ``queries/expected/*.csv`` (review the diff).
"""

from __future__ import annotations

import re

import pytest

from sts_graph.core.namespaces import PREFIXES
from sts_graph.core.paths import EXPECTED_DIR
from sts_graph.query import run, saved
from sts_graph.query.results import to_csv

QUERIES = saved()
REASONING = [q for q in QUERIES if "Relies on reasoning" in q.text]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_saved_query_answers(store, query, request):
    answer = to_csv(run(store, query.name)).encode("utf-8")
    expected = EXPECTED_DIR / f"{query.name}.csv"
    if request.config.getoption("--update-expected"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(answer)
    assert answer == expected.read_bytes()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_saved_query_states_its_question_and_uses_known_prefixes(query):
    assert len(query.question) >= 2, "a question in French and in English"
    for prefix, namespace in re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", query.text):
        assert str(PREFIXES.get(prefix)) == namespace, f"{prefix}: differs from namespaces.py"


@pytest.mark.parametrize("query", REASONING, ids=lambda q: q.name)
def test_reasoning_queries_lose_rows_without_the_closure(store, asserted_store, query):
    assert len(run(store, query.name)) > len(run(asserted_store, query.name))


def test_at_least_three_queries_rely_on_reasoning():
    assert len(REASONING) >= 3


def test_coverage_of_e1d3o7(store):
    rows = {str(r[0]): r for r in run(store, "couverture-objectifs")}
    row = rows["E1D3O7"]
    assert int(str(row[2])) == 4
    assert sorted(str(row[3]).split()) == ["09", "12", "32", "34"]


def test_unresolved_objectifs_are_listed_with_their_lines(store):
    rows = {(str(r[0]), int(str(r[3]))) for r in run(store, "objectifs-non-resolus")}
    assert {("32", 1069), ("32", 1162), ("30", 609), ("30", 694), ("30", 758), ("30", 1020)} == {
        r for r in rows if r[0] in ("30", "32")
    }


def test_a_parameter_selects_the_rows(store):
    rows = run(store, "recherche-actions", {"motif": "télémédecine"})
    assert len(rows) == 4
    assert all("télém" in str(r[2]).lower() for r in rows)
    assert any("télémedecine" in str(r[2]) for r in rows), "the plan's own spelling is found"


@pytest.mark.parametrize(
    ("motif", "same_as"),
    [
        ("telemedecine", "télémédecine"),
        ("TÉLÉMÉDECINE", "télémédecine"),
        ("l’accès", "l'accès"),
        ("L'ACCES", "l'accès"),
        ("aller-vers", "aller vers"),
        ("aller   vers", "aller vers"),
    ],
)
def test_search_ignores_case_accents_apostrophes_and_hyphens(store, motif, same_as):
    expected = run(store, "recherche-actions", {"motif": same_as})
    assert len(expected) >= 4
    assert run(store, "recherche-actions", {"motif": motif}) == expected


def test_oqos_row_values(store):
    rows = {
        (str(r[0]), str(r[1]), str(r[2])): r
        for r in run(store, "oqos")
        if str(r[1]) == "Radiologie interventionnelle"
    }
    a_star = rows[("34", "Radiologie interventionnelle", "A*")]
    assert (int(str(a_star[4])), int(str(a_star[5])), str(a_star[6])) == (11, 17, "11 / 17")
