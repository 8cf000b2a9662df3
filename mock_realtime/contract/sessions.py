"""Minting: a valid request body in, the endpoint's answer, the session and its secret out.
Where the session config sits in the request, where the session and secret sit in the
answer, how long the secret lives and which fields each session type fixes all come
from the snapshot's manifest (contract/shape.py); defaults from its `default` keywords.
Time and ids are injected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_realtime.contract.defaults import defaults_filler
from mock_realtime.contract.pointers import get, put, tokens
from mock_realtime.contract.shape import Endpoint
from mock_realtime.contract.snapshot import Contract
from mock_realtime.ids import IdSource


@dataclass(frozen=True, slots=True)
class Minted:
    response: dict[str, Any]  # what the endpoint answers
    session: dict[str, Any]  # the session the secret opens, as the answer holds it
    value: str
    expires_at: int


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """`value` with every omitted property that has a schema default filled in. Objects and
    arrays a default can reach are new; the rest of `value` is shared, never changed."""
    return defaults_filler(schema)(value)


def in_schema_order(value: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`value`'s keys in the order the schema lists them (the order the live API sends);
    keys the schema does not name follow, in their own order."""
    properties = schema.get("properties", {})
    ordered = {key: value[key] for key in properties if key in value}
    if len(ordered) < len(value):
        ordered.update((k, v) for k, v in value.items() if k not in ordered)
    return ordered


def configured_session(contract: Contract, config: Any, *, ids: IdSource) -> dict[str, Any]:
    """A session as `config` sets it up: of the type it names (or the snapshot's default
    type), defaults filled in, an id and that type's fixed fields, without a secret."""
    config = config if isinstance(config, dict) else {}
    types = contract.session_types
    kind = types.of(config)
    if types.at is not None and get(config, types.at) is None:
        config = put(config, types.at, kind.name)
    session = {**kind.fixed, "id": ids.session_id(), **contract.filler(kind.config)(config)}
    for source, target in kind.shown:
        value = get(session, source)
        if value is not None:
            session = put(session, target, value)
    return in_schema_order(session, contract.schema(kind.session))


def _parent(pointer: str) -> tuple[str, str]:
    steps = pointer.rsplit("/", 1)
    return steps[0], tokens("/" + steps[1])[0]


def _answer(contract: Contract, endpoint: Endpoint, session: dict[str, Any], secret: dict[str, Any]) -> dict[str, Any]:
    """The session and the secret, each where the endpoint's answer holds it."""
    answer = put({}, endpoint.session, session) if endpoint.session else session
    (value_at, value_key), (expiry_at, expiry_key) = _parent(endpoint.secret_value), _parent(endpoint.secret_expires_at)
    if value_at != expiry_at:
        answer = put(put(answer, endpoint.secret_value, secret["value"]), endpoint.secret_expires_at,
                     secret["expires_at"])
    else:  # one object holds both: made anew, so nothing of the request's config stays in it
        held = {value_key: secret["value"], expiry_key: secret["expires_at"]}
        answer = put(answer, value_at, held) if value_at else {**answer, **held}
    return in_schema_order(answer, contract.schema(endpoint.response))


def new_session(
    contract: Contract, endpoint: Endpoint, body: dict[str, Any], *, now: float, default_ttl: int, ids: IdSource
) -> Minted:
    """Mint for `body`, a valid request to `endpoint`. The secret lives as long as the
    request asks, else `default_ttl` seconds (0: the endpoint's own default)."""
    created = int(now)
    session = configured_session(contract, get(body, endpoint.session_config), ids=ids)
    ttl = endpoint.ttl.seconds(body, default=default_ttl)
    value, expires_at = ids.client_secret(created), created + ttl
    answer = _answer(contract, endpoint, session, {"value": value, "expires_at": expires_at})
    return Minted(answer, get(answer, endpoint.session), value, expires_at)


def model_named(contract: Contract, endpoint: Endpoint, body: Any) -> str:
    """The model a request is for, as a 429 names it: the one its session config asks for,
    else the model that config's schema defaults to, else its first model."""
    config = get(body, endpoint.session_config) if isinstance(body, dict) else None
    asked = get(config, "/model")
    if isinstance(asked, str):
        return asked
    types = contract.session_types
    for kind in (types.of(config), types.types[types.default]):
        model = contract.schema(kind.config).get("properties", {}).get("model", {})
        if "default" in model:
            return str(model["default"])
        if model.get("enum"):
            return str(model["enum"][0])
    return ""


def socket_session(contract: Contract, session: dict[str, Any], *, now: float) -> dict[str, Any]:
    """`session` as the snapshot's socket shows it: the fields its manifest sets there (the
    beta's `client_secret: null`), and the session's own expiry where it says."""
    shown = contract.manifest.get("websocket", {}).get("session_on_socket", {"set": {"client_secret": None}})
    session = {**session, **shown.get("set", {})}
    if shown.get("expires_at"):
        session = put(session, shown["expires_at"], int(now) + contract.session_max_seconds)
    return session


def url_config(contract: Contract, model: str | None) -> dict[str, Any]:
    """The session config a standard key's connection asks for with `?model=`."""
    asked = contract.manifest.get("websocket", {}).get("query", {}).get("model", {"session": {}, "to": "/model"})
    template: dict[str, Any] = dict(asked.get("session", {}))
    return template if model is None else put(template, asked["to"], model)
