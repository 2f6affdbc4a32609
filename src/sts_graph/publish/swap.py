"""Replacing a published site without losing anything: a manifest of every file
``publish`` wrote (a folder holding anything else is never removed) and a lock
against a second ``publish`` of the same folder; the new site is staged and swapped
in by :mod:`sts_graph.core.durable`."""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

from sts_graph.core.checksums import sha256
from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path

MANIFEST = ".sts-graph-site.json"  # every file of the site with its SHA-256
SHOWN = 3  # foreign files named in a refusal


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path.relative_to(folder).as_posix(), path


def write_manifest(folder: Path) -> None:
    """Record every file of *folder* with its SHA-256."""
    files = {name: sha256(path) for name, path in _files(folder)}
    (folder / MANIFEST).write_text(json.dumps(files, indent=0, sort_keys=True), encoding="utf-8")


def foreign_files(folder: Path) -> list[str]:
    """The files of *folder* its manifest does not list as written (new or changed)."""
    try:
        written = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    return [name for name, path in _files(folder) if written.get(name) != sha256(path)]


def check_replaceable(out: Path) -> None:
    """Refuse to replace *out* unless it is missing, empty, or a site whose every file
    ``publish`` wrote, unchanged."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{display_path(out)}: not a folder")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MANIFEST).is_file():
        raise InputError(
            f"{display_path(out)}: not empty and not a site publish wrote; refusing to replace it"
        )
    foreign = foreign_files(out)
    if foreign:
        more = f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
        raise InputError(
            f"{display_path(out)}: holds files publish did not write ({', '.join(foreign[:SHOWN])}"
            f"{more}); refusing to replace it"
        )


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of *out* (a file beside it) for one ``publish``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"{display_path(out)}: another publish of this folder is under way"
            ) from None
        yield
