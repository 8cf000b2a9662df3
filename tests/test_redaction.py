"""Redaction of what the mock logs and journals: the browser's key subprotocol is masked,
the others kept."""

from __future__ import annotations

import pytest

from mock_realtime.redaction import mask_key, redact_headers, redact_path


def test_redaction_masks_only_the_key_subprotocol() -> None:
    key = "ek_0123456789abcdef0123456789abcdef"
    headers = redact_headers([("Sec-WebSocket-Protocol", f"realtime, openai-insecure-api-key.{key}, "
                                                         "openai-beta.realtime-v1")])
    assert headers == {"sec-websocket-protocol": f"realtime, openai-insecure-api-key.ek_{'*' * 28}cdef, "
                                                 "openai-beta.realtime-v1"}


@pytest.mark.parametrize(("path", "logged"), [
    ("/v1/realtime/sessions", "/v1/realtime/sessions"),
    ("/__mock/secrets/ek_0123456789abcdef", "/__mock/secrets/" + mask_key("ek_0123456789abcdef")),
    ("/x/sk-abcdefghijklmnop/y", "/x/" + mask_key("sk-abcdefghijklmnop") + "/y"),
    ("/a-sk-b/ek_", "/a-sk-b/" + mask_key("ek_")),
])
def test_a_path_is_masked_only_where_a_segment_is_a_key(path: str, logged: str) -> None:
    assert redact_path(path) == logged
