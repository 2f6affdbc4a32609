"""The links from the reference data to the reference data of France and of the web:
``data/reference/links.sssom.tsv``, a mapping set in SSSOM, the OBO Foundry's
format for reviewed mappings. Each row links one of our resources (a département,
the region, a kind of dispositif) to an IRI of another dataset (Wikidata; INSEE's
Code officiel géographique; ANS's FINESS categories) by ``skos:exactMatch`` or
``skos:closeMatch``, with the pages that show the link (``see_also``, ``|`` between
them) and what they show there (``comment``). A row without its sources, or naming
a prefix its header does not declare, is an error naming the file and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from rdflib import URIRef

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.core.paths import LINKS_FILE

COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "see_also")


@dataclass(frozen=True)
class Link:
    """One reviewed link: our resource, the mapping property, the other dataset's IRI,
    and the source that shows it."""

    subject: URIRef
    predicate: URIRef
    target: URIRef
    sources: tuple[str, ...]  # web pages that show the link (SSSOM's see_also, "|" between)
    line: int


@cache
def links(path: Path = LINKS_FILE) -> tuple[Link, ...]:
    """The links of the mapping set at *path*, in the order it lists them."""
    where = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{where}: cannot read: {error.strerror}") from None
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    try:
        prefixes = dict((yaml.safe_load("\n".join(header)) or {}).get("curie_map") or {})
    except (yaml.YAMLError, AttributeError) as error:
        raise InputError(f"{where}: its metadata (the # lines) is not YAML: {error}") from None
    start = len(header)
    rows = csv.DictReader(lines[start:], delimiter="\t")
    missing = [column for column in COLUMNS if column not in (rows.fieldnames or [])]
    if missing:
        raise InputError(f"{where}:{start + 1}: no column {', '.join(missing)}")
    found = []
    for number, row in enumerate(rows, start + 2):

        def expanded(column: str, row: dict[str, str] = row, number: int = number) -> URIRef:
            value = (row.get(column) or "").strip()
            prefix, _, local = value.partition(":")
            if not local or prefix not in prefixes:
                raise InputError(f"{where}:{number}: {column} {value!r}: no prefix of curie_map")
            return URIRef(prefixes[prefix] + local)

        sources = tuple(s.strip() for s in (row.get("see_also") or "").split("|") if s.strip())
        if not sources or not all(s.startswith(("https://", "http://")) for s in sources):
            raise InputError(f"{where}:{number}: see_also: a link needs the web pages that show it")
        found.append(
            Link(
                expanded("subject_id"),
                expanded("predicate_id"),
                expanded("object_id"),
                sources,
                number,
            )
        )
    return tuple(found)
