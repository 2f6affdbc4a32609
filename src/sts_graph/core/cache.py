"""One keyed cache for what is costly to make again (the closures, the query stores).

An entry is a folder ``KIND-KEY`` in the cache folder, whose key is a hash of
everything it is made from. It holds its files and a manifest naming the entry and
each file's size and SHA-256: an entry is used only when every byte matches its
manifest (one moved under another's name does not), and a damaged one is made
anew, never used. It is made in a staging folder and swapped in whole, so a reader
never sees half of one, and two processes making the same entry keep the first.
One rule prunes every kind: the most recently used entries are kept, and an older
one goes once nobody used it for :data:`IDLE` seconds (a reader may hold it open).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from sts_graph.core.checksums import sha256
from sts_graph.core.durable import clean_temporaries, discard, settle, temporary_folder
from sts_graph.core.errors import OutputError
from sts_graph.core.files import display_path

MANIFEST = "sts-graph-files.json"
IDLE = 3600.0


def prepared(cache: Path) -> Path:
    """*cache*, made if missing, its dead processes' temporary files removed."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{cache}: cannot be the cache folder: {error.strerror or error}"
        ) from None
    clean_temporaries(cache)
    return cache


def _manifest(entry: Path) -> dict[str, object]:
    files = {
        p.name: [p.stat().st_size, sha256(p)] for p in sorted(entry.iterdir()) if p.name != MANIFEST
    }
    return {"entry": entry.name, "files": files}


def whole(entry: Path) -> bool:
    """Whether *entry* holds every file it was made with, byte for byte, under its name."""
    try:
        listed = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        return bool(listed == _manifest(entry))
    except (OSError, ValueError):
        return False


def cached(cache: Path, kind: str, key: str, make: Callable[[Path], None]) -> Path:
    """The entry *kind*-*key* of *cache*: a whole one is used (and marked used), else
    ``make(folder)`` fills a staging folder that is then swapped in."""
    return found(cache, kind, key) or put(cache, kind, key, make)


def found(cache: Path, kind: str, key: str) -> Path | None:
    """The entry *kind*-*key* of *cache* if it is whole (then marked used), else None."""
    entry = cache / f"{kind}-{key}"
    if not whole(entry):
        return None
    os.utime(entry)  # recently used: kept by the pruning
    return entry


def put(cache: Path, kind: str, key: str, make: Callable[[Path], None]) -> Path:
    """Make the entry *kind*-*key* of *cache*: ``make(folder)`` fills a staging folder
    that is then swapped in. A damaged entry there is removed first; a whole one
    (another process made it meanwhile, and may be reading it) is kept."""
    entry = cache / f"{kind}-{key}"
    staging = temporary_folder(cache, entry.name)
    try:
        make(staging)
        (staging / MANIFEST).write_text(json.dumps(_manifest(staging) | {"entry": entry.name}))
        if entry.exists() and not whole(entry):  # damaged: made anew, never used
            discard(entry)
        settle(staging, entry)  # a whole one another process made meanwhile is kept
    except OSError as error:
        why = error.strerror or str(error)
        raise OutputError(f"{display_path(entry)}: cannot write: {why}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return entry


def prune(cache: Path, kind: str, kept: int) -> None:
    """Remove the entries of *kind* beyond the *kept* most recently used that nobody
    used for :data:`IDLE` seconds."""
    entries = sorted(cache.glob(f"{kind}-*"), key=last_used, reverse=True)
    now = time.time()
    for old in entries[kept:]:
        if now - last_used(old) > IDLE:
            shutil.rmtree(old, ignore_errors=True)


def last_used(path: Path) -> float:
    """When an entry was last used (its modification time), 0 if it is gone."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # pruned by another process meanwhile
        return 0.0
