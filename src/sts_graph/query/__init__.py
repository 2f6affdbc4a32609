"""Stage 5: saved SPARQL questions (``queries/*.rq``) and how their answers are printed.

A saved query is self-contained: run verbatim by any SPARQL 1.1 engine, it gives
its documented default answer. Its header states its question (``# Question: …``),
declares its parameters with their type (``# Param: min (integer) — what it means``;
``string``, ``integer``, or ``search``: a phrase folded as the texts' search keys are)
and the columns that hold lists (``# Lists: departements``); each parameter's
default is bound in the query itself by a one-line ``VALUES ?min { 3 }`` block,
whose value :func:`with_values` replaces by the given one as a literal of the
declared type (strings escaped: a value can never become SPARQL), on the same line,
so that an error names the line of the file.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
import unicodedata
from collections.abc import Mapping
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sts_graph.core.child import ChildCrash, ChildOutOfMemory, ChildTimeout, bounded
from sts_graph.core.errors import (
    InputError,
    NotAQueryError,
    QueryCrashError,
    QueryMemoryError,
    QueryTimeoutError,
    StsGraphError,
)
from sts_graph.core.files import display_path, error_line
from sts_graph.core.paths import QUERIES_DIR
from sts_graph.core.search_key import search_key
from sts_graph.rdf.answers import Literal, Queryable, Rows, Term

_HEADER = re.compile(r"^#\s*(Question|Param|Lists)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)\)\s*(?:—\s*(.*))?$")
_TERM = r'"(?:[^"\\\n]|\\.)*"|[+-]?\d+'
_STRING_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)
_UNESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_ENGINE_POSITION = re.compile(r"^error at \d+:(\d+): ")
TYPES = ("string", "integer", "search")  # search: a phrase, folded (core.search_key)


@dataclass(frozen=True)
class Param:
    """A declared parameter: name, type (:data:`TYPES`), default value, and meaning."""

    name: str
    type: str
    default: str
    help: str

    def usage(self) -> str:
        """How to give it: ``--param min=… (integer, default '3')``."""
        return f"--param {self.name}=… ({self.type}, default {self.default!r})"

    def literal(self, value: str) -> str:
        """*value* as a SPARQL literal of the parameter's type; a value that is not
        of that type is refused, naming the parameter."""
        if self.type == "integer":
            if not _INTEGER.match(value):
                raise InputError(f"--param {self.name}={value!r}: expected an integer")
            return str(int(value))
        if self.type == "search":
            return string_literal(search_key(value))
        return string_literal(unicodedata.normalize("NFC", value))


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file with its header read."""

    path: Path
    text: str
    question: list[str]
    params: list[Param]
    lists: list[str]  # columns holding space-separated lists, each sorted

    @property
    def name(self) -> str:
        return self.path.stem


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(\bVALUES\s+\?{name}\s*\{{\s*)({_TERM})(\s*\}})")


def _unquote(term: str) -> str:
    """A term of a ``VALUES`` block as the value it binds."""
    if not term.startswith('"'):
        return str(int(term))
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m[1], m[1]), term[1:-1])


def load(path: Path) -> SavedQuery:
    """Read a query file, its header comments and its parameters' defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{display_path(path)}: cannot read: {error}") from error
    question: list[str] = []
    params: list[Param] = []
    lists: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _HEADER.match(line)
        if not match:
            continue
        kind, value = match.groups()
        where = f"{display_path(path)}:{number}"
        if kind == "Question":
            question.append(value)
        elif kind == "Lists":
            lists += value.split()
        elif (p := _PARAM.match(value)) is None or p[2] not in TYPES:
            raise InputError(f"{where}: expected « # Param: name ({'|'.join(TYPES)}) — meaning »")
        else:
            blocks = _values_block(p[1]).findall(text)
            if len(blocks) != 1:
                raise InputError(
                    f"{where}: parameter {p[1]} needs one « VALUES ?{p[1]} {{ default }} » block"
                )
            default = _unquote(blocks[0][1])
            if p[2] == "search" and default != search_key(default):
                raise InputError(
                    f"{where}: the default of {p[1]} is a search key, folded: "
                    f"{search_key(default)!r}, not {default!r}"
                )
            params.append(Param(p[1], p[2], default, p[3] or ""))
    return SavedQuery(path, text, question, params, lists)


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


def check_params(query: SavedQuery, given: Mapping[str, str]) -> None:
    """Refuse a parameter the query does not declare, or a value not of its type."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise InputError(f"{query.name}: unknown parameter {unknown[0]!r} (parameters: {names})")
    for name, value in given.items():
        declared[name].literal(value)


def string_literal(value: str) -> str:
    """*value* as a SPARQL string literal on one line (quotes, backslashes and
    line breaks escaped): whatever it holds, it stays one string."""
    return f'"{value.translate(_STRING_ESCAPES)}"'


@dataclass(frozen=True)
class Slot:
    """Where a parameter's value goes: the default term of its ``VALUES`` block."""

    param: Param
    written: str  # the default as the file writes it


def template(query: SavedQuery) -> list[str | Slot]:
    """The query's text cut at each parameter's default value: what a binder splices
    literals into (:func:`with_values` here, ``sparql.js`` in the browser)."""
    cuts = [
        (m.start(2), m.end(2), p)
        for p in query.params
        if (m := _values_block(p.name).search(query.text))
    ]
    found = sorted(cuts, key=lambda cut: cut[0])
    parts: list[str | Slot] = []
    at = 0
    for start, end, param in found:
        parts += [query.text[at:start], Slot(param, query.text[start:end])]
        at = end
    return [*parts, query.text[at:]]


def with_values(query: SavedQuery, given: Mapping[str, str]) -> str:
    """The query's text with each given parameter's ``VALUES`` block binding the given
    value instead of the default (on the same line: lines keep their numbers)."""
    check_params(query, given)
    return "".join(
        part
        if isinstance(part, str)
        else part.param.literal(given[part.param.name])
        if part.param.name in given
        else part.written
        for part in template(query)
    )


def binding_spec(query: SavedQuery) -> dict[str, object]:
    """What a browser needs to bind *query*'s parameters as :func:`with_values` does:
    the text's parts around each slot, and how a value becomes a literal."""
    return {
        "parts": [
            part if isinstance(part, str) else {"param": part.param.name, "written": part.written}
            for part in template(query)
        ],
        "integer": _INTEGER.pattern,
        "escapes": {chr(code): text for code, text in _STRING_ESCAPES.items()},
    }


MEMORY = 4 << 30  # bytes a query on the embedded store may use beyond the process (--memory)


def within(
    seconds: float | None, store: Queryable, text: str, memory: int | None = None
) -> Rows | None:
    """``store.select(text)``, or None when *seconds* passed first (None: no limit).

    On an embedded store the query runs in a forked child process, so that it really
    stops at the deadline (the child is killed) and cannot take more than *memory*
    bytes beyond what the process holds (:class:`QueryMemoryError`). Elsewhere (a
    server, whose requests have their own time-out) it runs in a thread, abandoned
    at the deadline."""
    if seconds is None and memory is None:
        return store.select(text)
    if store.embedded and "fork" in multiprocessing.get_all_start_methods():
        return _in_child(seconds, store, text, memory)
    answer: Future[Rows] = Future()

    def evaluate() -> None:
        try:
            answer.set_result(store.select(text))
        except Exception as error:
            answer.set_exception(error)

    threading.Thread(target=evaluate, name="sts-graph query", daemon=True).start()
    done, _ = wait([answer], timeout=seconds)
    return answer.result() if done else None


def _in_child(
    seconds: float | None, store: Queryable, text: str, memory: int | None
) -> Rows | None:
    try:
        return bounded(lambda: store.select(text), seconds, memory)
    except ChildTimeout:
        return None
    except ChildOutOfMemory:
        raise QueryMemoryError(memory) from None
    except ChildCrash as crash:
        raise QueryCrashError(crash.how) from None


def run(
    store: Queryable,
    name: str,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    memory: int | None = None,
) -> Rows:
    """Answer a saved (or file) query on *store*, stopped after *timeout* seconds
    (:class:`~sts_graph.core.errors.QueryTimeoutError`) or beyond *memory* bytes on an
    embedded store (:class:`~sts_graph.core.errors.QueryMemoryError`); an error names the
    query file.
    The lists of the query's list columns come sorted, whatever the engine."""
    query = find(name)
    text = with_values(query, params or {})
    try:
        rows = within(timeout, store, text, memory)
    except QueryMemoryError as error:
        raise QueryMemoryError(memory, display_path(query.path)) from error
    except QueryCrashError as error:
        raise QueryCrashError(error.how, display_path(query.path)) from error
    except NotAQueryError as error:  # refused before it reached a server
        raise InputError(f"{display_path(query.path)}: {error}") from None
    except StsGraphError:
        raise
    except Exception as error:  # the engine's parser and evaluator errors
        raise query_error(query, error) from error
    if rows is None:
        path = display_path(query.path)
        raise QueryTimeoutError(f"{path}: stopped after {timeout:g} s (--timeout)")
    return sorted_lists(rows, query.lists)


def sorted_lists(rows: Rows, lists: list[str]) -> Rows:
    """*rows* with the space-separated lists of the columns *lists* sorted (numbers
    by value, before words)."""
    at = [i for i, column in enumerate(rows.columns) if column in lists]
    if not at:
        return rows

    def sort(value: Term | None) -> Term | None:
        if not isinstance(value, Literal):
            return value
        return replace(value, value=" ".join(sorted(value.value.split(), key=_list_order)))

    out = [tuple(sort(v) if i in at else v for i, v in enumerate(row)) for row in rows]
    return Rows(rows.columns, out)


def _list_order(item: str) -> tuple:
    try:
        return (0, Decimal(item), item)
    except ArithmeticError:
        return (1, 0, item)


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
