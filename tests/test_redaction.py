"""Redaction of what the mock logs and journals: the browser's key subprotocol is masked,
the others kept."""

from __future__ import annotations

from mock_realtime.redaction import redact_headers


def test_redaction_masks_only_the_key_subprotocol() -> None:
    key = "ek_0123456789abcdef0123456789abcdef"
    headers = redact_headers([("Sec-WebSocket-Protocol", f"realtime, openai-insecure-api-key.{key}, "
                                                         "openai-beta.realtime-v1")])
    assert headers == {"sec-websocket-protocol": f"realtime, openai-insecure-api-key.ek_{'*' * 28}cdef, "
                                                 "openai-beta.realtime-v1"}
