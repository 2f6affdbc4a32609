"""Stage 1: the plans' source texts → :class:`Plan` records, each resolved against the
regional framework.

The pipeline, one module a step: :mod:`.pdf` turns a PDF into text; :mod:`.text`
normalises a plan's text into items (with :mod:`.words`) and marks its
paragraphs; :mod:`.pages` finds its défi and objectif pages and their sections;
:mod:`.plan` reads them (with :mod:`.oqos`, :mod:`.diagnostic`, :mod:`.vocab` and
:mod:`.indicators`) into the records of :mod:`.model`; :mod:`.resolve` gives each
page the code it declines in the reference framework (:mod:`.framework`).
"""

from __future__ import annotations

from pathlib import Path

from sts_graph.core.checksums import sha256
from sts_graph.core.errors import InputError, blamed_on
from sts_graph.core.files import display_path
from sts_graph.extract import framework as reference
from sts_graph.extract.framework import Framework
from sts_graph.extract.model import Plan
from sts_graph.extract.pdf import pdf_text
from sts_graph.extract.plan import read_plan
from sts_graph.extract.resolve import resolve
from sts_graph.extract.text import Source, key, read_source

__all__ = ["Framework", "Plan", "extract"]


def read_sources(sources: Path) -> list[Source]:
    """Every plan of *sources*, read (see :func:`source_paths`)."""
    return [read_source(path) for path in source_paths(sources)]


def source_paths(sources: Path) -> list[Path]:
    """The plans of *sources*, each département once: each ``*.pdf`` is first turned
    into the ``*.txt`` beside it (:func:`.pdf.pdf_text`); two files of one
    département, or with the same text, are refused."""
    for path in sorted([*sources.glob("*.pdf"), *sources.glob("*.txt")]):
        if not path.is_file():  # a FIFO or a device would block or never end
            raise InputError(f"{display_path(path)}: not a regular file, not read as a plan")
    for pdf in sorted(sources.glob("*.pdf")):
        pdf_text(pdf)
    paths = sorted(sources.glob("*.txt"))
    if not paths:
        raise InputError(f"{display_path(sources)}: no source plan (*.txt, *.pdf) found")
    first: dict[str, Path] = {}
    for path in paths:
        code = path.stem.split("-", 1)[0]
        if code in first:
            raise InputError(
                f"{display_path(path)}:1: département {code} is already the plan of "
                f"{first[code].name}"
            )
        first[code] = path
    seen: dict[str, Path] = {}
    for path in paths:
        digest = sha256(path)  # read by chunks: memory bounded whatever the size
        if digest in seen:
            raise InputError(
                f"{display_path(path)}:1: the same text as {seen[digest].name}"
                " (a plan copied under another département's code?)"
            )
        seen[digest] = path
    return paths


def engagement_keys(framework: Framework) -> frozenset[str]:
    """The engagement titles of the framework, as keys (a page never runs into one)."""
    return frozenset(key(t) for c in framework.engagements.values() for t in c.titles)


def read(source: Source, framework: Framework) -> Plan:
    """One plan read and resolved against *framework*; an unexpected error names the plan."""
    with blamed_on(source.name):
        plan = read_plan(source, engagement_keys(framework))
        resolve(plan, framework)
        return plan


def extract(sources: Path, framework: Framework | None = None) -> tuple[list[Plan], Framework]:
    """Read every plan of *sources*, each resolved alone against *framework* (by default
    the reference file)."""
    framework = framework if framework is not None else reference.load()
    return [read(source, framework) for source in read_sources(sources)], framework
