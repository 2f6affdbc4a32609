"""The ``sts-graph`` command run in-process, and the checks every failure must pass."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from sts_graph.cli import main

ONE_LINE_ERROR = re.compile(r"^sts-graph: (?P<file>[^\n:]+):(?P<line>\d+): (?P<message>[^\n]+)\n$")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(*args: str) -> Result:
    """``sts-graph ARGS`` in this process; an exception escapes (a traceback is a failure)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def error_line(result: Result, file_name: str) -> tuple[int, str]:
    """The line and message of a one-line error naming *file_name*; fails on anything else."""
    assert result.code == 2, result
    assert "Traceback" not in result.out + result.err, result.err
    match = ONE_LINE_ERROR.match(result.err)
    assert match, f"not one line 'sts-graph: FILE:LINE: message': {result.err!r}"
    assert match["file"].endswith(file_name), result.err
    return int(match["line"]), match["message"]
