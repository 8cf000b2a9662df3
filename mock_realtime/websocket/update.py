"""A `session.update` applied to a connection's session, in either protocol's rules.

Both check the update against the snapshot's schemas, with the violations the REST
endpoint gives (params prefixed `session.`), as the session would be after it, so that
tool_choice may name a tool declared earlier. Beta replaces each top-level field sent.
GA first needs `session.type`, naming the socket's own session type, and then, since
"only the fields present change", merges objects the schema spells out field by field
(`audio`, `audio.input`), replacing everything else sent."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.sessions import apply_defaults
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import first_error, supported_values
from mock_realtime.errors import InvalidRequestError


def model_mismatch(requested: Any, fixed: Any, *, param: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Model mismatch: {requested!r} was requested, but this session uses {fixed!r}. "
        "A Realtime session keeps the model it was created with.",
        param=param,
        code="model_mismatch",
    )


def _with_current(update: dict[str, Any], session: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    # The update's own fields come first, so violations are ordered as in its body.
    return {**update, **{k: v for k, v in session.items() if k in fields and k not in update}}


def beta_updated(contract: Contract, session: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    update: Any = event.get("session")
    updatable = contract.schemas["session_update"]["properties"]["session"]["properties"]
    candidate = {**event, "session": _with_current(update, session, updatable)} if isinstance(update, dict) else event
    contract.checker("session_update").check(candidate)  # past this, `update` is an object
    if "model" in update and update["model"] != session["model"]:
        raise model_mismatch(update["model"], session["model"], param="session.model")
    request_fields = contract.request_schema["properties"]
    return {**session, **{key: apply_defaults(request_fields[key], value) for key, value in update.items()}}


def ga_updated(contract: Contract, session: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    update: Any = event.get("session")
    if not isinstance(update, dict):
        contract.checker("session_update").check(event)
    kind = contract.manifest["session_types"]["types"][_session_type(contract, session, update)]
    config = contract.schemas[kind["config"]]
    candidate = _with_current(update, session, config["properties"])
    violations = [v for v in contract.checker(kind["config"]).violations(candidate, prefix="session")
                  if _sent(v["param"], update)]
    if violations:
        raise first_error(violations)
    if "model" in update and update["model"] != session.get("model"):
        raise model_mismatch(update["model"], session.get("model"), param="session.model")
    merged = merged_by_schema(config, session, update)
    order = contract.schemas[kind["session"]]["properties"]
    return {key: merged[key] for key in dict.fromkeys([*order, *merged]) if key in merged}


def _sent(param: str | None, update: dict[str, Any]) -> bool:
    """Whether a violation is the update's own: the session's current fields, shown in
    their response shape (`include: null`), are there only for rules across fields."""
    field = (param or "").removeprefix("session.").split(".")[0].split("[")[0]
    return param is None or field in update


def _session_type(contract: Contract, session: dict[str, Any], update: dict[str, Any]) -> str:
    """The update's session.type, which must be given, known, and the socket's own."""
    types = list(contract.manifest["session_types"]["types"])
    if "type" not in update:
        raise InvalidRequestError("Missing required parameter: 'session.type'.", param="session.type",
                                  code="missing_required_parameter")
    kind = update["type"]
    if kind not in types:
        shown = f"'{kind}'" if isinstance(kind, str) else repr(kind)
        raise InvalidRequestError(f"Invalid value: {shown}. Supported values are: {supported_values(types)}.",
                                  param="session.type", code="invalid_value")
    if kind != session["type"]:
        mismatch = contract.manifest["websocket"]["session_type_mismatch"][f"{kind}_on_{session['type']}"]
        # One report gives the live code as invalid_parameter; no capture confirms it.
        raise InvalidRequestError(mismatch, param="session.type", code="invalid_parameter")
    return str(kind)


def merged_by_schema(schema: dict[str, Any], current: Any, update: Any) -> Any:
    """`update` over `current`: objects whose schema lists their properties merge key by
    key; any other value sent replaces the current one, its defaults filled in."""
    properties = schema.get("properties")
    if properties is None or not isinstance(current, dict) or not isinstance(update, dict):
        return apply_defaults(schema, update)
    merged = dict(current)
    for key, value in update.items():
        merged[key] = merged_by_schema(properties.get(key, {}), current.get(key), value)
    return merged
