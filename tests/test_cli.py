"""The CLI through a subprocess: exit codes and one-line errors."""

from __future__ import annotations

from pathlib import Path

from helpers import sts

FIXTURES = Path(__file__).parent / "fixtures"


def test_validate_conforming_data_exits_0():
    result = sts("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_validate_broken_file_exits_1_with_readable_report():
    result = sts("validate", str(FIXTURES / "violations.ttl"))
    assert result.returncode == 1
    assert "Violation" in result.stdout
    assert "objectif/E1D3X7" in result.stdout or "E1D3X7" in result.stdout
    assert "data/sources/32-gers.txt:475" in result.stdout


def test_malformed_turtle_exits_2_naming_file_and_line():
    result = sts("validate", str(FIXTURES / "malformed.ttl"))
    assert result.returncode == 2
    assert "malformed.ttl:4:" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_param_exits_2():
    result = sts("query", "objectifs-par-departement", "--param", "nokeyvalue", "--no-reason")
    assert result.returncode == 2
    assert "expected key=value" in result.stderr


def test_query_formats_and_parameters():
    result = sts("query", "actions-objectif", "--param", "code=E1D3O7", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = __import__("json").loads(result.stdout)
    assert {r["departement"] for r in records} == {"09", "12", "32", "34"}
    tsv = sts("query", "actions-objectif", "--param", "code=E1D3O7", "--format", "tsv")
    assert tsv.stdout.splitlines()[0] == "departement\ttitre\tligne\taction"
    table = sts("query", "actions-objectif", "--param", "code=E1D3O7")
    assert "row(s)" in table.stdout and "departement" in table.stdout


def test_unknown_parameter_exits_2():
    result = sts("query", "actions-objectif", "--param", "nope=1", "--no-reason")
    assert result.returncode == 2
    assert "unknown parameter 'nope'" in result.stderr


def test_queries_lists_every_saved_question():
    result = sts("queries")
    assert result.returncode == 0
    assert "couverture-objectifs" in result.stdout and "--param code=" in result.stdout
