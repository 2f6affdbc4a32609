"""Queries that start warm: the store on disk gives the in-memory store's answers, is
made anew when the data change or its files are damaged, and two processes may make
and read it at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from sts_graph.core.cache import MANIFEST, whole
from sts_graph.core.namespaces import STS, iri
from sts_graph.core.paths import CACHE_VARIABLE, TURTLE_DIR
from sts_graph.query import run, saved
from sts_graph.query.results import to_csv
from sts_graph.query.warm import warm_store

QUERIES = saved()


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    return warm_store(cache=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_the_store_on_disk_answers_as_the_store_in_memory(disk, store, query):
    assert to_csv(run(disk, query.name)) == to_csv(run(store, query.name))


def test_the_same_data_reuse_the_store_and_changed_data_get_a_new_one(tmp_path):
    turtle, cache = tmp_path / "turtle", tmp_path / "cache"
    shutil.copytree(TURTLE_DIR, turtle)
    first = warm_store(turtle=turtle, cache=cache)
    assert warm_store(turtle=turtle, cache=cache).path == first.path
    gers = turtle / "32-gers.ttl"
    page = f"<{iri('sts', '32', 'objectif', 'E9D9O9')}>"
    added = f"\n{page} a <{STS.ObjectifTerritorial}> ; <{STS.plan}> <{iri('sts', '32')}> .\n"
    gers.write_text(gers.read_text(encoding="utf-8") + added, encoding="utf-8")
    revised = warm_store(turtle=turtle, cache=cache)
    assert revised.path != first.path
    assert "32,Gers,8\r\n" in to_csv(run(first, "plans-par-region"))
    assert "32,Gers,9\r\n" in to_csv(run(revised, "plans-par-region"))


@pytest.mark.parametrize("damage", ["a file removed", "a file cut", "its list removed"])
def test_a_damaged_store_is_made_anew(tmp_path, store, damage):
    cache = tmp_path / "cache"
    made = warm_store(cache=cache).path
    largest = max((p for p in made.iterdir() if p.name != MANIFEST), key=lambda p: p.stat().st_size)
    if damage == "a file removed":
        largest.unlink()
    elif damage == "a file cut":
        largest.write_bytes(largest.read_bytes()[:100])
    else:
        (made / MANIFEST).unlink()
    assert not whole(made)
    again = warm_store(cache=cache)
    assert whole(again.path)
    assert to_csv(run(again, "oqos")) == to_csv(run(store, "oqos"))


def test_two_processes_make_and_query_the_same_store_at_once(tmp_path, store):
    code = (
        "import sys; from sts_graph.query.warm import warm_store; from sts_graph.query import run;"
        "from sts_graph.query.results import to_csv; from pathlib import Path;"
        "sys.stdout.write(to_csv(run(warm_store(cache=Path(sys.argv[1])), 'oqos')))"
    )
    cache = tmp_path / "cache"
    runs = [
        subprocess.Popen([sys.executable, "-c", code, str(cache)], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    answers = [p.communicate()[0].decode("utf-8") for p in runs]
    assert [p.returncode for p in runs] == [0, 0, 0]
    assert answers == [to_csv(run(store, "oqos"))] * 3
    assert len(list(cache.glob("store-*"))) == 1
    assert not list(cache.glob(".*.tmp"))


HEAVY = (  # what no answer needs: rdflib and its parsers, the extractors, the engines of
    # the other stages, the table printer (a terminal's only), package metadata
    "rdflib", "pyshacl", "owlrl", "rich", "pdfplumber", "pypdfium2", "SPARQLWrapper",
    "sts_graph.extract", "sts_graph.mapping", "sts_graph.validate.report",
    "sts_graph.reason.entail", "sts_graph.publish", "importlib.metadata",
)  # fmt: skip
IMPORTED = (
    "import sys\nfrom sts_graph.cli import main\ntry:\n    main(sys.argv[1:])\n"
    "except SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)"
)


@pytest.mark.parametrize(
    "arguments", [["query", "--help"], ["query", "couverture-objectifs", "--format", "csv"]]
)
def test_a_query_imports_nothing_its_answer_does_not_need(disk, store, arguments):
    """``sts-graph query --help`` and a query on a warm store (the answer right)."""
    env = {**os.environ, CACHE_VARIABLE: str(disk.path.parent)}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *arguments], capture_output=True, env=env, check=True
    )
    modules = done.stderr.decode().split()
    heavy = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert heavy == []
    if "--help" not in arguments:
        assert done.stdout.decode() == to_csv(run(store, "couverture-objectifs"))
    else:
        assert "couverture-objectifs" in done.stdout.decode()  # the saved queries listed
