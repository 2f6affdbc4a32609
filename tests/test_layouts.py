"""A PDF read by its layout: each plan typeset in each layout family an agency uses
(``typeset.py``) gives the facts of its text, alone and with the other plans.

The facts compared are a plan graph's triples with provenance left out (lines,
pages, files): every one, none lost and none added; a failure lists the facts lost
(-) and added (+).
"""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest
from helpers import PLAN_NAMES, facts
from rdflib import Graph
from typeset import FAMILIES, pdftotext_dump, typeset_cached

from sts_graph import mapping
from sts_graph.core.namespaces import STS
from sts_graph.core.paths import SOURCES_DIR
from sts_graph.extract import extract

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sts-graph" / "typeset"
PROVENANCE = {STS.pageStart, STS.pageEnd, STS.sourcePdf}


@cache
def _text_facts(name: str) -> frozenset[tuple]:
    return frozenset(_facts_of(SOURCES_DIR / f"{name}.txt", name)[0])


def _facts_of(path: Path, name: str) -> tuple[set[tuple], int]:
    """The facts of the plan *path* read alone, and how many excerpts lack a page."""
    folder = CACHE.parent / "read" / f"{os.getpid()}-{path.stem}-{path.suffix[1:]}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        shutil.copy(path, folder / f"{name}{path.suffix}")
        (plan,), framework = extract(folder)
        graph = Graph().parse(
            data=mapping.turtle(mapping.plan_graph(plan, framework)), format="turtle"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pageless = sum(
        1
        for excerpt in graph.subjects(STS.lineStart, None)
        if path.suffix == ".pdf" and graph.value(excerpt, STS.pageStart) is None
    )
    return {t for t in facts(graph) if t[1] not in PROVENANCE}, pageless


def _described(lost: set[tuple], extra: set[tuple]) -> str:
    def line(sign: str, fact: tuple) -> str:
        s, p, o = fact
        return f"{sign} {str(s).split('/id/')[-1]} {str(p).split('#')[-1]} {str(o)[:80]}"

    shown = [line("-", f) for f in sorted(lost)[:40]] + [line("+", f) for f in sorted(extra)[:20]]
    return "\n".join(shown)


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("name", PLAN_NAMES)
def test_a_typeset_plan_gives_the_facts_of_its_text(name: str, family: str) -> None:
    pdf = typeset_cached(SOURCES_DIR / f"{name}.txt", family, CACHE)
    want = _text_facts(name)
    got, pageless = _facts_of(pdf, name)
    assert pageless == 0, f"{pageless} excerpt(s) of the PDF name no page"
    assert got == want, (
        f"{name} as {family}: {len(want & got) / len(want):.2%} of {len(want)} facts kept\n"
        f"{_described(set(want - got), got - want)}"
    )


@pytest.mark.parametrize("family", ["one-column", "two-columns"])
def test_typeset_plans_read_together_give_what_each_gives_alone(
    family: str, tmp_path: Path
) -> None:
    for name in PLAN_NAMES:
        shutil.copy(
            typeset_cached(SOURCES_DIR / f"{name}.txt", family, CACHE), tmp_path / f"{name}.pdf"
        )
    plans, framework = extract(tmp_path)
    assert [p.path.stem for p in plans] == PLAN_NAMES
    for plan in plans:
        alone, _ = _facts_of(tmp_path / f"{plan.path.stem}.pdf", plan.path.stem)
        graph = Graph().parse(
            data=mapping.turtle(mapping.plan_graph(plan, framework)), format="turtle"
        )
        assert {t for t in facts(graph) if t[1] not in PROVENANCE} == alone, plan.path.stem


@pytest.mark.parametrize("layout", [False, True], ids=["plain", "layout"])
@pytest.mark.parametrize("name", PLAN_NAMES)
def test_a_pdftotext_dump_is_read_never_refused(name: str, layout: bool, tmp_path: Path) -> None:
    pdf = typeset_cached(SOURCES_DIR / f"{name}.txt", "two-columns", CACHE)
    dump = pdftotext_dump(pdf, tmp_path / f"{name}.txt", layout)
    (plan,), _ = extract(dump.parent)
    assert plan.objectifs and plan.pages  # pdftotext's form feeds give each line its page
    (notice,) = [a for a in plan.anomalies if a.kind == "notice"]
    assert (notice.line, f"{name}.pdf") == (1, notice.message.split(" as ")[1].split(",")[0])


def test_a_text_derived_from_its_pdf_is_no_dump(tmp_path: Path) -> None:
    name = PLAN_NAMES[0]
    pdf = typeset_cached(SOURCES_DIR / f"{name}.txt", "one-column", CACHE)
    shutil.copy(pdf, tmp_path / f"{name}.pdf")
    (plan,), _ = extract(tmp_path)
    assert plan.pdf == tmp_path / f"{name}.pdf"
    assert [a for a in plan.anomalies if a.kind == "notice"] == []
