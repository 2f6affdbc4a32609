"""``sts-graph release VERSION``: the graph as it is now, written once as a release a
researcher can cite, in the way of the OBO Foundry's releases and DCAT 3's versions.

A release is a folder ``releases/VERSION/`` that is never written again:

- ``dumps/``: the whole dataset (N-Quads, TriG) and each named graph (Turtle, RDF/XML),
  the OWL RL closure among them;
- ``sts.ttl``, ``sts.owl``: the ontology with its ``owl:versionIRI`` (this file, where
  the release is published), ``owl:versionInfo`` and ``owl:priorVersion``;
- ``shapes/``: the SHACL shapes the data was checked against;
- ``reference/links.sssom.tsv``: the reviewed links to Wikidata and INSEE, each with
  its source;
- ``void.ttl``: the release described (DCAT-AP 3, VoID): ``dcat:version``,
  ``dcat:isVersionOf`` the live dataset, ``dcat:previousVersion`` the release before,
  ``adms:versionNotes``, each dump with its size and SHA-256; checked against the
  official DCAT-AP 3.0.1 shapes before anything is written;
- ``CHANGES.md``, and ``changes.csv``, ``changes.json``, ``changes.ttl`` (the RDF change
  set): what changed since the release before (:mod:`sts_graph.diff`);
- ``release.json`` and ``SHA256SUMS`` (:mod:`sts_graph.core.releases`).

The release is written in a temporary folder beside the others, then renamed into
place in one step: an interrupted release leaves nothing, and a version that exists
is refused, even when another process makes it meanwhile.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from sts_graph import diff
from sts_graph.core.durable import clean_temporaries, place, temporary_folder
from sts_graph.core.errors import InputError, NotConformingError, OutputError
from sts_graph.core.files import display_path
from sts_graph.core.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, ONTOLOGY_IRI, release_url
from sts_graph.core.paths import LINKS_FILE, RELEASES_DIR, SHAPES_DIR, TURTLE_DIR
from sts_graph.core.releases import (
    CHANGE_KINDS,
    CHANGES,
    Release,
    check_version,
    releases,
    verify,
    version_notes,
    write_checksums,
    write_manifest,
)
from sts_graph.publish.describe import check, description, statistics
from sts_graph.publish.dumps import write_dumps
from sts_graph.publish.paths import LINKS_PATH
from sts_graph.publish.releases import DESCRIPTION_FILE
from sts_graph.rdf.write import serialize
from sts_graph.reason.dataset import closure_files, load
from sts_graph.validate import validate

ONTOLOGY_FILES = {"sts.ttl": "ttl", "sts.owl": "rdf"}  # the ontology, in Turtle and RDF/XML
ONTOLOGY_VERSION_FILE = "sts.ttl"  # the file owl:versionIRI names
SHAPE_FILES = ("shapes.ttl", "recommended.ttl")
CHANGES_FILE = "CHANGES.md"
CHANGE_FORMATS = {"csv": "csv", "json": "json", "ttl": "turtle"}  # changes.EXT and diff's format


def make_release(version: str, folder: Path = RELEASES_DIR, data: Path = TURTLE_DIR) -> Release:
    """Release the Turtle of *data* (with the ontology and its closure) as *version*
    in *folder*, once it conforms to the shapes; a version at or before the latest
    release there is refused."""
    version = check_version(version)
    earlier = releases(folder)
    target = folder / version
    if target.exists():
        raise InputError(
            f"{display_path(target)}: this release exists; a release is never replaced"
        )
    if earlier and earlier[-1].version > version:
        raise InputError(
            f"{version}: comes before the latest release, {earlier[-1].version}; "
            "releases are made in the order of their versions"
        )
    files = sorted(data.glob("*.ttl"))
    if not files:
        raise InputError(f"{display_path(data)}: no Turtle file (*.ttl) to release")
    previous = earlier[-1] if earlier else None
    if previous is not None:
        verify(previous.folder)
    folder.mkdir(parents=True, exist_ok=True)
    clean_temporaries(folder)  # those of a release that was killed
    staging = temporary_folder(folder, version)
    try:
        release = _write(version, files, previous, staging)
        place(staging, target)
    except FileExistsError:
        raise InputError(
            f"{display_path(target)}: made meanwhile by another process; never replaced"
        ) from None
    except OSError as error:
        raise OutputError(
            f"{display_path(target)}: cannot write the release: {error.strerror or error}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replace(release, folder=target)


def _write(version: str, files: list[Path], previous: Release | None, out: Path) -> Release:
    store = load(files)
    store.load_turtle(closure_files(files), GRAPH_INFERRED)
    ontology = versioned_ontology(store.copy(GRAPH_ONTOLOGY), version, previous)
    store.add_graph(GRAPH_ONTOLOGY, ontology)
    graphs = {name: store.copy(name) for name in store.graph_names()}
    _check_conforms(graphs, ontology)
    dumps = write_dumps(store, graphs, out)
    for file_name, fmt in ONTOLOGY_FILES.items():
        (out / file_name).write_bytes(serialize(ontology, fmt))
    (out / "shapes").mkdir()
    for file_name in SHAPE_FILES:
        shutil.copyfile(SHAPES_DIR / file_name, out / "shapes" / file_name)
    (out / LINKS_PATH).parent.mkdir()
    shutil.copyfile(LINKS_FILE, out / LINKS_PATH)
    changes = (  # the previous release's files were verified before anything was built
        diff.compare(
            diff.read(previous.folder / diff.RELEASE_DUMP), diff.read(out / diff.RELEASE_DUMP)
        )
        if previous
        else []
    )
    counts = Counter(change.change for change in changes)
    release = Release(
        version,
        out,
        previous.version if previous else None,
        {kind: counts[kind] for kind in CHANGE_KINDS},
    )
    described = description(statistics(graphs), dumps, edition=release)
    report = check(described)
    if not report.conforms:
        raise NotConformingError(
            "the release's description does not conform to DCAT-AP 3", report.text()
        )
    (out / DESCRIPTION_FILE).write_bytes(serialize(described, "ttl"))
    if previous is not None:
        for extension, fmt in CHANGE_FORMATS.items():
            (out / f"{CHANGES}.{extension}").write_text(diff.render(changes, fmt), encoding="utf-8")
    (out / CHANGES_FILE).write_text(changes_text(release, changes), encoding="utf-8")
    write_manifest(out, release)
    write_checksums(out)
    for path in out.rglob("*"):
        if path.is_file():
            path.chmod(0o444)  # a release is read, never written again
    out.chmod(0o755)
    return release


def _check_conforms(graphs: dict[URIRef, Graph], ontology: Graph) -> None:
    """Refuse to release data the shapes refuse (the report attached)."""
    data = Graph()
    for name, graph in graphs.items():
        if name not in (GRAPH_ONTOLOGY, GRAPH_INFERRED):
            data += graph
    checked = validate(data, ontology)
    if not checked.conforms:
        raise NotConformingError(
            "the data does not conform to the shapes; nothing released", checked.text()
        )


def versioned_ontology(ontology: Graph, version: str, previous: Release | None) -> Graph:
    """*ontology* as released: ``owl:versionIRI`` the Turtle file of the release and
    ``owl:versionInfo`` its version, in place of the working copy's, ``owl:priorVersion``
    the release before's."""
    versioned = Graph()
    for triple in ontology:
        if triple[:2] not in ((ONTOLOGY_IRI, OWL.versionIRI), (ONTOLOGY_IRI, OWL.versionInfo)):
            versioned.add(triple)
    versioned.add(
        (ONTOLOGY_IRI, OWL.versionIRI, URIRef(release_url(version, ONTOLOGY_VERSION_FILE)))
    )
    versioned.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(version)))
    if previous is not None:
        prior = URIRef(release_url(previous.version, ONTOLOGY_VERSION_FILE))
        versioned.add((ONTOLOGY_IRI, OWL.priorVersion, prior))
    return versioned


def changes_text(release: Release, changes: list[diff.Change]) -> str:
    """``CHANGES.md``: the release, the one before, and its changes by département and kind."""
    lines = [f"# sts-graph {release.version}", "", version_notes(release), ""]
    if changes:
        counted = Counter((c.departement or "—", c.kind, c.change) for c in changes)
        lines += ["| département | kind | change | rows |", "|---|---|---|---|"]
        lines += [f"| {d} | {k} | {c} | {n} |" for (d, k, c), n in sorted(counted.items())]
        lines += ["", "```", diff.render(changes, "table").rstrip("\n"), "```", ""]
    return "\n".join(lines)
