"""The CLI through a subprocess: exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import sts

from sts_graph.query import run
from sts_graph.query.results import render

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


def test_query_json_is_the_w3c_sparql_results_format_with_datatypes():
    result = sts("query", "actions-objectif", "--param", "code=E1D3O7", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["departement", "titre", "ligne", "action"]
    first = document["results"]["bindings"][0]
    assert first["departement"] == {"type": "literal", "value": "09"}
    assert first["ligne"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    departements = {b["departement"]["value"] for b in document["results"]["bindings"]}
    assert departements == {"09", "12", "32", "34"}


def test_query_records_are_plain_json_with_numbers_as_numbers():
    result = sts("query", "indicateur-departements", "--param", "indicateur=pauvrete",
                 "--format", "records")  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 5
    gers = next(r for r in records if r["departement"] == "32")
    assert isinstance(gers["ligne"], int)
    assert isinstance(gers["valeur"], int | float) and isinstance(gers["occitanie"], int | float)


def test_query_csv_is_the_w3c_sparql_csv_with_crlf_line_ends():
    result = subprocess.run(
        [sys.executable, "-m", "sts_graph.cli", "query", "couverture-objectifs", "--format", "csv"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split(b"\r\n")
    assert lines[0] == b"code,titre,nb_departements,departements"
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)
    assert b",4,09 12 32 34" in lines[1], "a list cell, sorted"


def test_a_piped_table_is_plain_tab_separated_text():
    table = sts("query", "actions-objectif", "--param", "code=E1D3O7")
    tsv = sts("query", "actions-objectif", "--param", "code=E1D3O7", "--format", "tsv")
    assert table.returncode == tsv.returncode == 0
    assert table.stdout == tsv.stdout
    assert table.stdout.splitlines()[0] == "departement\ttitre\tligne\taction"


@pytest.mark.parametrize("width", [60, 100, 200])
def test_a_table_fits_the_terminal_and_wraps_long_cells(store, width):
    rows = run(store, "actions-objectif")
    text = render(rows, "table", width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Renforcer" in text and text.rstrip().endswith(f"{len(rows)} row(s)")


@pytest.mark.parametrize("value", ["abc", "3.5", "", "3 OR 1"])
def test_a_parameter_of_the_wrong_type_exits_2_naming_it(value):
    result = sts("query", "objectifs-tous-departements", "--param", f"min={value}")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"sts-graph: --param min={value!r}: expected an integer\n"


def test_a_reader_that_leaves_early_ends_the_command_with_141_and_no_message():
    """``sts-graph query … | head``: once the reader has gone, the next write fails;
    the command stops silently with 128 + SIGPIPE, as the README says. (An answer
    that fits the pipe's buffer is written before the reader leaves: exit 0.)"""
    process = subprocess.Popen(
        [sys.executable, "-m", "sts_graph.cli", "query", "actions-par-parcours", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    process.stdout.close()  # the reader leaves before the answer is written
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (141, b"")


def test_unknown_parameter_exits_2():
    result = sts("query", "actions-objectif", "--param", "nope=1", "--no-reason")
    assert result.returncode == 2
    assert "unknown parameter 'nope'" in result.stderr


def test_queries_lists_every_saved_question():
    result = sts("queries")
    assert result.returncode == 0
    assert "couverture-objectifs" in result.stdout and "--param code=" in result.stdout
