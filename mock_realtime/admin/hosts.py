"""Which Host names the admin API answers: a defence against DNS rebinding.

A page on any site can rebind its own name to 127.0.0.1 and then call the mock as a
same-origin page: its Origin and Host agree, so comparing them proves nothing. What it
cannot choose is the name in Host, which stays its own. So, as Jupyter and
webpack-dev-server do, admin requests are answered only when Host names this server:
a loopback name, the address the connection arrived at, or a name given with
--allowed-host ("*" allows any)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from mock_realtime.errors import PermissionDeniedError

LOOPBACK_NAMES = frozenset({"localhost"})


def host_name(host: str) -> str | None:
    """The name in a Host header, without its port, lower-cased; None if it is not a host."""
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:  # an unclosed "[" and such
        return None
    return name.rstrip(".") if name else None


def _is_loopback(name: str) -> bool:
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):  # RFC 6761: always loopback
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_host(host: str | None, *, arrived_at: str | None, allowed: tuple[str, ...]) -> None:
    """Raise 403 unless `host` (a Host header) names this server. A request with no Host
    (HTTP/1.0) is not a browser's, and passes."""
    if host is None or "*" in allowed:
        return
    name = host_name(host)
    own = {arrived_at.lower() if arrived_at else None, *(a.lower().rstrip(".") for a in allowed)}
    if name is not None and (_is_loopback(name) or name in own):
        return
    raise PermissionDeniedError(
        "The admin API answers only requests addressed to this server by a loopback name, "
        "its own address or a name given with --allowed-host.", code="host_not_allowed",
    )
