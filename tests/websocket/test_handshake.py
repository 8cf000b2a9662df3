"""Opening GET /v1/realtime over a real socket: which keys open a session, which are
refused (one error event, then close 3000), and what the journal keeps of each."""

from __future__ import annotations

import json

import pytest

from mock_realtime.settings import Settings
from tests.helpers import API_KEY
from tests.websocket.helpers import MODEL, close_of, recv_event

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

REFUSED = (3000, "invalid_request_error.invalid_api_key")


@pytest.mark.parametrize("via", ["header", "subprotocol"])
def test_handshake_minted_key_gets_the_session_as_minted(mint, open_realtime, via) -> None:
    minted = mint(voice="verse", instructions="Speak like a lighthouse keeper.")
    with open_realtime(minted["client_secret"]["value"], via=via) as ws:
        created = recv_event(ws)
    assert created["type"] == "session.created"
    assert created["session"] == {**minted, "client_secret": None}


def test_handshake_browser_auth_selects_the_realtime_subprotocol(mint, open_realtime) -> None:
    with open_realtime(mint()["client_secret"]["value"], via="subprotocol") as ws:
        assert ws.subprotocol == "realtime"
        assert recv_event(ws)["type"] == "session.created"


def test_handshake_answers_with_request_id_header(mint, open_realtime, app) -> None:
    with open_realtime(mint()["client_secret"]["value"]) as ws:
        recv_event(ws)
        request_id = ws.response.headers["x-request-id"]
    assert app.state.mock.journal.entries()[-1]["request_id"] == request_id


def test_handshake_standard_key_gets_contract_defaults_for_the_url_model(open_realtime, app) -> None:
    with open_realtime(API_KEY, model="gpt-4o-mini-realtime-preview") as ws:
        session = recv_event(ws)["session"]
    defaults = {k: s["default"] for k, s in app.state.mock.contract.request_schema["properties"].items()
                if "default" in s}
    assert session == {"id": session["id"], "object": "realtime.session",
                       "model": "gpt-4o-mini-realtime-preview", **defaults, "client_secret": None}


def test_handshake_secret_works_until_the_mock_clock_reaches_expires_at(mint, open_realtime, clock) -> None:
    minted = mint()
    key, expires_at = minted["client_secret"]["value"], minted["client_secret"]["expires_at"]
    clock.set(expires_at - 1)
    with open_realtime(key) as ws:
        assert recv_event(ws)["type"] == "session.created"
    clock.set(expires_at)
    with open_realtime(key) as ws:
        assert recv_event(ws)["error"]["code"] == "invalid_api_key"
        assert close_of(ws) == REFUSED


@pytest.mark.parametrize("via", ["header", "subprotocol"])
def test_handshake_refuses_expired_key_with_error_then_close_3000(mint, open_realtime, clock, via) -> None:
    key = mint()["client_secret"]["value"]
    clock.advance(3600)
    with open_realtime(key, via=via) as ws:
        error = recv_event(ws)["error"]
        assert close_of(ws) == REFUSED
    assert error == {
        "type": "invalid_request_error", "code": "invalid_api_key", "param": None, "event_id": None,
        "message": f"Incorrect API key provided: ek_{'*' * 28}{key[-4:]}. "
                   "You can find your API key at https://platform.openai.com/account/api-keys.",
    }


@pytest.mark.parametrize(
    ("key", "via"),
    [
        pytest.param("ek_00000000000000000000000000000000", "header", id="unknown-ek-header"),
        pytest.param("ek_00000000000000000000000000000000", "subprotocol", id="unknown-ek-subprotocol"),
        pytest.param(None, "header", id="missing"),
    ],
)
def test_handshake_refuses_unknown_or_missing_key(open_realtime, key, via) -> None:
    with open_realtime(key, via=via) as ws:
        error = recv_event(ws)["error"]
        assert close_of(ws) == REFUSED
    assert (error["type"], error["code"]) == ("invalid_request_error", "invalid_api_key")
    expected = "Incorrect API key provided" if key else "You didn't provide an API key"
    assert error["message"].startswith(expected)


@pytest.mark.parametrize("mock_settings", [Settings(api_key=("sk-only-this-one",))], ids=["api-key"])
def test_handshake_standard_key_obeys_api_key_setting(open_realtime) -> None:
    with open_realtime("sk-only-this-one") as ws:
        assert recv_event(ws)["type"] == "session.created"
    with open_realtime("sk-some-other-key") as ws:
        assert recv_event(ws)["error"]["message"].startswith("Incorrect API key provided: sk-*")
        assert close_of(ws) == REFUSED


def test_handshake_minted_key_with_another_model_is_refused(mint, open_realtime) -> None:
    with open_realtime(mint()["client_secret"]["value"], model="gpt-4o-mini-realtime-preview") as ws:
        error = recv_event(ws)["error"]
        assert close_of(ws) == (3000, "invalid_request_error.model_mismatch")
    assert (error["param"], error["code"]) == ("model", "model_mismatch")
    assert "'gpt-4o-mini-realtime-preview' was requested" in error["message"]
    assert f"this session uses '{MODEL}'" in error["message"]


def test_handshake_minted_key_without_url_model_keeps_its_own(mint, open_realtime) -> None:
    minted = mint()
    with open_realtime(minted["client_secret"]["value"], model=None) as ws:
        assert recv_event(ws)["session"]["model"] == MODEL


@pytest.mark.parametrize(
    ("model", "code"),
    [("gpt-5-imaginary", "invalid_value"), (None, "missing_required_parameter")],
    ids=["unknown-model", "no-model"],
)
def test_handshake_standard_key_model_is_checked_by_the_contract(open_realtime, model, code) -> None:
    with open_realtime(API_KEY, model=model) as ws:
        error = recv_event(ws)["error"]
        assert close_of(ws) == (3000, f"invalid_request_error.{code}")
    assert (error["param"], error["code"]) == ("model", code)


def test_handshake_journal_records_outcomes_with_keys_masked(mint, open_realtime, clock, app) -> None:
    key = mint()["client_secret"]["value"]
    with open_realtime(key, via="subprotocol") as ws:
        recv_event(ws)
    clock.advance(3600)
    with open_realtime(key) as ws:
        recv_event(ws)
        close_of(ws)
    accepted, refused = app.state.mock.journal.entries()[-2:]
    where = (accepted["method"], accepted["path"], accepted["query"])
    assert where == ("GET", "/v1/realtime", f"model={MODEL}")
    assert (accepted["status"], accepted["outcome"], accepted["close"]) == (101, "accepted", None)
    assert accepted["response"]["type"] == "session.created"
    assert refused["outcome"] == "refused"
    assert refused["close"] == {"code": 3000, "reason": "invalid_request_error.invalid_api_key"}
    assert refused["response"]["error"]["code"] == "invalid_api_key"
    masked = f"ek_{'*' * 28}{key[-4:]}"
    assert f"openai-insecure-api-key.{masked}" in accepted["headers"]["sec-websocket-protocol"]
    assert refused["headers"]["authorization"] == f"Bearer {masked}"
    assert key not in json.dumps([accepted, refused])


def test_handshake_journal_shows_exactly_the_first_event_sent(open_realtime, app) -> None:
    with open_realtime(API_KEY) as ws:
        sent = recv_event(ws)
    [entry] = [e for e in app.state.mock.journal.entries() if e.get("outcome") == "accepted"][-1:]
    assert entry["response"] == sent
    assert entry["response"]["session"]["model"] == sent["session"]["model"] == MODEL
