"""Stage 5: SPARQL queries, saved in ``queries/`` or given as a file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib.term import Node

from .errors import InputError
from .namespaces import QUERIES_DIR
from .store import Rows, Store, display_path


def query_path(name: str) -> Path:
    """The file of a saved query name, or *name* itself when it is a path."""
    candidate = Path(name)
    if candidate.suffix == ".rq":
        if not candidate.is_file():
            raise InputError(f"{name}: no such query file")
        return candidate
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))) or "none"
        raise InputError(f"unknown query {name!r} (saved queries: {known})")
    return path


def run(store: Store, name: str, bindings: dict[str, Node] | None = None) -> Rows:
    """Run a saved or file query on *store*; a syntax error names the file."""
    path = query_path(name)
    text = path.read_text(encoding="utf-8")
    try:
        return store.select(text, bindings)
    except Exception as error:  # the parser reports the position in its message
        raise InputError(f"{display_path(path)}: query error: {error}") from error


def to_csv(rows: Rows, delimiter: str = ",") -> str:
    """Rows as CSV (plain values, empty for unbound)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()
