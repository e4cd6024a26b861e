"""The client's address, as far as it can be believed.

`REMOTE_ADDR` is the peer that opened the connection. Only when that peer is one of
`REDRESS_TRUSTED_PROXIES` is X-Forwarded-For (`REDRESS_CLIENT_IP_HEADER`) read, and then from
the right: each proxy appends the address it saw, so the rightmost hop that is not a trusted
proxy is the client. The leftmost value is whatever the client chose to send and is never used.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = value.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, networks: Iterable[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(meta: Mapping[str, object]) -> str:
    """The client's address from a request's META (see the module's note); "unknown" without one."""
    peer_text = str(meta.get("REMOTE_ADDR", "") or "")
    peer = _parse(peer_text)
    networks = _networks(tuple(getattr(settings, "REDRESS_TRUSTED_PROXIES", ())))
    if not _trusted(peer, networks):
        return str(peer) if peer is not None else (peer_text or "unknown")
    header = getattr(settings, "REDRESS_CLIENT_IP_HEADER", "") or "HTTP_X_FORWARDED_FOR"
    hops = [hop for hop in str(meta.get(header, "") or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Not an address: something before this hop wrote it, so nothing further left can be believed.
            break
        if not _trusted(address, networks):
            return str(address)
    # Every hop is a trusted proxy (or the chain is broken): the last proxy is the client as far as we know.
    return str(peer)


def axes_client_ip(request: HttpRequest) -> str:
    """The address django-axes counts sign-in failures against."""
    return client_address(request.META)
