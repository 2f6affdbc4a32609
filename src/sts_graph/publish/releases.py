"""The releases on the site: each release's files as ``sts-graph release`` wrote them
(under ``release/VERSION/``, checked against their checksums first), its « Ce qui a
changé » page, and the list of releases."""

from __future__ import annotations

import json
from dataclasses import dataclass

from rdflib import Graph, URIRef

from sts_graph.core.namespaces import ID, RELEASES_PATH
from sts_graph.core.releases import (
    CHANGE_KINDS,
    CHANGES,
    CHECKSUMS,
    WORDS,
    Release,
    files,
    verify,
    version_notes,
)
from sts_graph.publish.model import SiteGraph, page_path, site_target
from sts_graph.publish.render import Site, root_of
from sts_graph.rdf.store import parse_turtle

DESCRIPTION_FILE = "void.ttl"  # a release's own description
SHOWN_FILES = (
    "CHANGES.md",
    DESCRIPTION_FILE,
    "sts.ttl",
    "dumps/sts-graph.nq",
    "dumps/sts-graph.trig",
)


def description_of(release: Release) -> Graph:
    """The description the release holds of itself (its files checked first)."""
    verify(release.folder)
    return parse_turtle(release.folder / DESCRIPTION_FILE)


@dataclass(frozen=True)
class ChangeRow:
    """One change as the page shows it: the resource linked where its page exists."""

    departement: str
    kind: str
    change: str
    resource: str
    href: str | None
    property: str
    old: str
    new: str


def release_pages(releases: list[Release], graph: SiteGraph, site: Site) -> None:
    """Copy each release in *releases* into the site, with its page; then their list."""
    for release in releases:
        folder = f"{RELEASES_PATH}/{release.version}"
        for name in [*files(release.folder), CHECKSUMS]:
            site.write(f"{folder}/{name}", (release.folder / name).read_bytes())
        path = f"{folder}/index"
        rows = _changes(release, graph, root_of(path))
        site.page(
            path,
            "release.html",
            f"Version {release.version} : ce qui a changé",
            release=release,
            notes=version_notes(release),
            rows=rows,
            departements=sorted({row.departement for row in rows}),
            kinds=[(kind, WORDS[kind]) for kind in CHANGE_KINDS],
            shown=[name for name in SHOWN_FILES if (release.folder / name).is_file()],
            checksums=CHECKSUMS,
        )
    site.page(
        f"{RELEASES_PATH}/index",
        "releases.html",
        "Versions publiées",
        releases=[(release, version_notes(release)) for release in reversed(releases)],
    )


def _changes(release: Release, graph: SiteGraph, root: str) -> list[ChangeRow]:
    path = release.folder / f"{CHANGES}.json"
    if not path.is_file():  # the first release
        return []
    rows = []
    for said in json.loads(path.read_text(encoding="utf-8")):
        node = URIRef(ID + said["resource"])
        target = site_target(node)
        href = root + target if target and page_path(node) in graph.pages else None
        rows.append(
            ChangeRow(
                said["departement"] or "—",
                said["kind"],
                said["change"],
                said["resource"],
                href,
                said["property"],
                said["old"],
                said["new"],
            )
        )
    return rows
