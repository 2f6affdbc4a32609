"""``docs/reliability.md`` lists every case of this folder, all green."""

from __future__ import annotations

import pytest
from helpers import sts

from sts_graph.core.paths import SOURCES_DIR

from .conftest import HERE, RELIABILITY_REPORT, RUN, case_of, table


def test_the_committed_table_lists_every_case(request):
    cases = {
        case
        for item in request.session.items
        if HERE in item.path.parents and (case := case_of(item))
    }
    expected = table(dict.fromkeys(cases, "passed"))
    committed = RELIABILITY_REPORT.read_text(encoding="utf-8")
    if RUN.whole_folder and not RUN.deselected:
        assert committed == expected, "run `python3 -m pytest tests/reliability` and commit docs/"
    else:
        missing = [row for row in expected.splitlines() if row not in committed.splitlines()]
        assert missing == []


@pytest.mark.case(
    "Sources",
    "the command in a subprocess, on a plan with a bad byte",
    "exit 2, one line on stderr, no traceback",
)
def test_the_command_prints_no_traceback(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    plan = (SOURCES_DIR / "32-gers.txt").read_bytes().rstrip(b"\n")
    (sources / "32-gers.txt").write_bytes(plan + b"\n\xff\n")
    result = sts("extract", "--sources", str(sources), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    line = plan.count(b"\n") + 2
    assert result.stderr.endswith(f"32-gers.txt:{line}: not UTF-8 text (byte 0xff at column 1)\n")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
