"""The one guard for every request Puente makes to an address someone typed in (webhooks,
people's calendar addresses): public internet hosts only, the connection pinned to the very
address that was checked, a time limit for the whole exchange and a size limit on the answer.

Private hosts (this machine, a private network, link-local cloud metadata) are refused unless
the caller passes ``allow_private`` — each caller reads it from its own setting, which only
development and tests turn on; there plain http to such a host is allowed too.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables


class OutboundError(Exception):
    """A request that could not be completed; ``reason`` says why in a word that logs and
    pages can translate: refused, timeout, too_large, network."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def public_addresses(host: str) -> list[str]:
    """The addresses ``host`` resolves to, if every one is public; else none."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return []
    found = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            return []
        found.append(str(address))
    return found


def _local(host: str) -> bool:
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return host == "localhost"


@sensitive_variables()  # an address may be a secret (a calendar's): kept out of error reports
def check_url(url: str, *, allow_private: bool, field: str = "url") -> None:
    """Refuse an address Puente must not call: https only, and never this machine or a private
    network — unless ``allow_private``, where plain http to a local host is allowed too. The
    error names ``field`` and says why in the reader's language."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if not host:
        raise ValidationError({field: _("Enter a full https:// address.")})
    if allow_private:
        if parts.scheme == "https" or (parts.scheme == "http" and _local(host)):
            return
        raise ValidationError({field: _("The address must start with https://.")})
    if parts.scheme != "https":
        raise ValidationError({field: _("The address must start with https://.")})
    if not public_addresses(host):
        raise ValidationError(
            {field: _("The address must be a public internet host, not a private network.")}
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to one address already checked, while the certificate and the Host header are still
    the host name's. Resolving the name a second time to connect would let its DNS answer change
    in between (DNS rebinding) and point the request at a private address."""

    def __init__(self, host: str, *, address: str, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self.address = address

    def connect(self) -> None:
        source = self.source_address  # type: ignore[attr-defined]
        sock = socket.create_connection((self.address, self.port), self.timeout, source)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@sensitive_variables()
def request(
    method: str,
    url: str,
    *,
    allow_private: bool,
    timeout: float,
    max_bytes: int = 0,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request, checked with ``check_url`` again now (a name may resolve elsewhere since it
    was saved). Redirects are not followed: one is an answer like any other (a caller that
    follows it checks the new address here again). ``timeout`` bounds the whole exchange, not
    each read, so a server dripping bytes cannot hold a worker; with ``max_bytes`` the body is
    read (at most that many bytes, else ``too_large``), without it only the status is."""
    try:
        check_url(url, allow_private=allow_private)
    except ValidationError as exc:
        raise OutboundError("refused", "address refused") from exc
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError as exc:
        raise OutboundError("refused", "address refused") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + timeout
    connection: http.client.HTTPConnection
    if parts.scheme == "https" and not allow_private:
        addresses = public_addresses(host)
        if not addresses:
            raise OutboundError("refused", "address refused")
        connection = _PinnedHTTPSConnection(
            host,
            address=addresses[0],
            port=port or 443,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    elif parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port or 443, timeout=timeout)
    else:  # plain http: only to a local host, when allowed (check_url)
        connection = http.client.HTTPConnection(host, port or 80, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = Answer(
            status=int(response.status),
            headers={key.lower(): value for key, value in response.getheaders()},
        )
        if max_bytes:
            answer.body = _read(response, connection, max_bytes=max_bytes, deadline=deadline)
        return answer
    except TimeoutError as exc:
        raise OutboundError("timeout", "timed out") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise OutboundError("network", str(exc)[:300] or exc.__class__.__name__) from exc
    finally:
        connection.close()


def _read(
    response: http.client.HTTPResponse,
    connection: http.client.HTTPConnection,
    *,
    max_bytes: int,
    deadline: float,
) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise OutboundError("too_large", f"more than {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise OutboundError("timeout", "timed out")
        if connection.sock is not None:
            connection.sock.settimeout(left)
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise OutboundError("too_large", f"more than {max_bytes} bytes")
        chunks.append(chunk)
