"""What every answer of the mock must satisfy, stated once for the property tests.

Properties share the function-scoped `client`/`live_server` fixtures across examples on
purpose: each example is one independent request, and the state it leaves (journal,
issued secrets) is bounded and not read by the next one."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings

from mock_realtime.contract.checker import schema_validator
from mock_realtime.contract.snapshot import Contract, load_contract
from tests.helpers import API_KEY, NOW

PATH = "/v1/realtime/sessions"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
JSON_AUTH = {**AUTH, "Content-Type": "application/json"}
CONTRACT: Contract = load_contract("2024-12-17")
RESPONSE_VALIDATOR = schema_validator(CONTRACT.response_schema, CONTRACT.schemas.values())
ERROR_VALIDATOR = schema_validator(CONTRACT.error_schema)

# Numbers a run reports at its end (see tests/properties/conftest.py), by title.
TALLIES: dict[str, Counter[str]] = {}


def tally(title: str) -> Counter[str]:
    return TALLIES.setdefault(title, Counter())


# The profile (dev or ci) decides how many examples; this only allows the shared fixtures.
shares_fixtures = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def post_json(client: Any, body: Any, *, path: str = PATH) -> tuple[int, Any]:
    """POST `body` as JSON text, even when it is null, and read the JSON answer."""
    response = client.post(path, content=json.dumps(body).encode(), headers=JSON_AUTH)
    return response.status_code, response.json()


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: true is not 1, and object key order does not count."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def assert_echoed(schema: dict[str, Any], sent: Any, answered: Any, where: str = "") -> None:
    """Each field sent comes back unchanged; each one omitted holds its schema default."""
    properties = schema.get("properties")
    if not (isinstance(sent, dict) and properties):
        assert same_json(answered, sent), f"{where or 'body'}: sent {sent!r}, answered {answered!r}"
        return
    for key, value in sent.items():
        assert key in answered, f"{where}{key} was sent but not echoed"
        assert_echoed(properties.get(key, {}), value, answered[key], f"{where}{key}.")
    for key, sub in properties.items():
        if key not in sent and "default" in sub:
            assert same_json(answered.get(key), sub["default"]), (
                f"{where}{key} should default to {sub['default']!r}"
            )


def assert_session(body: dict[str, Any], status: int, answer: Any) -> None:
    assert status == 200, answer
    errors = [e.message for e in RESPONSE_VALIDATOR.iter_errors(answer)]
    assert not errors, errors
    assert_echoed(CONTRACT.request_schema, body, answer)
    assert answer["client_secret"]["expires_at"] == int(NOW) + CONTRACT.secret_ttl_seconds


def assert_envelope(answer: Any) -> None:
    errors = [e.message for e in ERROR_VALIDATOR.iter_errors(answer)]
    assert not errors, (errors, answer)


def assert_rejected(status: int, answer: Any, *, param: str | None, code: str) -> None:
    assert status == 400, answer
    assert_envelope(answer)
    error = answer["error"]
    assert (error["param"], error["code"], error["type"]) == (param, code, "invalid_request_error"), error
