"""Who may read `/readyz` and `/metrics`: the addresses in a setting (CIDRs), loopback by default."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TypeAlias

from django.conf import settings
from django.http import HttpRequest

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind a proxy that names the client in a header
    (REDRESS_CLIENT_IP_HEADER), the last entry of that header: the one the proxy itself added, which a
    client cannot forge (an entry a client sends comes before it)."""
    header = settings.REDRESS_CLIENT_IP_HEADER
    if header:
        entries = [entry.strip() for entry in str(request.META.get(header, "")).split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def address_allowed(request: HttpRequest, networks: Iterable[Network]) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == network.version and address in network for network in networks)
