"""The one keyed cache (:mod:`sts_graph.core.cache`): an entry is made once, used only
whole and under its own name, and every kind is pruned by the same rule."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sts_graph.core.cache import IDLE, MANIFEST, cached, found, prune, put, whole


def _maker(calls: list[str], text: str):
    def make(folder: Path) -> None:
        calls.append(text)
        (folder / "data.txt").write_text(text, encoding="utf-8")

    return make


def test_an_entry_is_made_once_then_used(tmp_path):
    calls: list[str] = []
    first = cached(tmp_path, "kind", "k1", _maker(calls, "one"))
    again = cached(tmp_path, "kind", "k1", _maker(calls, "two"))
    assert (first, calls, (again / "data.txt").read_text(encoding="utf-8")) == (
        again,
        ["one"],
        "one",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kind-k1"]


def test_a_damaged_or_renamed_entry_is_made_again(tmp_path):
    calls: list[str] = []
    entry = cached(tmp_path, "kind", "k1", _maker(calls, "one"))
    (entry / "data.txt").write_text("One", encoding="utf-8")  # same size, other bytes
    assert not whole(entry)
    cached(tmp_path, "kind", "k1", _maker(calls, "one"))
    other = cached(tmp_path, "kind", "k2", _maker(calls, "two"))
    shutil.rmtree(other)
    shutil.copytree(entry, other)  # a whole entry under another's name
    assert (whole(entry), whole(other)) == (True, False)
    assert (other / MANIFEST).exists()
    assert calls == ["one", "one", "two"]


@settings(max_examples=30, deadline=None)
@given(
    ages=st.lists(  # seconds since each entry was used: distinct, not within a minute of IDLE
        st.integers(0, 3 * int(IDLE)).filter(lambda a: abs(a - IDLE) > 60), max_size=8, unique=True
    ),
    kept=st.integers(min_value=0, max_value=4),
)
def test_one_rule_prunes_every_kind(tmp_path_factory, ages, kept):
    cache = tmp_path_factory.mktemp("cache")
    now = time.time()
    for index, age in enumerate(ages):
        for kind in ("inferred", "store"):
            entry = cache / f"{kind}-{index}"
            entry.mkdir()
            os.utime(entry, (now - age, now - age))
    prune(cache, "store", kept)
    by_age = sorted(range(len(ages)), key=lambda i: ages[i])
    stay = {i for rank, i in enumerate(by_age) if rank < kept or ages[i] < IDLE}
    assert {p.name for p in cache.glob("store-*")} == {f"store-{i}" for i in stay}
    assert len(list(cache.glob("inferred-*"))) == len(ages)  # another kind: untouched


def test_an_entry_another_process_made_meanwhile_is_kept(tmp_path):
    """Found missing, made by another process while this one makes it: the other's
    entry (which it may be reading) stays as it is, byte for byte and file for file."""
    calls: list[str] = []
    assert found(tmp_path, "kind", "k1") is None
    theirs = cached(tmp_path, "kind", "k1", _maker(calls, "one"))
    inode = (theirs / "data.txt").stat().st_ino
    ours = put(tmp_path, "kind", "k1", _maker(calls, "two"))
    assert (ours, (ours / "data.txt").read_text(encoding="utf-8")) == (theirs, "one")
    assert (ours / "data.txt").stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kind-k1"]
