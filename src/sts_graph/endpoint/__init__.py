"""A shared SPARQL 1.1 server: load the dataset through the Graph Store Protocol,
query it through SPARQLWrapper.

Any SPARQL 1.1 server with the Protocol, Update and Graph Store Protocol works
(Oxigraph, Fuseki, GraphDB, QLever). Each named graph is replaced whole: it is
uploaded to a staging graph, its triple count checked, then moved onto its name
in one SPARQL Update, so a failed push leaves the previous graph in place.
Credentials come from the environment only (:data:`USER_VARIABLE`,
:data:`PASSWORD_VARIABLE`) and never appear in a message.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import http.client
import math
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from email.message import Message
from functools import cache, partial
from typing import TypeVar

from rdflib import URIRef

from sts_graph.core.errors import EndpointError, InputError, NotAQueryError
from sts_graph.core.namespaces import GRAPH_INFERRED, GRAPH_LOCK, GRAPHS, STAGING_GRAPHS
from sts_graph.endpoint.auth import (
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    auth_handlers,
    challenged_scheme,
    credentials_from_environment,
    origin,
    refusal,
)
from sts_graph.rdf.answers import Rows
from sts_graph.rdf.store import Store

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})

T = TypeVar("T")


def _sibling(url: str, name: str) -> str:
    """*url* with its last path segment replaced by *name* (Oxigraph's layout)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server answers, and how patiently to talk to it."""

    query: str
    update: str
    graph_store: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    credentials: tuple[str, str] | None = field(default=None, repr=False)

    @classmethod
    def from_url(
        cls,
        query: str,
        update: str | None = None,
        graph_store: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
    ) -> Endpoint:
        """An endpoint from its query URL; the update and Graph Store URLs default
        to the query URL's siblings ``update`` and ``store`` (Oxigraph's layout)."""
        for url in (query, update, graph_store):
            if url is not None:
                check_url(url)
        if not math.isfinite(timeout) or timeout <= 0:
            raise InputError(f"--timeout {timeout}: expected a positive number of seconds")
        if retries < 0:
            raise InputError(f"--retries {retries}: expected 0 or more")
        return cls(
            query=query,
            update=update or _sibling(query, "update"),
            graph_store=graph_store or _sibling(query, "store"),
            timeout=timeout,
            retries=retries,
            credentials=credentials_from_environment(),
        )


def check_url(url: str) -> None:
    """Refuse what is not an http(s) URL, and credentials written into one."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r}: expected an http:// or https:// URL")
    if parts.username or parts.password:
        raise InputError(
            f"{parts.hostname}: credentials do not belong in the URL;"
            f" set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )


def _error(url: str, error: BaseException, sent: bool) -> EndpointError:
    """One line saying what went wrong with *url* (*sent*: with credentials), naming
    no credential."""
    status = getattr(error, "code", None)
    if isinstance(error, urllib.error.HTTPError) and status is not None:
        body = error.read().decode("utf-8", "replace") if error.fp else ""
        return _http_error(url, status, body or error.reason, error.headers, sent)
    if isinstance(error, TimeoutError | socket.timeout) or "timed out" in str(error):
        return EndpointError(f"{url}: no answer (timed out)", transient=True)
    if isinstance(error, http.client.IncompleteRead):
        got = len(error.partial)
        return EndpointError(f"{url}: answer cut short ({got} bytes received)", transient=True)
    if isinstance(error, http.client.HTTPException) and not isinstance(error, OSError):
        return EndpointError(f"{url}: broken HTTP answer ({type(error).__name__})", transient=True)
    reason = getattr(error, "reason", error)
    return EndpointError(f"{url}: unreachable ({reason})", transient=True)


def _http_error(
    url: str, status: int, message: str, headers: Message | None, sent: bool
) -> EndpointError:
    if status == 401:
        return EndpointError(refusal(url, challenged_scheme(headers), sent))
    first = next((line.strip() for line in str(message).splitlines() if line.strip()), "")
    return EndpointError(
        f"{url}: HTTP {status}: {first[:300]}", transient=status in RETRYABLE_STATUS
    )


def scrubbed(endpoint: Endpoint, error: EndpointError) -> EndpointError:
    """*error* without any credential a server may have echoed (the password, the user,
    the ``Authorization`` token), so that no message ever shows one."""
    if endpoint.credentials is None:
        return error
    user, password = endpoint.credentials
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    message = str(error)
    for secret in sorted({token, password, user} - {""}, key=len, reverse=True):
        message = message.replace(secret, "[…]")
    return EndpointError(message, transient=error.transient)


def _server_said(error: Exception) -> tuple[int, str, Message | None]:
    """The HTTP status, body and headers behind a SPARQLWrapper exception, which keeps
    the ``HTTPError`` it replaced as its context and the body only as a ``repr`` in its
    message."""
    status = getattr(error.__context__, "code", 500)
    _, _, said = str(error).partition("\n\nResponse:\n")
    body = ast.literal_eval(said) if said.startswith(("b'", 'b"')) else b""
    return status, body.decode("utf-8", "replace"), getattr(error.__context__, "headers", None)


def retrying(endpoint: Endpoint, action: Callable[[], T]) -> T:
    """Run an idempotent *action*, retrying transient failures with exponential back-off."""
    for attempt in range(endpoint.retries + 1):
        try:
            return action()
        except EndpointError as error:
            if not error.transient or attempt == endpoint.retries:
                raise
        time.sleep(endpoint.backoff * 2**attempt)
    raise AssertionError("unreachable")  # the loop returns or raises


class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the origin of the request: credentials and
    queries never go to a host the command line did not name."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if origin(target) != origin(req.full_url):
            raise EndpointError(
                f"{_without_query(req.full_url)}: HTTP {code}: redirected to another origin"
                f" ({_without_query(target)}), not followed"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@cache
def opener(endpoint: Endpoint) -> urllib.request.OpenerDirector:
    """How every request to *endpoint* is sent: redirects followed within its origin
    only, a 401 challenge answered with its credentials in the scheme it names; one
    for the process, so that a challenge answered once is answered again unasked."""
    urls = (endpoint.query, endpoint.update, endpoint.graph_store)
    return urllib.request.build_opener(
        SameOriginRedirects(), *auth_handlers(urls, endpoint.credentials)
    )


MAX_ANSWER = 256 << 20  # bytes of a server's answer read; a larger one is refused
CAP_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's, on an answer it cut at that many rows
KNOWN_CAPS = {  # rows at which servers cut an answer silently, and the setting that says so
    10_000: "Virtuoso's default ResultSetMaxRows, [SPARQL] section of virtuoso.ini",
    1_048_576: "Virtuoso's largest answer over HTTP",
}
CHUNK = 1 << 16


def read_bounded(response, url: str, seconds: float) -> bytes:
    """A server's answer body, read within :data:`MAX_ANSWER` bytes and *seconds* in
    all (a server streaming without end, or slowly, is cut off in one line)."""
    deadline = time.monotonic() + seconds
    parts, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > MAX_ANSWER:
            raise EndpointError(f"{url}: answer larger than {MAX_ANSWER:,} bytes: refused")
        if time.monotonic() > deadline:
            raise EndpointError(f"{url}: answer not whole after {seconds:g} s", transient=True)
        parts.append(chunk)
    if getattr(response, "length", None):  # the server closed before its Content-Length
        raise http.client.IncompleteRead(b"".join(parts), response.length)
    return b"".join(parts)


def _without_query(url: str) -> str:
    return urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()


def _request(
    endpoint: Endpoint, method: str, url: str, body: bytes = b"", headers: dict | None = None
) -> bytes:
    """One HTTP request; any failure becomes an :class:`EndpointError`."""
    request = urllib.request.Request(url, data=body or None, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with opener(endpoint).open(request, timeout=endpoint.timeout) as response:
            return read_bounded(response, _without_query(url), endpoint.timeout)
    except (OSError, urllib.error.URLError, http.client.HTTPException) as error:
        sent = endpoint.credentials is not None
        raise scrubbed(endpoint, _error(_without_query(url), error, sent)) from None


def _form(endpoint: Endpoint, url: str, fields: list[tuple[str, str]], accept: str) -> bytes:
    """POST an URL-encoded form (the SPARQL Protocol's query and update operations)."""
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return _request(endpoint, "POST", url, body, headers)


def select(endpoint: Endpoint, sparql: str, default_graphs: list[URIRef] | None = None) -> Rows:
    """A query through SPARQLWrapper, over the union of *default_graphs*; redirects are
    followed within the endpoint's origin only."""
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper, Wrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    Wrapper.urlopener = opener(endpoint).open  # type: ignore[assignment]  # SPARQLWrapper's: ours

    client = SPARQLWrapper(endpoint.query)
    client.setQuery(sparql)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, endpoint.timeout)))
    for graph in default_graphs or []:
        client.addDefaultGraph(str(graph))

    def ask() -> tuple[bytes, str]:  # the answer, and the cap the server says it cut at
        try:
            answer = client.query().response
            kind = answer.headers.get("Content-Type", "")
            if "json" not in kind.lower():
                first = kind.split(";")[0] or "no Content-Type"
                raise EndpointError(f"{endpoint.query}: answer is {first}, not SPARQL JSON results")
            data = read_bounded(answer, endpoint.query, endpoint.timeout)
            return data, answer.headers.get(CAP_HEADER) or ""
        except SPARQLWrapperException as error:
            said = _http_error(
                endpoint.query, *_server_said(error), endpoint.credentials is not None
            )
            raise scrubbed(endpoint, said) from None
        except (OSError, urllib.error.URLError, http.client.HTTPException) as error:
            sent = endpoint.credentials is not None
            raise scrubbed(endpoint, _error(endpoint.query, error, sent)) from None

    data, cap = retrying(endpoint, ask)
    try:
        rows = Rows.of_json(data)
    except ValueError as error:  # not JSON, or not SPARQL JSON results
        why = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EndpointError(f"{endpoint.query}: answer is not SPARQL JSON results: {why}") from None
    check_not_cut(endpoint.query, len(rows), cap)
    return rows


def check_not_cut(url: str, rows: int, header: str) -> None:
    """Refuse an answer the server cut at its row cap: said so by Virtuoso's
    :data:`CAP_HEADER`, or as long as one of :data:`KNOWN_CAPS` (never a silently short
    answer)."""
    if header:
        why = f"the server's ResultSetMaxRows ({CAP_HEADER}: {header})"
    elif rows in KNOWN_CAPS:
        why = f"{KNOWN_CAPS[rows]}; an answer of exactly that many rows is taken as cut"
    else:
        return
    raise EndpointError(
        f"{url}: answer cut at {rows:,} rows by {why}: raise the server's cap, or ask for"
        " fewer rows (LIMIT and OFFSET)"
    )


def check_is_query(sparql: str) -> None:
    """Refuse, before anything is sent, a text that is not a SPARQL query (SELECT, ASK,
    CONSTRUCT, DESCRIBE): an update sent to a URL that takes both would run."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except Exception as error:  # pyparsing's ParseException, and what rdflib raises on bad terms
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotAQueryError(
            f"not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE), not sent: {first}"
        ) from None


def update(endpoint: Endpoint, sparql: str) -> None:
    """A SPARQL Update request (not retried: an update need not be idempotent)."""
    _form(endpoint, endpoint.update, [("update", sparql)], "*/*")


def graph_url(endpoint: Endpoint, name: URIRef) -> str:
    """The Graph Store Protocol URL of the named graph *name*."""
    return f"{endpoint.graph_store}?{urllib.parse.urlencode({'graph': str(name)})}"


def put_graph(endpoint: Endpoint, name: URIRef, ntriples: bytes) -> None:
    """Replace the named graph *name* by an N-Triples body (PUT is idempotent: retried)."""
    headers = {"Content-Type": "application/n-triples"}
    retrying(
        endpoint, lambda: _request(endpoint, "PUT", graph_url(endpoint, name), ntriples, headers)
    )


def remote_graphs(endpoint: Endpoint) -> list[URIRef]:
    """The project's named graphs the server holds (staging graphs excluded)."""
    rows = select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    names = (URIRef(str(g)) for (g,) in rows)
    return sorted(n for n in names if n.startswith(GRAPHS) and not n.startswith(STAGING_GRAPHS))


def staging_graphs(endpoint: Endpoint) -> list[URIRef]:
    """The staging graphs on the server (of a load under way, or of one that died)."""
    rows = select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    found = (URIRef(str(g)) for (g,) in rows)
    return sorted(g for g in found if g.startswith(STAGING_GRAPHS) and g != GRAPH_LOCK)


def count(endpoint: Endpoint, name: URIRef) -> int:
    """How many triples the named graph *name* holds on the server."""
    rows = select(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    return int(str(rows.rows[0][0]))


class EndpointStore:
    """The query side of :class:`~sts_graph.rdf.store.Store`, answered by a SPARQL server.

    Queries run over the union of the project's named graphs (each passed as a
    ``default-graph-uri``), so the answer does not depend on the server's own
    default-graph setting; ``reasoning=False`` leaves the inferred graph out.
    """

    embedded = False  # the server's requests carry their own time-out

    def __init__(self, endpoint: Endpoint, reasoning: bool = True) -> None:
        self.endpoint = endpoint
        names = remote_graphs(endpoint)
        if not names:
            raise EndpointError(f"{endpoint.query}: holds no sts-graph data (run sts-graph load)")
        self._names = [n for n in names if reasoning or n != GRAPH_INFERRED]

    def graph_names(self) -> list[URIRef]:
        return list(self._names)

    def select(self, sparql: str) -> Rows:
        """A user's query: it must parse as a query here first (an update is refused
        before it leaves)."""
        check_is_query(sparql)
        return select(self.endpoint, sparql, self._names)


@dataclass(frozen=True)
class Loaded:
    """One named graph pushed to the server."""

    name: URIRef
    triples: int


def load(
    store: Store, endpoint: Endpoint, progress: Callable[[Loaded], None] | None = None
) -> list[Loaded]:
    """Push every named graph of *store* to *endpoint*, each replaced whole.

    Stale staging graphs and project graphs the dataset no longer has are
    dropped. A failure names the graph it stopped at and what the server keeps.
    """
    run_id = uuid.uuid4().hex
    names = store.graph_names()
    with contextlib.ExitStack() as held:
        try:
            renew = held.enter_context(load_lock(endpoint, run_id))
        except EndpointError as error:  # said as a load that stopped before its first graph
            raise EndpointError(_stopped(names, names[0] if names else "", 0, error)) from None
        return _load(store, endpoint, run_id, progress, renew)


LOCK_HOLDER = GRAPH_LOCK + "#holder"
LEASE = 120  # seconds a load's lock lasts unless renewed; a dead holder's is then taken over


def lease(endpoint: Endpoint) -> int:
    """How long a lock lasts unrenewed: longer than a load takes between two renewals
    (a graph sent, counted and moved, each within the endpoint's time-out)."""
    return max(LEASE, int(4 * endpoint.timeout))


@contextlib.contextmanager
def load_lock(endpoint: Endpoint, run_id: str) -> Iterator[Callable[[], None]]:
    """Hold the server's load lock (a triple in :data:`GRAPH_LOCK`, ``run@time``) while
    loading, renewed by the callable it gives: a second ``load`` meanwhile fails at
    once, in one line, and changes nothing; a lock not renewed within its lease (its
    holder was killed) is taken over."""
    holder = [f"{run_id}@{int(time.time())}"]
    update(endpoint, f"INSERT DATA {{ {_lock_triple(holder[0])} }}")
    rows = select(endpoint, f"SELECT ?h WHERE {{ GRAPH <{GRAPH_LOCK}> {{ ?s ?p ?h }} }}")
    others = [str(h) for (h,) in rows if str(h) != holder[0]]
    now = int(time.time())
    live = [h for h in others if now - _since(h) < lease(endpoint)]

    def renew() -> None:
        renewed = f"{run_id}@{int(time.time())}"
        if renewed != holder[0]:
            update(
                endpoint,
                f"DELETE DATA {{ {_lock_triple(holder[0])} }} ;"
                f" INSERT DATA {{ {_lock_triple(renewed)} }}",
            )
            holder[0] = renewed

    try:
        if live:
            raise EndpointError(
                f"{endpoint.update}: another load is under way (its lock is in <{GRAPH_LOCK}>);"
                " nothing was changed"
            )
        for stale in others:  # the lock of a load that died: its lease ran out
            _unlock(endpoint, stale)
        yield renew
    finally:
        _unlock(endpoint, holder[0])


def _since(holder: str) -> int:
    """When a lock was last renewed (0, long ago, when its holder is not ``run@time``)."""
    stamp = holder.rsplit("@", 1)[-1]
    return int(stamp) if stamp.isdigit() else 0


def _lock_triple(holder: str) -> str:
    return f'GRAPH <{GRAPH_LOCK}> {{ <{GRAPH_LOCK}> <{LOCK_HOLDER}> "{holder}" }}'


def _unlock(endpoint: Endpoint, holder: str) -> None:
    with contextlib.suppress(EndpointError):
        update(endpoint, f"DELETE DATA {{ {_lock_triple(holder)} }}")


def _load(
    store: Store,
    endpoint: Endpoint,
    run_id: str,
    progress: Callable[[Loaded], None] | None,
    renew: Callable[[], None],
) -> list[Loaded]:
    staging_run = f"{STAGING_GRAPHS}{run_id}/"
    names = store.graph_names()
    done: list[Loaded] = []
    for position, name in enumerate(names):
        expected = store.count(name)
        staging = URIRef(f"{staging_run}{position}")
        try:
            put_graph(endpoint, staging, store.ntriples(name))
            held = retrying(endpoint, partial(count, endpoint, staging))
            if held != expected:
                raise EndpointError(
                    f"{endpoint.graph_store}: staging holds {held} of {expected} triples"
                )
            update(endpoint, f"MOVE <{staging}> TO <{name}>")
        except EndpointError as error:
            _drop_quietly(endpoint, staging)
            raise EndpointError(_stopped(names, name, len(done), error)) from None
        done.append(Loaded(name, expected))
        renew()  # still alive: the lock's lease starts again
        if progress:
            progress(done[-1])
    for stale in sorted(set(remote_graphs(endpoint)) - set(names)):
        update(endpoint, f"DROP SILENT GRAPH <{stale}>")
    for stale in staging_graphs(endpoint):  # left by an earlier load that died with its server
        update(endpoint, f"DROP SILENT GRAPH <{stale}>")
    return done


def _stopped(names: list[URIRef], at: str, done: int, error: EndpointError) -> str:
    return (
        f"load stopped at {at} ({done} of {len(names)} graphs replaced;"
        f" the server keeps its previous copy of this one and of those not yet loaded): {error}"
    )


def _drop_quietly(endpoint: Endpoint, staging: URIRef) -> None:
    """Best effort: remove a staging graph after a failure (the server may be gone)."""
    with contextlib.suppress(EndpointError):
        update(endpoint, f"DROP SILENT GRAPH <{staging}>")


def wait_until_ready(
    endpoint: Endpoint, seconds: float = 30.0, alive: Callable[[], bool] = lambda: True
) -> None:
    """Poll the query URL until the server answers an ASK, or fail after *seconds*
    (or as soon as *alive* says the server process has exited)."""
    deadline = time.monotonic() + seconds
    patient = replace(endpoint, timeout=2.0, retries=0)
    while True:
        try:
            _form(patient, patient.query, [("query", "ASK {}")], "application/sparql-results+json")
            return
        except EndpointError as error:
            if not error.transient:  # an HTTP answer, if not a welcome one: the server is up
                return
            if not alive() or time.monotonic() > deadline:
                raise EndpointError(f"{endpoint.query}: no answer after {seconds:.0f} s") from None
            time.sleep(0.1)
