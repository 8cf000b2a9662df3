"""The official openai SDK, pointed at a real mock server, sees what the real API gives it."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from mock_realtime.settings import Settings
from mock_realtime.web.app import create_app
from mock_realtime.web.server import ThreadedServer

pytestmark = pytest.mark.every_store  # none of these depends on where state is kept

KEY = "sk-sdk-test-0123456789"


@pytest.fixture
def sdk_server(clock, store_url) -> Iterator[ThreadedServer]:  # type: ignore[no-untyped-def]
    app = create_app(Settings(api_key=(KEY,), store=store_url), clock=clock)
    server = ThreadedServer(app, Settings(port=0)).start()
    yield server
    server.stop()


def sdk(server: ThreadedServer, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(api_key=key, base_url=f"{server.base_url}/v1", max_retries=0)


def test_sdk_creates_a_session(sdk_server) -> None:
    session = sdk(sdk_server).beta.realtime.sessions.create(
        model="gpt-4o-realtime-preview-2024-12-17", voice="sage", temperature=0.7
    )
    assert session.voice == "sage"
    assert session.temperature == 0.7
    assert session.client_secret.value.startswith("ek_")
    assert session.client_secret.expires_at > 0


def test_sdk_gets_bad_request_error_with_param_and_code(sdk_server) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        sdk(sdk_server).beta.realtime.sessions.create(model="gpt-4o-realtime-preview", temperature=2.0)
    assert caught.value.status_code == 400
    assert caught.value.param == "temperature"
    assert caught.value.code == "decimal_above_max_value"
    assert caught.value.request_id
    assert caught.value.request_id.startswith("req_")


def test_sdk_gets_authentication_error_for_a_wrong_key(sdk_server) -> None:
    with pytest.raises(openai.AuthenticationError) as caught:
        sdk(sdk_server, "sk-not-the-right-key-9999").beta.realtime.sessions.create(
            model="gpt-4o-realtime-preview"
        )
    assert caught.value.code == "invalid_api_key"
    assert "sk-not-the-right-key-9999" not in str(caught.value)
