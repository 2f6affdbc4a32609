"""``sts-graph serve``: a published site over HTTP, on loopback, each resource at
its IRI's path with content negotiation.

``GET /id/objectif/E1D3O7`` answers with the variant of ``id/objectif/E1D3O7.*``
the ``Accept`` header prefers (q-values, wildcards, the most specific range
first; HTML, then Turtle, JSON-LD, N-Triples on a tie), with ``Vary: Accept``;
406 when the resource exists but in no acceptable format, 404 when it does not,
405 for the other methods HTTP defines. Several ``Accept`` lines count as one
list (RFC 9110 §5.3). A path with a known extension is served as that file. No
file outside the site's folder is ever served: ``..`` segments are refused and
every file is resolved (symbolic links followed) and checked to lie inside the
folder.

``/sparql`` also answers the SPARQL 1.1 protocol (GET ``?query=``, POST), queries
only, over the site's dump and within bounds, never a ``SERVICE``
(:mod:`sts_graph.publish.sparql_service`); without a query it is the editor page.
"""

from __future__ import annotations

import re
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sts_graph.core.errors import InputError
from sts_graph.core.files import display_path
from sts_graph.publish.formats import STATIC, VARIANTS, is_site, media_type
from sts_graph.publish.paths import INDEX_PATHS
from sts_graph.publish.sparql_service import MAX_QUERY, RESULT_TYPES, SparqlService, query_of

HOST = "127.0.0.1"
MAX_ACCEPT = 4096  # characters of an Accept header read; the rest is ignored
MAX_RANGES = 64  # media ranges of an Accept header considered
MAX_CONNECTIONS = 256  # connections served at once; more are closed at once
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")

SPARQL_PATH = "/" + INDEX_PATHS["sparql"]

MediaRange = tuple[str, str, float]


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header with their q-values. Ill-formed
    ranges are dropped; a missing or wholly unusable header accepts anything
    (RFC 9110 §12.5.1 lets a server disregard it)."""
    ranges = []
    for item in (header or "")[:MAX_ACCEPT].split(",")[:MAX_RANGES]:
        media, *params = (part.strip() for part in item.split(";"))
        kind, slash, subtype = media.lower().partition("/")
        if not (slash and _TOKEN.match(kind) and _TOKEN.match(subtype)):
            continue
        if kind == "*" and subtype != "*":
            continue
        weights = [
            value.strip()
            for name, _, value in (param.partition("=") for param in params)
            if name.strip().lower() == "q"
        ]
        if len(weights) > 1 or (weights and not _QVALUE.match(weights[0])):
            continue  # a q given twice is as ill-formed as a q that is no number
        ranges.append((kind, subtype, float(weights[0]) if weights else 1.0))
    return ranges or [("*", "*", 1.0)]


def quality(ranges: list[MediaRange], media: str) -> float:
    """The q-value *ranges* give to *media*: that of the most specific matching range."""
    kind, _, subtype = media.partition("/")
    best: tuple[int, float] | None = None
    for range_kind, range_subtype, q in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            specificity = 2
        elif range_kind == kind and range_subtype == "*":
            specificity = 1
        elif range_kind == range_subtype == "*":
            specificity = 0
        else:
            continue
        if best is None or (specificity, q) > best:
            best = (specificity, q)
    return best[1] if best else 0.0


def negotiate(accept: str | None, extensions: list[str]) -> str | None:
    """The extension of the preferred acceptable variant, or None (406)."""
    ranges = parse_accept(accept)
    scored = [
        (quality(ranges, media_type(VARIANTS[ext])), -list(VARIANTS).index(ext), ext)
        for ext in extensions
    ]
    best = max(scored, default=(0.0, 0, None))
    return best[2] if best[0] > 0 else None


def _inside(root: Path, path: Path) -> bool:
    """Whether *path* is a regular file that resolves (links followed) inside *root*."""
    try:
        return path.is_file() and path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a broken or looping link
        return False


@dataclass(frozen=True)
class Found:
    """What a request names: a file (no variants) or a resource's variants of *base*."""

    base: Path
    variants: list[str]

    def file(self, extension: str | None = None) -> Path:
        return Path(f"{self.base}.{extension}") if extension else self.base


def locate(root: Path, target: str) -> Found | None:
    """What a request target names in the site at *root* (resolved), or None."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(target).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    segments = path.split("/")
    if any(segment in ("..", ".") for segment in segments):
        return None
    relative = "/".join(s for s in segments if s) or "index"
    if path.endswith("/") and relative != "index":
        relative += "/index"  # a folder is its index page (``/dumps/``)
    name = relative.rsplit("/", 1)[-1]
    if "." in name and name.rsplit(".", 1)[1] in STATIC and _inside(root, root / relative):
        return Found(root / relative, [])
    variants = [ext for ext in VARIANTS if _inside(root, root / f"{relative}.{ext}")]
    return Found(root / relative, variants) if variants else None


class SiteHandler(BaseHTTPRequestHandler):
    """GET and HEAD on the files of one published site."""

    server_version = "sts-graph"
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a connection may stay silent

    def __init__(self, *args, root: Path, quiet: bool = False, **kwargs) -> None:
        self.root, self.quiet = root, quiet
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self._is_sparql() and self._sparql(b""):
            return
        self._answer(send_body=True)

    def do_POST(self) -> None:
        if not self._is_sparql():
            self._not_allowed()
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 <= length <= MAX_QUERY:
            body = b"Query too long\n"
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, body, "text/plain; charset=utf-8", True)
            return
        if not self._sparql(self.rfile.read(length)):
            self._send(HTTPStatus.BAD_REQUEST, b"No query\n", "text/plain; charset=utf-8", True)

    def _is_sparql(self) -> bool:
        return urllib.parse.urlsplit(self.path).path.rstrip("/") == SPARQL_PATH

    def _sparql(self, body: bytes) -> bool:
        """Answer a SPARQL protocol request; False when it carries no query."""
        content_type = self.headers.get("Content-Type") or ""
        query = query_of(self.command, self.path, content_type, body)
        if query is None:
            return False
        accept = self.headers.get_all("Accept")
        ranges = parse_accept(", ".join(accept) if accept else None)
        order = list(RESULT_TYPES)
        media = max(order, key=lambda m: (quality(ranges, m), -order.index(m)))
        answer = self.server.sparql.answer(query, media)  # type: ignore[attr-defined]
        status = HTTPStatus(answer.status)
        self._send(status, answer.body, answer.content_type, True, answer.headers)
        return True

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _not_allowed(self) -> None:
        """A method HTTP defines that a static site does not take: 405, naming GET and HEAD."""
        self.close_connection = True  # a request body, if any, is left unread
        headers = {"Allow": "GET, HEAD", "Connection": "close"}
        body = b"Method not allowed\n"
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, body, "text/plain; charset=utf-8", True, headers)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _answer(self, send_body: bool) -> None:
        try:
            found = locate(self.root, self.path)
        except (UnicodeDecodeError, ValueError):
            found = None
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", send_body)
        elif not found.variants:
            content_type = STATIC[found.base.suffix[1:]]
            self._send(HTTPStatus.OK, found.file().read_bytes(), content_type, send_body)
        else:
            self._negotiated(found, send_body)

    def _negotiated(self, found: Found, send_body: bool) -> None:
        accept = self.headers.get_all("Accept")
        chosen = negotiate(", ".join(accept) if accept else None, found.variants)
        if chosen is None:
            offered = "".join(f"{media_type(VARIANTS[e])}\n" for e in found.variants)
            body = f"Not acceptable; available:\n{offered}".encode()
            headers = {"Vary": "Accept"}
            self._send(
                HTTPStatus.NOT_ACCEPTABLE, body, "text/plain; charset=utf-8", send_body, headers
            )
            return
        name = found.base.name
        headers = {
            "Vary": "Accept",
            "Content-Location": f"{name}.{chosen}",
            "Link": ", ".join(
                f'<{name}.{e}>; rel="alternate"; type="{media_type(VARIANTS[e])}"'
                for e in found.variants
            ),
        }
        body = found.file(chosen).read_bytes()
        self._send(HTTPStatus.OK, body, VARIANTS[chosen], send_body, headers)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client left mid-answer
                self.close_connection = True

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class SiteServer(ThreadingHTTPServer):
    """A thread per connection, at most :data:`MAX_CONNECTIONS` at once: a connection
    beyond them is closed at once rather than left waiting in the backlog, so that the
    server answers again as soon as a flood of idle connections ends."""

    daemon_threads = True
    request_queue_size = 128
    sparql: SparqlService

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def make_server(site: Path, port: int = 0, quiet: bool = False) -> SiteServer:
    """A server of the site at *site* on 127.0.0.1:*port* (0: any free port), not yet started."""
    if not is_site(site):
        raise InputError(
            f"{display_path(site)}: not a published site (run: sts-graph publish {site})"
        )
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: expected 0-65535")
    handler = partial(SiteHandler, root=site.resolve(), quiet=quiet)
    try:
        server = SiteServer((HOST, port), handler)
        server.sparql = SparqlService(site.resolve())
        return server
    except OSError as error:
        raise InputError(f"{HOST}:{port}: cannot listen: {error.strerror or error}") from error
