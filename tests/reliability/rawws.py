"""A WebSocket client on a raw socket, for frames no WebSocket library will send:
invalid UTF-8 in text frames, ping floods from a client that never reads, odd opcodes."""

from __future__ import annotations

import base64
import os
import socket
import struct

from tests.reliability.rawhttp import HOST

KEY = "sk-test-0123456789abcdef"
PATH = "/v1/realtime?model=gpt-4o-realtime-preview"
TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA


def handshake_bytes(path: str = PATH, *, extra_headers: list[tuple[str, str]] | None = None) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", f"Authorization: Bearer {KEY}",
             *[f"{name}: {value}" for name, value in extra_headers or []]]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def frame(opcode: int, payload: bytes = b"", *, fin: bool = True) -> bytes:
    """One client frame, masked as RFC 6455 requires of clients."""
    head = bytes([(0x80 if fin else 0) | opcode])
    size = len(payload)
    if size < 126:
        head += bytes([0x80 | size])
    elif size < 65_536:
        head += bytes([0x80 | 126]) + struct.pack("!H", size)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", size)
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def read_frame(sock: socket.socket) -> tuple[int, bytes]:
    """One server frame (servers never mask): its opcode and payload."""
    first, second = read_exactly(sock, 2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", read_exactly(sock, 2))[0]
    elif size == 127:
        size = struct.unpack("!Q", read_exactly(sock, 8))[0]
    return first & 0x0F, read_exactly(sock, size)


def open_socket(port: int, *, timeout: float = 10, path: str = PATH) -> socket.socket:
    """A connection past its handshake, with the server's `session.created` read."""
    sock = socket.create_connection((HOST, port), timeout=timeout)
    sock.sendall(handshake_bytes(path))
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head
    opcode, _ = read_frame(sock)
    assert opcode == TEXT
    return sock

