"""A body the contract accepts always gets its session: 200, a body valid against the
response schema, every field sent echoed, every field omitted at its default, and a
client secret that expires exactly one TTL after now."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given

from mock_realtime.testing.strategies import session_configs
from tests.properties.expectations import assert_session, post_json, shares_fixtures


@shares_fixtures
@given(body=session_configs())
@example(body={"model": "gpt-4o-realtime-preview", "turn_detection": {}})
@example(body={"model": "gpt-4o-realtime-preview", "tools": [{"name": "f"}], "tool_choice": "f"})
def test_valid_config_gets_its_session(client: Any, body: dict[str, Any]) -> None:
    assert_session(body, *post_json(client, body))
