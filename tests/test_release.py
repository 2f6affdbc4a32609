"""Releases (``sts-graph release``): two releases made from two versions of the data
both stay readable, the second's description points to the first, ``diff`` between
them lists exactly the changes made, and the site shows them; a release is never
replaced, never half-written, and refused once changed."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import one_line_error, sts
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, OWL, XSD
from revisions import GERS, plan_turtle, renumbered, revised

from sts_graph.core import durable
from sts_graph.core.namespaces import (
    ADMS,
    DATASET,
    DCAT3,
    SPDX,
    VOID,
    release_dataset,
    release_url,
)
from sts_graph.core.paths import SOURCES_DIR, TURTLE_DIR
from sts_graph.core.releases import CHECKSUMS, releases
from sts_graph.publish.describe import check
from sts_graph.publish.site import publish

FIRST, SECOND = "2026-12-01", "2026-12-02"
LINKSETS = ("wikidata", "insee", "finess")  # each release links to these datasets
CHANGES = [  # the Gers plan revised, and E4D4O4 renumbered E4D4O9 in the regional scheme
    ("", "objectif", "objectif/E4D4O9", "changed", "skos:notation", "E4D4O4", "E4D4O9"),
    ("", "objectif", "objectif/E4D4O9", "renumbered", "dcterms:replaces",
     "objectif/E4D4O4", "objectif/E4D4O9"),
    *(("09", "objectif", "sts/09/objectif/E4D4O9", "renumbered", "dcterms:replaces",
       "sts/09/objectif/E4D4O4", "sts/09/objectif/E4D4O9"),
      ("30", "objectif", "sts/30/objectif/E4D4O9", "renumbered", "dcterms:replaces",
       "sts/30/objectif/E4D4O4", "sts/30/objectif/E4D4O9")),
    ("32", "action", "sts/32/objectif/E1D3O7/action/2", "added", "", "", ""),
    ("32", "objectif", "sts/32/objectif/E1D3O7", "changed", "rdfs:label"),
    ("32", "objectif", "sts/32/objectif/E4D4O9", "renumbered", "dcterms:replaces",
     "sts/32/objectif/E4D4O4", "sts/32/objectif/E4D4O9"),
    *(("32", "oqos", "sts/32/oqos/psychiatrie/16", "changed", f"sts:{name}", "1", "2")
      for name in ("targetMax", "targetMin", "targetText")),
]  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two releases: the committed data, then the data revised."""
    folder = tmp_path_factory.mktemp("releases")
    assert sts("release", FIRST, "--releases", str(folder)).returncode == 0
    work = tmp_path_factory.mktemp("revised")
    shutil.copytree(TURTLE_DIR, work / "base")
    text = (SOURCES_DIR / f"{GERS}.txt").read_text(encoding="utf-8")
    gers = plan_turtle(work / "gers", revised(text)) / f"{GERS}.ttl"
    shutil.copyfile(gers, work / "base" / f"{GERS}.ttl")
    data = renumbered(work / "base", work / "data", "E4D4O4", "E4D4O9")
    second = sts("release", SECOND, "--releases", str(folder), "--data", str(data))
    assert second.returncode == 0, second.stderr
    assert second.stdout.endswith(f"after {FIRST}: 1 added, 5 changed, 4 renumbered\n")
    return folder


def _as_listed(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """Each row's columns, as many as :data:`CHANGES` gives it (a reworded title's
    texts left out)."""
    return [tuple(row.values())[: len(said)] for row, said in zip(rows, CHANGES, strict=True)]


def test_both_releases_stay_readable_and_checked(made: Path) -> None:
    assert [(r.version, r.previous) for r in releases(made)] == [(FIRST, None), (SECOND, FIRST)]
    for version in (FIRST, SECOND):
        checked = subprocess.run(
            ["sha256sum", "--check", "--strict", "--quiet", CHECKSUMS],
            cwd=made / version,
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        listed = (made / version / CHECKSUMS).read_text(encoding="utf-8").splitlines()
        assert len(listed) == sum(1 for p in (made / version).rglob("*") if p.is_file()) - 1
        assert all(not p.stat().st_mode & 0o222 for p in (made / version).rglob("*") if p.is_file())
    said = json.loads((made / SECOND / "release.json").read_text(encoding="utf-8"))
    assert said == {
        "version": SECOND,
        "previous": FIRST,
        "changes": {"added": 1, "removed": 0, "changed": 5, "renumbered": 4},
    }


def test_the_second_release_describes_itself_after_the_first(made: Path) -> None:
    """Its description: DCAT 3's version chain, notes, and each dump's SHA-256 as its
    SHA256SUMS lists it; the official DCAT-AP 3.0.1 shapes find no violation."""
    described = Graph().parse(made / SECOND / "void.ttl")
    second = release_dataset(SECOND)
    assert set(described.predicate_objects(second)) >= {
        (DCAT3.version, Literal(SECOND)),
        (DCAT3.isVersionOf, DATASET),
        (DCAT3.previousVersion, release_dataset(FIRST)),
        (DCTERMS.issued, Literal(SECOND, datatype=XSD.date)),
        (ADMS.versionNotes, Literal(
            "Depuis la version 2026-12-01 : 1 ressource(s) ajoutée(s), 5 valeur(s)"
            " modifiée(s), 4 objectif(s) renuméroté(s).", lang="fr")),
    }  # fmt: skip
    sums = dict(
        reversed(line.split("  ", 1))
        for line in (made / SECOND / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    )
    distributions = list(described.objects(second, DCAT.distribution))
    assert len(distributions) == 2 + 2 * 9  # the dataset twice, each of 9 named graphs twice
    for distribution in distributions:
        url = str(described.value(distribution, DCAT.downloadURL))
        checksum = described.value(distribution, SPDX.checksum)
        assert url.startswith(release_url(SECOND))
        assert (
            str(described.value(checksum, SPDX.checksumValue))
            == sums[url.removeprefix(release_url(SECOND))]
        )
    assert check(described).conforms
    first = Graph().parse(made / FIRST / "void.ttl")
    assert first.value(release_dataset(FIRST), DCAT3.previousVersion) is None


def test_a_released_ontology_names_its_version_and_the_one_before(made: Path) -> None:
    ontology = URIRef("https://w3id.org/sts-graph/ontology")
    for version, prior in ((FIRST, None), (SECOND, FIRST)):
        released = Graph().parse(made / version / "sts.ttl")
        assert list(released.objects(ontology, OWL.versionIRI)) == [
            URIRef(release_url(version, "sts.ttl"))
        ]
        assert list(released.objects(ontology, OWL.versionInfo)) == [Literal(version)]
        assert list(released.objects(ontology, OWL.priorVersion)) == (
            [URIRef(release_url(prior, "sts.ttl"))] if prior else []
        )
        dumped = Graph().parse(made / version / "dumps" / "graph" / "ontology.ttl")
        assert isomorphic(dumped, released)  # the dumps hold the ontology as released


def test_diff_between_two_releases_lists_exactly_the_changes_made(made: Path) -> None:
    compared = sts("diff", str(made / FIRST), str(made / SECOND), "--format", "json")
    assert compared.returncode == 1
    assert _as_listed(json.loads(compared.stdout)) == CHANGES
    kept = json.loads((made / SECOND / "changes.json").read_text(encoding="utf-8"))
    assert kept == json.loads(compared.stdout)
    assert not (made / FIRST / "changes.json").exists()


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_release_is_never_replaced(made: Path) -> None:
    before = _fingerprint(made / SECOND)
    again = sts("release", SECOND, "--releases", str(made))
    assert one_line_error(again, 2).endswith(
        f"{SECOND}: this release exists; a release is never replaced"
    )
    older = sts("release", "2026-11-30", "--releases", str(made))
    assert one_line_error(older, 2) == (
        "sts-graph: 2026-11-30: comes before the latest release, 2026-12-02;"
        " releases are made in the order of their versions"
    )
    wrong = sts("release", "2026-02-30", "--releases", str(made))
    assert (
        one_line_error(wrong, 2)
        == "sts-graph: 2026-02-30: not a release version (a date: YYYY-MM-DD)"
    )
    assert _fingerprint(made / SECOND) == before
    assert sorted(p.name for p in made.iterdir()) == [FIRST, SECOND]


def test_a_release_changed_after_it_was_made_is_refused(made: Path, tmp_path: Path) -> None:
    copy = tmp_path / FIRST
    shutil.copytree(made / FIRST, copy)
    changed = copy / "dumps" / "sts-graph.trig"
    changed.chmod(0o644)
    changed.write_bytes(changed.read_bytes().replace(b"Gers", b"Gars", 1))
    refused = sts("diff", str(copy), str(made / SECOND))
    assert one_line_error(refused, 2).endswith(
        "dumps/sts-graph.trig: its SHA-256 is not the one SHA256SUMS lists:"
        " changed after the release"
    )


def test_an_interrupted_release_leaves_nothing(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sts_graph import release

    folder = tmp_path / "releases"
    shutil.copytree(made, folder)

    def interrupted(_folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(release, "write_checksums", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release.make_release("2026-12-03", folder)
    assert sorted(p.name for p in folder.iterdir()) == [FIRST, SECOND]


def test_a_folder_placed_is_never_replaced(tmp_path: Path) -> None:
    """Two releases of one version made at once: the second is refused, the first kept."""
    target = tmp_path / "2026-12-03"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "release.json").write_text(name)
    durable.place(tmp_path / "a", target)
    with pytest.raises(FileExistsError):
        durable.place(tmp_path / "b", target)
    assert (target / "release.json").read_text() == "a"


def test_the_site_lists_the_releases_and_what_each_changed(made: Path, tmp_path: Path) -> None:
    import re

    site = tmp_path / "site"
    publish(site, release_folder=made)
    listed = (site / "release" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<tr><td><a href="([0-9-]+)/">', listed) == [f"{SECOND}", f"{FIRST}"]
    page = (site / "release" / SECOND / "index.html").read_text(encoding="utf-8")
    table = page[page.index('id="release-changes"') :]
    shown = [
        tuple(re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row))
        for row in re.findall(r"<tr><td>.*?</tr>", table)
    ]
    assert [row[:5] for row in shown] == [(d or "—", k, c, r, p) for d, k, r, c, p, *_ in CHANGES]
    assert '<a href="../../id/sts/32/objectif/E1D3O7">' in table  # a page of this site
    assert "<td>sts/32/objectif/E4D4O9</td>" in table  # not in this site's data: no link
    checked = subprocess.run(
        ["sha256sum", "--check", "--strict", "--quiet", CHECKSUMS],
        cwd=site / "release" / SECOND,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0
    described = Graph().parse(site / ".well-known" / "void.ttl")
    assert set(described.objects(DATASET, DCAT3.hasVersion)) == {
        release_dataset(FIRST),
        release_dataset(SECOND),
    }
    assert described.value(DATASET, DCAT3.hasCurrentVersion) == release_dataset(SECOND)
    assert described.value(release_dataset(SECOND), DCAT3.previousVersion) == release_dataset(FIRST)
    assert len(list(described.objects(release_dataset(SECOND), DCAT.distribution))) == 20
    linksets = set(described.objects(release_dataset(SECOND), VOID.subset))
    assert linksets == {URIRef(f"{release_dataset(SECOND)}/linkset/{key}") for key in LINKSETS}
    assert all(described.value(s, VOID.triples) is not None for s in linksets)


def test_data_that_does_not_conform_is_not_released(made: Path, tmp_path: Path) -> None:
    """Gers' Wikidata link taken out of the framework: the shapes refuse it, exit 1."""
    data = tmp_path / "data"
    shutil.copytree(TURTLE_DIR, data)
    framework = data / "framework.ttl"
    text = framework.read_text(encoding="utf-8")
    link = "\tskos:exactMatch <http://www.wikidata.org/entity/Q12517> ;\n"
    assert text.count(link) == 1
    framework.write_text(text.replace(link, ""), encoding="utf-8")
    refused = sts("release", "2026-12-05", "--releases", str(made), "--data", str(data))
    assert refused.returncode == 1, refused.stderr
    assert "departement/32" in refused.stdout + refused.stderr
    assert sorted(p.name for p in made.iterdir()) == [FIRST, SECOND]
