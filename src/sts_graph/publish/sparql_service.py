"""The SPARQL 1.1 protocol at ``/sparql`` of a served site: queries (never updates)
answered by pyoxigraph over the site's own dump, so that the site's ``/sparql``
page can ask the server instead of loading the dump into the browser.

The service answers over its own data only and within bounds: a query naming a
``SERVICE`` is refused (the engine would fetch any URL it names, from the user's
machine); each query runs in a forked child, killed after :data:`SECONDS` and
held to :data:`MEMORY` bytes beyond the server, so that no query holds a core
forever, grows the server or crashes it; at most :data:`RUNNING` run at once
(then 503 with ``Retry-After``); an answer passing :data:`MAX_ANSWER` bytes is
refused. The dump is loaded again when the site is published anew (its file
changed), so that ``/sparql`` answers for the pages it serves.
"""

from __future__ import annotations

import io
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sts_graph.core.child import ChildCrash, ChildOutOfMemory, ChildTimeout, bounded
from sts_graph.publish.dumps import DATASET_DUMPS
from sts_graph.publish.paths import DUMPS_PATH
from sts_graph.rdf.engine import load_dump, write_answer

MAX_QUERY = 1 << 20  # bytes of a query read from a request body
MAX_ANSWER = 64 << 20  # bytes of an answer sent; a larger one is refused (add a LIMIT)
SECONDS = 30.0  # a query is stopped after this long
MEMORY = 1 << 30  # bytes a query may take beyond the server
RUNNING = 2  # queries answered at once; more wait for none (503)
RETRY_AFTER = "5"  # seconds a refused client is asked to wait
RESULT_TYPES = {  # media type → pyoxigraph results format name, the first the default
    "application/sparql-results+json": "JSON",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/sparql-results+xml": "XML",
}
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def _refusal(status: int, why: str, **headers: str) -> Answer:
    return Answer(status, f"{why}\n".encode(), TEXT, headers)


class SparqlService:
    """The dataset of one site, loaded on the first query and again when its dump changes."""

    def __init__(self, site: Path) -> None:
        from rdflib.plugins.sparql.parser import parseQuery  # imported before any fork

        self._parse = parseQuery
        self.dump = site / DUMPS_PATH / DATASET_DUMPS["nquads"]
        self._store = None
        self._loaded: tuple[int, int, int] | None = None  # the dump's (inode, size, mtime)
        self._lock = threading.Lock()
        self._running = threading.BoundedSemaphore(RUNNING)

    def store(self):
        """The store of the dump as it is now on disk (loaded again when it changed)."""
        with self._lock:
            status = self.dump.stat()
            now = (status.st_ino, status.st_size, status.st_mtime_ns)
            if self._store is None or self._loaded != now:
                self._store, self._loaded = load_dump(self.dump), now
            return self._store

    def answer(self, query: str, media: str) -> Answer:
        """The answer to *query*, solutions in the results format *media* (one of
        :data:`RESULT_TYPES`), triples in N-Triples; a refusal says why in one line."""
        if len(query.encode("utf-8", "replace")) > MAX_QUERY:
            return _refusal(413, f"Query longer than {MAX_QUERY:,} bytes")
        if not self._running.acquire(blocking=False):
            return _refusal(
                503, "Too many queries at once: retry later", **{"Retry-After": RETRY_AFTER}
            )
        try:
            try:
                store = self.store()
            except (OSError, SyntaxError) as error:  # the site is being replaced, or damaged
                why = f"The site's dump cannot be read: {str(error).splitlines()[0]}"
                return _refusal(503, why, **{"Retry-After": RETRY_AFTER})
            return _in_child(lambda: _evaluate(self._parse, store, query, media))
        finally:
            self._running.release()


def _in_child(evaluate: Callable[[], Answer]) -> Answer:
    """*evaluate*() in a forked child within :data:`SECONDS` and :data:`MEMORY`; its
    end otherwise is a refusal that says how it ended."""
    try:
        return bounded(evaluate, SECONDS, MEMORY)
    except ChildTimeout:
        return _refusal(503, f"Query stopped after {SECONDS:g} s", **{"Retry-After": RETRY_AFTER})
    except ChildOutOfMemory:
        return _refusal(503, f"Query stopped: it needed more than {MEMORY:,} bytes")
    except ChildCrash as crash:
        return _refusal(500, f"Query crashed the engine ({crash.how})")


class _Bounded(io.RawIOBase):
    """A byte sink that refuses to grow past :data:`MAX_ANSWER`."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(self.buffer) + len(data) > MAX_ANSWER:
            raise _TooLarge
        self.buffer += data
        return len(data)


class _TooLarge(Exception):
    pass


def names_a_service(parse, query: str) -> bool:
    """Whether *query* holds a ``SERVICE`` pattern (by its parse, not its words)."""
    from pyparsing import ParseResults

    found, stack = False, [parse(query)]
    while stack and not found:
        node = stack.pop()
        found = getattr(node, "name", None) == "ServiceGraphPattern"
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return found


def _evaluate(parse, store, query: str, media: str) -> Answer:
    """In the child: check, run and serialise one query."""
    try:
        if names_a_service(parse, query):
            return _refusal(400, "SERVICE is not allowed: this endpoint answers over its own data")
    except RecursionError:
        return _refusal(400, "Query nested too deeply")
    except Exception as error:  # rdflib's parser: not SPARQL 1.1
        return _refusal(400, f"SPARQL syntax error: {str(error).splitlines()[0]}")
    sink = _Bounded()
    try:
        triples = write_answer(store, query, RESULT_TYPES[media], sink)
    except SyntaxError as error:
        return _refusal(400, f"SPARQL syntax error: {error}")
    except _TooLarge:
        return _refusal(413, f"Answer larger than {MAX_ANSWER:,} bytes: add a LIMIT")
    except OSError as error:  # an evaluation error, raised as the answer is written
        return _refusal(400, f"Query error: {str(error).splitlines()[0]}")
    if triples:
        return Answer(200, bytes(sink.buffer), triples)
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Answer(200, bytes(sink.buffer), media + charset)


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
