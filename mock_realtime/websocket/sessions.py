"""The session a Realtime connection starts with, in the shapes of the snapshot it speaks.

An `ek_` key gets the session exactly as minted; a standard key gets the snapshot's
defaults for what the URL asks (`?model=`, or GA's `?intent=transcription`). Either way
the manifest's `websocket.session_on_socket` says what differs on the socket: fields it
sets (beta's `client_secret: null`) and where the session's own expiry goes."""

from __future__ import annotations

import copy
from typing import Any

from mock_realtime.auth import rejected
from mock_realtime.contract.sessions import apply_defaults, configured_session
from mock_realtime.contract.snapshot import Contract
from mock_realtime.ids import IdSource
from mock_realtime.secret_store import IssuedSecret, SecretStore


def issued_secret(secrets: SecretStore, value: str, now: float) -> IssuedSecret:
    """The secret, while the mock's clock says it is valid."""
    issued = secrets.get(value)
    if issued is None or not issued.is_valid(now):
        # No public capture shows the real API's answer to an expired ephemeral key, so it
        # is refused like any key the API does not know.
        raise rejected(value)
    return issued


def minted_session(issued: IssuedSecret) -> dict[str, Any]:
    return copy.deepcopy(issued.session)


def beta_default_session(contract: Contract, model: str | None, *, ids: IdSource) -> dict[str, Any]:
    """A standard key on a beta socket: the defaults for the model in the URL, checked like a body."""
    body = {} if model is None else {"model": model}
    contract.checker("request").check(body)
    return configured_session(contract.request_schema, body, ids=ids)


def ga_default_session(contract: Contract, config: dict[str, Any], *, ids: IdSource) -> dict[str, Any]:
    """A standard key on a GA socket: the session type's defaults for `config` (its type and
    model from the URL, already checked), in the session schema's key order."""
    kind = contract.manifest["session_types"]["types"][config["type"]]
    filled = apply_defaults(contract.schemas[kind["config"]], config)
    session = {**filled, **kind.get("fixed", {}), "id": ids.session_id()}
    order = contract.schemas[kind["session"]]["properties"]
    return {key: session[key] for key in order if key in session}


def on_socket(contract: Contract, session: dict[str, Any], *, started: float) -> dict[str, Any]:
    """The session as the socket reports it: the manifest's fixed fields set, and its
    expiry (start plus `session_max_seconds`) where the manifest puts it."""
    rules = contract.manifest["websocket"].get("session_on_socket", {})
    shown = {**session, **rules.get("set", {})}
    where = rules.get("expires_at")
    if where:  # a top-level field in every shipped snapshot
        shown[where.lstrip("/")] = int(started) + session_lifetime(contract)
    return shown


def session_lifetime(contract: Contract) -> int:
    return int(contract.manifest["session_max_seconds"])
