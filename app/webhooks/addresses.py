"""Which webhook URLs Validera may call (plain Python).

A webhook makes Validera's server send requests to an address an administrator typed, so an
address inside the server's own networks (a database, a metadata service, the admin port of a
router) is refused: only https, and only host names whose every address is public. The check is
made when the webhook is registered and again before each try (a name may be pointed elsewhere
later). `allow_private` (WEBHOOK_ALLOW_PRIVATE, for development and the tests) lifts both rules.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from app.webhooks.vocab import Refusal


def url_refusal(url: str, *, allow_private: bool) -> Refusal | None:
    """Why `url` may not be called, or None when it may."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return Refusal.URL_MALFORMED
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        return Refusal.URL_MALFORMED
    if allow_private:
        return None
    if parts.scheme != "https":
        return Refusal.URL_NOT_HTTPS
    addresses = resolve(parts.hostname, port or 443)
    if not addresses:
        return Refusal.URL_UNRESOLVED
    if not all(is_public(address) for address in addresses):
        return Refusal.URL_PRIVATE
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (none when it does not resolve)."""
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [info[4][0] for info in found]


def is_public(address: str) -> bool:
    """True for an address on the public internet: not private, loopback, link-local,
    multicast, reserved or unspecified (an IPv4 address inside IPv6 is judged as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
