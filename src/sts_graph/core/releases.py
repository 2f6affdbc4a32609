"""The releases of the graph, as ``sts-graph release`` leaves them: one folder a
version (``releases/2026-12-04/``), never written again, whose ``SHA256SUMS`` lists
every file with its SHA-256 (``sha256sum -c SHA256SUMS`` checks it) and whose
``release.json`` says which version came before and how many changes it made.

Versions are dates (``YYYY-MM-DD``), as the OBO Foundry dates its releases: they
sort as they were made, and a citation says when.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from sts_graph.core.checksums import read_sums, sha256, sums_text
from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path

MANIFEST = "release.json"  # version, previous version, counts of changes
CHECKSUMS = "SHA256SUMS"  # every other file with its SHA-256, as sha256sum(1) writes it
CHANGE_KINDS = ("added", "removed", "changed", "renumbered")
CHANGES = "changes"  # changes.csv, .json, .ttl: the rows of sts-graph diff, from the release before
WORDS = {  # how the notes name each kind of change
    "added": "ressource(s) ajoutée(s)",
    "removed": "ressource(s) retirée(s)",
    "changed": "valeur(s) modifiée(s)",
    "renumbered": "objectif(s) renuméroté(s)",
}


@dataclass(frozen=True)
class Release:
    """One release folder: its version, the version before it, and its changes counted."""

    version: str
    folder: Path
    previous: str | None
    changes: dict[str, int]  # change kind → rows, against the previous release


def check_version(text: str) -> str:
    """*text* if it is a release version (a date, ``2026-12-04``), else a one-line error."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        if len(text) == len("2026-12-04"):
            return text
    raise InputError(f"{text}: not a release version (a date: YYYY-MM-DD)")


def releases(folder: Path) -> list[Release]:
    """The releases in *folder*, oldest first (none when *folder* does not exist)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):  # a release being written
            continue
        check_version(path.name)
        found.append(read(path))
    return found


def read(folder: Path) -> Release:
    """The release in *folder*, from its manifest."""
    manifest = folder / MANIFEST
    try:
        said = json.loads(manifest.read_text(encoding="utf-8"))
        return Release(said["version"], folder, said["previous"], dict(said["changes"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        why = getattr(error, "strerror", None) or "not a release manifest"
        raise InputError(f"{display_path(manifest)}: cannot read: {why}") from None


def write_manifest(folder: Path, release: Release) -> None:
    """Write *release*'s manifest in *folder*."""
    said = {"version": release.version, "previous": release.previous, "changes": release.changes}
    (folder / MANIFEST).write_text(json.dumps(said, indent=1) + "\n", encoding="utf-8")


def files(folder: Path) -> list[str]:
    """The files of a release (paths under *folder*), its checksums aside."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != CHECKSUMS
    )


def write_checksums(folder: Path) -> None:
    """List every file of *folder* with its SHA-256 in ``SHA256SUMS``."""
    digests = {name: sha256(folder / name) for name in files(folder)}
    (folder / CHECKSUMS).write_text(sums_text(digests), encoding="utf-8")


def verify(folder: Path) -> None:
    """Check every file of the release in *folder* against its ``SHA256SUMS``: a file
    changed, missing or added since the release was made is a one-line error."""
    listed = folder / CHECKSUMS
    try:
        expected = read_sums(listed)
    except OSError as error:
        raise InputError(f"{display_path(listed)}: cannot read: {error.strerror}") from None
    for name in sorted(set(expected) | set(files(folder))):
        path = folder / name
        if name not in expected:
            raise InputError(f"{display_path(path)}: not in {CHECKSUMS}: added after the release")
        if not path.is_file():
            raise InputError(f"{display_path(path)}: listed in {CHECKSUMS} but missing")
        if sha256(path) != expected[name]:
            raise InputError(
                f"{display_path(path)}: its SHA-256 is not the one {CHECKSUMS} lists:"
                " changed after the release"
            )


def version_notes(release: Release) -> str:
    """The release's ``adms:versionNotes``: what changed since the one before, counted."""
    if release.previous is None:
        return "Première version publiée."
    said = [f"{count} {WORDS[kind]}" for kind, count in release.changes.items() if count]
    return f"Depuis la version {release.previous} : {', '.join(said) or 'aucun changement'}."
