"""French typography for the pages: numbers as a French reader writes them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.namespace import XSD

NARROW_NBSP = "\u202f"  # the thin space that groups digits in French
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger,
           XSD.positiveInteger, XSD.int, XSD.long}  # fmt: skip


def french_number(text: str) -> str:
    """``190000`` → ``190 000``, ``3.33`` → ``3,33``, ``1757`` → ``1757`` (four digits
    stay whole, as French typography allows; a thin no-break space groups the rest)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    if len(whole) > 4:
        groups: list[str] = []
        while whole:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        whole = NARROW_NBSP.join(groups)
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def shown_literal(value: Literal) -> str:
    """A literal as a page shows it: numbers the French way, anything else as it is."""
    return french_number(str(value)) if value.datatype in NUMERIC else str(value)


def shown(value: object) -> str:
    """A template's value as text: empty when missing, a literal as :func:`shown_literal`."""
    if value is None:
        return ""
    return shown_literal(value) if isinstance(value, Literal) else str(value)
