"""Extraction from the command line: a sixth plan, a broken plan, --strict."""

from __future__ import annotations

import shutil

from helpers import sts, truncated_plan

from sts_graph.core.paths import SOURCES_DIR
from sts_graph.rdf.store import parse_turtle


def test_a_sixth_plan_needs_no_code_change(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "turtle"
    sources.mkdir()
    for name in ("32-gers.txt", "34-herault.txt"):
        shutil.copy(SOURCES_DIR / name, sources)
    gers = (SOURCES_DIR / "32-gers.txt").read_text(encoding="utf-8")  # the Lot, as if
    (sources / "46-lot.txt").write_text(gers.replace("Gers", "Lot"), encoding="utf-8")
    result = sts("extract", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lot = parse_turtle(out / "46-lot.ttl")
    assert len(lot) > 1000
    assert "46-lot.txt" in result.stdout


def test_a_text_that_is_no_plan_fails_naming_file_and_line_and_writes_nothing(tmp_path):
    sources, out = tmp_path / "sources", tmp_path / "turtle"
    sources.mkdir()
    (sources / "11-aude.txt").write_text(
        "Un texte\nsans\nrien de reconnaissable\n", encoding="utf-8"
    )
    result = sts("extract", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 2
    assert "11-aude.txt:1: no défi page found" in result.stderr
    assert not out.exists()


def test_truncated_plan_reports_what_is_missing(tmp_path):
    sources = truncated_plan(tmp_path, "32-gers.txt", 552)
    result = sts("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "32-gers.txt:545: missing: the contents list défi" in result.stdout
    assert "32-gers.txt:552: missing: no OQOS table found" in result.stdout


def test_plan_cut_before_its_first_defi_page_fails_at_a_line(tmp_path):
    sources = truncated_plan(tmp_path, "32-gers.txt", 449)
    result = sts("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "32-gers.txt:442: no défi page found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_strict_fails_on_pages_without_a_code(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "32-gers.txt", sources)
    result = sts("extract", "--strict", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "32-gers.txt: défi codes 8/8, objectif codes 6/8" in result.stdout
    assert "line 1069: objectif with no number" in result.stdout
    assert "2 page(s) without a code of the framework (--strict)" in result.stderr


def test_strict_passes_where_every_page_has_its_code(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES_DIR / "34-herault.txt", sources)
    result = sts("extract", "--strict", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "34-herault.txt: défi codes 11/11, objectif codes 17/17" in result.stdout
