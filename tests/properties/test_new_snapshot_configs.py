"""mock_realtime.strategies draws for the final beta and GA snapshots too: every config it
calls valid is minted (200, an answer the SDK's own models accept strictly), and every
one-rule-broken config gets the 400 it promises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from openai.types.beta.realtime import SessionCreateResponse
from openai.types.realtime import ClientSecretCreateResponse
from starlette.testclient import TestClient

from mock_realtime import strategies
from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from tests.properties.expectations import JSON_AUTH, post_json, shares_fixtures

SECRETS, SESSIONS = "/v1/realtime/client_secrets", "/v1/realtime/sessions"


@pytest.fixture(scope="module")
def final_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(contract=("beta-final", "ga")))) as client:
        yield client


@shares_fixtures
@given(body=strategies.session_configs(contract="ga"))
def test_valid_ga_configs_are_minted_as_the_sdk_reads_them(final_client: TestClient, body: Any) -> None:
    response = final_client.post(SECRETS, json=body, headers=JSON_AUTH)
    assert response.status_code == 200, (response.json(), body)
    ClientSecretCreateResponse.model_validate(response.json(), strict=True)


@shares_fixtures
@given(body=strategies.session_configs(contract="beta-final"))
def test_valid_final_beta_configs_are_minted_as_the_sdk_reads_them(final_client: TestClient, body: Any) -> None:
    response = final_client.post(SESSIONS, json=body, headers=JSON_AUTH)
    assert response.status_code == 200, (response.json(), body)
    SessionCreateResponse.model_validate(response.json(), strict=True)


@pytest.mark.parametrize(("snapshot", "path"), [("ga", SECRETS), ("beta-final", SESSIONS)])
def test_broken_configs_get_the_promised_400(final_client: TestClient, snapshot: str, path: str) -> None:
    @shares_fixtures
    @given(case=strategies.invalid_session_configs(contract=snapshot))
    def refused(case: Any) -> None:
        status, answer = post_json(final_client, case.body, path=path)  # a null body is sent as null
        assert status == 400, case
        error = answer["error"]
        assert (error["param"], error["code"]) == (case.param, case.code), case

    refused()
