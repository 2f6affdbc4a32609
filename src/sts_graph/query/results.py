"""How a query's answer is written: the W3C SPARQL 1.1 CSV and JSON results
formats, plain JSON records, a table for a terminal, a pandas DataFrame."""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from sts_graph.core.errors import InputError
from sts_graph.rdf.store import Rows
from sts_graph.rdf.terms import canonical_decimal


def lexical(value: Node | None) -> str:
    """A term as the W3C SPARQL CSV writes it: empty when unbound, an IRI as is, a blank
    node as ``_:label``, a literal by its lexical form, ``xsd:decimal`` in its canonical
    form (``13``, ``1.5``) so that every engine and server prints the same value."""
    if value is None:
        return ""
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Literal) and value.datatype == XSD.decimal:
        try:
            return canonical_decimal(str(value))
        except ValueError:  # an ill-typed decimal is printed as it is
            return str(value)
    return str(value)


def native(value: Node | None) -> Any:
    """A term as a plain JSON value: numbers as numbers, booleans as booleans, anything
    else (and numbers JSON cannot hold: NaN, INF) as its lexical form; None if unbound."""
    if not isinstance(value, Literal) or value.language:
        return None if value is None else lexical(value)
    python = value.toPython()  # the literal itself when ill-typed or of another type
    if isinstance(python, bool | int):
        return python
    if isinstance(python, Decimal):
        return int(python) if python == python.to_integral_value() else float(python)
    if isinstance(python, float) and math.isfinite(python):
        return python
    return lexical(value)


def to_csv(rows: Rows, delimiter: str = ",") -> str:
    """Rows as the W3C SPARQL 1.1 CSV results format (RFC 4180: CRLF line ends, a cell
    quoted when it holds a comma, a quote or a line break); with ``\\t``, plain
    tab-separated values."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow([lexical(v) for v in row])
    return out.getvalue()


def _json_term(value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    term = {"type": "literal", "value": lexical(value)}
    if isinstance(value, Literal) and value.language:
        term["xml:lang"] = value.language
    elif isinstance(value, Literal) and value.datatype not in (None, XSD.string, RDF.langString):
        term["datatype"] = str(value.datatype)
    return term


def to_json(rows: Rows) -> str:
    """Rows as the W3C SPARQL 1.1 Query Results JSON format (datatypes and languages
    kept; an unbound variable is left out of its row)."""
    bindings = [
        {c: _json_term(v) for c, v in zip(rows.columns, row, strict=True) if v is not None}
        for row in rows
    ]
    document = {"head": {"vars": rows.columns}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def to_records(rows: Rows) -> str:
    """Rows as a JSON list of plain records: numbers as numbers, null for unbound."""
    records = [{c: native(v) for c, v in zip(rows.columns, row, strict=True)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_table(rows: Rows, width: int) -> str:
    """Rows as a table *width* columns wide, long cells wrapped (rich)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(*rows.columns, show_lines=False)
    for row in rows:
        table.add_row(*(lexical(v) for v in row))
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return console.file.getvalue()  # type: ignore[attr-defined]


FORMATS = ("table", "csv", "tsv", "json", "records")


def render(rows: Rows, fmt: str, width: int | None = None) -> str:
    """Rows in one of :data:`FORMATS`; a table without a terminal *width* is printed as
    plain tab-separated values."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "records":
        return to_records(rows)
    if fmt == "table" and width:
        return to_table(rows, width)
    return to_csv(rows, "," if fmt == "csv" else "\t")


def dataframe(rows: Rows) -> Any:
    """Rows as a pandas DataFrame, numbers as numbers (``pip install sts-graph[analysis]``)."""
    try:
        import pandas as pd
    except ImportError as error:
        raise InputError("pandas is not installed (pip install 'sts-graph[analysis]')") from error
    return pd.DataFrame([[native(v) for v in row] for row in rows], columns=rows.columns)
