"""The closure cache (``.cache/`` or ``STS_GRAPH_CACHE``): a damaged entry is never
used but recomputed, a folder that cannot be the cache is one line, and the
temporary files of killed runs are removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import dead_pid

from sts_graph.core.cache import MANIFEST, whole
from sts_graph.query import run as run_query
from sts_graph.query.results import to_csv
from sts_graph.reason import entail

from .runner import run

DAMAGES = {
    "emptied": lambda data: b"",
    "cut at a line end": lambda data: data[: data.index(b"\n", len(data) // 2) + 1],
    "cut in the middle of a line": lambda data: data[: len(data) // 2],
    "a triple edited": lambda data: data.replace(b"ObjectifOperationnel", b"Objectif", 1),
    "its manifest removed": lambda data: data,  # the closure kept, its manifest removed
}


@pytest.fixture(scope="module")
def expected(store) -> str:
    return to_csv(run_query(store, "couverture-objectifs"))


def coverage(cache) -> tuple[int, str]:
    """``sts-graph query couverture-objectifs`` with *cache* as the closure cache."""
    result = subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", "query", "couverture-objectifs", "--format", "csv"],
        capture_output=True, env={**os.environ, "STS_GRAPH_CACHE": str(cache)},
    )  # fmt: skip
    assert b"Traceback" not in result.stderr
    return result.returncode, result.stdout.decode("utf-8")


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
@pytest.mark.case(
    "Cache",
    "a closure entry of the cache damaged (its file emptied, cut or edited, its manifest removed)",
    "never used: recomputed, the same answer, exit 0; the file repaired",
)
def test_a_damaged_cache_entry_is_recomputed(tmp_path, expected, damage):
    cache = tmp_path / "cache"
    assert coverage(cache) == (0, expected)
    entries = sorted(cache.glob("inferred-*/*.nt"), key=lambda p: p.stat().st_size)
    target = entries[-1]  # the largest: a département's part
    intact = target.read_bytes()
    if damage == "its manifest removed":
        (target.parent / MANIFEST).unlink()
    else:
        target.write_bytes(DAMAGES[damage](intact))
    for made in cache.glob("store-*"):  # the query store is made again from the closure
        shutil.rmtree(made)
    assert coverage(cache) == (0, expected)
    assert whole(target.parent), "repaired"
    assert target.read_bytes() == intact


@pytest.mark.case(
    "Cache",
    "a closure entry replaced by another whole entry (the Hérault part under the Gers name)",
    "never used: recomputed, the same answer, exit 0",
)
def test_a_swapped_cache_entry_is_recomputed(tmp_path, expected):
    cache = tmp_path / "cache"
    assert coverage(cache) == (0, expected)
    parts = sorted(cache.glob("inferred-*/*.nt"), key=lambda p: p.stat().st_size)
    small, large = parts[-2].parent, parts[-1].parent  # two départements' parts, each whole
    own = (small / "closure.nt").read_bytes()
    shutil.rmtree(small)
    shutil.copytree(large, small)
    assert not whole(small), "an entry is bound to its name"
    for made in cache.glob("store-*"):
        shutil.rmtree(made)
    assert coverage(cache) == (0, expected)
    assert (small / "closure.nt").read_bytes() == own


def _flip(path) -> None:
    """64 bytes of *path* altered in place, its size unchanged."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))


STORE_DAMAGES = {
    "a file removed": lambda path: path.unlink(),
    "a file cut": lambda path: path.write_bytes(path.read_bytes()[:100]),
    "64 bytes altered in place": _flip,
}


@pytest.mark.parametrize("damage", STORE_DAMAGES, ids=list(STORE_DAMAGES))
@pytest.mark.case(
    "Cache",
    "the query store on disk damaged (one of its files removed, cut, or 64 bytes altered)",
    "never used: made anew from the data, the same answer, exit 0",
)
def test_a_damaged_query_store_is_made_anew(tmp_path, expected, damage):
    cache = tmp_path / "cache"
    assert coverage(cache) == (0, expected)
    (store,) = cache.glob("store-*")
    largest = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
    STORE_DAMAGES[damage](largest)
    assert coverage(cache) == (0, expected)
    (remade,) = cache.glob("store-*")
    assert whole(remade)


@pytest.mark.case(
    "Cache",
    "`STS_GRAPH_CACHE` naming a file, or a folder that cannot be made",
    "exit 2, one line naming it",
)
def test_a_cache_that_cannot_be_a_folder_is_one_line(tmp_path):
    taken = tmp_path / "a-file"
    taken.write_text("not a folder", encoding="utf-8")
    for cache in (taken, taken / "below"):
        result = subprocess.run(
            [sys.executable, "-m", "sts_graph.cli", "query", "oqos"],
            capture_output=True, text=True, env={**os.environ, "STS_GRAPH_CACHE": str(cache)},
        )  # fmt: skip
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.startswith(f"sts-graph: {cache}: cannot be the cache folder: ")
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.case(
    "Cache",
    "temporary files left in the cache by a killed build",
    "removed by the next run (those of live processes kept)",
)
def test_temporaries_of_dead_processes_are_removed(tmp_path, expected):
    cache = tmp_path / "cache"
    cache.mkdir()
    dead = dead_pid()
    left = cache / f".{dead}-abcdefgh.tmp"
    mine = cache / f".{os.getpid()}-abcdefgh.tmp"
    for path in (left, mine):
        path.write_text("half a closure", encoding="utf-8")
    assert coverage(cache) == (0, expected)
    assert not left.exists() and mine.exists()
    result = run("stats")
    assert result.code == 0


@pytest.mark.case(
    "Cache",
    "a full disk (or a read-only cache) when a closure is written",
    "one typed error naming the file (exit 2 from the command line), no temporary left",
)
def test_a_full_disk_while_writing_the_cache_is_one_error(tmp_path, monkeypatch):
    import errno

    from sts_graph.core.errors import OutputError
    from sts_graph.core.paths import ONTOLOGY_FILE, TURTLE_DIR

    def full(*_args) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    cache = tmp_path / "cache"
    shared = [ONTOLOGY_FILE, TURTLE_DIR / "framework.ttl", TURTLE_DIR / "vocabularies.ttl"]
    with pytest.raises(OutputError, match=r"inferred-[0-9a-f]+: cannot write: No space left"):
        entail.cached_closure(shared, [TURTLE_DIR / "32-gers.ttl"], cache=cache)
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.case(
    "Turtle and shapes",
    "temporary files left in `data/turtle/` by a killed build",
    "removed by the next build (those of live processes kept)",
)
def test_a_killed_builds_temporaries_are_removed_by_the_next(tmp_path):
    out = tmp_path / "turtle"
    out.mkdir()
    dead = dead_pid()
    left = out / f".{dead}-32-gers.ttl-abcdefgh.tmp"
    left.write_text("@prefix half", encoding="utf-8")
    result = run("extract", "--out", str(out))
    assert result.code == 0, result.err
    assert not left.exists()
    assert (out / "32-gers.ttl").is_file()


@pytest.mark.case(
    "Cache",
    "a build replacing the Turtle files while the query store is made",
    "the store holds the data its name was computed from, never the other version",
)
def test_a_store_holds_the_bytes_its_name_was_computed_from(tmp_path, monkeypatch):
    from sts_graph.core.paths import TURTLE_DIR
    from sts_graph.query import warm
    from sts_graph.reason import dataset

    turtle = tmp_path / "turtle"
    shutil.copytree(TURTLE_DIR, turtle)
    gers = turtle / "32-gers.ttl"
    closure_of = dataset.closure_of

    def racing_build(*args, **kwargs):  # another build writes the file meanwhile
        gers.write_text(gers.read_text(encoding="utf-8").replace("Gers", "Gars"), "utf-8")
        return closure_of(*args, **kwargs)

    monkeypatch.setattr(dataset, "closure_of", racing_build)
    made = warm.warm_store(turtle=turtle, cache=tmp_path / "cache")
    asked = "SELECT ?o WHERE { ?s ?p ?o . FILTER(CONTAINS(STR(?o), 'Gars')) } LIMIT 1"
    assert list(made.select(asked)) == []  # the version it was named for
    monkeypatch.setattr(dataset, "closure_of", closure_of)
    again = warm.warm_store(turtle=turtle, cache=tmp_path / "cache")
    assert again.path != made.path and len(list(again.select(asked))) == 1
