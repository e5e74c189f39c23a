"""The URL policy: which URLs may be fetched (``checked_url``: http and https only, a
host that is a valid name or address), which addresses a fetch may connect to
(``refusal``), and a connection that goes only to an address it checked. Every hop of
every fetch (parse/fetch.py) passes all three; nothing else opens a connection.

The tool is pointed at arbitrary URLs and runs unattended (batch, watch, serve), so a URL,
or a redirect it answers with, must not turn it against its own host or network: loopback,
private and link-local ranges, carrier-grade NAT, cloud metadata endpoints. Checking the
host name is not enough (a name can resolve to 127.0.0.1, and a DNS answer can change
between a check and a second lookup), so the host is resolved here, every answer is
checked, and the socket connects to a checked address: there is no second lookup.

``allow_private`` opts in to private and loopback hosts (an intranet, or a test's local
server). Some addresses stay refused even then (``ALWAYS_REFUSED_NETWORKS``, ``METADATA``):
link-local and the cloud metadata endpoints (169.254.169.254 and its kin hold
credentials, never articles), the unspecified address 0.0.0.0 / :: (which Linux connects
to the local host) and multicast.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Callable, Sequence
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..errors import InputError
from ..printable import shown

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to (strings); the tests inject one that answers
# differently on each call, as a rebinding DNS server would.
Resolver = Callable[[str, int], Sequence[str]]

# Refused even with --allow-private: they hold a cloud host's credentials, never an
# article. Link-local 169.254.0.0/16 and fe80::/10 are refused whole (most clouds put
# their metadata there); the rest are the addresses clouds use elsewhere.
ALWAYS_REFUSED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "169.254.0.0/16",  # IPv4 link-local: AWS, GCP, Azure, OCI, DigitalOcean, Hetzner and
                       # OpenStack metadata (169.254.169.254), AWS ECS (169.254.170.2),
                       # EKS pod identity (169.254.170.23), Tencent Cloud (169.254.0.23)
    "fe80::/10",  # IPv6 link-local
))
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "100.100.100.200",  # Alibaba Cloud metadata
    "168.63.129.16",  # Azure WireServer (agent, health and DNS endpoint)
    "192.0.0.192",  # Oracle Cloud classic metadata
    "fd00:ec2::254",  # AWS instance metadata over IPv6 (Nitro)
    "fd00:ec2::23",  # AWS EKS pod identity over IPv6
    "fd00:ec2::250",  # AWS ECS task metadata over IPv6
    "fd20:ce::254",  # Google Cloud metadata over IPv6
    "fd00:c1::a9fe:a9fe",  # Oracle Cloud metadata over IPv6
))
CGNAT = ipaddress.ip_network("100.64.0.0/10")


SCHEMES = ("http", "https")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\ufeff]")
_URL_SAFE = "/:@!$&'()*+,;=%?#[]~-._"
_HOST = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")


def checked_url(url: str) -> str:
    """``url`` as it is fetched: an http or https URL with a valid host, non-ASCII
    characters IDNA- or percent-encoded (an ASCII URL is returned as given, stripped);
    InputError saying why not. Whatever named the URL (the command line, a feed, a
    redirect, a page's canonical link), this is the check it passes."""
    text = url.strip()
    if _UNSAFE.search(text):
        raise InputError(f"not a URL: {shown(text)} (it holds spaces or control characters)")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise InputError(f"not a valid URL: {shown(text)} ({exc})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"only http and https URLs can be fetched, not {shown(text)}")
    if not parts.hostname:
        raise InputError(f"not a valid URL: {shown(text)} (no host)")
    host = _ascii_host(parts.hostname, text)
    if text.isascii():
        return text
    netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, *(quote(p, safe=_URL_SAFE) for p in parts[2:])))


def joined(base: str | None, link: str) -> str | None:
    """``link`` resolved against ``base`` (a document's own URL) when it passes
    ``checked_url``, else None: what a page or a feed names is dropped, never fatal."""
    try:
        absolute = urljoin(base, link.strip()) if base else link.strip()
        checked_url(absolute)
    except (InputError, ValueError):  # ValueError: urljoin on "http://[::1"
        return None
    return absolute


def _ascii_host(host: str, url: str) -> str:
    if ":" in host:  # an IPv6 literal; urlsplit checked the brackets
        try:
            return str(ipaddress.IPv6Address(host.partition("%")[0]))
        except ValueError:
            raise InputError(f"not a valid URL: {shown(url)} (bad IPv6 address)") from None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InputError(f"not a valid URL: {shown(url)} (the host name is not valid: "
                         "empty labels or labels over 63 characters)") from None
    if len(ascii_host.rstrip(".")) > 253:
        raise InputError(f"not a valid URL: {shown(url)} (the host name is over 253 characters)")
    if not _HOST.fullmatch(ascii_host):
        raise InputError(f"not a valid URL: {shown(url)} (the host name holds characters "
                         "no host name has)")
    return ascii_host


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def refusal(address: str, allow_private: bool = False) -> str | None:
    """Why ``address`` may not be connected to ("a loopback address" ...), or None."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # drop an IPv6 zone ("%eth0")
    inner = _embedded(ip)
    if inner:  # ::ffff:127.0.0.1 is 127.0.0.1, and so on: the IPv4 address decides
        return next(filter(None, (refusal(str(a), allow_private) for a in inner)), None)
    if ip in METADATA or any(ip in net for net in ALWAYS_REFUSED_NETWORKS):
        return "a cloud metadata or link-local address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private:
        return None
    return _private_kind(ip)


# IPv6 prefixes whose last 32 bits are an IPv4 address: NAT64 (RFC 6052), local-use
# NAT64 (RFC 8215), and the deprecated IPv4-compatible ::a.b.c.d (RFC 4291 2.5.5.1).
_IPV4_TAIL = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96"))


def _embedded(ip: Address) -> list[Address]:
    if ip.version != 6:
        return []
    inner = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if any(ip in net for net in _IPV4_TAIL) and int(ip) > 1:  # not :: or ::1 themselves
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


_ALWAYS = ("a cloud metadata or link-local address", "the unspecified address",
           "a multicast address")


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
