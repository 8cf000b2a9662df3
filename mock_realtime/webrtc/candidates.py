"""Which local addresses the peer offers as ICE host candidates.

aioice gathers every interface's address except loopback, which it leaves out on purpose,
and offers no option to choose. The mock must offer the address it serves on and nothing
else: by default only 127.0.0.1, so no media port opens on a real network. The choice is
scoped to one gathering with a context variable, so any other aiortc peer in the same
process (a test's client, say) keeps aioice's own behaviour."""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
from collections.abc import Callable, Iterator

import aioice.ice

_Gather = Callable[[bool, bool], list[str]]
_chosen: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("_chosen", default=None)
_aioice_default: _Gather = aioice.ice.get_host_addresses
# Binding to every address means serving on every interface, loopback included.
_EVERY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def host_addresses(bind_host: str) -> tuple[str, ...]:
    """The candidate addresses for a server bound to `bind_host`: that address when it
    is an IP, loopback for `localhost`; for 0.0.0.0 or :: every interface and loopback."""
    if bind_host in _EVERY_ADDRESS:
        ipv6 = bind_host == "::"
        return (_EVERY_ADDRESS[bind_host], *_aioice_default(True, ipv6))
    try:
        return (str(ipaddress.ip_address(bind_host)),)
    except ValueError:
        return ("127.0.0.1",)  # a name such as localhost: loopback is what it reaches here


def _gather(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    chosen = _chosen.get()
    if chosen is None:
        return _aioice_default(use_ipv4, use_ipv6)
    return [address for address in chosen if (":" in address and use_ipv6) or (":" not in address and use_ipv4)]


@contextlib.contextmanager
def offering(addresses: tuple[str, ...]) -> Iterator[None]:
    """Within the block, candidates gathered in this context use only `addresses`."""
    token = _chosen.set(addresses)
    try:
        yield
    finally:
        _chosen.reset(token)


aioice.ice.get_host_addresses = _gather
