"""Reliability cases (GitHub issue #8) and their table, ``docs/reliability.md``.

Each test of this folder declares the case it tries with a marker::

    @pytest.mark.case("Queries", "a query that times out", "exit 2 naming the query")
    def test_a_query_that_times_out(): ...

Area, case and expected behaviour make one row of the table. Its outcome is ✅
when every test (and parametrisation) marked with the same three strings
passed, ❌ when one failed (or xfailed), ⏭️ when all were skipped. Areas come in
the order of :data:`AREAS` (another area after them, alphabetically), cases
alphabetically; nothing in the table depends on timing or date.

To add rows (Queries, Endpoint, Publication server…), add marked tests to this
folder and run it whole: ``python3 -m pytest tests/reliability``. The table is
rewritten only when the run covered the whole folder (no ``-k``, ``-m``,
``--lf``, single file or test, nor a run stopped early), so the committed copy
stays complete; commit it with the tests. ``test_report.py`` checks that it lists
every case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sts_graph.core.paths import DOCS_DIR

HERE = Path(__file__).resolve().parent
RELIABILITY_REPORT = DOCS_DIR / "reliability.md"  # this folder's cases, written by a full run
AREAS = (
    "Sources",
    "Turtle and shapes",
    "Queries",
    "Endpoint",
    "Publication server",
    "Publishing",
    "Cache",
    "Interruptions",
    "Determinism",
)
MARKS = {"passed": "✅", "failed": "❌", "skipped": "⏭️"}
HEADER = """# Reliability

What `tests/reliability/` tries (GitHub issues #8 and #17) and how sts-graph behaves.
Written by the test run (`python3 -m pytest tests/reliability`): do not edit by hand;
to add a case, see `tests/reliability/conftest.py`.

| area | case | expected behaviour | outcome |
|---|---|---|---|
"""

Case = tuple[str, str, str]


@dataclass
class Run:
    """What this session collected and how each marked test ended."""

    cases: dict[str, Case] = field(default_factory=dict)  # nodeid → case
    outcomes: dict[str, str] = field(default_factory=dict)  # nodeid → passed|failed|skipped
    whole_folder: bool = False
    deselected: bool = False

    @property
    def complete(self) -> bool:
        """The whole folder was selected and every marked test ran to its end."""
        return (
            self.whole_folder
            and not self.deselected
            and bool(self.cases)
            and set(self.outcomes) == set(self.cases)
        )


RUN = Run()


def case_of(item: pytest.Item) -> Case | None:
    """The (area, case, expected) an item's ``case`` marker declares."""
    marker = item.get_closest_marker("case")
    if marker is None:
        return None
    area, case, expected = marker.args
    return str(area), str(case), str(expected)


def table(outcomes: dict[Case, str]) -> str:
    """The Markdown table of *outcomes* (case → passed|failed|skipped), sorted."""

    def order(case: Case) -> tuple[int, str, str]:
        area = case[0]
        return (AREAS.index(area) if area in AREAS else len(AREAS), area, case[1])

    rows = [
        f"| {area} | {case} | {expected} | {MARKS[outcomes[area, case, expected]]} |"
        for area, case, expected in sorted(outcomes, key=order)
    ]
    return HEADER + "\n".join(rows) + "\n"


def by_case(outcomes: dict[str, str], cases: dict[str, Case]) -> dict[Case, str]:
    """One outcome per case: failed if a test failed, else passed if one passed."""
    out: dict[Case, str] = {}
    for nodeid, case in cases.items():
        outcome = outcomes.get(nodeid, "failed")
        previous = out.get(case, "skipped")
        out[case] = max(previous, outcome, key=("skipped", "passed", "failed").index)
    return out


def _covers_folder(arg: str) -> bool:
    path = Path(arg.split("::", 1)[0]).resolve()
    return "::" not in arg and (path == HERE or path in HERE.parents)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "case(area, case, expected): a row of the reliability table")


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(HERE in item.path.parents for item in items):
        RUN.deselected = True


def pytest_collection_finish(session: pytest.Session) -> None:
    RUN.whole_folder = any(_covers_folder(arg) for arg in session.config.args)
    for item in session.items:
        if HERE in item.path.parents and (case := case_of(item)):
            RUN.cases[item.nodeid] = case


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid not in RUN.cases:
        return
    if report.failed or hasattr(report, "wasxfail"):
        RUN.outcomes[report.nodeid] = "failed"
    elif report.skipped:
        RUN.outcomes.setdefault(report.nodeid, "skipped")
    elif report.when == "call":
        RUN.outcomes.setdefault(report.nodeid, "passed")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not RUN.complete or hasattr(session.config, "workerinput"):
        return
    text = table(by_case(RUN.outcomes, RUN.cases))
    if not RELIABILITY_REPORT.exists() or RELIABILITY_REPORT.read_text(encoding="utf-8") != text:
        RELIABILITY_REPORT.parent.mkdir(exist_ok=True)
        RELIABILITY_REPORT.write_text(text, encoding="utf-8")
