"""The address phones should open, and the ``Host`` values this server answers to. No Flask.

Links meant for other devices (the hall screen's QR code for the agenda) are
built from the server's own addresses, never from the ``Host`` header a
request carries: that header is whatever the client (or a page it was sent
to) says. :func:`public_base_url` gives, from the configuration:

1. ``KIOSK_PUBLIC_URL`` when it is set (a name or a proxy in front);
2. else, when ``kiosk serve`` listens on every interface (``0.0.0.0``), its
   first LAN address (a home or office network's 192.168.x.y before 10.x and
   172.16–31.x; no loopback, no link-local), with its scheme and port;
3. else, when it listens on one LAN address, that address;
4. else ``None``: it listens on loopback only, and no phone can reach it.

When it listens beyond loopback, a request whose ``Host`` names something
else is refused (:class:`HostCheck`, 421): a page on the hall's Wi-Fi could
otherwise point a name of its own at the kiosk (DNS rebinding) and read it
from a delegate's browser. The names allowed: localhost, the machine's own
addresses and hostname (and ``hostname.local``), the public URL's host.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "localhost.localdomain"})
ALL_INTERFACES = frozenset({"0.0.0.0", "::", ""})
REFRESH_SECONDS = 10.0  # the machine's addresses are read again after this long (DHCP may change them)


class PublicUrlError(ValueError):
    """``KIOSK_PUBLIC_URL`` is not an http(s) URL with a host."""


def parse_public_url(text: str) -> str:
    """``KIOSK_PUBLIC_URL`` as a base URL without a trailing slash; PublicUrlError naming what is wrong."""
    parts = urlsplit(text.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PublicUrlError(f"KIOSK_PUBLIC_URL phải là địa chỉ http:// hoặc https:// có tên máy, ví dụ "
                             f"https://kiosk.example.vn (must be an http(s) URL with a host): {text!r}")
    if parts.query or parts.fragment:
        raise PublicUrlError(f"KIOSK_PUBLIC_URL không được có ?… hay #… (no query or fragment): {text!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def is_loopback(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _preference(address: str) -> tuple[int, str]:
    ip = ipaddress.ip_address(address)
    for rank, network in enumerate(("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")):
        if ip in ipaddress.ip_network(network):
            return rank, address
    return 3, address


def lan_addresses() -> list[str]:
    """This machine's IPv4 LAN addresses, the likeliest hall network first (no loopback, no link-local)."""
    from kiosk.tls import lan_addresses as interface_addresses

    found = [a for a in interface_addresses()
             if not ipaddress.ip_address(a).is_loopback and not ipaddress.ip_address(a).is_link_local]
    return sorted(found, key=_preference)


def _url(scheme: str, host: str, port: int | None) -> str:
    default = {"http": 80, "https": 443}[scheme]
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + (f":{port}" if port and port != default else "")


def public_base_url(config: Mapping[str, Any], addresses: Callable[[], list[str]] = lan_addresses) -> str | None:
    """The URL other devices should open (no trailing slash), or None when the server is on loopback only."""
    if config.get("PUBLIC_URL"):
        return parse_public_url(str(config["PUBLIC_URL"]))
    host = config.get("SERVE_HOST")
    if host is None or is_loopback(host):
        return None
    scheme = "https" if config.get("SERVE_HTTPS") else "http"
    if host in ALL_INTERFACES:
        found = addresses()
        return _url(scheme, found[0], config.get("SERVE_PORT")) if found else None
    return _url(scheme, host, config.get("SERVE_PORT"))


def host_is_checked(config: Mapping[str, Any]) -> bool:
    """Whether the Host header is checked: when serving beyond loopback."""
    host = config.get("SERVE_HOST")
    return host is not None and not is_loopback(host)


def allowed_hosts(config: Mapping[str, Any], addresses: Iterable[str] | None = None) -> frozenset[str]:
    """The names and addresses a request's Host may give (lower case, without port or brackets)."""
    name = socket.gethostname().lower()
    allowed = set(LOCAL_NAMES) | {name, f"{name}.local"}
    allowed |= set(lan_addresses() if addresses is None else addresses)
    host = config.get("SERVE_HOST")
    if host and host not in ALL_INTERFACES:
        allowed.add(host.strip("[]").lower())
    if config.get("PUBLIC_URL"):
        public = urlsplit(parse_public_url(str(config["PUBLIC_URL"]))).hostname
        if public:
            allowed.add(public.lower())
    return frozenset(allowed)


def host_name(header: str) -> str:
    """``Host: Example.VN:5000`` → ``example.vn``; ``[::1]:5000`` → ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


class HostCheck:
    """WSGI middleware: a 421 for a ``Host`` that is not this server's, when it serves beyond loopback.

    ``config`` is read at every request (``kiosk serve`` sets where it listens
    after the application is made); the machine's addresses are re-read every
    few seconds.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], config: Mapping[str, Any]) -> None:
        self.app, self.config = app, config
        self._allowed: frozenset[str] = frozenset()
        self._read_at = -REFRESH_SECONDS

    def allowed(self) -> frozenset[str]:
        now = time.monotonic()
        if now - self._read_at >= REFRESH_SECONDS:
            self._allowed, self._read_at = allowed_hosts(self.config), now
        return self._allowed

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if host_is_checked(self.config):
            # No Host at all is refused too: HTTP/1.1 requires one, and the server's own name is no answer.
            name = host_name(environ.get("HTTP_HOST", ""))
            if not name or name not in self.allowed():
                return self._refuse(name, start_response)
        return self.app(environ, start_response)

    def _refuse(self, name: str, start_response: Callable[..., Any]) -> Iterable[bytes]:
        where = public_base_url(self.config)
        message = ((f"Địa chỉ “{name[:100]}” không phải của máy chủ này" if name else "Yêu cầu không có tiêu đề Host")
                   + (f"; hãy mở {where}/" if where else "") + ".")
        body = json.dumps({"error": {"code": "unknown_host", "message": message}}, ensure_ascii=False).encode()
        start_response("421 Misdirected Request", [("Content-Type", "application/json; charset=utf-8"),
                                                   ("Content-Length", str(len(body))), ("Connection", "close")])
        return [body]
