"""Reading a call's request body: the SDP offer and, optionally, the session config.

Two forms are captured: a raw `application/sdp` body (the offer alone), and
`multipart/form-data` with an `sdp` part and a `session` part holding JSON, which is
what the official SDK sends when it is given a session. Multipart is read with the
standard library's MIME parser; the body is capped in size before it gets here."""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from mock_realtime.contract.body import parse_json_object
from mock_realtime.errors import PARSE_MESSAGE, InvalidRequestError

MISSING_OFFER_MESSAGE = "Missing required parameter: 'sdp'."
UNREADABLE_FORM_MESSAGE = (
    "The multipart/form-data body could not be read: it needs a boundary, and parts that close."
)


@dataclass(frozen=True)
class OfferBody:
    sdp: str
    session: dict[str, Any] | None  # the `session` part, parsed; None when the body had none


def missing_offer() -> InvalidRequestError:
    return InvalidRequestError(MISSING_OFFER_MESSAGE, param="sdp", code="missing_required_parameter")


def read_offer(raw: bytes, content_type: str | None) -> OfferBody:
    """The offer and session from either form; a body of any other type is the raw offer."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return _read_form(raw, content_type or "")
    return OfferBody(sdp=offer_text(raw), session=None)


def offer_text(raw: bytes) -> str:
    offer = raw.decode("utf-8", errors="replace")
    if not offer.strip():
        raise missing_offer()
    return offer


def _read_form(raw: bytes, content_type: str) -> OfferBody:
    parts = _form_parts(raw, content_type)
    if "sdp" not in parts:
        raise missing_offer()
    session = parts.get("session")
    parsed = None if session is None else parse_json_object(
        session, what="session", unparseable=lambda: InvalidRequestError(PARSE_MESSAGE, param="session")
    )
    return OfferBody(sdp=offer_text(parts["sdp"]), session=parsed)


def _form_parts(raw: bytes, content_type: str) -> dict[str, bytes]:
    """Each named part's bytes; the first of a name wins, as form readers usually do."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    if not message.is_multipart() or message.defects:
        raise InvalidRequestError(UNREADABLE_FORM_MESSAGE, code="invalid_multipart")
    parts: dict[str, bytes] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts.setdefault(name, payload)
    return parts
