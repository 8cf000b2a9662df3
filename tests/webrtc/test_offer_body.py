"""Reading a call's body in both captured forms, as the official SDK encodes them."""

from __future__ import annotations

import httpx
import pytest

from mock_realtime.errors import InvalidRequestError
from mock_realtime.web.offer_body import OfferBody, read_offer

OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def _multipart(files: list[tuple[str, tuple[None, bytes, str]]]) -> tuple[bytes, str]:
    """A body encoded by httpx, the SDK's own HTTP client, as the SDK hands it parts."""
    request = httpx.Request("POST", "http://127.0.0.1/v1/realtime/calls", files=files)
    return request.read(), request.headers["content-type"]


def test_read_offer_takes_a_raw_sdp_body() -> None:
    assert read_offer(OFFER.encode(), "application/sdp") == OfferBody(sdp=OFFER, session=None)


def test_read_offer_takes_the_sdp_and_session_parts() -> None:
    body, content_type = _multipart([
        ("sdp", (None, OFFER.encode(), "application/sdp")),
        ("session", (None, b'{"type":"realtime","model":"gpt-realtime"}', "application/json")),
    ])
    assert read_offer(body, content_type) == OfferBody(
        sdp=OFFER, session={"type": "realtime", "model": "gpt-realtime"}
    )


@pytest.mark.parametrize(
    ("files", "code", "param"),
    [
        pytest.param([("session", (None, b"{}", "application/json"))], "missing_required_parameter", "sdp",
                     id="no-sdp-part"),
        pytest.param([("sdp", (None, b"  \r\n", "application/sdp"))], "missing_required_parameter", "sdp",
                     id="blank-sdp-part"),
        pytest.param([("sdp", (None, OFFER.encode(), "application/sdp")),
                      ("session", (None, b"{nope", "application/json"))], None, "session", id="session-not-json"),
    ],
)
def test_read_offer_refuses_a_form_without_what_it_needs(
    files: list[tuple[str, tuple[None, bytes, str]]], code: str | None, param: str
) -> None:
    body, content_type = _multipart(files)
    with pytest.raises(InvalidRequestError) as refused:
        read_offer(body, content_type)
    assert (refused.value.code, refused.value.param) == (code, param)


def test_read_offer_refuses_an_empty_raw_body() -> None:
    with pytest.raises(InvalidRequestError, match=r"^Missing required parameter: 'sdp'\.$"):
        read_offer(b"", "application/sdp")


def test_read_offer_refuses_multipart_without_a_boundary() -> None:
    with pytest.raises(InvalidRequestError) as refused:
        read_offer(b"garbage", "multipart/form-data")
    assert refused.value.code == "invalid_multipart"
