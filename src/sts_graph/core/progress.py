"""Progress bars for long work: one per stage, advanced plan by plan, on a terminal only.

Nothing is drawn when standard error is not a terminal (piped, redirected) or under
CI (``CI`` set, as every CI service does), so logs and captured output stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


def shown() -> bool:
    """Whether progress is drawn: standard error is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def stages() -> Iterator[Stages]:
    """A display for the stages of one command (bars removed when it ends)."""
    if not shown():
        yield Stages(None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[item]}"), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bars:
        yield Stages(bars)


class Stages:
    """Bars of one command's stages; without a terminal, nothing happens."""

    def __init__(self, bars) -> None:
        self._bars = bars

    def track(self, items: Iterable[T], total: int, stage: str, names: list[str]) -> Iterator[T]:
        """*items* as they come, the stage's bar advanced by each, showing the next name."""
        advance = self.counter(stage, total, names[0] if names else "")
        for done, item in enumerate(items, 1):
            advance(names[done] if done < len(names) else "")
            yield item

    def counter(self, stage: str, total: int, first: str = "") -> Callable[[str], None]:
        """A function advancing the stage's bar by one, showing the name it is given
        (what comes next)."""
        if self._bars is None:
            return lambda _name: None
        task = self._bars.add_task(stage, total=total, item=first)
        return lambda name: self._bars.update(task, advance=1, item=name)
