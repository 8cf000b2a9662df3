"""schemathesis against the app's own /openapi.json, in-process through ASGI: positive and
negative generation, with every default check on (not_a_server_error, status code,
content type and response schema conformance, negative data rejection, auth checks ...).

One check needs narrowing, and only for the cases it misjudges. The contract's
`x-choice-references` says tool_choice must be auto, none, required or the name of a
declared tool (GA: a declared function or MCP server); JSON Schema cannot say that, so
schemathesis draws "positive" bodies whose tool_choice names no declared tool. The real
API refuses those, so the mock must too. For exactly those cases positive_data_acceptance
is replaced by a stricter assertion: the answer is the 400 for that rule. Every other
check still runs on them. Both endpoints the mock serves by default are fuzzed:
POST /v1/realtime/sessions (2024-12-17) and POST /v1/realtime/client_secrets (ga)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mock_realtime.clock import Clock
from mock_realtime.contract.choice_references import CHOICE_KEYWORD, choice_references_ok
from mock_realtime.contract.snapshot import load_contract
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.helpers import API_KEY, NOW
from tests.properties.expectations import AUTH, CONTRACT, assert_rejected, tally

CHOICES = CONTRACT.request_schema[CHOICE_KEYWORD]
GA = load_contract("ga")
# The parameters a broken choice rule is reported on, per operation.
CHOICE_PARAMS = {
    CONTRACT.path: {"tool_choice"},
    GA.path: {"session.tool_choice.name", "session.tool_choice.server_label"},
}


def _app(*, admin: bool) -> Any:
    """The mock as a user would run it with one API key, so that other keys get 401s
    (schemathesis's ignored_auth check sends wrong credentials and expects them refused)."""
    clock = Clock()
    clock.set(NOW)
    return create_app(Settings(api_key=(API_KEY,), admin=admin), clock=clock)


def _schema(app: Any) -> Any:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return loaded


# The OpenAI-facing operation is fuzzed on a mock without the admin API, so that fuzzed
# admin calls (queued faults, a moved clock, a reset) cannot change its answers; the admin
# API is fuzzed on a mock of its own.
schema = _schema(_app(admin=False))
admin_schema = _schema(_app(admin=True)).include(tag="Mock administration")
CASES = tally("schemathesis cases")


def _breaks_only_choices(case: Any) -> bool:
    """A positive case that only a choice rule refuses (jsonschema alone ignores the keyword)."""
    if not case.meta.generation.mode.is_positive:
        return False
    if case.path == CONTRACT.path:
        return not choice_references_ok(CHOICES, case.body)
    violations = GA.checker("request").violations(case.body)
    return bool(violations) and all(
        (v["param"], v["code"]) in {(p, "invalid_value") for p in CHOICE_PARAMS[GA.path]} for v in violations
    )


@schema.parametrize()
def test_app_keeps_its_own_openapi_document(case: Any) -> None:
    CASES["generated"] += 1
    CASES[str(case.meta.generation.mode.value)] += 1
    if _breaks_only_choices(case):
        CASES["positive but naming no declared tool"] += 1
        response = case.call_and_validate(headers=AUTH, excluded_checks=[positive_data_acceptance])
        answer = response.json()
        assert answer["error"]["param"] in CHOICE_PARAMS[case.path], answer
        assert_rejected(response.status_code, answer, param=answer["error"]["param"], code="invalid_value")
    else:
        case.call_and_validate(headers=AUTH)
    CASES["passed"] += 1


@admin_schema.parametrize()
def test_admin_api_keeps_its_own_openapi_document(case: Any) -> None:
    CASES["admin generated"] += 1
    case.call_and_validate()
    CASES["admin passed"] += 1
