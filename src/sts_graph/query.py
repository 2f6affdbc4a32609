"""Stage 5: saved SPARQL questions (``queries/*.rq``) and how their answers are printed.

A saved query's header states its question (``# Question: …``) and may declare
parameters (``# Param: motif = aller vers — text searched in the actions``).
Parameters are bound as string literals through a ``VALUES`` block on the
outermost group (SPARQL 1.1), every character that could end the string
escaped, never pasted into the query text; the block stays on the line of the
group's closing brace, so an error names the line of the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Mapping
from concurrent.futures import Future, wait
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError, QueryTimeoutError, StsGraphError
from .namespaces import QUERIES_DIR
from .store import Queryable, Rows, display_path, error_line

_HEADER = re.compile(r"^#\s*(Question|Param|Unordered)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(.*?)\s*(?:—\s*(.*))?$")
_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)
_ENGINE_POSITION = re.compile(r"^error at \d+:(\d+): ")


@dataclass(frozen=True)
class Param:
    """A declared parameter: name, default value, and what it means."""

    name: str
    default: str
    help: str


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file with its header read."""

    path: Path
    text: str
    question: list[str]
    params: list[Param]
    unordered: list[str]  # columns holding space-separated lists in no set order

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def ordered(self) -> bool:
        """Whether the query orders its rows (else rows compare as a set)."""
        return bool(re.search(r"\bORDER\s+BY\b", self.text, re.IGNORECASE))


def load(path: Path) -> SavedQuery:
    """Read a query file and its header comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error}") from error
    question, params, unordered = [], [], []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        kind, value = match.groups()
        if kind == "Question":
            question.append(value)
        elif kind == "Param" and (p := _PARAM.match(value)):
            params.append(Param(p.group(1), p.group(2), p.group(3) or ""))
        elif kind == "Unordered":
            unordered += value.split()
    return SavedQuery(path, text, question, params, unordered)


def saved() -> list[SavedQuery]:
    """Every saved query, by name."""
    return [load(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def find(name: str) -> SavedQuery:
    """A saved query by name, or a ``.rq`` file by path."""
    candidate = Path(name)
    if candidate.suffix == ".rq":
        if not candidate.is_file():
            raise InputError(f"{name}: no such query file")
        return load(candidate)
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in saved()) or "none"
        raise InputError(f"unknown query {name!r} (saved queries: {known})")
    return load(path)


def bindings(query: SavedQuery, given: Mapping[str, str]) -> dict[str, str]:
    """The value of each declared parameter (its default where not given)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise InputError(f"{query.name}: unknown parameter {unknown[0]!r} (parameters: {names})")
    return {name: given.get(name, p.default) for name, p in declared.items()}


def string_literal(value: str) -> str:
    """*value* as a SPARQL string literal on one line (quotes, backslashes and
    line breaks escaped): whatever it holds, it stays one string."""
    return f'"{value.translate(_ESCAPES)}"'


def with_values(text: str, values: Mapping[str, str]) -> str:
    """*text* with a ``VALUES`` block binding *values* as string literals, placed
    before the final ``}`` of the outermost WHERE group so that it constrains the
    whole query, on that brace's line so that lines keep their numbers."""
    if not values:
        return text
    names = " ".join(f"?{n}" for n in values)
    terms = " ".join(string_literal(v) for v in values.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise InputError("a parameterised query needs a WHERE clause")
    depth, index = 0, where.end() - 1
    for index in range(where.end() - 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            break
    return text[:index] + block + text[index:]


def within(seconds: float | None, store: Queryable, text: str) -> Rows | None:
    """``store.select(text)``, or None when *seconds* passed first (None: no limit).

    pyoxigraph cannot be interrupted but releases the GIL while it evaluates: the
    query runs in a daemon thread and the caller stops waiting at the deadline.
    The abandoned evaluation goes on in the background until it ends (a command
    exits at once, ending it)."""
    if seconds is None:
        return store.select(text)
    answer: Future[Rows] = Future()

    def evaluate() -> None:
        try:
            answer.set_result(store.select(text))
        except Exception as error:
            answer.set_exception(error)

    threading.Thread(target=evaluate, name="sts-graph query", daemon=True).start()
    done, _ = wait([answer], timeout=seconds)
    return answer.result() if done else None


def run(
    store: Queryable,
    name: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Rows:
    """Answer a saved (or file) query on *store*, stopped after *timeout* seconds
    (:class:`~sts_graph.errors.QueryTimeoutError`); an error names the query file."""
    query = find(name)
    text = with_values(query.text, bindings(query, params or {}))
    try:
        rows = within(timeout, store, text)
    except StsGraphError:
        raise
    except Exception as error:  # the engine's parser and evaluator errors
        raise query_error(query, error) from error
    if rows is None:
        path = display_path(query.path)
        raise QueryTimeoutError(f"{path}: stopped after {timeout:g} s (--timeout)")
    return rows


def query_error(query: SavedQuery, error: Exception) -> InputError:
    """An engine's error as one line: ``FILE:LINE: SPARQL syntax error at column C: why``
    when it says where (the end of the text is the file's last line), else
    ``FILE: query error: why``."""
    path, line = display_path(query.path), error_line(error)
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    if line is None:
        return InputError(f"{path}: query error: {message}")
    position = _ENGINE_POSITION.match(message)
    if position is None:
        return InputError(f"{path}:{line}: query error: {message}")
    last = query.text.rstrip("\n").count("\n") + 1
    at = f"column {position[1]}" if line <= last else "the end of the query"
    message = message[position.end() :]
    return InputError(f"{path}:{min(line, last)}: SPARQL syntax error at {at}: {message}")


def plain(value: Node | None) -> str:
    """A term as plain text: empty when unbound, ``xsd:decimal`` in its canonical
    form (``13``, ``1.5``) so that every engine and server prints the same value."""
    if value is None:
        return ""
    if isinstance(value, Literal) and value.datatype == XSD.decimal:
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return str(value)


def to_csv(rows: Rows, delimiter: str = ",") -> str:
    """Rows as CSV (plain values, empty for unbound)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow([plain(v) for v in row])
    return out.getvalue()


def to_json(rows: Rows) -> str:
    """Rows as a JSON list of records (plain values, null for unbound)."""
    records = [
        {c: (None if v is None else plain(v)) for c, v in zip(rows.columns, row, strict=True)}
        for row in rows
    ]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_table(rows: Rows) -> str:
    """Rows as a table for a terminal (rich)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*rows.columns, show_lines=False)
    for row in rows:
        table.add_row(*(plain(v) for v in row))
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return console.file.getvalue()  # type: ignore[attr-defined]


def render(rows: Rows, fmt: str) -> str:
    """Rows in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "table":
        return to_table(rows)
    return to_csv(rows, "\t" if fmt == "tsv" else ",")


def dataframe(rows: Rows) -> Any:
    """Rows as a pandas DataFrame (pandas must be installed)."""
    try:
        import pandas as pd
    except ImportError as error:
        raise InputError("pandas is not installed (pip install pandas)") from error
    return pd.DataFrame([[plain(v) for v in row] for row in rows], columns=rows.columns)
