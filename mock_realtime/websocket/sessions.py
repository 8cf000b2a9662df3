"""The session a Realtime connection starts with, in the shapes of the snapshot it speaks.

An `ek_` key gets the session exactly as minted; a standard key gets the snapshot's
defaults for what the URL asks (`?model=`, or GA's `?intent=transcription`), checked
like a minting body. Either way contract.sessions.socket_session shows it as the
manifest's `websocket.session_on_socket` says."""

from __future__ import annotations

import copy
from typing import Any

from mock_realtime.auth import rejected
from mock_realtime.contract.sessions import configured_session
from mock_realtime.contract.snapshot import Contract
from mock_realtime.ids import IdSource
from mock_realtime.secret_store import IssuedSecret
from mock_realtime.store.interface import SecretBook


def issued_secret(secrets: SecretBook, value: str, now: float) -> IssuedSecret:
    """The secret, while the mock's clock says it is valid."""
    issued = secrets.get(value)
    if issued is None or not issued.is_valid(now):
        # No public capture shows the real API's answer to an expired ephemeral key, so it
        # is refused like any key the API does not know.
        raise rejected(value)
    return issued


def minted_session(issued: IssuedSecret) -> dict[str, Any]:
    return copy.deepcopy(issued.session)


def default_session(contract: Contract, config: dict[str, Any], *, ids: IdSource) -> dict[str, Any]:
    """A standard key's session: the defaults for `config`, which is checked like a body."""
    contract.checker(contract.session_types.of(config).config).check(config)
    return configured_session(contract, config, ids=ids)
