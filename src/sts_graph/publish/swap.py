"""Replacing a published site without losing anything: a manifest of every file
``publish`` wrote (a folder holding anything else is never removed), one atomic
exchange of the old and new folders, a lock against a second ``publish`` of the
same folder, and the leftovers of interrupted runs cleaned."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, OutputError
from ..store import display_path

MANIFEST = ".sts-graph-site.json"  # every file of the site with its SHA-256
RENAME_EXCHANGE = 2  # renameat2(2): swap two paths atomically
AT_FDCWD = -100
SHOWN = 3  # foreign files named in a refusal


def staging_prefix(out: Path) -> str:
    return f".{out.name}-"


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path.relative_to(folder).as_posix(), path


def write_manifest(folder: Path) -> None:
    """Record every file of *folder* with its SHA-256."""
    files = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in _files(folder)}
    (folder / MANIFEST).write_text(json.dumps(files, indent=0, sort_keys=True), encoding="utf-8")


def foreign_files(folder: Path) -> list[str]:
    """The files of *folder* its manifest does not list as written (new or changed)."""
    try:
        written = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    return [
        name
        for name, path in _files(folder)
        if written.get(name) != hashlib.sha256(path.read_bytes()).hexdigest()
    ]


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


def clean_leftovers(out: Path) -> None:
    """Remove the staging folders of interrupted runs (``.site-XXXXXXXX`` beside *out*)."""
    pattern = re.compile(re.escape(staging_prefix(out)) + r"[A-Za-z0-9_]{8}(-old)?")
    for path in out.parent.iterdir():
        if path.is_dir() and pattern.fullmatch(path.name):
            shutil.rmtree(path, ignore_errors=True)


def exchange(new: Path, old: Path) -> None:
    """Swap the folders *new* and *old* in one atomic step (renameat2), where the
    system allows; else move *old* aside and *new* in, a moment apart."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        done = renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(old), RENAME_EXCHANGE)
        if done == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OutputError(
                f"{display_path(old)}: cannot replace: {os.strerror(ctypes.get_errno())}"
            )
    aside = old.with_name(f"{new.name}-old")
    old.rename(aside)
    new.rename(old)
    aside.rename(new)
