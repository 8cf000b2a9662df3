"""--rate-limit N/min: past the quota the mock answers 429 as OpenAI does, with the wait
read from the mock clock."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mock_realtime.cli.commands import main
from mock_realtime.rate_limit import duration, parse_rate_limit
from mock_realtime.settings import Settings
from tests.helpers import AUTH, MINIMAL

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

SESSIONS = "/v1/realtime/sessions"


@pytest.mark.parametrize(("spec", "limit"), [("", None), ("60/min", 60), (" 2 / min ", 2)],
                         ids=["off", "plain", "spaces"])
def test_parse_rate_limit_accepts_n_per_minute(spec, limit) -> None:
    assert parse_rate_limit(spec) == limit


@pytest.mark.parametrize("spec", ["0/min", "60", "60/s", "x/min", "-1/min", "1.5/min"])
def test_parse_rate_limit_refuses_anything_else(spec) -> None:
    with pytest.raises(ValueError, match="N/min"):
        Settings(rate_limit=spec)


def test_cli_refuses_malformed_rate_limit_before_serving() -> None:
    result = CliRunner().invoke(main, ["serve", "--rate-limit", "5/hour"])
    assert result.exit_code == 2
    assert "N/min" in result.output


@pytest.mark.parametrize(("seconds", "text"), [(0.12, "120ms"), (1.5, "1.5s"), (20, "20s"), (60, "1m0s"),
                                                (59.9876, "59.988s")])
def test_duration_is_written_as_openai_writes_it(seconds, text) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize("mock_settings", [Settings(rate_limit="2/min")], ids=["2/min"])
def test_rate_limit_answers_429_with_retry_after_from_mock_clock(client) -> None:
    ok = client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    assert (ok.status_code, ok.headers["x-ratelimit-remaining-requests"]) == (200, "1")
    client.post("/__mock/clock", json={"advance_seconds": 15})
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200
    client.post("/__mock/clock", json={"advance_seconds": 5})
    refused = client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "40"  # the first request leaves the window 60 s after it came
    assert refused.headers["x-ratelimit-reset-requests"] == "55s"
    assert refused.json()["error"] == {
        "message": "Rate limit reached for gpt-4o-realtime-preview in organization org-mockrealtime "
                   "on requests per min (RPM): Limit 2, Used 2, Requested 1. Please try again in 40s. "
                   "Visit https://platform.openai.com/account/rate-limits to learn more.",
        "type": "requests", "param": None, "code": "rate_limit_exceeded",
    }


@pytest.mark.parametrize("mock_settings", [Settings(rate_limit="1/min")], ids=["1/min"])
def test_rate_limit_frees_quota_when_clock_moves_past_window(client) -> None:
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 429  # refusals do not count
    client.post("/__mock/clock", json={"advance_seconds": 60})
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200
    statuses = [e["status"] for e in client.get("/__mock/requests").json()["data"]]
    assert statuses == [200, 429, 200]


@pytest.mark.parametrize("mock_settings", [Settings(rate_limit="1/min")], ids=["1/min"])
def test_rate_limit_is_cleared_by_reset(client) -> None:
    client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    client.post("/__mock/reset")
    client.post("/__mock/clock", json={"set": 1_750_000_000})  # reset went back to real time
    assert client.post(SESSIONS, json=MINIMAL, headers=AUTH).status_code == 200


def test_no_rate_limit_means_no_quota_headers(client) -> None:
    response = client.post(SESSIONS, json=MINIMAL, headers=AUTH)
    assert "x-ratelimit-limit-requests" not in response.headers
