"""``publish`` never loses a file it did not write, swaps the site in at once,
cleans what an interrupted run left, and refuses a second run on the same folder."""

from __future__ import annotations

import errno
import http.client
import os
import threading
from pathlib import Path

import pytest
from helpers import dead_pid
from site_server import serving

from sts_graph.publish.site import publish
from sts_graph.publish.swap import MANIFEST, locked

from .runner import run


@pytest.fixture(scope="module")
def shared(tmp_path_factory, store):
    """A site published once, for the cases that republish it."""
    out = tmp_path_factory.mktemp("publishing") / "site"
    publish(out, store)
    return out


@pytest.mark.case(
    "Publishing",
    "`publish` into a site folder that also holds a file it did not write (`thesis.tex`)",
    "refused: exit 2, one line naming the file; nothing removed",
)
def test_publish_never_removes_a_file_it_did_not_write(shared):
    thesis = shared / "thesis.tex"
    thesis.write_text("\\documentclass{article}", encoding="utf-8")
    try:
        result = run("publish", str(shared))
        assert (result.code, result.out) == (2, "")
        assert result.err == (
            f"sts-graph: {shared}: holds files publish did not write (thesis.tex);"
            " refusing to replace it\n"
        )
        assert thesis.read_text(encoding="utf-8") == "\\documentclass{article}"
        assert (shared / "index.html").is_file()
    finally:
        thesis.unlink()


@pytest.mark.case(
    "Publishing",
    "readers of a served site while `publish` replaces it",
    "every request answered 200: the new site is swapped in one atomic exchange",
)
def test_readers_never_see_a_missing_page_during_a_publish(shared, store):
    statuses: list[int] = []
    done = threading.Event()
    with serving(shared) as server:

        def read() -> None:
            while not done.is_set():
                connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
                for path in ("/", "/id/objectif/E1D3O7", "/couverture"):
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    statuses.append(response.status)
                connection.close()

        reader = threading.Thread(target=read)
        reader.start()
        try:
            publish(shared, store)
        finally:
            done.set()
            reader.join()
    assert len(statuses) > 30
    assert set(statuses) == {200}


@pytest.mark.case(
    "Publishing",
    "the staging folder of a `publish` killed before it finished (`.PID-site-XXXXXXXX.tmp`)",
    "removed by the next `publish`",
)
def test_the_leftovers_of_an_interrupted_publish_are_cleaned(shared, store):
    leftover = shared.parent / f".{dead_pid()}-{shared.name}-abcdefgh.tmp"
    (leftover / "id").mkdir(parents=True)
    (leftover / "index.html").write_text("half a site", encoding="utf-8")
    publish(shared, store)
    assert not leftover.exists()
    assert (shared / MANIFEST).is_file()


@pytest.mark.case(
    "Publishing",
    "two `publish` of one folder at once",
    "the second refused: exit 2, one line; the first goes on",
)
def test_a_second_publish_of_the_same_folder_is_refused(shared):
    with locked(shared):
        result = run("publish", str(shared))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"sts-graph: {shared}: another publish of this folder is under way\n"


@pytest.mark.parametrize("written", [0, 300])
@pytest.mark.case(
    "Publishing",
    "a full disk while `publish` writes the site (the dumps, or the pages)",
    "exit 2, one line naming the site and the cause; the previous site served as it was,"
    " no staging folder left",
)
def test_a_full_disk_during_publish_is_one_line(shared, monkeypatch, written):
    before = (shared / MANIFEST).read_bytes()
    write_bytes = Path.write_bytes
    count = 0

    def filling(path: Path, data: bytes) -> int:
        nonlocal count
        if path.is_relative_to(shared.parent) and not path.is_relative_to(shared):
            count += 1
            if count > written:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", filling)
    result = run("publish", str(shared))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"sts-graph: {shared}: cannot write the site: No space left on device;"
        " the previous site is kept\n"
    )
    assert count > written
    assert (shared / MANIFEST).read_bytes() == before
    assert not [p for p in shared.parent.iterdir() if p.name.endswith(".tmp")]
