"""Stage 1: the plans' source texts → :class:`Plan` records and the regional framework."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, blamed_on
from ..store import display_path
from .framework import Framework, resolve
from .model import Plan
from .plan import engagement_titles, read_plan
from .text import Source, key, read_source

__all__ = ["Framework", "Plan", "extract"]


def read_sources(sources: Path) -> list[Source]:
    """Every ``*.txt`` plan of *sources*, read, each département once."""
    paths = sorted(sources.glob("*.txt"))
    if not paths:
        raise InputError(f"{display_path(sources)}: no source plan (*.txt) found")
    first: dict[str, Path] = {}
    for path in paths:
        code = path.stem.split("-", 1)[0]
        if code in first:
            raise InputError(
                f"{display_path(path)}:1: département {code} is already the plan of "
                f"{first[code].name}"
            )
        first[code] = path
    return [read_source(path) for path in paths]


def extract(sources: Path) -> tuple[list[Plan], Framework]:
    """Read every ``*.txt`` plan of *sources* and resolve their codes together.

    An unexpected error names the plan it met (or *sources*, while resolving).
    """
    texts = read_sources(sources)
    titles: set[str] = set()
    for source in texts:
        with blamed_on(source.name):
            titles.update(key(t) for _n, t, _line in engagement_titles(source))
    plans = []
    for source in texts:
        with blamed_on(source.name):
            plans.append(read_plan(source, frozenset(titles)))
    with blamed_on(display_path(sources)):
        return plans, resolve(plans)
