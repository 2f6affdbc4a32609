"""Credentials as a server asks for them: the scheme its challenge names (HTTP Basic or
Digest, by the standard library's handlers), sent to the endpoint's own origins only,
and a refusal said in one line naming the scheme and whether credentials were sent."""

from __future__ import annotations

import os
import urllib.parse
import urllib.request
from collections.abc import Iterable
from email.message import Message

USER_VARIABLE = "STS_GRAPH_USER"
PASSWORD_VARIABLE = "STS_GRAPH_PASSWORD"
SCHEMES = ("Basic", "Digest")  # those the handlers answer


def credentials_from_environment() -> tuple[str, str] | None:
    """The user and password of :data:`USER_VARIABLE` and :data:`PASSWORD_VARIABLE`."""
    user = os.environ.get(USER_VARIABLE)
    return (user, os.environ.get(PASSWORD_VARIABLE, "")) if user else None


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of *url*, the port made explicit."""
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _SpokenOnly:
    """A handler that leaves a challenge in a scheme neither handler speaks to the 401,
    which then names it."""

    def http_error_auth_reqed(self, auth_header, host, req, headers):
        if challenged_scheme(headers) not in SCHEMES:
            return None
        return super().http_error_auth_reqed(auth_header, host, req, headers)


class _Basic(_SpokenOnly, urllib.request.HTTPBasicAuthHandler):
    """Basic, for a challenge in a scheme sts-graph speaks."""


class _Digest(_SpokenOnly, urllib.request.HTTPDigestAuthHandler):
    """Digest, for a challenge in a scheme sts-graph speaks. Once an origin has
    challenged, each later request to it carries its answer unasked (the same nonce,
    its count raised, as RFC 7616 allows): a graph's body is sent once, never cut off
    by a 401 a server sends before reading it (Virtuoso, under load: a broken pipe)."""

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._challenges: dict[tuple[str, str, int | None], dict[str, str]] = {}

    def retry_http_digest_auth(self, req, auth):
        _, challenge = auth.split(" ", 1)
        parsed = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(challenge))
        )
        self._challenges[origin(req.full_url)] = parsed
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self._challenges.get(origin(req.full_url))
        if challenge is not None and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


def auth_handlers(
    urls: Iterable[str], credentials: tuple[str, str] | None
) -> list[urllib.request.BaseHandler]:
    """Handlers answering a 401 challenge with *credentials*, for the origins of *urls*
    only (a redirect elsewhere never carries them). Basic is sent unasked once a URL
    accepted it; Digest answers each challenge."""
    if credentials is None:
        return []
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    for url in urls:
        scheme, host, port = origin(url)
        passwords.add_password(None, f"{scheme}://{host}:{port}/", *credentials)
    return [_Basic(passwords), _Digest(passwords)]


def challenged_scheme(headers: Message | None) -> str | None:
    """The scheme a 401's ``WWW-Authenticate`` names (``Basic``, ``Digest``…), or None."""
    challenge = (headers.get("WWW-Authenticate") if headers is not None else None) or ""
    name = challenge.strip().split(" ", 1)[0]
    known = {s.lower(): s for s in SCHEMES}
    return known.get(name.lower(), name) or None


def refusal(url: str, scheme: str | None, sent: bool) -> str:
    """The one line of a 401: which scheme the server asked for, whether credentials
    were sent, what to do."""
    asked = f"the server asks for {scheme} authentication" if scheme else "authentication required"
    if scheme is not None and scheme not in SCHEMES:
        return f"{url}: HTTP 401: {asked}, which sts-graph does not speak ({', '.join(SCHEMES)})"
    if sent:
        return f"{url}: HTTP 401: {asked}; it refused the credentials of {USER_VARIABLE}"
    return f"{url}: HTTP 401: {asked} (set {USER_VARIABLE} and {PASSWORD_VARIABLE})"
