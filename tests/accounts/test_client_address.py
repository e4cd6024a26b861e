"""The client's address: X-Forwarded-For read only from trusted proxies, from the right."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.security.addresses import client_address


def meta(peer: str, forwarded: str | None = None) -> dict[str, object]:
    values: dict[str, object] = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        values["HTTP_X_FORWARDED_FOR"] = forwarded
    return values


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.REDRESS_TRUSTED_PROXIES = []
    assert client_address(meta("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # the proxy appended the address it saw; the leftmost is what the client wrote
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # two trusted proxies in a row are skipped from the right
        ("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        # a peer that is not a trusted proxy: its header is the client's own word, ignored
        ("203.0.113.50", "10.0.0.2, 6.6.6.6", "203.0.113.50"),
        # nothing forwarded, or only proxies: the last proxy
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "10.0.0.4", "10.0.0.2"),
        # garbage right of the trusted hops: no further hop can be believed
        ("10.0.0.2", "6.6.6.6, not-an-address", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1, [2001:db8::7]:4431", "2001:db8::7"),
    ],
)
def test_behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client(
    settings: Any, peer: str, forwarded: str | None, client: str
) -> None:
    settings.REDRESS_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(meta(peer, forwarded)) == client
