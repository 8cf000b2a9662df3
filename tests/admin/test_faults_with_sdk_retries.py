"""The official SDK's retry logic against queued faults, over a real socket."""

from __future__ import annotations

import httpx
import openai
import pytest

from tests.helpers import API_KEY


def _client(live_server, *, max_retries: int) -> openai.OpenAI:  # type: ignore[no-untyped-def]
    return openai.OpenAI(api_key=API_KEY, base_url=f"{live_server.base_url}/v1", max_retries=max_retries)


def test_sdk_retries_a_queued_429_then_succeeds(live_server) -> None:
    httpx.post(f"{live_server.base_url}/__mock/faults", json={"status": 429, "count": 1})
    sessions = _client(live_server, max_retries=1).beta.realtime.sessions
    session = sessions.create(model="gpt-4o-realtime-preview")
    assert session.client_secret.value.startswith("ek_")
    journal = httpx.get(f"{live_server.base_url}/__mock/requests").json()["data"]
    assert [e["status"] for e in journal] == [429, 200]
    assert [e["headers"]["x-stainless-retry-count"] for e in journal] == ["0", "1"]


def test_sdk_without_retries_raises_rate_limit_error_with_openai_fields(live_server) -> None:
    httpx.post(f"{live_server.base_url}/__mock/faults", json={"status": 429})
    with pytest.raises(openai.RateLimitError) as raised:
        _client(live_server, max_retries=0).beta.realtime.sessions.create(model="gpt-4o-realtime-preview")
    assert (raised.value.code, raised.value.type) == ("rate_limit_exceeded", "requests")
    assert raised.value.response.headers["retry-after"] == "1"
    assert str(raised.value.request_id).startswith("req_")
