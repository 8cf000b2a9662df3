"""Reading a request body as OpenAI does: capped in size, JSON only, an object only.
orjson rejects NaN, Infinity, invalid UTF-8, lone surrogates and a BOM, and stops
at 1024 levels of nesting; duplicate keys keep the last value, as Python's json does."""

from __future__ import annotations

from typing import Any

import orjson

from mock_realtime.errors import PARSE_MESSAGE, InvalidRequestError, PayloadTooLargeError
from mock_realtime.validation import type_phrase



def too_large(limit: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"Request body too large: the limit is {limit} bytes.", code="request_too_large"
    )


def is_json_content_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    if not is_json_content_type(content_type):
        raise InvalidRequestError(PARSE_MESSAGE)
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise InvalidRequestError(PARSE_MESSAGE) from None
    if not isinstance(body, dict):
        raise InvalidRequestError(
            f"Invalid type for request body: expected an object, but got {type_phrase(body)} instead.",
            code="invalid_type",
        )
    return body
