"""A `session.update` applied to a connection's session, in either protocol's rules.

Both check the update against the snapshot's schemas, with the violations the REST
endpoint gives (params prefixed `session.`), as the session would be after it, so that
tool_choice may name a tool declared earlier. Beta replaces each top-level field sent.
GA checks the whole event against its session-update schema (`session.type` required,
any unknown key refusing it whole), needs that type to be the socket's own, and, since
"only the fields present change", merges objects the schema spells out field by field
(`audio`, `audio.input`), replacing everything else sent."""

from __future__ import annotations

from typing import Any

from mock_realtime.contract.sessions import apply_defaults, in_schema_order
from mock_realtime.contract.snapshot import Contract
from mock_realtime.contract.violations import first_error
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
    _refuse_other_type(contract, session, update)
    kind = contract.session_types.of(session)
    config = contract.schema(kind.config)
    added: set[str] = set()
    if isinstance(update, dict):
        # session.type comes from the update alone: every update must name it.
        current = {k: v for k, v in config["properties"].items() if k != _type_key(contract)}
        event = {**event, "session": _with_current(update, session, current)}
        added = set(event["session"]) - set(update)
    if not contract.checker("session_update").is_valid(event):
        found = contract.checker("session_update").violations(event)
        violations = [v for v in found if _field(v["param"]) not in added]
        if violations:
            raise first_error(violations)
    if "model" in update and update["model"] != session.get("model"):
        raise model_mismatch(update["model"], session.get("model"), param="session.model")
    merged = contract.filler(kind.config)(merged_by_schema(config, session, update))
    return in_schema_order(merged, contract.schema(kind.session))


def _type_key(contract: Contract) -> str:
    """The update's field naming its session type (`x-socket-session-type`, a pointer)."""
    return str(contract.schema("session_update")["x-socket-session-type"]).rsplit("/", 1)[-1]


def _field(param: str | None) -> str:
    """The top-level session field a violation is about. Those the session's current
    values were added for (shown in their response shape, `include: null`) are there only
    for rules across fields, so their own violations are not the update's."""
    return (param or "").removeprefix("session").removeprefix(".").split(".")[0].split("[")[0]


def _refuse_other_type(contract: Contract, session: dict[str, Any], update: Any) -> None:
    """A known session type that is not the socket's own: the captured refusal."""
    kind = update.get(_type_key(contract)) if isinstance(update, dict) else None
    if isinstance(kind, str) and kind in contract.session_types.types and kind != session["type"]:
        mismatch = contract.manifest["websocket"]["session_type_mismatch"][f"{kind}_on_{session['type']}"]
        # One report gives the live code as invalid_parameter; no capture confirms it.
        raise InvalidRequestError(mismatch, param="session.type", code="invalid_parameter")


def merged_by_schema(schema: dict[str, Any], current: Any, update: Any) -> Any:
    """`update` over `current`: objects whose schema lists their properties merge key by
    key; any other value sent replaces the current one."""
    properties = schema.get("properties")
    if properties is None or not isinstance(current, dict) or not isinstance(update, dict):
        return update  # the snapshot's filler completes it
    merged = dict(current)
    for key, value in update.items():
        merged[key] = merged_by_schema(properties.get(key, {}), current.get(key), value)
    return merged
