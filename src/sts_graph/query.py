"""Stage 5: saved SPARQL questions (``queries/*.rq``) and how their answers are printed.

A saved query's header states its question (``# Question: …``) and may declare
parameters (``# Param: motif = aller vers — text searched in the actions``).
Parameters are bound as literals through a ``VALUES`` block on the outermost
group (SPARQL 1.1), never pasted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError, StsGraphError
from .namespaces import QUERIES_DIR
from .store import Rows, Store, display_path

_HEADER = re.compile(r"^#\s*(Question|Param|Unordered)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(.*?)\s*(?:—\s*(.*))?$")


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


def bindings(query: SavedQuery, given: Mapping[str, str]) -> dict[str, Node]:
    """Literal bindings for the declared parameters (defaults where not given)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise InputError(f"{query.name}: unknown parameter {unknown[0]!r} (parameters: {names})")
    return {name: Literal(given.get(name, p.default)) for name, p in declared.items()}


def with_values(text: str, values: Mapping[str, Node]) -> str:
    """*text* with a ``VALUES`` block binding *values*, placed before the final ``}``
    of the outermost WHERE group so that it constrains the whole query."""
    if not values:
        return text
    names = " ".join(f"?{n}" for n in values)
    terms = " ".join(v.n3() for v in values.values())
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise InputError("a parameterised query needs a WHERE clause")
    depth, index = 0, where.end() - 1
    for index in range(where.end() - 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            break
    return text[:index] + block + text[index:]


def run(store: Store, name: str, params: Mapping[str, str] | None = None) -> Rows:
    """Answer a saved (or file) query on *store*; an error names the query file."""
    query = find(name)
    text = with_values(query.text, bindings(query, params or {}))
    try:
        return store.select(text)
    except StsGraphError:
        raise
    except Exception as error:  # the engine's parser and evaluator errors
        where = f":{error.lineno}" if isinstance(getattr(error, "lineno", None), int) else ""
        message = str(error).splitlines()[0]
        raise InputError(f"{display_path(query.path)}{where}: query error: {message}") from error


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
