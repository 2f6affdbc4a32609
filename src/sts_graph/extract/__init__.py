"""Stage 1: the plans' source texts → :class:`Plan` records and the regional framework."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..store import display_path
from .framework import Framework, resolve
from .model import Plan
from .plan import engagement_titles, read_plan
from .text import key, read_source

__all__ = ["Framework", "Plan", "extract"]


def extract(sources: Path) -> tuple[list[Plan], Framework]:
    """Read every ``*.txt`` plan of *sources* and resolve their codes together."""
    paths = sorted(sources.glob("*.txt"))
    if not paths:
        raise InputError(f"{display_path(sources)}: no source plan (*.txt) found")
    sources = [read_source(path) for path in paths]
    titles = frozenset(key(t) for s in sources for _n, t, _line in engagement_titles(s))
    plans = [read_plan(source, titles) for source in sources]
    return plans, resolve(plans)
