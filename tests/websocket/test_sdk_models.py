"""The strict SDK check every socket test applies can fail: the SDK's models refuse what
the real API never sends, in either protocol."""

from __future__ import annotations

import pydantic
import pytest

from tests.websocket.sdk_events import sdk_event

ERROR = {"type": "error", "event_id": "event_1",
         "error": {"type": "invalid_request_error", "code": None, "message": "m", "param": None, "event_id": None}}


@pytest.mark.parametrize("protocol", ["beta", "ga"])
def test_sdk_models_accept_an_openai_error_event(protocol: str) -> None:
    assert sdk_event(ERROR, protocol).type == "error"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("protocol", "event"),
    [
        pytest.param("ga", {"type": "session.created", "event_id": "event_1",
                            "session": {"type": "realtime", "output_modalities": "audio"}},
                     id="ga-modalities-not-a-list"),
        pytest.param("ga", {"type": "response.cancelled", "event_id": "event_1"}, id="ga-unknown-event"),
        pytest.param("beta", {"type": "session.created", "event_id": "event_1",
                              "session": {"temperature": "0.8"}}, id="beta-number-as-string"),
        pytest.param("beta", {**ERROR, "event_id": 7}, id="beta-event-id-not-a-string"),
    ],
)
def test_sdk_models_refuse_what_the_api_never_sends(protocol: str, event: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(pydantic.ValidationError):
        sdk_event(event, protocol)
