"""A deliberately dumb HTTP/1.x client on a raw socket, for requests no HTTP library
will send: truncated heads, lying lengths, HTTP/1.0, hundreds of headers, odd paths.

The request is written from a background thread, so a server that answers early (413)
and stops reading cannot deadlock the test; errors while writing are expected then."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

import orjson

HOST = "127.0.0.1"
PATH = "/v1/realtime/sessions"


@dataclass
class RawResponse:
    status: int | None  # None: the server closed without answering
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    closed: bool = False  # the server closed the connection after answering

    def json(self) -> Any:
        return orjson.loads(self.body)


def request_bytes(
    body: bytes | None = None,
    *,
    method: str = "POST",
    path: str = PATH,
    version: str = "HTTP/1.1",
    headers: dict[str, str] | None = None,
    extra_headers: list[tuple[str, str]] | None = None,
) -> bytes:
    """A whole request; Content-Length is added for a body unless `headers` sets framing."""
    lines = [f"{method} {path} {version}", f"Host: {HOST}"]
    fields = dict(headers or {})
    if body is not None and "Transfer-Encoding" not in fields:
        fields.setdefault("Content-Length", str(len(body)))
    lines += [f"{name}: {value}" for name, value in [*fields.items(), *(extra_headers or [])]]
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + (body or b"")


def chunked(body: bytes, size: int = 65_536) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def _send_all(sock: socket.socket, data: bytes) -> None:
    # A server that answers early (413) stops reading: a failed write is what some cases test.
    with contextlib.suppress(OSError):
        sock.sendall(data)


def _read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65_536)
        if not chunk:
            return buffer, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def read_response(sock: socket.socket) -> RawResponse:
    """One response (Content-Length framed, as every answer of this server is)."""
    try:
        head, body = _read_head(sock)
    except ConnectionResetError:
        return RawResponse(status=None, closed=True)
    if not head:
        return RawResponse(status=None, closed=True)
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65_536)
        if not chunk:
            break
        body += chunk
    return RawResponse(status=int(status_line.split()[1]), headers=headers, body=body[:length])


def read_responses(sock: socket.socket, count: int) -> list[RawResponse]:
    """`count` responses from one connection, however its bytes were split into reads:
    pipelined answers may arrive in one read, which read_response would cut at the first."""
    stream = sock.makefile("rb")
    responses = []
    for _ in range(count):
        status_line = stream.readline()
        if not status_line:
            responses.append(RawResponse(status=None, closed=True))
            continue
        headers = {}
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = stream.read(int(headers.get("content-length", "0")))
        responses.append(RawResponse(status=int(status_line.split()[1]), headers=headers, body=body))
    return responses


def is_closed(sock: socket.socket) -> bool:
    """True once the peer has closed (EOF or reset); waits up to the socket's timeout."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def send(port: int, data: bytes, *, timeout: float = 10) -> RawResponse:
    """Write `data` on a fresh connection, read one response, then see if the server closed."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        writer = threading.Thread(target=_send_all, args=(sock, data), daemon=True)
        writer.start()
        response = read_response(sock)
        writer.join(timeout)
        if response.status is not None and response.headers.get("connection") == "close":
            response.closed = is_closed(sock)
        return response


def send_and_hang_up(port: int, data: bytes) -> None:
    """Write `data` and close at once, as a client that gives up mid-request does."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(data)


async def read_response_async(reader: asyncio.StreamReader) -> RawResponse:
    """One Content-Length framed response. `status=None` if the server closed before the
    first byte; raises `TruncatedResponse` if it closed part-way through."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise TruncatedResponse(error.partial) from None
        return RawResponse(status=None, closed=True)
    except ConnectionResetError:
        return RawResponse(status=None, closed=True)
    status_line, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (x.partition(":") for x in lines)}
    try:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    except (asyncio.IncompleteReadError, ConnectionResetError) as error:
        raise TruncatedResponse(head) from error
    return RawResponse(status=int(status_line.split()[1]), headers=headers, body=body)


class TruncatedResponse(Exception):
    """The server closed the connection in the middle of a response."""
