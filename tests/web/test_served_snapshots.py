"""Which snapshots a mock serves, and every layer seeing the GA endpoint: --contract picks
them (repeatable), --beta-retired answers beta calls as the API has since 2026-05-12, and
the journal, /__mock/, RealtimeMock, faults and the rate limit treat POST
/v1/realtime/client_secrets as they treat POST /v1/realtime/sessions."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from mock_realtime.settings import Settings
from mock_realtime.testing import RealtimeMock
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer
from tests.contract import examples as ex
from tests.helpers import AUTH, MINIMAL, NOW

SECRETS = "/v1/realtime/client_secrets"
SESSIONS = "/v1/realtime/sessions"


def served_paths(client: TestClient) -> list[str]:
    return [p for p in client.get("/openapi.json").json()["paths"] if not p.startswith("/__mock")]


def test_default_serves_the_seed_beta_beside_ga(clock) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(Settings(), clock=clock))
    assert served_paths(client) == [SESSIONS, SECRETS]
    # the sessions endpoint is still the seed's: model required, one-minute secrets
    assert client.post(SESSIONS, json={}, headers=AUTH).json()["error"]["param"] == "model"


def test_final_beta_replaces_the_seed_beside_ga(clock) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(Settings(contract=("beta-final", "ga")), clock=clock))
    assert served_paths(client) == [SESSIONS, SECRETS]
    session = client.post(SESSIONS, json={}, headers=AUTH).json()  # every field optional now
    assert session["client_secret"]["expires_at"] == int(NOW) + 600
    assert (session["truncation"], session["expires_at"], session["include"]) == ("auto", 0, None)


def test_one_snapshot_alone_serves_its_own_endpoints(clock) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(Settings(contract="ga"), clock=clock))
    assert served_paths(client) == [SECRETS]
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 404


def test_two_snapshots_claiming_one_path_are_refused() -> None:
    with pytest.raises(ValueError, match="both serve POST /v1/realtime/sessions"):
        create_app(Settings(contract=("2024-12-17", "beta-final")))


def test_openapi_documents_every_endpoint_served(clock) -> None:  # type: ignore[no-untyped-def]
    document = TestClient(create_app(Settings(), clock=clock)).get("/openapi.json").json()
    operations = {path: ops["post"]["operationId"] for path, ops in document["paths"].items() if "post" in ops
                  and not path.startswith("/__mock")}
    assert operations == {SESSIONS: "create-realtime-session", SECRETS: "create-realtime-client-secret"}
    answer = document["paths"][SECRETS]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/RealtimeCreateClientSecretResponse"}
    # references inside a file are rewritten to the component too
    config = document["components"]["schemas"]["RealtimeSessionCreateRequestGA"]
    assert config["properties"]["audio"]["properties"]["input"]["properties"]["format"]["$ref"] == (
        "#/components/schemas/RealtimeSessionCreateRequestGA/$defs/audio_format")


RETIRED = {"message": ex.RETIRED_MESSAGE, "type": "invalid_request_error", "param": None,
           "code": "beta_api_shape_disabled"}


@pytest.mark.parametrize("contracts", [("2024-12-17", "ga"), ("beta-final", "ga")], ids=["seed", "final beta"])
def test_beta_retired_refuses_beta_rest_calls(clock, contracts) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(Settings(contract=contracts, beta_retired=True), clock=clock))
    refused = client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    assert (refused.status_code, refused.json()["error"]) == (400, RETIRED)
    assert client.post(SECRETS, json={}, headers=AUTH).status_code == 200  # GA is not retired
    entry = client.get("/__mock/requests").json()["data"][0]
    assert (entry["path"], entry["status"], entry["body"]) == (SESSIONS, 400, MINIMAL)


def test_beta_retired_still_asks_for_a_key_first(clock) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(Settings(beta_retired=True), clock=clock))
    assert client.post(SESSIONS, json=MINIMAL).status_code == 401


@pytest.fixture
def live(clock) -> Iterator[ThreadedServer]:  # type: ignore[no-untyped-def]
    server = ThreadedServer(create_app(Settings(rate_limit="1/min"), clock=clock), Settings(port=0)).start()
    yield server
    server.stop()


def test_ga_secrets_are_journaled_listed_and_checkable(live: ThreadedServer) -> None:
    mock = RealtimeMock(live.base_url)
    minted = httpx.post(live.base_url + SECRETS, json=ex.GA_CLIENT_SECRET_REQUEST, headers=AUTH).json()
    [entry] = mock.requests
    assert (entry["path"], entry["status"], entry["body"], entry["response"]) == (
        SECRETS, 200, ex.GA_CLIENT_SECRET_REQUEST, minted)
    [listed] = mock.sessions
    assert listed["id"] == minted["session"]["id"]
    assert listed["session"] == minted["session"]
    assert (listed["expires_at"], listed["expired"], listed["snapshot"]) == (minted["expires_at"], False, "ga")
    assert mock.secret(minted["value"]) == {"valid": True, "expires_at": minted["expires_at"],
                                            "session_id": minted["session"]["id"]}
    mock.advance(600)
    assert mock.secret(minted["value"])["valid"] is False
    mock.assert_all_requests_valid()


def test_faults_reach_the_ga_endpoint(live: ThreadedServer) -> None:
    mock = RealtimeMock(live.base_url)
    mock.fail_next(503)
    refused = httpx.post(live.base_url + SECRETS, json={"session": {"type": "realtime"}}, headers=AUTH)
    assert refused.status_code == 503
    assert mock.requests[0]["fault"] == {"status": 503, "latency_ms": 0, "disconnect": False}
    header = {**AUTH, "X-Mock-Fault": "status=500"}
    assert httpx.post(live.base_url + SECRETS, json={}, headers=header).status_code == 500


def test_rate_limit_counts_ga_calls_and_names_the_session_model(live: ThreadedServer) -> None:
    body = {"session": {"type": "realtime", "model": "gpt-realtime-2.1"}}
    assert httpx.post(live.base_url + SECRETS, json=body, headers=AUTH).status_code == 200
    refused = httpx.post(live.base_url + SECRETS, json=body, headers=AUTH)
    assert refused.status_code == 429
    assert refused.json()["error"]["message"].startswith("Rate limit reached for gpt-realtime-2.1 in organization")
    # one quota for the mock: the beta endpoint is refused too
    assert httpx.post(live.base_url + SESSIONS, json=MINIMAL, headers=AUTH).status_code == 429
