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
    """Digest, for a challenge in a scheme sts-graph speaks."""


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
