"""The RDF formats the project reads and writes, described once: name, file extension,
media type, the engine's format, the name a reader sees, and the EU file type that a
DCAT distribution states (``http://publications.europa.eu/resource/authority/file-type/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path, error_line

_PARSER_PREFIX = re.compile(r"^Parser error [^:]*: ")


@dataclass(frozen=True)
class RdfFormat:
    name: str  # as the command line and the code name it
    extension: str
    media_type: str
    engine: str  # pyoxigraph's RdfFormat member
    label: str
    file_type: str  # the EU file-type authority's code


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "ttl", "text/turtle", "TURTLE", "Turtle", "RDF_TURTLE"),
        RdfFormat("jsonld", "jsonld", "application/ld+json", "JSON_LD", "JSON-LD", "JSON_LD"),
        RdfFormat(
            "ntriples", "nt", "application/n-triples", "N_TRIPLES", "N-Triples", "RDF_N_TRIPLES"
        ),
        RdfFormat("nquads", "nq", "application/n-quads", "N_QUADS", "N-Quads", "RDF_N_QUADS"),
        RdfFormat("trig", "trig", "application/trig", "TRIG", "TriG", "RDF_TRIG"),
        RdfFormat("rdfxml", "rdf", "application/rdf+xml", "RDF_XML", "RDF/XML", "RDF_XML"),
    )
}
BY_EXTENSION: dict[str, RdfFormat] = {f.extension: f for f in FORMATS.values()}
DUMP_FORMATS = ("nquads", "trig")  # a whole dataset, its named graphs kept


def engine_format(name: str):
    """pyoxigraph's ``RdfFormat`` for the format *name* (or extension)."""
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, (FORMATS.get(name) or BY_EXTENSION[name]).engine)


def syntax_error(path: Path, error: SyntaxError) -> InputError:
    """pyoxigraph's syntax error as one line: ``FILE:LINE: Turtle syntax error: why``."""
    line = error_line(error)
    where = f":{line}" if line else ""
    message = _PARSER_PREFIX.sub("", str(error).split(" (line ")[0])
    return InputError(f"{display_path(path)}{where}: Turtle syntax error: {message}")
