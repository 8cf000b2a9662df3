"""No request, however odd, gets a 5xx or a body outside OpenAI's envelope: random bytes,
random JSON of any shape, odd content types, auth headers, methods and paths."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from tests.properties.expectations import AUTH, PATH, RESPONSE_VALIDATOR, assert_envelope, shares_fixtures
from tests.properties.mutations import any_objects, json_values

KEY = AUTH["Authorization"].split(" ", 1)[1]
_text_header = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30)
content_types = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/vnd.api+json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "",
            ";",
        ]
    ),
    _text_header,
)
authorizations = st.one_of(
    st.none(),
    st.sampled_from(
        [
            f"Bearer {KEY}",
            f"bearer {KEY}",
            f"Bearer   {KEY}  ",
            "Bearer",
            "Bearer ",
            "Basic dXNlcjpwYXNz",
            "Bearer ek_0123456789abcdef0123456789abcdef",
            "Bearer sk-other",
            KEY,
        ]
    ),
    _text_header.map(lambda text: f"Bearer {text}"),
    _text_header,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
    any_objects.map(lambda value: json.dumps(value).encode()),
    st.integers(1, 1100).map(
        lambda depth: (
            b'{"model":"gpt-4o-realtime-preview","tools":[{"parameters":'
            + b'{"a":' * depth
            + b"1"
            + b"}" * depth
            + b"}]}"
        )
    ),
)
methods = st.sampled_from(["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"])
paths = st.sampled_from([PATH, PATH, PATH, f"{PATH}/", "/v1/realtime/sessionz", "/", "/v1"])


def _headers(content_type: str | None, authorization: str | None, beta: bool) -> dict[str, bytes]:
    named = {
        "Content-Type": content_type,
        "Authorization": authorization,
        "OpenAI-Beta": "assistants=v2" if beta else None,
    }
    return {name: value.encode("latin-1") for name, value in named.items() if value is not None}


def assert_answer_in_envelope(response: Any) -> None:
    assert response.status_code in (200, 400, 401, 404, 405, 413), response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    if response.status_code == 200:
        assert not list(RESPONSE_VALIDATOR.iter_errors(answer))
    else:
        assert_envelope(answer)


@shares_fixtures
@given(body=bodies)
@example(
    body=b'{"model":"gpt-4o-realtime-preview","tools":[{"parameters":'
    + b'{"a":' * 300
    + b"1"
    + b"}" * 300
    + b"}]}"
)
def test_no_body_gets_a_server_error_or_a_stray_answer(client: Any, body: bytes) -> None:
    response = client.post(PATH, content=body, headers=_headers("application/json", f"Bearer {KEY}", False))
    assert_answer_in_envelope(response)


@shares_fixtures
@given(
    method=methods,
    path=paths,
    body=bodies,
    content_type=content_types,
    authorization=authorizations,
    beta=st.booleans(),
)
def test_no_request_line_or_header_gets_a_server_error_or_a_stray_answer(
    client: Any,
    method: str,
    path: str,
    body: bytes,
    content_type: str | None,
    authorization: str | None,
    beta: bool,
) -> None:
    response = client.request(method, path, content=body, headers=_headers(content_type, authorization, beta))
    assert_answer_in_envelope(response)
