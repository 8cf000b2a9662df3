"""RealtimeMock: a running mock seen from a test, through its admin API. The pytest
fixture hands one out; it works as well against a mock started any other way
(`RealtimeMock("http://127.0.0.1:8000")`, or `RealtimeMock("https://localhost:8443",
ca_file="certs/ca.pem")` for one serving TLS). Standard library only, so importing it
costs a test suite nothing."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any


def _opener(ca_file: str | None) -> urllib.request.OpenerDirector:
    # Loopback only: a proxy configured for the user's real traffic must not see the mock's.
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if ca_file:
        handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca_file)))
    return urllib.request.build_opener(*handlers)


class RealtimeMock:
    """One running mock, seen from a test: its URLs, its admin API, and over TLS the CA
    file a client must trust (`SSL_CERT_FILE` for Python, `NODE_EXTRA_CA_CERTS` for Node)."""

    def __init__(self, root_url: str, *, admin_token: str = "", ca_file: str | None = None) -> None:
        self.url = root_url  # http:// or https://
        self.base_url = root_url + "/v1"  # fits OpenAI(base_url=...)
        # ws:// or wss://; fits OpenAI(websocket_base_url=...), which otherwise turns any base URL into wss://
        self.websocket_base_url = "ws" + self.base_url.removeprefix("http")
        self.websocket_url = self.websocket_base_url + "/realtime"  # what a Realtime socket opens
        self.ca_file = ca_file
        self._admin_token = admin_token
        self._opener = _opener(ca_file)

    def _admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/__mock{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        if self._admin_token:
            request.add_header("Authorization", f"Bearer {self._admin_token}")
        try:
            with self._opener.open(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            message = json.load(error).get("error", {}).get("message", error.reason)
            raise ValueError(f"the mock refused {method} /__mock{path}: {message}") from None

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The journal: every OpenAI-facing request this test made, oldest first."""
        data: list[dict[str, Any]] = self._admin("GET", "/requests")["data"]
        return data

    @property
    def sessions(self) -> list[dict[str, Any]]:
        """Sessions issued during this test (beta and GA alike), each with `expired` by the mock
        clock and the `snapshot` that minted it."""
        data: list[dict[str, Any]] = self._admin("GET", "/sessions")["data"]
        return data

    @property
    def calls(self) -> list[dict[str, Any]]:
        """WebRTC calls opened during this test: `{"call_id", "state", "session"}` each."""
        data: list[dict[str, Any]] = self._admin("GET", "/sessions")["calls"]
        return data

    def secret(self, value: str) -> dict[str, Any]:
        """`{"valid", "expires_at", "session_id"}` for a client secret this mock issued (by any
        endpoint: POST /v1/realtime/sessions and /v1/realtime/client_secrets alike)."""
        result: dict[str, Any] = self._admin("GET", f"/secrets/{value}")
        return result

    def advance(self, seconds: float) -> float:
        """Move the mock clock forward; returns the new time. Nothing sleeps."""
        now: float = self._admin("POST", "/clock", {"advance_seconds": seconds})["now"]
        return now

    def set_time(self, unix_seconds: float) -> None:
        """Stop the mock clock at this instant (it moves again only through `advance`)."""
        self._admin("POST", "/clock", {"set": unix_seconds})

    def fail_next(self, status: int | None = None, *, count: int = 1, latency_ms: int | None = None,
                  disconnect: bool = False) -> None:
        """Queue a fault for the next `count` requests: a status (429 comes with OpenAI's
        rate-limit body and headers), a delay, or a dropped connection."""
        fault: dict[str, Any] = {"count": count}
        if status is not None:
            fault["status"] = status
        if latency_ms is not None:
            fault["latency_ms"] = latency_ms
        if disconnect:
            fault["disconnect"] = True
        self._admin("POST", "/faults", fault)

    def reset(self) -> None:
        self._admin("POST", "/reset")

    def reply_with(
        self, text: str | None = None, *, function_call: dict[str, str] | None = None,
        transcript: str | None = None, pace_audio: bool | None = None,
    ) -> None:
        """Queue what the model says next (first in, first out): `text` (spoken when the
        response's output is audio), a `function_call` ({"name", "arguments": JSON text}),
        and what it `transcript`-heard in the user's audio."""
        reply: dict[str, Any] = {"text": text, "function_call": function_call, "transcript": transcript,
                                 "pace_audio": pace_audio}
        self._admin("POST", "/replies", {k: v for k, v in reply.items() if v is not None})

    @property
    def replies(self) -> list[dict[str, Any]]:
        """Scripted replies not yet taken, next first."""
        data: list[dict[str, Any]] = self._admin("GET", "/replies")["data"]
        return data

    def clear_replies(self) -> None:
        self._admin("DELETE", "/replies")

    @property
    def connections(self) -> list[dict[str, Any]]:
        """Each accepted Realtime connection, oldest first: its journal entry, with `events`
        listing what the client sent and the server answered ({"direction", "event"}),
        audio payloads summarised by size."""
        return [entry for entry in self.requests if "events" in entry]

    def events(self, connection: int = -1, *, direction: str | None = None) -> list[dict[str, Any]]:
        """The events of one connection (the latest by default), optionally of one side:
        "client" or "server"."""
        logged = self.connections[connection]["events"]
        return [e["event"] for e in logged if direction is None or e["direction"] == direction]

    def assert_all_requests_valid(self) -> None:
        """Fail, listing every problem, if any request broke the contract or was refused
        for something the client did (faults and rate limits are not the client's doing),
        Realtime WebSocket handshakes included."""
        entries = enumerate(self.requests, 1)
        problems = [line for number, entry in entries for line in _problems(number, entry)]
        if problems:
            raise AssertionError("requests to the mock broke the contract:\n" + "\n".join(problems))


def _problems(number: int, entry: dict[str, Any]) -> list[str]:
    where = f"#{number} {entry['method']} {entry['path']}"
    lines = [f"{where}: {v['param']}: {v['message']} ({v['code']})" for v in entry["violations"]]
    status = entry["status"]
    refused = status is not None and 400 <= status < 500 and status != 429 and entry["fault"] is None
    if refused and not lines:
        lines.append(f"{where}: {status} {entry['response']['error']['message']}")
    if entry.get("outcome") == "refused":  # a Realtime WebSocket handshake the mock turned away
        lines.append(f"{where}: refused, {entry['close']['reason']}: {entry['response']['error']['message']}")
    return lines
