"""How a query's answer is written: the W3C SPARQL 1.1 CSV and JSON results
formats, plain JSON records, a table for a terminal, a pandas DataFrame."""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from typing import Any

from sts_graph.core.errors import InputError
from sts_graph.rdf.answers import (
    LANG_STRING,
    XSD,
    XSD_DECIMAL,
    XSD_STRING,
    Blank,
    Iri,
    Literal,
    Rows,
    Term,
    canonical_decimal,
)

INTEGERS = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
FLOATS = frozenset({XSD + "double", XSD + "float"})
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def lexical(value: Term | None) -> str:
    """A term as the W3C SPARQL CSV writes it: empty when unbound, an IRI as is, a blank
    node as ``_:label``, a literal by its lexical form, ``xsd:decimal`` in its canonical
    form (``13``, ``1.5``) so that every engine and server prints the same value."""
    if value is None:
        return ""
    if isinstance(value, Blank):
        return f"_:{value}"
    if isinstance(value, Literal) and value.datatype == XSD_DECIMAL:
        try:
            return canonical_decimal(value.value)
        except ValueError:  # an ill-typed decimal is printed as it is
            return value.value
    return value.value


def native(value: Term | None) -> Any:
    """A term as a plain JSON value: numbers as numbers, booleans as booleans, anything
    else (an ill-typed literal, and numbers JSON cannot hold: NaN, INF) as its lexical
    form; None if unbound."""
    if not isinstance(value, Literal):
        return None if value is None else lexical(value)
    text, datatype = value.value.strip(), value.datatype
    try:
        if datatype in INTEGERS:
            return int(text)
        if datatype == XSD_DECIMAL:
            number = Decimal(text)
            if number.is_finite():
                return int(number) if number == number.to_integral_value() else float(number)
        if datatype in FLOATS and math.isfinite(float(text)):
            return float(text)
    except (ValueError, ArithmeticError):
        pass  # ill-typed: printed as written
    if datatype == XSD + "boolean" and text in BOOLEANS:
        return BOOLEANS[text]
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


def _json_term(value: Term) -> dict[str, str]:
    if isinstance(value, Iri):
        return {"type": "uri", "value": value.value}
    if isinstance(value, Blank):
        return {"type": "bnode", "value": value.value}
    term = {"type": "literal", "value": lexical(value)}
    if value.language:
        term["xml:lang"] = value.language
    elif value.datatype not in (XSD_STRING, LANG_STRING):
        term["datatype"] = value.datatype
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
