"""Who may read `/readyz` and `/metrics`: the addresses in a setting (CIDRs), loopback by default."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TypeAlias

from django.http import HttpRequest

from redress.accounts.security.addresses import client_address

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network


def address_allowed(request: HttpRequest, networks: Iterable[Network]) -> bool:
    """Whether the request's client (the one address rule of redress: X-Forwarded-For only from
    REDRESS_TRUSTED_PROXIES, so a client cannot name itself loopback) is in one of the networks."""
    try:
        address = ipaddress.ip_address(client_address(request.META))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == network.version and address in network for network in networks)
