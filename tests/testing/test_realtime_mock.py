"""RealtimeMock used without pytest's fixture, against a server started any other way."""

from __future__ import annotations

import httpx
import pytest
from websockets.sync.client import connect

from mock_realtime.testing.mock import RealtimeMock
from tests.helpers import AUTH, MINIMAL


def test_handle_reports_a_refused_websocket_handshake_as_invalid(live_server) -> None:
    mock = RealtimeMock(live_server.base_url)
    ws_url = live_server.base_url.replace("http://", "ws://") + "/v1/realtime?model=gpt-4o-realtime-preview"
    with connect(ws_url, additional_headers={"Authorization": "Bearer ek_00000000000000000000000000000000"}) as ws:
        assert '"type":"error"' in ws.recv(timeout=10).replace(" ", "")
    with pytest.raises(AssertionError, match=r"#1 GET /v1/realtime: refused, invalid_request_error\.\w+: "):
        mock.assert_all_requests_valid()


def test_handle_accepts_a_journal_of_valid_requests(live_server) -> None:
    httpx.post(f"{live_server.base_url}/v1/realtime/sessions", json=MINIMAL, headers=AUTH)
    mock = RealtimeMock(live_server.base_url)
    mock.assert_all_requests_valid()
    assert [r["status"] for r in mock.requests] == [200]
