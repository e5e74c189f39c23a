"""Which addresses a fetch may connect to, and a connection that goes only to an address
it checked.

The tool is pointed at arbitrary URLs and runs unattended (batch, watch, serve), so a URL,
or a redirect it answers with, must not turn it against its own host or network: loopback,
private and link-local ranges, carrier-grade NAT, cloud metadata endpoints. Checking the
host name is not enough (a name can resolve to 127.0.0.1, and a DNS answer can change
between a check and a second lookup), so the host is resolved here, every answer is
checked, and the socket connects to a checked address: there is no second lookup.

``allow_private`` opts in to private, loopback and link-local hosts (an intranet, or a
test's local server). Some addresses stay refused even then: the cloud metadata endpoints
(169.254.169.254 and its kin hold credentials, never articles), the unspecified address
0.0.0.0 / :: (which Linux connects to the local host) and multicast.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Callable, Sequence

from ..errors import InputError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (strings); the tests inject one that answers
# differently on each call, as a rebinding DNS server would.
Resolver = Callable[[str, int], Sequence[str]]

METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
    "169.254.170.2",  # AWS ECS task credentials
    "169.254.170.23",  # AWS EKS pod identity
    "100.100.100.200",  # Alibaba Cloud
    "fd00:ec2::254",  # AWS over IPv6
    "fd00:ec2::23",
))
CGNAT = ipaddress.ip_network("100.64.0.0/10")


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def refusal(address: str, allow_private: bool = False) -> str | None:
    """Why ``address`` may not be connected to ("a loopback address" ...), or None."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # drop an IPv6 zone ("%eth0")
    inner = _embedded(ip)
    if inner:  # ::ffff:127.0.0.1 is 127.0.0.1, and so on: the IPv4 address decides
        return next(filter(None, (refusal(str(a), allow_private) for a in inner)), None)
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private:
        return None
    return _private_kind(ip)


def _embedded(ip: Address) -> list[Address]:
    if ip.version != 6:
        return []
    inner = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 (RFC 6052)
        inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in inner if a is not None]


def _private_kind(ip: Address) -> str | None:
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.version == 4 and ip in CGNAT:
        return "a carrier-grade NAT address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private or not ip.is_global:  # is_private also covers documentation ranges
        return "a private address"
    return None


def checked_connection(host: str, port: int, timeout: float | None, allow_private: bool,
                       resolver: Resolver, source_address=None) -> socket.socket:
    """A socket connected to ``host:port`` through an address that passed ``refusal``.
    Every address the host resolves to is checked first: a name that answers with one
    public and one private address is refused, whichever would be tried first."""
    try:
        addresses = list(dict.fromkeys(resolver(host, port)))
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host}: {_reason(exc)}") from None
    if not addresses:
        raise InputError(f"cannot resolve {host}: no addresses")
    for address in addresses:
        why = refusal(address, allow_private)
        if why:
            hint = "" if allow_private or why in _ALWAYS else " (--allow-private fetches it)"
            raise InputError(f"refusing to fetch from {host}: {address} is {why}{hint}")
    return _connect(addresses, port, timeout, source_address)


_ALWAYS = ("a cloud metadata address", "the unspecified address", "a multicast address")


def _connect(addresses: list[str], port: int, timeout, source_address) -> socket.socket:
    error: OSError | None = None
    for address in addresses:
        try:
            # A numeric address: create_connection does no DNS lookup of its own.
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error  # type: ignore[misc] - addresses is never empty here


def _reason(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "strerror", None) or exc).split()) or type(exc).__name__
