"""Where a request comes from: the client address and whether it is inside the municipal network."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=32)
def parse_networks(specs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(spec, strict=False) for spec in specs)


def _parse_address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack server reports IPv4 clients as ::ffff:a.b.c.d; the networks are written in IPv4.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _in_any(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address in network for network in networks)


def client_address(
    *, remote_addr: str, forwarded_for: str, trusted_proxies: tuple[str, ...]
) -> IPAddress | None:
    """The client's address.

    ``REMOTE_ADDR`` unless the request came through a trusted proxy; then the nearest entry of
    ``X-Forwarded-For`` that is not itself a trusted proxy (entries further left can be forged).
    """
    remote = _parse_address(remote_addr)
    if remote is None:
        return None
    proxies = parse_networks(trusted_proxies)
    if not forwarded_for or not _in_any(remote, proxies):
        return remote
    for entry in reversed(forwarded_for.split(",")):
        hop = _parse_address(entry)
        if hop is None:
            return remote  # a malformed chain is not believed
        if not _in_any(hop, proxies):
            return hop
    return remote


def is_municipal(address: IPAddress | None, municipal_networks: tuple[str, ...]) -> bool:
    if address is None:
        return False
    return _in_any(address, parse_networks(municipal_networks))
