"""Bearer-key checks, answered exactly as OpenAI answers them."""

from __future__ import annotations

import hmac

from mock_realtime.errors import BAD_KEY_MESSAGE, NO_KEY_MESSAGE, AuthenticationError
from mock_realtime.redaction import mask_key


def bearer_key(authorization: str | None) -> str:
    scheme, _, key = (authorization or "").partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise AuthenticationError(NO_KEY_MESSAGE)
    return key


def rejected(key: str) -> AuthenticationError:
    return AuthenticationError(BAD_KEY_MESSAGE.format(masked=mask_key(key)), code="invalid_api_key")


def check_api_key(authorization: str | None, allowed: tuple[str, ...]) -> str:
    """The caller's key, if this mock accepts it for minting sessions."""
    return check_key(bearer_key(authorization), allowed)


def check_key(key: str, allowed: tuple[str, ...]) -> str:
    """`key`, if it is a standard (server-side) API key this mock accepts.

    An ephemeral `ek_` key cannot mint sessions on the real API, so it cannot here.
    Every allowed key is compared, in constant time, so timing says nothing of which matched."""
    if key.startswith("ek_"):
        raise rejected(key)
    if allowed:
        matches = [hmac.compare_digest(key.encode(), ok.encode()) for ok in allowed]
        if not any(matches):
            raise rejected(key)
    return key
