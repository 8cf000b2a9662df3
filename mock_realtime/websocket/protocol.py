"""Which protocol a Realtime WebSocket speaks, and so which snapshot's shapes it uses.

The rule, in order (the README's "Which protocol the WebSocket speaks"):
1. a handshake carrying the beta marker that a served beta snapshot names in its
   manifest (`OpenAI-Beta: realtime=v1`, or the subprotocol `openai-beta.realtime-v1`)
   speaks beta;
2. so does a key minted by a beta snapshot's endpoint, whatever the headers;
3. everything else speaks GA.
When no served snapshot speaks the protocol the rule picks, the first one served is used:
a mock serving only the Dec 2024 snapshot is a beta server to every client."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mock_realtime.contract.snapshot import Contract

BETA, GA = "beta", "ga"


def protocol_of(contract: Contract) -> str:
    return str(contract.manifest.get("protocol", BETA))


def carries_marker(markers: Mapping[str, Any], headers: Mapping[str, str], offered: Sequence[str]) -> bool:
    """Whether the handshake shows one of a snapshot's markers: a header with its value,
    or an offered subprotocol."""
    wanted = markers.get("header", {})
    if any(headers.get(name.lower(), "").strip() == value for name, value in wanted.items()):
        return True
    return markers.get("subprotocol") in offered


def spoken_contract(
    served: Sequence[Contract], headers: Mapping[str, str], offered: Sequence[str], *, minted_by: str | None
) -> Contract:
    """The served snapshot whose protocol this handshake speaks."""
    by_protocol: dict[str, Contract] = {}
    for contract in served:
        by_protocol.setdefault(protocol_of(contract), contract)
    beta = by_protocol.get(BETA)
    marked = beta is not None and carries_marker(beta.manifest["websocket"].get("markers", {}), headers, offered)
    minted_beta = any(c.name == minted_by and protocol_of(c) == BETA for c in served)
    wanted = BETA if marked or minted_beta else GA
    return by_protocol.get(wanted, served[0])
