"""Identifiers in OpenAI's formats. Drawn from the OS CSPRNG unless a seed asks for
reproducible ones (snapshot tests); a seeded source must never mint real-looking keys
for anything but a mock.

CSPRNG bytes are drawn in blocks and handed out once each: one system call serves
many ids, and a byte is never reused."""

from __future__ import annotations

import random
import secrets
import string
import threading

_ALPHANUMERIC = string.ascii_letters + string.digits
# Bytes below 248 (= 4 x 62) map onto the alphabet evenly; the rest are dropped, so no
# character is likelier than another.
_EVEN_LIMIT = 256 - 256 % len(_ALPHANUMERIC)
_TO_ALPHANUMERIC = bytes(ord(_ALPHANUMERIC[i % len(_ALPHANUMERIC)]) for i in range(256))
_UNEVEN = bytes(range(_EVEN_LIMIT, 256))
BLOCK_SIZE = 4096  # CSPRNG bytes drawn per system call


class IdSource:
    def __init__(self, seed: int | None = None) -> None:
        self._rng: random.Random | None = None if seed is None else random.Random(seed)
        self._pool = b""
        self._taken = 0
        self._letters = ""  # drawn bytes already mapped onto the alphabet, each handed out once
        self._letters_taken = 0
        self._lock = threading.Lock()  # a source may be shared by the server and test threads

    def random_bytes(self, count: int) -> bytes:
        with self._lock:
            return self._draw(count)

    def _draw(self, count: int) -> bytes:
        if self._taken + count > len(self._pool):
            self._pool, self._taken = secrets.token_bytes(max(BLOCK_SIZE, count)), 0
        start, self._taken = self._taken, self._taken + count
        return self._pool[start : self._taken]

    def _alphanumeric(self, length: int) -> str:
        """`length` letters or digits. A whole block of bytes is mapped at once (~3% are
        dropped, for evenness): an id is then a slice, where mapping each id's own bytes
        cost most of an event's id."""
        if self._rng is not None:
            return "".join(self._rng.choices(_ALPHANUMERIC, k=length))
        with self._lock:
            while self._letters_taken + length > len(self._letters):
                fresh = self._draw(BLOCK_SIZE).translate(_TO_ALPHANUMERIC, _UNEVEN).decode("ascii")
                self._letters, self._letters_taken = self._letters[self._letters_taken:] + fresh, 0
            start, self._letters_taken = self._letters_taken, self._letters_taken + length
            return self._letters[start : self._letters_taken]

    def _hex(self, nbytes: int) -> str:
        if self._rng is None:
            return self.random_bytes(nbytes).hex()
        return self._rng.randbytes(nbytes).hex()

    def session_id(self) -> str:
        return "sess_" + self._alphanumeric(21)

    def event_id(self) -> str:
        return "event_" + self._alphanumeric(21)

    def webrtc_call_id(self) -> str:
        # A WebRTC or SIP call, as seen in a live SIP call's id: rtc_u0_ and 32 letters or digits.
        return "rtc_u0_" + self._alphanumeric(32)

    def item_id(self) -> str:
        return "item_" + self._alphanumeric(21)

    def response_id(self) -> str:
        return "resp_" + self._alphanumeric(21)

    def conversation_id(self) -> str:
        return "conv_" + self._alphanumeric(21)

    def call_id(self) -> str:
        return "call_" + self._alphanumeric(16)

    def obfuscation(self) -> str:
        """The random padding GA puts on text deltas (12-13 characters in captures)."""
        return self._alphanumeric(12)

    def request_id(self) -> str:
        return "req_" + self._hex(16)

    def client_secret(self, created_at: int) -> str:
        # Live secrets start with their creation time as 8 hex digits; the rest is random.
        return f"ek_{created_at & 0xFFFFFFFF:08x}{self._hex(12)}"
