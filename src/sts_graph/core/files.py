"""Files read as text, and named in messages."""

from __future__ import annotations

import re
from pathlib import Path

from sts_graph.core.errors import InputError
from sts_graph.core.paths import ROOT

_POSITION = re.compile(r"\b(?:line |at )(\d+)")


def display_path(path: Path) -> str:
    """*path* relative to the project when inside it, for messages (a path that cannot
    be resolved, a symbolic link loop, is shown as it is given)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def error_line(error: Exception) -> int | None:
    """The line an engine's syntax error points at, where it says."""
    if isinstance(getattr(error, "lineno", None), int):
        return error.lineno  # type: ignore[attr-defined]
    match = _POSITION.search(str(error))
    return int(match.group(1)) if match else None


def decode_utf8(path: Path, data: bytes) -> str:
    """*data* read from *path* as UTF-8; a byte that is not names the file and its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise InputError(
            f"{display_path(path)}:{line}: not UTF-8 text "
            f"(byte 0x{data[error.start]:02x} at column {column})"
        ) from None


def read_text(path: Path) -> str:
    """A UTF-8 file's text; an unreadable file names the file, a byte that is not UTF-8 its line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error.strerror or error}") from error
    return decode_utf8(path, data)
