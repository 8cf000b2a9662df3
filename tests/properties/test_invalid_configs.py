"""A body that breaks exactly one rule of the contract always gets a 400 naming that rule:
the param and code the strategy promised, in OpenAI's envelope, and nothing else wrong
in the journal."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given

from mock_realtime.testing.strategies import InvalidConfig, invalid_session_configs
from tests.properties.expectations import assert_rejected, post_json, shares_fixtures


@shares_fixtures
@given(case=invalid_session_configs())
@example(case=InvalidConfig([], "/type", None, "invalid_type"))
@example(
    case=InvalidConfig(
        {"model": "gpt-4o-realtime-preview", "tools": [{"name": "f"}], "tool_choice": "g"},
        "/x-choice-references/0",
        "tool_choice",
        "invalid_value",
    )
)
def test_config_breaking_one_rule_gets_that_rules_400(client: Any, case: InvalidConfig) -> None:
    status, answer = post_json(client, case.body)
    assert_rejected(status, answer, param=case.param, code=case.code)
    if isinstance(case.body, dict):
        violations = client.app.state.mock.journal.entries()[-1]["violations"]
        assert [(v["param"], v["code"]) for v in violations] == [(case.param, case.code)], case.rule
