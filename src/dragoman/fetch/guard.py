"""The guard: what every outbound request must pass, on every redirect hop, before and while it talks.

Dragoman fetches URLs that strangers control. Left alone, an HTTP client would follow them into the
machine itself (``http://127.0.0.1:8000/admin/``), into the private network (``http://10.0.0.5/``), into a
cloud's metadata service (``http://169.254.169.254/``), through a redirect from an innocent-looking host,
or through a host name whose DNS answer changes between a check and the connection (DNS rebinding). The
guard closes each of these doors in one place, :class:`GuardedTransport`, which :func:`dragoman.fetch.
http_client` puts under every httpx client Dragoman makes (the page fetcher and the engines' API clients).

How the address is checked, and why this way
    The check is made **at connect time, on the address actually connected to**. httpcore (under httpx)
    asks a *network backend* to open each TCP connection; :class:`GuardedBackend` is that backend. It
    resolves the host name once (``socket.getaddrinfo``), refuses the connection if any address of the
    answer is not public (unless the allowlist permits it), and then connects to those very addresses, by
    number. No second resolution happens anywhere, so a DNS answer that changes after the check (rebinding)
    changes nothing. Everything above the socket is untouched: httpcore still keys its connection pool on
    the URL's host, sends ``Host: <name>``, and starts TLS with the host name as SNI and for certificate
    verification. Pinning by rewriting the URL to the address instead would lose that (the pool would share
    one TLS connection between host names that resolve alike). Every redirect hop is a new request through
    the same transport, so each hop is checked the same way; a reused pooled connection was checked when
    it was opened, for the same host and port.

    Addresses spelt in the URL itself are normalised before anything else, as resolvers and browsers read
    them: ``2130706433``, ``0x7f000001``, ``017700000001``, ``0177.0.0.1`` and ``127.1`` are all
    127.0.0.1, and ``[::ffff:127.0.0.1]`` is too. Not public: loopback, private (RFC 1918, IPv6 unique
    local), link-local (where cloud metadata services answer), shared CGNAT space (100.64.0.0/10),
    multicast, unspecified, broadcast, reserved and the other special-purpose ranges; IPv6 addresses that
    carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by the IPv4
    address they carry.

The operator's allowlist
    ``DRAGOMAN_FETCH_ALLOW`` (comma-separated) lists what may be reached although it is not public: a host
    name (``feeds.intranet``), an address (``10.1.2.3``), a network (``10.1.0.0/16``, ``fd00::/8``), any
    of these with a port (``127.0.0.1:8001``, ``[::1]:5000``, ``feeds.intranet:8080``), or a URL
    (``http://127.0.0.1:5000``, which means that host and that port). :class:`Allowlist` parses them.

Limits
    Only ``http`` and ``https``. A total time limit per request (from the first byte sent to the last byte
    of the body), besides httpx's connect and read timeouts: a server that trickles one byte a second
    never trips a read timeout, but it trips this one. The body is decompressed here, in bounded steps,
    and counted after decompression, so a gzip or deflate bomb stops at the limit instead of filling the
    memory; only ``gzip`` and ``deflate`` are offered to servers (and a body in an encoding that was not
    offered, brotli for instance, is refused rather than passed on undecoded). At most ``per_host``
    requests to one host at a time, across every client in the process.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from dragoman.fetch.errors import RequestRefused, ResponseTooLarge

__all__ = [
    "ALLOWED_SCHEMES",
    "Allowlist",
    "GuardedBackend",
    "GuardedTransport",
    "HostLimiter",
    "Policy",
    "forbidden_reason",
    "parse_ip",
    "shared_ssl_context",
    "total_time_limit",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
#: What the guard decodes, so what every request offers (``Accept-Encoding``); nothing else is accepted.
ACCEPT_ENCODING = "gzip, deflate"
#: How the refusal message tells the operator to open a door on purpose.
ALLOW_HINT = "allow it with DRAGOMAN_FETCH_ALLOW"
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Decompression works in steps of at most this many bytes of output.
DECODE_STEP = 64 * 1024
#: More nested content encodings than this is no real server's doing.
MAX_ENCODINGS = 2


# --- addresses ------------------------------------------------------------------------------------------------

_IPV4_PART = re.compile(r"0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*")


def parse_ip(host: str) -> IPAddress | None:
    """The address that ``host`` spells, or None when it is a host name.

    IPv4 is read the way resolvers (``inet_aton``) and browsers (the WHATWG URL standard) read it: one to
    four parts, each decimal, octal (leading ``0``) or hexadecimal (``0x``), the last part filling the
    remaining bytes. So ``2130706433``, ``0x7f.1`` and ``0177.0.0.01`` are all ``127.0.0.1``. IPv6 may
    come with or without brackets and with a zone (``fe80::1%eth0``); IPv4-mapped forms stay IPv6 here and
    are judged by :func:`forbidden_reason`.
    """
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    host = host.removesuffix(".")
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(part) for part in parts):
        return None
    numbers = [int(p[2:] or "0", 16) if p.startswith("0x") else int(p, 8) if p.startswith("0") else int(p) for p in parts]
    *leading, last = numbers
    if any(n > 0xFF for n in leading) or last >= 1 << (8 * (5 - len(numbers))):
        return None  # all digits but not an address: a resolver refuses it too
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _networks(*specs: tuple[str, str]) -> tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...]:
    return tuple((ipaddress.ip_network(net), why) for net, why in specs)


_IPV4_RULES = _networks(
    ("0.0.0.0/8", "an unspecified address"),
    ("127.0.0.0/8", "a loopback address"),
    ("10.0.0.0/8", "a private address"),
    ("172.16.0.0/12", "a private address"),
    ("192.168.0.0/16", "a private address"),
    ("169.254.0.0/16", "a link-local address (where cloud metadata services answer)"),
    ("100.64.0.0/10", "a shared carrier-grade NAT address"),
    ("224.0.0.0/4", "a multicast address"),
    ("255.255.255.255/32", "the broadcast address"),
    ("240.0.0.0/4", "a reserved address"),
)
_IPV6_RULES = _networks(
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
    ("fc00::/7", "a private (unique local) address"),
    ("ff00::/8", "a multicast address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    """The IPv4 addresses an IPv6 address carries, with the name of the form that carries them."""
    if ip.ipv4_mapped is not None:
        return [(ip.ipv4_mapped, "an IPv4-mapped form of")]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _IPV4_COMPATIBLE:
        return [(low32, "an IPv4-compatible form of")]
    if ip in _NAT64:
        return [(low32, "a NAT64 form of")]
    if ip.sixtofour is not None:
        return [(ip.sixtofour, "a 6to4 form of")]
    if ip.teredo is not None:
        server, client = ip.teredo
        return [(server, "a Teredo form of"), (client, "a Teredo form of")]
    return []


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address (``"a loopback address"``), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(ip.compressed.split("%", 1)[0])
        if ip.is_unspecified or ip.is_loopback:  # before the IPv4-compatible range that holds :: and ::1
            return "an unspecified address" if ip.is_unspecified else "a loopback address"
        for carried, form in _embedded_ipv4(ip):
            why = forbidden_reason(carried)
            if why:
                return f"{form} {carried}, {why}"
        rules = _IPV6_RULES
    else:
        rules = _IPV4_RULES
    for network, why in rules:
        if ip in network:
            return why
    if not ip.is_global:
        return "a special-purpose address that is not public"
    return None


# --- the operator's allowlist ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllowEntry:
    """One allowlist entry: a network or a host name, on any port or on one."""

    text: str
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    host: str = ""
    port: int | None = None

    def permits(self, host: str, port: int, ip: IPAddress | None) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.host:
            return self.host == _host_key(host)
        if ip is None or self.network is None:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None and self.network.version == 4:
            ip = ip.ipv4_mapped
        return ip.version == self.network.version and ip in self.network


def _host_key(host: str) -> str:
    return host.strip().lower().removesuffix(".").strip("[]")


_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")


def parse_allow_entry(text: str) -> AllowEntry:
    """Read one entry (see the module's documentation); ``ValueError`` with a one-line message if it isn't one."""
    raw = text.strip()
    problem = ValueError(
        f"not an allowlist entry: {raw!r} (expected a host, an address, a network in CIDR form, "
        "any of them with :port, or a URL)"
    )
    port: int | None = None
    if "://" in raw:
        parts = urlsplit(raw)
        try:
            port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
        except ValueError:
            raise problem from None
        host = parts.hostname or ""
    elif raw.startswith("["):
        host, closed, rest = raw[1:].partition("]")
        if not closed:
            raise problem
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                raise problem
            port = int(rest[1:])
    elif "/" in raw:
        try:
            return AllowEntry(raw, network=ipaddress.ip_network(raw, strict=False))
        except ValueError:
            raise problem from None
    elif raw.count(":") == 1:
        host, _, port_text = raw.partition(":")
        if not port_text.isdigit():
            raise problem
        port = int(port_text)
    else:
        host = raw
    if port is not None and not 0 < port < 65536:
        raise problem
    host = _host_key(host)
    if not host:
        raise problem
    ip = parse_ip(host)
    if ip is not None:
        return AllowEntry(raw, network=ipaddress.ip_network(ip), port=port)
    if not _HOST_NAME.fullmatch(host):
        raise problem
    return AllowEntry(raw, host=host, port=port)


class Allowlist:
    """The hosts and networks that may be reached although they are not public."""

    def __init__(self, entries: Iterable[str | AllowEntry] = ()):
        self.entries = tuple(e if isinstance(e, AllowEntry) else parse_allow_entry(e) for e in entries if str(e).strip())

    def permits(self, host: str, port: int, ip: IPAddress | None = None) -> bool:
        return any(entry.permits(host, port, ip) for entry in self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __repr__(self) -> str:
        return f"Allowlist({[e.text for e in self.entries]!r})"


# --- the policy: what a URL and an address must be ------------------------------------------------------------


class Policy:
    """The rules every request is checked against: schemes, public addresses, the allowlist.

    Names are resolved with ``socket.getaddrinfo``, looked up at each call (so tests can answer for a
    name by monkeypatching it); ``hint`` ends every refusal's message, saying how to allow on purpose.
    """

    def __init__(self, allow: Allowlist | Iterable[str] = (), *, hint: str = ALLOW_HINT):
        self.allow = allow if isinstance(allow, Allowlist) else Allowlist(allow)
        self.hint = hint

    def check_url(self, url: str) -> tuple[str, int]:
        """Check what can be checked without the network: the scheme, and an address written in the URL.
        Returns the host and port; raises :class:`RequestRefused`."""
        try:
            parts = urlsplit(url.strip())
            scheme = parts.scheme.lower()
            host = parts.hostname or ""
            port = parts.port or DEFAULT_PORTS.get(scheme, 0)
        except ValueError as exc:
            raise RequestRefused(url, f"not a valid URL ({exc})") from None
        return self.check_parts(url, scheme, host, port)

    def check_parts(self, url: str, scheme: str, host: str, port: int) -> tuple[str, int]:
        """:meth:`check_url` on a URL already split (``url`` is only shown in the message)."""
        if scheme not in ALLOWED_SCHEMES:
            raise RequestRefused(url, f"the scheme {scheme + ':' if scheme else '(none)'} is not allowed, only http and https")
        if not host:
            raise RequestRefused(url, "the URL has no host")
        ip = parse_ip(host)
        if ip is not None:
            self.check_address(url, host, port, ip)
        return host, port

    def check_address(self, url: str, host: str, port: int, ip: IPAddress, *, resolved: bool = False) -> None:
        """Refuse ``ip`` (which ``host`` is, or resolves to) unless it is public or allowed."""
        why = forbidden_reason(ip)
        if why is None or self.allow.permits(host, port, ip):
            return
        spelt = _host_key(host)
        if resolved:
            subject = f"{spelt} resolves to {ip},"
        elif spelt != str(ip):
            subject = f"{spelt} is {ip},"
        else:
            subject = f"{ip} is"
        raise RequestRefused(url, f"refused: {subject} {why}; {self.hint}")

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """The addresses to connect to for ``host``, each checked; resolved once, here and nowhere else."""
        url = f"//{host}:{port}"
        literal = parse_ip(host)
        if literal is not None:
            self.check_address(url, host, port, literal)
            return [literal]
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
        addresses: list[IPAddress] = []
        for family, _type, _proto, _name, sockaddr in answers:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        for ip in addresses:  # every answer: a name that also points inside is refused, not filtered
            self.check_address(url, host, port, ip, resolved=True)
        return addresses


# --- time: a total limit per request --------------------------------------------------------------------------

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("dragoman_fetch_deadline", default=None)


@contextlib.contextmanager
def total_time_limit(seconds: float) -> Iterator[None]:
    """Every request made inside the block (and the reading of its body) ends within ``seconds`` of now,
    redirects and retries included. Nested limits keep the earliest end."""
    limit = (time.monotonic() + seconds, seconds)
    outer = _DEADLINE.get()
    token = _DEADLINE.set(limit if outer is None or limit[0] < outer[0] else outer)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _remaining(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of the current total limit; ``error`` once nothing is left."""
    limit = _DEADLINE.get()
    if limit is None:
        return timeout
    left = limit[0] - time.monotonic()
    if left <= 0:
        raise error(f"the total time limit of {limit[1]:g} s was reached")
    return left if timeout is None else min(timeout, left)


@contextlib.contextmanager
def _named_timeouts(error: type[Exception]) -> Iterator[None]:
    """A socket timeout that happened because the total limit ran out is reported as that."""
    try:
        yield
    except httpcore.TimeoutException:
        _remaining(None, error)
        raise


# --- the network backend: resolve once, check, connect to what was checked -----------------------------------


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend, connecting only to addresses the :class:`Policy` checked."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self.policy.resolve(host, port)
        failure: Exception | None = None
        for ip in addresses:
            try:
                with _named_timeouts(httpcore.ConnectTimeout):
                    stream = self._sockets.connect_tcp(
                        str(ip), port, timeout=_remaining(timeout, httpcore.ConnectTimeout),
                        local_address=local_address, socket_options=socket_options,
                    )  # fmt: skip
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _TimedStream(stream)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise RequestRefused(path, "refused: Unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _TimedStream(httpcore.NetworkStream):
    """A connection whose every read and write fits in the current total time limit."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _named_timeouts(httpcore.ReadTimeout):
            return self._inner.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _named_timeouts(httpcore.WriteTimeout):
            self._inner.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        with _named_timeouts(httpcore.ConnectTimeout):
            tls = self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout, httpcore.ConnectTimeout))
        return _TimedStream(tls)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


_SSL_CONTEXTS: dict[bool, ssl.SSLContext] = {}
_SSL_LOCK = threading.Lock()


def shared_ssl_context(*, verify: bool = True) -> ssl.SSLContext:
    """The process's one SSL context (per ``verify``), shared by every client made here: building one reads
    the whole CA bundle, which each thread's client used to do again. An :class:`ssl.SSLContext` is safe to
    share between threads and connections once configured, and nothing here changes it after this."""
    with _SSL_LOCK:
        context = _SSL_CONTEXTS.get(verify)
        if context is None:
            context = _SSL_CONTEXTS[verify] = httpx.create_ssl_context(verify=verify, trust_env=False)
        return context


def _network_transport(policy: Policy, *, verify: bool = True) -> httpx.HTTPTransport:
    """httpx's own transport (request and response mapping, error mapping, pooling) with its connection
    pool rebuilt on :class:`GuardedBackend`.

    httpx does not take a network backend as an argument, so the pool it made is replaced. If a future
    httpx makes its pool another way, this fails loudly here rather than sending unguarded requests.
    """
    ssl_context = shared_ssl_context(verify=verify)
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    made = getattr(transport, "_pool", None)
    if not isinstance(made, httpcore.ConnectionPool):
        raise RuntimeError("this version of httpx builds its connection pool differently; the guard cannot be installed")
    made.close()
    limits = httpx.Limits()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(policy),
    )
    return transport


# --- per-host concurrency -------------------------------------------------------------------------------------


class HostLimiter:
    """At most ``per_host`` requests in flight to one host, shared by every thread and client that uses it."""

    def __init__(self, per_host: int):
        if per_host < 1:
            raise ValueError(f"per_host must be at least 1, not {per_host}")
        self.per_host = per_host
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}

    def acquire(self, host: str, timeout: float | None) -> Callable[[], None]:
        """Wait for a slot (at most ``timeout`` seconds); returns the function that frees it (safe to call twice)."""
        key = _host_key(host)
        with self._lock:
            semaphore = self._semaphores.setdefault(key, threading.BoundedSemaphore(self.per_host))
        if not semaphore.acquire(timeout=timeout if timeout is not None else -1):
            raise httpx.PoolTimeout(f"{self.per_host} requests to {key} already in flight for too long")
        released = threading.Event()

        def release() -> None:
            if not released.is_set():
                released.set()
                semaphore.release()

        return release


_SHARED_LIMITERS: dict[int, HostLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(per_host: int) -> HostLimiter:
    """The process-wide limiter for ``per_host`` (every client with the same limit shares its slots)."""
    with _SHARED_LOCK:
        return _SHARED_LIMITERS.setdefault(per_host, HostLimiter(per_host))


# --- bodies: decompressed in bounded steps, counted, within the time limit -----------------------------------


class _ZlibDecoder:
    """gzip or deflate (zlib-wrapped or raw, as servers send both), producing at most DECODE_STEP bytes per step."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16) if encoding != "deflate" else None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._decoder is None:  # deflate: zlib header or raw, decided by the first two bytes
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        while True:
            try:
                out = self._decoder.decompress(data, DECODE_STEP)
            except zlib.error as exc:
                raise httpx.DecodingError(f"the {self.encoding} body is corrupt ({exc})") from None
            data = self._decoder.unconsumed_tail
            if out:
                yield out
            if self._decoder.eof or (not data and len(out) < DECODE_STEP):
                return


def _decoders(url: str, headers: httpx.Headers) -> list[_ZlibDecoder]:
    """The decoders for the body's ``Content-Encoding``, in decoding order; refuses what was not offered."""
    names = [n.strip().lower() for value in headers.get_list("content-encoding") for n in value.split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > MAX_ENCODINGS:
        raise RequestRefused(url, f"refused: the body is encoded {len(names)} times over ({', '.join(names)})")
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise RequestRefused(url, f"refused: the body's content-encoding {name!r} was not offered (only {ACCEPT_ENCODING})")
    return [_ZlibDecoder("deflate" if n == "deflate" else "gzip") for n in reversed(names)]


class _GuardedBody(httpx.SyncByteStream):
    """The response body, decoded, counted against ``max_bytes`` and read within the total time limit.
    Closing it frees the host's concurrency slot."""

    def __init__(self, raw, *, url: str, decoders: list[_ZlibDecoder], max_bytes: int, limit, release):
        self._raw = raw
        self._url = url
        self._decoders = decoders
        self._max_bytes = max_bytes
        self._limit = limit
        self._release = release
        self._size = 0

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._raw)
        while True:
            token = _DEADLINE.set(self._limit)
            try:
                _remaining(None, httpx.ReadTimeout)
                chunk = next(chunks, None)
            finally:
                _DEADLINE.reset(token)
            if chunk is None:
                return
            for piece in self._decode(chunk, 0):
                self._size += len(piece)
                if self._size > self._max_bytes:
                    raise ResponseTooLarge(self._url, f"refused: the body is over the {self._max_bytes} byte limit (counted after decompression)")
                yield piece

    def _decode(self, data: bytes, stage: int) -> Iterator[bytes]:
        if stage == len(self._decoders):
            if data:
                yield data
            return
        for piece in self._decoders[stage].feed(data):
            yield from self._decode(piece, stage + 1)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            self._release()


# --- the transport ------------------------------------------------------------------------------------------


class GuardedTransport(httpx.BaseTransport):
    """The httpx transport under every Dragoman client: checks, limits, then the guarded network.

    ``network`` replaces the network layer (tests hand in an ``httpx.MockTransport``); the URL checks, the
    body limit, the time limit and the per-host limit still apply, but the connect-time address check
    belongs to the default network layer, so only it makes one.
    """

    def __init__(
        self,
        *,
        policy: Policy,
        max_bytes: int,
        total_timeout: float,
        per_host: int = 4,
        network: httpx.BaseTransport | None = None,
    ):
        self.policy = policy
        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.limiter = shared_limiter(per_host)
        self._network = network if network is not None else _network_transport(policy)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = request.url
        url = str(target) if target.host else f"{target.scheme}:" * bool(target.scheme) + target.raw_path.decode("ascii", "replace")
        host, port = self.policy.check_parts(url, target.scheme, target.host, target.port or DEFAULT_PORTS.get(target.scheme, 0))
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING
        with total_time_limit(self.total_timeout):
            limit = _DEADLINE.get()
            release = self.limiter.acquire(host, _remaining(None, httpx.PoolTimeout))
            try:
                response = self._network.handle_request(request)
            except RequestRefused as exc:  # refused at connect time: name the request, not the socket
                release()
                raise RequestRefused(url, exc.reason) from None
            except BaseException:
                release()
                raise
        try:
            if request.method != "HEAD" and response.status_code not in (204, 304):
                self._check_declared_length(url, response.headers)
            decoders = _decoders(url, response.headers)
        except BaseException:
            response.close()
            release()
            raise
        headers = response.headers.copy()
        if decoders:  # decoded here: httpx must not decode again, and the length was the encoded one
            del headers["content-encoding"]
            headers.pop("content-length", None)
        body = _GuardedBody(response.stream, url=url, decoders=decoders, max_bytes=self.max_bytes, limit=limit, release=release)
        return httpx.Response(response.status_code, headers=headers, stream=body, extensions=response.extensions)

    def _check_declared_length(self, url: str, headers: httpx.Headers) -> None:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise ResponseTooLarge(url, f"refused: the body of {declared} bytes is over the {self.max_bytes} byte limit")

    def close(self) -> None:
        self._network.close()
