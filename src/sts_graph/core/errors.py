"""Typed errors, each mapped to the CLI exit code that documents it.

Exit codes: 0 success / conforms, 1 the graph does not conform (or, with
``--strict``, the extraction met anomalies), 2 unreadable input or bad usage,
3 a SPARQL server failed (unreachable, timed out, refused the request); and, set
by the command line, 130 interrupted (Ctrl-C), in one line, 141 the reader of the
output left (``| head``), silently, as for any Unix tool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


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
        self.path, self.line, self.message = path, line, message

    def __reduce__(self):  # raised in a worker process, read in its parent
        return (LayoutError, (self.path, self.line, self.message))


class NotAQueryError(InputError):
    """A text sent as a query that does not parse as one (an update, or broken SPARQL)."""


class QueryMemoryError(InputError):
    """A query on the embedded store that needed more memory than it may take (``--memory``)."""

    def __init__(self, memory: int | None, path: str = "query") -> None:
        size = f"{memory / (1 << 30):g} GB" if memory else "the memory it may take"
        super().__init__(f"{path}: stopped: the query needed more than {size} (--memory)")


class QueryCrashError(InputError):
    """A query whose engine died of something other than its memory bound (a signal)."""

    def __init__(self, how: str, path: str = "query") -> None:
        super().__init__(f"{path}: the query crashed the engine ({how}); the store is unchanged")
        self.how, self.path = how, path

    def __reduce__(self):
        return (QueryCrashError, (self.how, self.path))


class QueryTimeoutError(InputError):
    """A query still running when its time limit (``--timeout``) passed."""


class OutputError(StsGraphError):
    """An output file cannot be written (the previous files are left as they were)."""

    exit_code = 2


@contextmanager
def blamed_on(name: str) -> Iterator[None]:
    """Turn an unexpected error while working on *name* into a one-line :class:`InputError`."""
    try:
        yield
    except StsGraphError:
        raise
    except Exception as error:  # a bug, but the user still learns which input met it
        raise InputError(f"{name}: cannot extract: {type(error).__name__}: {error}") from error


class NotConformingError(StsGraphError):
    """The graph violates the shapes (the report is attached)."""

    exit_code = 1

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


class AnomaliesError(StsGraphError):
    """``--strict`` extraction met anomalies."""

    exit_code = 1


class EndpointError(StsGraphError):
    """A SPARQL server could not be reached or refused a request.

    *transient* failures (refused connection, time-out, HTTP 429/5xx) may pass
    on a retry; others (HTTP 4xx) will not.
    """

    exit_code = 3

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
