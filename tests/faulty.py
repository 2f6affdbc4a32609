"""A loopback HTTP proxy in front of a real SPARQL server that misbehaves on cue.

Faults: ``error`` answers every request with HTTP 500 and a message; ``stall``
accepts the request and never answers in time; ``auth`` demands credentials, by
the challenge of ``scheme`` (``Basic``, ``Digest`` as RFC 7616 with MD5 and
``qop=auth``, or another, which no client answers); ``kill_after_puts`` kills the
real server when the N-th Graph Store PUT arrives, so a load dies in the middle as a
crashing server would; ``redirect`` answers 302 to another URL; ``echo`` answers
HTTP 500 with the request's headers in the body (once authenticated, with
``auth``); ``cut`` sends a body shorter than its ``Content-Length``; ``cap`` keeps the
first rows of a SPARQL JSON answer, as Virtuoso's ``ResultSetMaxRows`` does, saying so
in ``X-SPARQL-MaxRows`` (on an answer it cut) if ``cap_said``. Every request's
headers and body are recorded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REALM = "sts"
NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
DIGEST = f'Digest realm="{REALM}", qop="auth", nonce="{NONCE}", algorithm=MD5'


@dataclass
class Faults:
    error: str | None = None
    stall: float = 0.0
    auth: tuple[str, str] | None = None
    scheme: str = "Basic"
    kill_after_puts: int | None = None
    kill: Callable[[], None] = lambda: None
    redirect: str | None = None
    echo: bool = False
    cut: bool = False
    cap: int | None = None
    cap_said: bool = False
    requests: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    puts: int = 0


class FaultyProxy:
    """``http://127.0.0.1:PORT`` forwarding to *upstream* unless a fault says otherwise."""

    def __init__(self, upstream: str, faults: Faults) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.upstream, self.faults = upstream, faults
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def options(self, *args: str) -> list[str]:
        """Server options that send every request of a command through the proxy."""
        return [
            "--endpoint",
            f"{self.url}/query",
            "--update",
            f"{self.url}/update",
            "--graph-store",
            f"{self.url}/store",
            *args,
        ]

    def __enter__(self) -> FaultyProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        faults = self.faults
        faults.requests.append(f"{request.command} {request.path}")
        faults.headers.append(dict(request.headers.items()))
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        faults.bodies.append(body)
        if faults.redirect is not None:
            return self.answer(request, 302, b"", {"Location": faults.redirect + request.path})
        if faults.auth is not None and not self.authenticated(request):
            challenge = {"Basic": f'Basic realm="{REALM}"', "Digest": DIGEST}
            said = {"WWW-Authenticate": challenge.get(faults.scheme, faults.scheme)}
            return self.answer(request, 401, b"Unauthorized", said)
        if faults.echo:
            said = "".join(f"{k}: {v}\n" for k, v in request.headers.items()).encode()
            return self.answer(request, 500, b"bad request; you sent:\n" + said)
        if faults.cut:
            request.send_response(200)
            request.send_header("Content-Type", "application/sparql-results+json")
            request.send_header("Content-Length", "10000")
            request.end_headers()
            request.wfile.write(b'{"head": {"vars": ["g"]}, "resu')
            request.close_connection = True
            return None
        if faults.stall:
            time.sleep(faults.stall)
            return None
        if faults.error is not None:
            return self.answer(request, 500, faults.error.encode())
        if request.command == "PUT":
            faults.puts += 1
            if faults.puts == faults.kill_after_puts:
                faults.kill()
        forward = urllib.request.Request(
            self.upstream + request.path, data=body or None, method=request.command
        )
        for name in ("Content-Type", "Accept", "Authorization"):  # a server's own auth
            if request.headers.get(name):
                forward.add_header(name, request.headers[name])
        challenge = {}
        try:
            with urllib.request.urlopen(forward, timeout=30) as response:
                status, data = response.status, response.read()
                kind = response.headers.get("Content-Type", "text/plain")
        except urllib.error.HTTPError as error:
            status, data, kind = error.code, error.read(), "text/plain"
            if error.headers.get("WWW-Authenticate"):
                challenge = {"WWW-Authenticate": error.headers["WWW-Authenticate"]}
        except OSError:  # the real server is gone: drop the connection, as it would
            request.close_connection = True
            return None
        said = {"Content-Type": kind, **challenge}
        if faults.cap is not None and "json" in kind:
            document = json.loads(data)
            bindings = document["results"]["bindings"]
            if len(bindings) > faults.cap and faults.cap_said:
                said["X-SPARQL-MaxRows"] = str(faults.cap)
            del bindings[faults.cap :]
            data = json.dumps(document).encode()
        return self.answer(request, status, data, said)

    def authenticated(self, request: BaseHTTPRequestHandler) -> bool:
        """Whether the request carries the credentials, in the scheme asked for."""
        assert self.faults.auth is not None
        user, password = self.faults.auth
        given = request.headers.get("Authorization", "")
        if self.faults.scheme == "Basic":
            return given == "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if self.faults.scheme != "Digest" or not given.startswith("Digest "):
            return False
        said = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', given)}

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        known = md5(f"{user}:{REALM}:{password}")
        asked = md5(f"{request.command}:{said.get('uri')}")
        parts = [known, NONCE, said.get("nc"), said.get("cnonce"), "auth", asked]
        return said.get("username") == user and said.get("response") == md5(
            ":".join(map(str, parts))
        )

    @staticmethod
    def answer(
        request: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict | None = None
    ) -> None:
        request.send_response(status)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
