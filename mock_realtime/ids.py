"""Identifiers in OpenAI's formats. Drawn from the OS CSPRNG unless a seed asks for
reproducible ones (snapshot tests); a seeded source must never mint real-looking keys
for anything but a mock."""

from __future__ import annotations

import random
import secrets
import string

_ALPHANUMERIC = string.ascii_letters + string.digits


class IdSource:
    def __init__(self, seed: int | None = None) -> None:
        self._rng: random.Random | None = None if seed is None else random.Random(seed)

    def _choice(self, alphabet: str, length: int) -> str:
        if self._rng is None:
            return "".join(secrets.choice(alphabet) for _ in range(length))
        return "".join(self._rng.choices(alphabet, k=length))

    def _hex(self, nbytes: int) -> str:
        if self._rng is None:
            return secrets.token_hex(nbytes)
        return self._rng.randbytes(nbytes).hex()

    def session_id(self) -> str:
        return "sess_" + self._choice(_ALPHANUMERIC, 21)

    def event_id(self) -> str:
        return "event_" + self._choice(_ALPHANUMERIC, 21)

    def request_id(self) -> str:
        return "req_" + self._hex(16)

    def client_secret(self, created_at: int) -> str:
        # Live secrets start with their creation time as 8 hex digits; the rest is random.
        return f"ek_{created_at & 0xFFFFFFFF:08x}{self._hex(12)}"
