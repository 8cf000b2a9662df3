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
POST /v1/realtime/sessions (2024-12-17) and POST /v1/realtime/client_secrets (ga).

The same holds for a body over the size limit: the mock refuses it with 413 before reading
it, valid or not, as the document says. Schemathesis does not count 413 as a refusal or
an acceptance, so for those cases both data checks give way to a stricter assertion: the
body sent really is over the limit, and the answer is the documented request_too_large."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis.internal.conjecture import providers
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from starlette.testclient import TestClient

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


def _pointed_at(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _inlined(document: dict[str, Any], node: Any, expanding: tuple[str, ...] = ()) -> Any:
    """`node` with every `$ref` replaced by a copy of what it names (its annotations, such
    as a `default` beside the `$ref`, kept). The contract has no recursive `$ref`."""
    if isinstance(node, list):
        return [_inlined(document, item, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        assert ref not in expanding, f"recursive $ref {ref}"
        target = _inlined(document, _pointed_at(document, ref), (*expanding, ref))
        beside = {k: _inlined(document, v, expanding) for k, v in node.items() if k != "$ref"}
        return {**target, **beside}
    return {key: _inlined(document, value, expanding) for key, value in node.items()}


def _schema(app: Any) -> Any:
    """The app's own /openapi.json, fuzzed with every `$ref` inlined: the same document
    to a validator. Schemathesis draws negative cases by negating parts of a schema, and
    cannot spell the negation of a union of `$ref`s (GA's tools, function or MCP), raising
    UnsupportedSchema for the whole operation; inlined, each part can be negated."""
    document = TestClient(app).get("/openapi.json").json()
    loaded = schemathesis.openapi.from_dict(_inlined(document, document))
    loaded.app, loaded.location = app, "/openapi.json"
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return loaded


# The OpenAI-facing operation is fuzzed on a mock without the admin API, so that fuzzed
# admin calls (queued faults, a moved clock, a reset) cannot change its answers; the admin
# API is fuzzed on a mock of its own.
schema = _schema(_app(admin=False))
admin_schema = _schema(_app(admin=True)).include(tag="Mock administration")
CASES = tally("schemathesis cases")


def _call_and_validate(case: Any, *, headers: dict[str, str] | None = None, excluded: tuple[Any, ...] = ()) -> Any:
    """`case.call_and_validate`, except that a 413 must be earned by the body's size."""
    response = case.call(headers=headers)
    if response.status_code == 413:
        CASES["over the body limit"] += 1
        sent = response.request.body or b""
        assert len(sent) > Settings().max_body_bytes, len(sent)
        assert response.json()["error"]["code"] == "request_too_large", response.json()
        excluded = (*excluded, positive_data_acceptance, negative_data_rejection)
    case.validate_response(response, headers=headers, excluded_checks=list(excluded),
                           transport_kwargs={"headers": headers} if headers else None)
    return response


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


@pytest.fixture(autouse=True)
def draws_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hypothesis also draws constants it finds in the modules loaded so far, so the cases
    drawn here would move with any edit to unrelated code; without them they do not.
    Schemathesis cannot model every draw of GA's cross-field `not` rules (UnsupportedSchema),
    so the cases should not move for nothing. They still differ a little with the tests
    that ran before (2,171 negative cases alone, 2,151 in the suite): Hypothesis keeps other
    state between tests."""
    monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)


@schema.parametrize()
def test_app_keeps_its_own_openapi_document(case: Any) -> None:
    CASES["generated"] += 1
    CASES[str(case.meta.generation.mode.value)] += 1
    if _breaks_only_choices(case):
        CASES["positive but naming no declared tool"] += 1
        response = _call_and_validate(case, headers=AUTH, excluded=(positive_data_acceptance,))
        answer = response.json()
        if response.status_code != 413:  # the size limit comes first, as in _call_and_validate
            assert answer["error"]["param"] in CHOICE_PARAMS[case.path], answer
            assert_rejected(response.status_code, answer, param=answer["error"]["param"], code="invalid_value")
    else:
        _call_and_validate(case, headers=AUTH)
    CASES["passed"] += 1


@admin_schema.parametrize()
def test_admin_api_keeps_its_own_openapi_document(case: Any) -> None:
    CASES["admin generated"] += 1
    _call_and_validate(case)
    CASES["admin passed"] += 1
