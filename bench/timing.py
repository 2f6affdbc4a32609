"""What the benchmark scripts share: repeated timings, peak memory, the Markdown report."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Timing:
    """Seconds taken by repeated runs of one thing."""

    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def spread(self) -> str:
        """The fastest and slowest runs, in milliseconds."""
        return f"{min(self.runs) * 1000:.0f}–{max(self.runs) * 1000:.0f}"


def measure(
    action: Callable[..., object],
    repeat: int,
    warmup: int = 1,
    setup: Callable[[], object] | None = None,
) -> Timing:
    """Time *action* *repeat* times after *warmup* untimed runs; with *setup*, each run
    gets a fresh ``setup()`` value as its argument, made outside the timing."""
    runs = []
    for index in range(warmup + repeat):
        args = (setup(),) if setup else ()
        started = time.perf_counter()
        action(*args)
        if index >= warmup:
            runs.append(time.perf_counter() - started)
    return Timing(runs)


def command_peak(
    command: list[str], repeat: int, env: Callable[[], dict[str, str]] = dict
) -> tuple[Timing, float]:
    """Wall time of a command and its peak resident memory in MB (the largest run);
    each run's environment is added to by ``env()``."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    runs, peaks = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", probe, *command],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, **env()},
        )
        runs.append(time.perf_counter() - started)
        peaks.append(int(out.stdout.strip()) / 1024)
    return Timing(runs), max(peaks)


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workers_peak_mb() -> float:
    """The peak resident memory of the largest child process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def machine() -> str:
    """One line on where the figures were measured."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average {os.getloadavg()[0]:.1f} at the start"
    )


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def held(ok: bool) -> str:
    """A target's verdict, as the report marks it."""
    return "yes" if ok else "**no**"


def replace_section(name: str, text: str, report: Path = REPORT) -> None:
    """Put *text* between the ``<!-- name -->`` markers of the report (added if missing)."""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    current = report.read_text(encoding="utf-8") if report.is_file() else "# Benchmarks\n"
    block = f"{begin}\n{text.rstrip()}\n{end}"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(current, encoding="utf-8")
