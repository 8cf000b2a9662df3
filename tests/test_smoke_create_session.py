"""The endpoint's two basic answers, in-process and over a real socket."""

from __future__ import annotations

import httpx

from tests.conftest import AUTH, MINIMAL


def test_create_session_in_process_answers_200(client) -> None:
    response = client.post("/v1/realtime/sessions", json=MINIMAL, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["object"] == "realtime.session"


def test_create_session_over_socket_rejects_unknown_parameter(live_server) -> None:
    response = httpx.post(
        f"{live_server.base_url}/v1/realtime/sessions", json={**MINIMAL, "foo": 1}, headers=AUTH
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_parameter"
