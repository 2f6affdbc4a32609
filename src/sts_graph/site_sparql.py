"""The SPARQL 1.1 protocol at ``/sparql`` of a served site: queries (never updates)
answered by pyoxigraph over the site's own dump, so that the site's ``/sparql``
page can ask the server instead of loading the dump into the browser."""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .namespaces import DUMPS_PATH
from .publish.dumps import DATASET_DUMPS

MAX_QUERY = 1 << 20  # bytes of a query read from a request body
RESULT_TYPES = {  # media type → pyoxigraph results format name, the first the default
    "application/sparql-results+json": "JSON",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/sparql-results+xml": "XML",
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str


class SparqlService:
    """The dataset of one site, loaded on the first query."""

    def __init__(self, site: Path) -> None:
        self.dump = site / DUMPS_PATH / DATASET_DUMPS["nquads"]
        self._store = None
        self._lock = threading.Lock()

    def store(self):
        import pyoxigraph

        with self._lock:
            if self._store is None:
                loaded = pyoxigraph.Store()
                loaded.load(path=str(self.dump), format=pyoxigraph.RdfFormat.N_QUADS)
                self._store = loaded
        return self._store

    def answer(self, query: str, media: str) -> Answer:
        """The answer to *query*, solutions in the results format *media* (one of
        :data:`RESULT_TYPES`), triples in N-Triples."""
        import pyoxigraph

        try:
            result = self.store().query(query, use_default_graph_as_union=True)
        except SyntaxError as error:
            why = f"SPARQL syntax error: {error}\n".encode()
            return Answer(400, why, "text/plain; charset=utf-8")
        if isinstance(result, pyoxigraph.QueryTriples):
            body = result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
            return Answer(200, body, "application/n-triples")
        body = result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, RESULT_TYPES[media]))
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return Answer(200, body, media + charset)


def query_of(method: str, target: str, content_type: str, body: bytes) -> str | None:
    """The query a protocol request carries (GET ``?query=``, POST form or POST
    ``application/sparql-query``), or None when it carries none."""
    if method == "GET":
        found = urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).get("query")
        return found[0] if found else None
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/sparql-query":
        return body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        found = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query")
        return found[0] if found else None
    return None
