"""Calls from the tool to a platform, bounded: where they may go, how long, how much.

Every address comes from a platform (its registration, or the claims of a launch it signed), yet
each call is bounded as if it came from anybody, because one mistyped or hostile address must not
turn the grading server into a relay or let it hang:

* the destination must be ``http(s)`` and resolve to no link-local (``169.254.0.0/16``: the cloud
  metadata service), multicast, unspecified or reserved address; loopback and private addresses
  stay allowed (a school's Moodle on its own network, or on the same machine);
* no redirect is followed;
* the answer is read as a stream and cut at ``max_bytes``, and the whole call at ``deadline_s``
  (a server dripping one byte every few seconds never holds a thread longer than that).

Residual risk, said in the guide: the name is resolved once for the check and again by the
connection (DNS rebinding); only an administrator registers a platform.
"""

from __future__ import annotations

__all__ = ["BoundedResponse", "HttpRefused", "call", "check_destination"]

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2

#: Longest wait for a connection, and between two pieces of an answer.
_STEP_TIMEOUT_S = 5.0


class HttpRefused(Exception):
    """The call was not made or was cut (French message, for a log or the teacher's page)."""


@dataclass(frozen=True)
class BoundedResponse:
    """What a platform answered (within the limits)."""

    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        import json

        return json.loads(self.content)


_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address) and address in _THIS_NETWORK:
        return True
    return (
        address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def check_destination(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a forbidden address.

    Raises:
        HttpRefused: the URL and why (French).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpRefused(f"adresse refusée (http ou https attendu) : {url[:200]}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        raise HttpRefused(f"hôte introuvable : {parts.hostname[:100]} ({error})") from None
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if _forbidden(address):
            raise HttpRefused(
                f"adresse refusée : {parts.hostname[:100]} désigne {address} (adresse locale au "
                "lien, de diffusion ou réservée, comme le service de métadonnées d'un nuage)"
            )


def call(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
    data: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    max_bytes: int = 1024 * 1024,
    deadline_s: float = 20.0,
) -> BoundedResponse:
    """One HTTP call to a platform, within the limits of the module docstring.

    Raises:
        HttpRefused: forbidden destination, network failure, answer too large or too slow.
    """
    check_destination(url)
    started = time.monotonic()
    timeout = httpx2.Timeout(_STEP_TIMEOUT_S)
    received = bytearray()
    try:
        with (
            httpx2.Client(timeout=timeout, follow_redirects=False) as client,
            client.stream(
                method, url, headers=headers, content=content, data=data, params=params
            ) as response,
        ):
            for chunk in response.iter_bytes():
                received += chunk
                if len(received) > max_bytes:
                    raise HttpRefused(
                        f"réponse trop grande de {urlsplit(url).netloc[:100]} "
                        f"(plus de {max_bytes // 1024} Kio)"
                    )
                if time.monotonic() - started > deadline_s:
                    raise HttpRefused(
                        f"réponse trop lente de {urlsplit(url).netloc[:100]} "
                        f"(plus de {deadline_s:.0f} s)"
                    )
            return BoundedResponse(
                status_code=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                content=bytes(received),
            )
    except httpx2.HTTPError as error:
        raise HttpRefused(f"{urlsplit(url).netloc[:100]} injoignable ({error!r})") from None
