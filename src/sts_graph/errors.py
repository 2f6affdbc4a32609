"""Typed errors, each mapped to the CLI exit code that documents it.

Exit codes: 0 success / conforms, 1 the graph does not conform (or, with
``--strict``, the extraction met anomalies), 2 unreadable input or bad usage.
"""

from __future__ import annotations


class StsGraphError(Exception):
    """Base class: a one-line message for the user and an exit code."""

    exit_code = 2


class InputError(StsGraphError):
    """An input (Turtle file, shapes, source plan, query) cannot be read."""

    exit_code = 2


class LayoutError(InputError):
    """A source plan whose layout the extractor does not recognise."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


class NotConformingError(StsGraphError):
    """The graph violates the shapes (the report is attached)."""

    exit_code = 1

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


class AnomaliesError(StsGraphError):
    """``--strict`` extraction met anomalies."""

    exit_code = 1
