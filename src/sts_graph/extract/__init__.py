"""Stage 1: the plans' source texts → :class:`Plan` records and the regional framework."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..store import display_path
from .framework import Framework, resolve
from .model import Plan
from .plan import read_plan

__all__ = ["Framework", "Plan", "extract"]


def extract(sources: Path) -> tuple[list[Plan], Framework]:
    """Read every ``*.txt`` plan of *sources* and resolve their codes together."""
    paths = sorted(sources.glob("*.txt"))
    if not paths:
        raise InputError(f"{display_path(sources)}: no source plan (*.txt) found")
    plans = [read_plan(path) for path in paths]
    return plans, resolve(plans)
