"""The files of a site: what each extension is served as, and what makes a folder a site.

A resource page exists in every format of :data:`VARIANTS`, one file per
extension; the server negotiates between them on the extensionless URL.
"""

from __future__ import annotations

from pathlib import Path

from sts_graph.rdf.formats import BY_EXTENSION, DUMP_FORMATS, FORMATS, RdfFormat

RDF_VARIANTS = ("ttl", "jsonld", "nt", "rdf")


def _content_type(rdf: RdfFormat) -> str:
    return rdf.media_type + ("; charset=utf-8" if rdf.media_type.startswith("text/") else "")


# extension → Content-Type, in the server's order of preference for equal q-values
VARIANTS: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    **{ext: _content_type(BY_EXTENSION[ext]) for ext in RDF_VARIANTS},
}

# files served as they are (no negotiation), by extension
STATIC: dict[str, str] = {
    **VARIANTS,
    "css": "text/css; charset=utf-8",
    "svg": "image/svg+xml",
    **{FORMATS[f].extension: _content_type(FORMATS[f]) for f in DUMP_FORMATS},
    "rq": "application/sparql-query",
    "txt": "text/plain; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "wasm": "application/wasm",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",  # a source plan, beside its page (id/source/46.pdf)
}

# the names a reader sees next to the format links of a page
FORMAT_NAMES: dict[str, str] = {"html": "HTML", **{e: BY_EXTENSION[e].label for e in RDF_VARIANTS}}


def media_type(content_type: str) -> str:
    """``text/turtle; charset=utf-8`` → ``text/turtle``."""
    return content_type.split(";", 1)[0].strip()


def is_site(folder: Path) -> bool:
    """Whether *folder* holds a site written by ``sts-graph publish``."""
    return (folder / "index.html").is_file() and (folder / "id").is_dir()
