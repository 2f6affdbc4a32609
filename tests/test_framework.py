"""The regional framework as reference data: every plan resolved alone against it,
what a plan brings that it lacks reported, then added by ``sts-graph framework --write``."""

from __future__ import annotations

import shutil

from helpers import sts

from sts_graph.core.paths import FRAMEWORK_FILE, SOURCES_DIR
from sts_graph.extract import extract
from sts_graph.extract import framework as reference
from sts_graph.mapping.framework import to_graph
from sts_graph.rdf.write import turtle


def test_the_reference_holds_what_the_committed_plans_print():
    result = sts("framework")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "holds every code, title and line the plans print" in result.stdout


def test_the_reference_counts_six_engagements_and_every_code_retained():
    framework = reference.load()
    assert list(framework.engagements) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert (len(framework.defis), len(framework.objectifs)) == (22, 54)
    assert framework.objectifs["E1D3O7"].label.startswith(
        "Renforcer les démarches d'« aller vers »"
    )
    # the Gers prints « Adopter » where the others print « Adapter »: one code, two labels
    assert "Adopter la stratégie" in " ".join(framework.defis["E1D3"].alt_labels)


def test_a_code_the_framework_lacks_is_reported_then_added_after_review(tmp_path):
    framework = reference.load()
    for code in ("E6D1", *(c for c in framework.objectifs if c.startswith("E6D1"))):
        framework.at(code).pop(code, None)
    lacking = tmp_path / "srs.ttl"
    lacking.write_text(turtle(to_graph(framework)), encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    args = ("framework", "--sources", str(sources), "--framework", str(lacking))
    result = sts(*args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "32-gers.txt:1033: new code E6D1: Valoriser l'image des métiers de la santé" in (
        result.stdout
    )
    written = sts(*args, "--write")
    assert written.returncode == 0, written.stderr
    again = reference.load(lacking)
    assert again.defis["E6D1"].label == "Valoriser l'image des métiers de la santé"
    assert reference.Attestation("32", 1033, 1033) in again.defis["E6D1"].printed_in
    assert sts(*args).returncode == 0


def test_a_plan_resolved_against_a_framework_that_lacks_its_defi_reports_the_loss(tmp_path):
    framework = reference.load()
    framework.defis.pop("E6D1")
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    (plan,), _ = extract(sources, framework)
    assert [a.message[:40] for a in plan.anomalies if a.kind == "unknown"] == [
        "E6D1 is not in the regional framework (a"
    ]


def test_two_pages_under_one_name_are_both_kept(tmp_path):
    lines = (SOURCES_DIR / "32-gers.txt").read_text(encoding="utf-8").split("\n")
    page = lines[654:700]  # Objectif Opérationnel #5 of E3D1, its title and sections
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "32-gers.txt").write_text("\n".join(lines[:700] + page + lines[700:]), "utf-8")
    result = sts("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "32-gers.txt:705: conflict: a second objectif page is named E3D1O5 (the first is at "
        "line 659): both kept, this one as E3D1O5-2"
    ) in result.stdout
    assert "1 page(s) named as an earlier page of their plan" in result.stderr
    written = (tmp_path / "out" / "32-gers.ttl").read_text(encoding="utf-8")
    assert "/sts/32/objectif/E3D1O5-2>" in written and "/sts/32/objectif/E3D1O5>" in written
    # nothing else of the plan is lost: every other objectif page is still written
    (plan,), _ = extract(sources)
    assert len(plan.objectifs) == 1 + len(extract(SOURCES_DIR)[0][3].objectifs)


def test_the_framework_file_is_what_its_writer_writes():
    written = turtle(to_graph(reference.load()))
    assert written == FRAMEWORK_FILE.read_text(encoding="utf-8")
