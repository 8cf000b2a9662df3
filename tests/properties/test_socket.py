"""The same contract over a real socket: uvicorn on loopback, valid and one-rule-broken
bodies alike get the answer the contract promises."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_realtime.testing.strategies import InvalidConfig, invalid_session_configs, session_configs
from tests.properties.expectations import JSON_AUTH, PATH, assert_rejected, assert_session, shares_fixtures


@pytest.fixture
def http(live_server: Any) -> Iterator[httpx.Client]:
    """One keep-alive connection for all examples, as a real client would hold."""
    with httpx.Client(base_url=live_server.base_url) as client:
        yield client


@shares_fixtures
@given(case=st.one_of(session_configs(), invalid_session_configs()))
def test_over_a_socket_every_config_gets_the_answer_the_contract_promises(
    http: httpx.Client, case: Any
) -> None:
    body = case.body if isinstance(case, InvalidConfig) else case
    response = http.post(PATH, content=json.dumps(body).encode(), headers=JSON_AUTH)
    if isinstance(case, InvalidConfig):
        assert_rejected(response.status_code, response.json(), param=case.param, code=case.code)
    else:
        assert_session(body, response.status_code, response.json())
