"""A minimal client for the create-session endpoint, on the standard library only, so
`mock-realtime create-session` needs nothing the server does not already need.

It returns the raw answer, status and parsed body, whatever the status: scripts
decide what a 4xx means."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from mock_realtime import __version__


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "body": self.body}


def parsed(raw: bytes) -> Any:
    """The body as JSON when it is JSON, else as text: a proxy's HTML error page is still shown."""
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer too: report it, as the SDKs do, instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_json(url: str, *, api_key: str, body: dict[str, Any], timeout: float) -> Answer:
    """POST `body`; any HTTP status is an Answer. Failing to connect raises OSError."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"mock-realtime/{__version__}",
        },
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Answer(response.status, parsed(response.read()))
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, parsed(error.read()))
