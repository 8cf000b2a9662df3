"""Without the `webrtc` extra, the mock says what to install instead of failing at import."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from mock_realtime.webrtc import WebRTCUnavailable, require_webrtc
from tests.helpers import AUTH


def test_require_webrtc_names_the_extra_when_aiortc_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiortc", None)  # what `import aiortc` sees when it is not installed
    with pytest.raises(WebRTCUnavailable) as raised:
        require_webrtc()
    assert str(raised.value) == (
        "WebRTC calls need the optional 'webrtc' extra, which is not installed: "
        "pip install 'mock-realtime[webrtc]' (missing module: aiortc)."
    )


def test_the_app_builds_without_aiortc(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n == "mock_realtime" or n.startswith("mock_realtime.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("aiortc", "aioice", "av"):
        monkeypatch.setitem(sys.modules, name, None)
    from mock_realtime import create_app

    assert create_app().routes


def test_call_route_answers_501_naming_the_extra_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch, client: Any
) -> None:
    monkeypatch.setattr("mock_realtime.webrtc.extra._MODULES", ("aiortc", "a_module_that_is_not_installed"))
    response = client.post("/v1/realtime/calls", content="v=0\r\n",
                           headers={**AUTH, "Content-Type": "application/sdp"})
    assert response.status_code == 501
    assert response.json()["error"] == {
        "message": "WebRTC calls need the optional 'webrtc' extra, which is not installed: "
                   "pip install 'mock-realtime[webrtc]' (missing module: a_module_that_is_not_installed).",
        "type": "server_error", "param": None, "code": "webrtc_unavailable",
    }
